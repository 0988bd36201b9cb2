/* libtiff behind status codes: see fovea_shim.h. libtiff never longjmps; it reports errors through handlers. Every
   TIFF here is opened with per-handle error and warning handlers (TIFFOpenOptions) that record the first error's text
   in the decoder/encoder, and the process-wide handlers (which would print to stderr) are silenced once. libtiff's own
   allocations are capped (TIFFOpenOptionsSetMaxSingleMemAlloc), and strip/tile buffers are checked against the
   caller's byte budget before they are allocated. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include "fovea_shim.h"
#include "shim_message.h"

/* MARK: memory streams */

struct tiff_stream {
    uint8_t *bytes;       /* the file (read: borrowed; write: owned, grown) */
    size_t size;
    size_t capacity;
    size_t position;
    int writable;
    int failed;           /* an allocation failed while writing */
    char text[256];       /* first error libtiff reported */
    int has_error;
};

static tsize_t stream_read(thandle_t handle, tdata_t buffer, tsize_t length) {
    struct tiff_stream *s = (struct tiff_stream *)handle;
    if (length <= 0 || s->position >= s->size) return 0;
    size_t n = (size_t)length;
    if (n > s->size - s->position) n = s->size - s->position;
    memcpy(buffer, s->bytes + s->position, n);
    s->position += n;
    return (tsize_t)n;
}

static tsize_t stream_write(thandle_t handle, tdata_t buffer, tsize_t length) {
    struct tiff_stream *s = (struct tiff_stream *)handle;
    if (!s->writable || length < 0) return -1;
    size_t n = (size_t)length;
    if (s->position > SIZE_MAX - n) return -1;
    size_t end = s->position + n;
    if (end > s->capacity) {
        size_t wanted = s->capacity ? s->capacity : 65536;
        while (wanted < end) wanted *= 2;
        uint8_t *grown = realloc(s->bytes, wanted);
        if (grown == NULL) {
            s->failed = 1;
            return -1;
        }
        if (wanted > s->capacity) memset(grown + s->capacity, 0, wanted - s->capacity);
        s->bytes = grown;
        s->capacity = wanted;
    }
    memcpy(s->bytes + s->position, buffer, n);
    s->position = end;
    if (end > s->size) s->size = end;
    return (tsize_t)n;
}

static toff_t stream_seek(thandle_t handle, toff_t offset, int whence) {
    struct tiff_stream *s = (struct tiff_stream *)handle;
    uint64_t base = whence == SEEK_CUR ? s->position : whence == SEEK_END ? s->size : 0;
    uint64_t target = base + offset; /* toff_t is unsigned; libtiff passes wrapped negatives only with SEEK_CUR */
    if (target > (uint64_t)SIZE_MAX / 2) return (toff_t)-1;
    s->position = (size_t)target;
    return (toff_t)target;
}

static int stream_close(thandle_t handle) { (void)handle; return 0; }
static toff_t stream_size(thandle_t handle) { return ((struct tiff_stream *)handle)->size; }

static int stream_map(thandle_t handle, tdata_t *base, toff_t *size) {
    struct tiff_stream *s = (struct tiff_stream *)handle;
    if (s->writable) return 0;
    *base = s->bytes;
    *size = s->size;
    return 1;
}

static void stream_unmap(thandle_t handle, tdata_t base, toff_t size) { (void)handle; (void)base; (void)size; }

static int stream_error(TIFF *tif, void *user, const char *module, const char *format, va_list arguments) {
    (void)tif;
    struct tiff_stream *s = (struct tiff_stream *)user;
    if (!s->has_error) {
        char text[200];
        vsnprintf(text, sizeof text, format, arguments);
        snprintf(s->text, sizeof s->text, "%s%s%s", module ? module : "", module ? ": " : "", text);
        s->has_error = 1;
    }
    return 1; /* handled: the process-wide handler is not called */
}

static int stream_warning(TIFF *tif, void *user, const char *module, const char *format, va_list arguments) {
    (void)tif; (void)user; (void)module; (void)format; (void)arguments;
    return 1;
}

