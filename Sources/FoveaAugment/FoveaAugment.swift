// FoveaAugment — Geometric and photometric augmentation: affine transforms resampled once, seeded policies, replay records.
@_exported import FoveaImage
