// FoveaData — Datasets and the background data loader that streams augmented N×C×H×W batches into training.
@_exported import FoveaCodecs
@_exported import FoveaAugment
@_exported import FoveaNN