static pthread_once_t silence_once = PTHREAD_ONCE_INIT;
static void silence_global_handlers(void) {
    /* Paths that report through the old process-wide handlers would print to stderr; Fovea reports errors itself. */
    TIFFSetErrorHandler(NULL);
    TIFFSetWarningHandler(NULL);
}

static TIFF *open_stream(struct tiff_stream *s, const char *mode, size_t max_alloc) {
    pthread_once(&silence_once, silence_global_handlers);
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (options == NULL) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(options, stream_error, s);
    TIFFOpenOptionsSetWarningHandlerExtR(options, stream_warning, s);
    if (max_alloc > 0) TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)(max_alloc > 0x7fffffffffffLL ? 0x7fffffffffffLL : max_alloc));
    TIFF *tif = TIFFClientOpenExt("memory", mode, (thandle_t)s, stream_read, stream_write, stream_seek, stream_close,
                                  stream_size, stream_map, stream_unmap, options);
    TIFFOpenOptionsFree(options);
    return tif;
}

const char *fovea_libtiff_version(void) { return TIFFGetVersion(); }

/* MARK: decoding */

struct fovea_tiff_decoder {
    struct tiff_stream stream;
    TIFF *tif;
    fovea_tiff_header header;
    size_t max_alloc;
    uint8_t *icc;
    uint32_t icc_size;
};

void fovea_tiff_close(fovea_tiff_decoder *d) {
    if (d == NULL) return;
    if (d->tif != NULL) TIFFClose(d->tif);
    free(d);
}

static int decoder_failure(fovea_tiff_decoder *d, const char *fallback, char *message, size_t capacity) {
    copy_message(message, capacity, d->stream.has_error ? d->stream.text : fallback);
    return FOVEA_STATUS_LIBRARY_ERROR;
}

int fovea_tiff_open(const uint8_t *data, size_t size, size_t max_alloc, fovea_tiff_decoder **decoder,
                    fovea_tiff_header *header, char *message, size_t capacity) {
    *decoder = NULL;
    struct fovea_tiff_decoder *d = calloc(1, sizeof *d);
    if (d == NULL) {
        copy_message(message, capacity, "out of memory");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    d->stream.bytes = (uint8_t *)data;
    d->stream.size = size;
    d->max_alloc = max_alloc;
    d->tif = open_stream(&d->stream, "r", max_alloc); /* mapped: strips are read in place from the caller's buffer */
    if (d->tif == NULL) {
        int status = decoder_failure(d, "not a readable TIFF", message, capacity);
        fovea_tiff_close(d);
        return status;
    }
    TIFF *tif = d->tif;
    fovea_tiff_header *h = &d->header;
    uint32_t width = 0, height = 0;
    uint16_t spp = 1, bps = 1, format = SAMPLEFORMAT_UINT, photometric = PHOTOMETRIC_MINISBLACK, planar = PLANARCONFIG_CONTIG;
    uint16_t compression = COMPRESSION_NONE;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height)) {
        int status = decoder_failure(d, "the first directory has no ImageWidth/ImageLength", message, capacity);
        fovea_tiff_close(d);
        return status;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric)) photometric = spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
    uint16_t extra_count = 0;
    uint16_t *extra = NULL;
    TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &extra_count, &extra);
    uint32_t icc_size = 0;
    void *icc = NULL;
    if (TIFFGetField(tif, TIFFTAG_ICCPROFILE, &icc_size, &icc) && icc != NULL && icc_size > 0) {
        d->icc = icc; /* owned by the directory, valid while it is current */
        d->icc_size = icc_size;
    }
    h->width = width;
    h->height = height;
    h->samples_per_pixel = spp;
    h->bits_per_sample = bps;
    h->sample_format = format;
    h->photometric = photometric;
    h->planar = planar;
    h->compression = compression;
    h->tiled = TIFFIsTiled(tif) ? 1 : 0;
    h->icc_size = d->icc_size;
    int colors = (photometric == PHOTOMETRIC_RGB) ? 3 : 1;
    int gray_or_rgb = photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE ||
                      photometric == PHOTOMETRIC_RGB;
    int depth_ok = ((bps == 8 || bps == 16) && format == SAMPLEFORMAT_UINT) || (bps == 32 && format == SAMPLEFORMAT_IEEEFP);
    if (gray_or_rgb && depth_ok && spp >= colors && spp <= colors + 8) {
        h->direct = 1;
        h->output_channels = colors + (spp > colors ? 1 : 0); /* the first extra sample is alpha; others dropped */
        h->output_bytes = bps / 8;
        h->output_float = format == SAMPLEFORMAT_IEEEFP;
    } else {
        char why[80];
        if (!TIFFRGBAImageOK(tif, why)) {
            snprintf(message, capacity, "unsupported TIFF: %s (%u-bit, %u samples, photometric %u, sample format %u)", why,
                     bps, spp, photometric, format);
            fovea_tiff_close(d);
            return FOVEA_STATUS_LIBRARY_ERROR;
        }
        /* Palette, bilevel, 1/2/4-bit, YCbCr, CMYK, Lab...: libtiff's RGBA reader, 8 bits, alpha only if stored. */
        h->direct = 0;
        int has_alpha = extra_count > 0;
        int gray = photometric == PHOTOMETRIC_MINISBLACK || photometric == PHOTOMETRIC_MINISWHITE;
        h->output_channels = gray ? (has_alpha ? 2 : 1) : (has_alpha ? 4 : 3);
        h->output_bytes = 1;
        h->output_float = 0;
    }
    h->page_count = 1;
    *header = *h;
    *decoder = d;
    return FOVEA_STATUS_OK;
}

