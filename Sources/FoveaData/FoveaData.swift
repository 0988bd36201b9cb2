// FoveaData — datasets and the background loader that streams augmented N×C×H×W batches into training.
//
// Pipeline: a `Dataset` (IDX pair, class folders, CSV; `DatasetSource.open` picks by path) → a seeded,
// stratified `DatasetSplit` → `DataLoader` (worker threads, bounded prefetch; per sample: `InputFormat.prepare`
// → augmentation → `Normalization` → NCHW). A training run over these batches lives in FoveaTraining.
//
// Design notes (what was chosen, and what was rejected):
// - Determinism by coordinates, not by order: epoch e's order is a Fisher–Yates shuffle from
//   RandomStream(seed, "SHUF", e) and sample i is augmented from RandomStream(seed, e, i), so batches do not
//   depend on the number of workers or on which worker built them; batches are handed out in index order.
//   Rejected: one shared generator advanced by whichever worker comes first (order-dependent).
// - Workers claim whole batches, not samples: one lock round-trip per batch, and a batch's floats are
//   written by one thread. The prefetch window bounds how many batches exist at once (ready or being
//   built), so memory stays flat whatever the dataset size; class-folder images are decoded on demand.
// - Resizing to the model's input is FoveaImage's one resizer, antialiased bilinear (Pillow's BILINEAR,
//   torchvision's antialias=True), stretched to the exact size, so a model sees what a PyTorch pipeline would
//   feed it. Rejected: OpenCV's INTER_LINEAR (aliases beyond 2× shrinking); aspect-preserving letterboxing
//   here (changes what a class looks like at the borders; `fovea convert --fit pad` offers it explicitly).
@_exported import FoveaAugment
@_exported import FoveaCodecs
@_exported import FoveaNN
