// FoveaData — datasets and the background loader that streams augmented N×C×H×W batches into training.
//
// Pipeline: a `Dataset` (IDX pair, class folders, CSV; `DatasetSource.open` picks by path) → a seeded,
// stratified `DatasetSplit` → `DataLoader` (worker threads, bounded prefetch; per sample: `InputFormat.prepare`
// → augmentation → `Normalization` → NCHW). A training run over these batches lives in FoveaTraining.
//
// Design notes (the options rejected, and why): FoveaData.docc/FoveaData.md.
@_exported import FoveaAugment
@_exported import FoveaCodecs
@_exported import FoveaNN