int fovea_tiff_page_count(fovea_tiff_decoder *d) {
    if (d == NULL || d->tif == NULL) return 0;
    /* Walks the directory chain (libtiff detects loops); the current directory stays the first. */
    tdir_t count = TIFFNumberOfDirectories(d->tif);
    return count > 0 ? (int)count : 1;
}

int fovea_tiff_icc(fovea_tiff_decoder *d, uint8_t *profile, size_t profile_size) {
    if (d == NULL || d->icc == NULL || profile_size != d->icc_size) return FOVEA_STATUS_BAD_ARGUMENT;
    memcpy(profile, d->icc, profile_size);
    return FOVEA_STATUS_OK;
}

/* Copies a block (strip or tile) of `bw` x `bh` pixels with `src_samples` samples of `bps` bytes each per pixel, rows
   `src_row_bytes` apart, to (x0, y0) of the output, as channels `first` ... `first + count - 1`; clipped to the image. */
static void blit(uint8_t *out, size_t row_bytes, int out_channels, int bps, uint32_t width, uint32_t height,
                 const uint8_t *src, size_t src_row_bytes, int src_samples, uint32_t x0, uint32_t y0, uint32_t bw,
                 uint32_t bh, int first, int count) {
    if (x0 >= width || y0 >= height) return;
    uint32_t w = bw < width - x0 ? bw : width - x0;
    uint32_t h = bh < height - y0 ? bh : height - y0;
    size_t pixel = (size_t)out_channels * bps, src_pixel = (size_t)src_samples * bps;
    for (uint32_t y = 0; y < h; y++) {
        uint8_t *o = out + (size_t)(y0 + y) * row_bytes + (size_t)x0 * pixel + (size_t)first * bps;
        const uint8_t *i = src + (size_t)y * src_row_bytes;
        if (first == 0 && count == out_channels && src_samples == out_channels) {
            memcpy(o, i, (size_t)w * pixel);
            continue;
        }
        for (uint32_t x = 0; x < w; x++) memcpy(o + x * pixel, i + x * src_pixel, (size_t)count * bps);
    }
}

