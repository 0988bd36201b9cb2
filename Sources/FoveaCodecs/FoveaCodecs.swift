// FoveaCodecs — Image codecs: PNG (libpng), JPEG (libjpeg), PNM, IDX (MNIST, gzipped too) and NPY, detected by magic bytes.
//
// Entry points: `ImageFile.read/decode/encode/write/info` for any format, `PNG`, `JPEG`, `PNM`, `IDX`, `NPY` for one
// format, `AtomicFile` for crash-safe writes. Errors: one enum per format (`PNGError`, `JPEGError`, `PNMError`,
// `IDXError`, `GzipError`, `NPYError`), `CodecError` for what no format owns, `ImageFileError` adding the path.
//
// Design notes (choices made, and the alternatives rejected):
// - libpng and libjpeg are only ever called from C (CFoveaShim), behind setjmp in the same C function, so their
//   longjmp/exit() never crosses a Swift frame; the shim returns a status and a message. Rejected: setjmp from Swift
//   (undefined behaviour) and libpng's simplified API (it gamma-converts 16-bit gray).
// - Decoded pixels match Pillow's for the same file: no gamma, palette → RGB(A), 1/2/4-bit gray scaled by bit
//   replication, CMYK JPEGs treated as Adobe-inverted and converted with Pillow's formula, libjpeg's default IDCT
//   and upsampling, PNM maxval rescaled with Python's round-half-even. Where Pillow narrows (16-bit RGB PNG, PNM
//   maxval > 255 RGB) Fovea keeps 16 bits instead; `DecodingOptions.convertTo8Bit` narrows on request.
// - Non-interlaced 8/16-bit PNGs without a palette skip libpng's row loop: the shim inflates and unfilters IDAT
//   itself (branch-free Paeth, SSE2 for 3/4-byte pixels) after libpng has validated the header chunks, because
//   Debian's libpng has no SIMD filters and was slower than Pillow. Everything else uses libpng's progressive
//   reader (png_process_data), because png_read_image inflates any compressed data after the last row before
//   warning; both paths stop at the end of the image, so a file's cost is bounded by its pixel count.
// - The pixel limit is checked against header dimensions before any pixel buffer exists, for every format; IDX
//   through gzip inflates the header first, then exactly the announced bytes.
// - Writes go to a temporary file in the destination directory, fsync, rename: never a half-written file.
@_exported import FoveaImage
