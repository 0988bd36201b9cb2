// FoveaPlot — pictures from numbers: line charts (training curves), image grids (augmentation previews) and
// kernel grids (learned first-layer filters), rendered into `Image<UInt8>` RGB.
//
// Design notes (what was chosen, and what was rejected):
// - Charts are drawn with a built-in 5×7 bitmap font, so `--plot` needs no font files or plotting library.
//   Rejected: an SVG writer (users want a PNG they can open anywhere) and a system font stack (not on servers).
// - The module knows images, not files: writing the PNG is the codecs' job, so FoveaPlot depends on FoveaImage
//   alone.
@_exported import FoveaImage