static int read_direct(fovea_tiff_decoder *d, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity) {
    TIFF *tif = d->tif;
    fovea_tiff_header *h = &d->header;
    int bps = h->output_bytes, spp = h->samples_per_pixel, out = h->output_channels;
    int separate = h->planar == PLANARCONFIG_SEPARATE && spp > 1;
    int planes = separate ? (spp < out ? spp : out) : 1;
    int block_samples = separate ? 1 : spp;
    uint32_t bw = h->width, bh = 0;
    tmsize_t block_size;
    if (h->tiled) {
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &bw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &bh);
        block_size = TIFFTileSize(tif);
    } else {
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &bh);
        if (bh == 0 || bh > h->height) bh = h->height;
        block_size = TIFFStripSize(tif);
    }
    size_t block_row_bytes = (size_t)bw * (size_t)block_samples * (size_t)bps;
    if (bw == 0 || bh == 0 || block_size <= 0 || (size_t)block_size > d->max_alloc ||
        block_row_bytes > (size_t)block_size / (h->tiled ? bh : 1)) {
        snprintf(message, capacity, "%s of %u x %u pixels (%lld bytes) exceeds the pixel budget or is inconsistent",
                 h->tiled ? "tile" : "strip", bw, bh, (long long)block_size);
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    uint8_t *block = malloc((size_t)block_size);
    if (block == NULL) {
        copy_message(message, capacity, "out of memory for a strip or tile");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    int status = FOVEA_STATUS_OK;
    for (int plane = 0; plane < planes && status == FOVEA_STATUS_OK; plane++) {
        for (uint32_t y = 0; y < h->height && status == FOVEA_STATUS_OK; y += bh) {
            for (uint32_t x = 0; x < h->width; x += bw) {
                tmsize_t got;
                if (h->tiled) {
                    got = TIFFReadEncodedTile(tif, TIFFComputeTile(tif, x, y, 0, (uint16_t)plane), block, block_size);
                } else {
                    got = TIFFReadEncodedStrip(tif, TIFFComputeStrip(tif, y, (uint16_t)plane), block, block_size);
                }
                if (got < 0) {
                    status = decoder_failure(d, "cannot decode a strip or tile", message, capacity);
                    break;
                }
                uint32_t rows = h->tiled ? bh : (bh < h->height - y ? bh : h->height - y);
                /* A short strip (the file is truncated): only the rows it holds are copied, the rest stay zero. */
                if (!h->tiled && (size_t)got < (size_t)rows * block_row_bytes) {
                    memset(block + got, 0, (size_t)rows * block_row_bytes - (size_t)got);
                }
                if (separate) blit(pixels, row_bytes, out, bps, h->width, h->height, block, block_row_bytes, 1, x, y, bw, rows, plane, 1);
                else blit(pixels, row_bytes, out, bps, h->width, h->height, block, block_row_bytes, spp, x, y, bw, rows, 0, out);
                if (!h->tiled) break;
            }
        }
    }
    free(block);
    if (status == FOVEA_STATUS_OK && h->photometric == PHOTOMETRIC_MINISWHITE && !h->output_float) {
        /* Min-is-white: 0 is white; Fovea's gray is min-is-black, as Pillow's "L;I" raw mode. */
        for (uint32_t y = 0; y < h->height; y++) {
            uint8_t *row = pixels + (size_t)y * row_bytes;
            for (uint32_t x = 0; x < h->width; x++) {
                if (bps == 1) row[(size_t)x * out] = (uint8_t)(255 - row[(size_t)x * out]);
                else {
                    uint16_t *v = (uint16_t *)(row + (size_t)x * out * 2);
                    *v = (uint16_t)(65535 - *v);
                }
            }
        }
    }
    return status;
}

static int read_rgba(fovea_tiff_decoder *d, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity) {
    fovea_tiff_header *h = &d->header;
    size_t count = (size_t)h->width * h->height;
    uint32_t *raster = malloc((count > 0 ? count : 1) * sizeof(uint32_t));
    if (raster == NULL) {
        copy_message(message, capacity, "out of memory for the RGBA raster");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    if (!TIFFReadRGBAImageOriented(d->tif, h->width, h->height, raster, ORIENTATION_TOPLEFT, 1)) {
        free(raster);
        return decoder_failure(d, "cannot decode the image", message, capacity);
    }
    int out = h->output_channels;
    for (uint32_t y = 0; y < h->height; y++) {
        uint8_t *row = pixels + (size_t)y * row_bytes;
        const uint32_t *src = raster + (size_t)y * h->width;
        for (uint32_t x = 0; x < h->width; x++) {
            uint32_t p = src[x];
            uint8_t rgba[4] = {(uint8_t)TIFFGetR(p), (uint8_t)TIFFGetG(p), (uint8_t)TIFFGetB(p), (uint8_t)TIFFGetA(p)};
            uint8_t *o = row + (size_t)x * out;
            if (out <= 2) {
                o[0] = rgba[0];
                if (out == 2) o[1] = rgba[3];
            } else {
                memcpy(o, rgba, (size_t)out);
            }
        }
    }
    free(raster);
    return FOVEA_STATUS_OK;
}

int fovea_tiff_read(fovea_tiff_decoder *d, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity) {
    if (d == NULL || pixels == NULL ||
        row_bytes < (size_t)d->header.width * d->header.output_channels * d->header.output_bytes) {
        copy_message(message, capacity, "fovea_tiff_read: row buffer smaller than a decoded row");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    memset(pixels, 0, row_bytes * d->header.height);
    return d->header.direct ? read_direct(d, pixels, row_bytes, message, capacity)
                            : read_rgba(d, pixels, row_bytes, message, capacity);
}

/* MARK: encoding */

int fovea_tiff_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int bytes_per_sample,
                      int is_float, size_t row_bytes, const uint8_t *icc, size_t icc_size, uint8_t **output,
                      size_t *output_size, char *message, size_t capacity) {
    *output = NULL;
    *output_size = 0;
    if (channels < 1 || channels > 4 || (bytes_per_sample != 1 && bytes_per_sample != 2 && bytes_per_sample != 4) ||
        (is_float != (bytes_per_sample == 4)) || row_bytes < (size_t)width * channels * bytes_per_sample ||
        width == 0 || height == 0 || icc_size > 0xffffffffu) {
        copy_message(message, capacity, "fovea_tiff_encode: bad size, channel count, sample size or row stride");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    struct tiff_stream s;
    memset(&s, 0, sizeof s);
    s.writable = 1;
    TIFF *tif = open_stream(&s, "w", 0);
    if (tif == NULL) {
        copy_message(message, capacity, s.has_error ? s.text : "cannot create the TIFF encoder");
        free(s.bytes);
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    int alpha = channels == 2 || channels == 4;
    uint16_t unassociated = EXTRASAMPLE_UNASSALPHA;
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)channels);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)(bytes_per_sample * 8));
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, (uint16_t)(is_float ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT));
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, (uint16_t)(channels >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK));
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, (uint16_t)PLANARCONFIG_CONTIG);
    if (alpha) TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, (uint16_t)1, &unassociated);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, (uint16_t)COMPRESSION_ADOBE_DEFLATE);
    /* No predictor for float: readers without the floating-point predictor (tifffile without imagecodecs) can read it. */
    TIFFSetField(tif, TIFFTAG_PREDICTOR, (uint16_t)(is_float ? PREDICTOR_NONE : PREDICTOR_HORIZONTAL));
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
    if (icc != NULL && icc_size > 0) TIFFSetField(tif, TIFFTAG_ICCPROFILE, (uint32_t)icc_size, icc);
    /* TIFFWriteScanline may modify its buffer (the predictor works in place), so each row is copied first. */
    size_t line = (size_t)width * channels * bytes_per_sample;
    uint8_t *scratch = malloc(line);
    int ok = scratch != NULL;
    for (uint32_t y = 0; ok && y < height; y++) {
        memcpy(scratch, pixels + (size_t)y * row_bytes, line);
        ok = TIFFWriteScanline(tif, scratch, y, 0) == 1;
    }
    free(scratch);
    if (ok) ok = TIFFWriteDirectory(tif) == 1;
    TIFFClose(tif);
    if (!ok || s.failed || s.has_error) {
        copy_message(message, capacity, s.has_error ? s.text : "out of memory writing the TIFF");
        free(s.bytes);
        return s.failed ? FOVEA_STATUS_OUT_OF_MEMORY : FOVEA_STATUS_LIBRARY_ERROR;
    }
    *output = s.bytes;
    *output_size = s.size;
    return FOVEA_STATUS_OK;
}
