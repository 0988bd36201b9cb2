// FoveaData — datasets, the background loader that streams augmented N×C×H×W batches into training, the
// training session behind `fovea train`, and PNG-free chart and grid renderers.
//
// Pipeline: a `Dataset` (IDX pair, class folders, CSV; `DatasetSource.open` picks by path) → a seeded,
// stratified `DatasetSplit` → `DataLoader` (worker threads, bounded prefetch; per sample: `InputFormat.prepare`
// → augmentation → `Normalization` → NCHW) → `TrainingLoop` / `TrainingSession` (FoveaNN `Trainer`, schedule,
// atomic last/best checkpoints carrying a `TrainingState`) → `TrainedModel` for eval and predict.
//
// Design notes (what was chosen, and what was rejected):
// - Determinism by coordinates, not by order: epoch e's order is a Fisher–Yates shuffle from
//   RandomStream(seed, "SHUF", e) and sample i is augmented from RandomStream(seed, e, i), so batches do not
//   depend on the number of workers or on which worker built them; batches are handed out in index order.
//   Rejected: one shared generator advanced by whichever worker comes first (order-dependent).
// - Workers claim whole batches, not samples: one lock round-trip per batch, and a batch's floats are
//   written by one thread. The prefetch window bounds how many batches exist at once (ready or being
//   built), so memory stays flat whatever the dataset size; class-folder images are decoded on demand.
// - Resume = restart at an epoch boundary from the last checkpoint. Everything that decides the rest of the
//   run (options, history, schedule state, trainer step, normalisation) is in the checkpoint's metadata as
//   sorted-key JSON; timings are kept out of it, so an interrupted-and-resumed run writes the same bytes.
//   Rejected: mid-epoch resume (it would need the loader's position and gains at most one epoch).
// - Resizing to the model's input is bilinear with pixel-centre alignment (OpenCV INTER_LINEAR), stretched
//   to the exact size; no anti-aliasing, which is right for the small up/down factors of digit and CIFAR-size
//   data. Rejected: aspect-preserving letterboxing (changes what a class looks like at the borders).
// - Charts are drawn with a built-in 5×7 bitmap font, so `--plot` needs no font files or plotting library.
@_exported import FoveaAugment
@_exported import FoveaCodecs
@_exported import FoveaNN
