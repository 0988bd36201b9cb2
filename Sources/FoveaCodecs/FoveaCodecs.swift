// FoveaCodecs — Image codecs: PNG (libpng), JPEG (libjpeg), PNM, IDX (MNIST, gzipped too) and NPY, detected by magic bytes.
@_exported import FoveaImage
