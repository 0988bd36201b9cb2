// FoveaPlot — pictures from numbers: line charts (training curves), image grids (augmentation previews) and
// kernel grids (learned first-layer filters), rendered into `Image<UInt8>` RGB.
//
// Design notes (the options rejected, and why): FoveaPlot.docc/FoveaPlot.md.
@_exported import FoveaImage
