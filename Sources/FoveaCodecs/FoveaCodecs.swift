// FoveaCodecs — Image codecs: PNG (libpng), JPEG (libjpeg), PNM, IDX (MNIST, gzipped too) and NPY, detected by magic bytes.
//
// Entry points: `ImageFile.read/decode/encode/write/info` for any format, `PNG`, `JPEG`, `PNM`, `IDX`, `NPY` for one
// format, `AtomicFile` for crash-safe writes. Errors: one enum per format (`PNGError`, `JPEGError`, `PNMError`,
// `IDXError`, `GzipError`, `NPYError`), `CodecError` for what no format owns, `ImageFileError` adding the path.
//
// Design notes (the options rejected, and why): FoveaCodecs.docc/FoveaCodecs.md.
@_exported import FoveaImage
