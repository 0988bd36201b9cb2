/* libpng and libjpeg behind setjmp: see fovea_shim.h. Each exported function that calls into a library sets its
   own jump point first, so a library error longjmps back into that same function and is turned into a status. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
#include <jpeglib.h>
#include <jerror.h>
#include <zlib.h>
#include <libdeflate.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "fovea_shim.h"
#include "shim_message.h"

const char *fovea_libpng_version(void) { return PNG_LIBPNG_VER_STRING; }
int fovea_libjpeg_version(void) { return JPEG_LIB_VERSION; }
void fovea_free(void *pointer) { free(pointer); }

static int host_is_little_endian(void) {
    const uint16_t probe = 1;
    return *(const uint8_t *)&probe == 1;
}

/* MARK: - PNG */

struct fovea_png_decoder {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t position;
    int status;                 /* status to report when libpng longjmps */
    char text[256];             /* libpng's (or our) error message */
    int direct;                 /* 1: non-interlaced 8/16-bit gray/GA/RGB/RGBA, decoded by png_read_direct */
    int streaming_only;         /* 1: png_read_direct inflates row by row with zlib, never the whole stream at once */
    size_t stored_row_bytes;    /* bytes per row as stored (no transforms) */
    int bytes_per_pixel;        /* filter unit */
    int sixteen_bit;
    int warnings;               /* FOVEA_PNG_WARNING_* bits */
    png_structp push;           /* libpng's progressive reader for the rows (not the direct path), freed on close */
    png_infop push_info;
    uint8_t *push_pixels;       /* where its rows go, push_row_bytes apart */
    size_t push_row_bytes;
    png_uint_32 push_height;
    int push_ended;             /* its end callback ran: every row and IEND were read */
};

static void png_decoder_error(png_structp png, png_const_charp text) {
    struct fovea_png_decoder *d = (struct fovea_png_decoder *)png_get_error_ptr(png);
    if (d->status == FOVEA_STATUS_OK) {
        d->status = FOVEA_STATUS_LIBRARY_ERROR;
        snprintf(d->text, sizeof d->text, "%s", text);
    }
    png_longjmp(png, 1);
}

static void png_ignore_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text;
}

/* Warnings are not printed; the ones a caller should hear about are recorded as FOVEA_PNG_WARNING_* bits. */
static void png_decoder_warning(png_structp png, png_const_charp text) {
    struct fovea_png_decoder *d = (struct fovea_png_decoder *)png_get_error_ptr(png);
    if (strstr(text, "Extra compressed data") != NULL || strstr(text, "Too much image data") != NULL ||
        strstr(text, "Too many IDATs") != NULL) {
        d->warnings |= FOVEA_PNG_WARNING_EXTRA_DATA;
    }
}

int fovea_png_icc(fovea_png_decoder *d, uint8_t *profile, size_t profile_size) {
    png_charp name = NULL;
    int compression = 0;
    png_bytep data = NULL;
    png_uint_32 length = 0;
    if (d == NULL || !png_get_iCCP(d->png, d->info, &name, &compression, &data, &length) || length != profile_size) {
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    memcpy(profile, data, length);
    return FOVEA_STATUS_OK;
}

void fovea_png_use_libpng(fovea_png_decoder *decoder) {
    if (decoder != NULL) decoder->direct = 0;
}

void fovea_png_use_streaming_inflate(fovea_png_decoder *decoder) {
    if (decoder != NULL) decoder->streaming_only = 1;
}

int fovea_png_warnings(const fovea_png_decoder *decoder) { return decoder == NULL ? 0 : decoder->warnings; }

static void png_read_memory(png_structp png, png_bytep out, size_t length) {
    struct fovea_png_decoder *d = (struct fovea_png_decoder *)png_get_io_ptr(png);
    if (length > d->size - d->position) {
        d->status = FOVEA_STATUS_TRUNCATED;
        snprintf(d->text, sizeof d->text, "truncated at byte %zu (%zu more bytes needed)", d->size,
                 length - (d->size - d->position));
        png_error(png, d->text);
    }
    memcpy(out, d->data + d->position, length);
    d->position += length;
}

void fovea_png_close(fovea_png_decoder *decoder) {
    if (decoder == NULL) return;
    png_destroy_read_struct(&decoder->png, &decoder->info, NULL);
    if (decoder->push != NULL) png_destroy_read_struct(&decoder->push, &decoder->push_info, NULL);
    free(decoder);
}

/* Walks the chunk framing of an in-memory PNG up to IEND: a chunk whose length field runs past the end of
   the data is a truncated (or lying) file, reported before libpng sees it -- libpng would otherwise
   allocate whatever an ancillary chunk's length claims (2 GB for a hostile tEXt) before failing. */
static int check_chunk_framing(const uint8_t *file, size_t size, char *message, size_t capacity) {
    size_t position = 8;
    while (size >= position && size - position >= 8) {
        uint32_t length = (uint32_t)file[position] << 24 | (uint32_t)file[position + 1] << 16 |
                          (uint32_t)file[position + 2] << 8 | (uint32_t)file[position + 3];
        const uint8_t *type = file + position + 4;
        if (length > 0x7fffffffu || size - position - 8 < (size_t)length + 4) {
            snprintf(message, capacity, "truncated at byte %zu (%.4s chunk at byte %zu announces %u bytes)", size,
                     (const char *)type, position, length);
            return FOVEA_STATUS_TRUNCATED;
        }
        if (memcmp(type, "IEND", 4) == 0) return FOVEA_STATUS_OK;
        position += (size_t)length + 12;
    }
    return FOVEA_STATUS_OK; /* a missing IEND is left to libpng to report */
}

/* The transforms to the natural layout (see fovea_png_open), then png_read_update_info. */
static void set_natural_transforms(png_structp png, png_infop info) {
    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    int has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png); /* adds alpha when tRNS is present */
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    /* Gray and RGB with a tRNS colour gain an alpha channel: 0 where the stored samples equal the colour. */
    if (has_trns && (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_RGB)) png_set_tRNS_to_alpha(png);
    if (bit_depth == 16 && host_is_little_endian()) png_set_swap(png);
    if (interlace != PNG_INTERLACE_NONE) (void)png_set_interlace_handling(png);
    png_read_update_info(png, info);
}

/* Limits shared by both readers: Fovea checks its own pixel limit before allocating, so libpng's default 1e6 × 1e6
   cap would only get in the way; but an ancillary chunk may not make libpng allocate what its length field claims
   (up to 2 GB): chunks above 8 MB (libpng 1.6's own recommended cap) are refused before allocation. */
static void set_limits(png_structp png) {
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_set_chunk_malloc_max(png, 8000000);
}

int fovea_png_open(const uint8_t *data, size_t size, fovea_png_decoder **decoder, fovea_png_header *header,
                   char *message, size_t capacity) {
    *decoder = NULL;
    struct fovea_png_decoder *d = calloc(1, sizeof *d);
    if (d == NULL) {
        copy_message(message, capacity, "out of memory");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    d->data = data;
    d->size = size;
    if (size >= 8) {
        int framing = check_chunk_framing(data, size, message, capacity);
        if (framing != FOVEA_STATUS_OK) {
            free(d);
            return framing;
        }
    }
    d->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, d, png_decoder_error, png_decoder_warning);
    if (d->png != NULL) d->info = png_create_info_struct(d->png);
    if (d->png == NULL || d->info == NULL) {
        fovea_png_close(d);
        copy_message(message, capacity, "out of memory creating the libpng decoder");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    if (setjmp(png_jmpbuf(d->png))) {
        int status = d->status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : d->status;
        copy_message(message, capacity, d->text);
        fovea_png_close(d);
        return status;
    }
    png_set_read_fn(d->png, d, png_read_memory);
    set_limits(d->png);
    png_read_info(d->png, d->info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(d->png, d->info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    int has_trns = png_get_valid(d->png, d->info, PNG_INFO_tRNS) != 0;
    int key_colour = has_trns && (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_RGB);
    set_natural_transforms(d->png, d->info);

    header->width = width;
    header->height = height;
    header->bit_depth = bit_depth;
    header->color_type = color_type;
    header->interlaced = interlace != PNG_INTERLACE_NONE;
    header->has_transparency = has_trns;
    {
        png_charp icc_name = NULL;
        int icc_compression = 0;
        png_bytep icc = NULL;
        png_uint_32 icc_length = 0;
        header->icc_size = png_get_iCCP(d->png, d->info, &icc_name, &icc_compression, &icc, &icc_length) ? icc_length : 0;
    }
    header->output_channels = png_get_channels(d->png, d->info);
    header->output_bit_depth = png_get_bit_depth(d->png, d->info);
    header->output_row_bytes = png_get_rowbytes(d->png, d->info);
    d->direct = interlace == PNG_INTERLACE_NONE && (bit_depth == 8 || bit_depth == 16) &&
                color_type != PNG_COLOR_TYPE_PALETTE && !key_colour;
    /* The direct path inflates the filtered rows (one filter byte each) into the caller's buffer. */
    header->read_buffer_size = (size_t)height * (header->output_row_bytes + (d->direct ? 1 : 0));
    d->stored_row_bytes = header->output_row_bytes;
    d->bytes_per_pixel = header->output_channels * (bit_depth / 8);
    d->sixteen_bit = bit_depth == 16;
    *decoder = d;
    return FOVEA_STATUS_OK;
}

static int png_read_direct(fovea_png_decoder *d, uint8_t *pixels, size_t row_bytes, size_t buffer_size, char *message,
                           size_t capacity);
/* The IDAT chunks of the file, in order, after checking every chunk's framing and the IDAT/IEND CRCs. */
struct idat_list {
    const uint8_t **data;
    uint32_t *size;
    size_t count;
};
static int collect_idat(const uint8_t *file, size_t size, struct idat_list *list, char *message, size_t capacity);

static void push_info_ready(png_structp png, png_infop info) { set_natural_transforms(png, info); }

static void push_row_ready(png_structp png, png_bytep row, png_uint_32 y, int pass) {
    (void)pass;
    struct fovea_png_decoder *d = (struct fovea_png_decoder *)png_get_progressive_ptr(png);
    if (row != NULL && y < d->push_height) png_progressive_combine_row(png, d->push_pixels + (size_t)y * d->push_row_bytes, row);
}

static void push_end(png_structp png, png_infop info) {
    (void)info;
    ((struct fovea_png_decoder *)png_get_progressive_ptr(png))->push_ended = 1;
}

int fovea_png_read_packed(fovea_png_decoder *d, uint8_t *pixels, size_t row_bytes, size_t buffer_size, char *message,
                          size_t capacity) {
    if (d == NULL || pixels == NULL || row_bytes < png_get_rowbytes(d->png, d->info)) {
        copy_message(message, capacity, "fovea_png_read_packed: row buffer smaller than a decoded row");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    if (d->direct) return png_read_direct(d, pixels, row_bytes, buffer_size, message, capacity);
    /* libpng's progressive reader, fed the whole file: unlike png_read_image (whose png_read_finish_IDAT inflates
       everything that follows the last row before warning "Too much image data"), it stops inflating one row past
       the end of the image ("Extra compressed data in IDAT"), so the work is bounded by the image. */
    if (d->push != NULL) png_destroy_read_struct(&d->push, &d->push_info, NULL);
    d->push = png_create_read_struct(PNG_LIBPNG_VER_STRING, d, png_decoder_error, png_decoder_warning);
    if (d->push != NULL) d->push_info = png_create_info_struct(d->push);
    if (d->push == NULL || d->push_info == NULL) {
        copy_message(message, capacity, "out of memory creating the libpng decoder");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    d->push_pixels = pixels;
    d->push_row_bytes = row_bytes;
    d->push_height = png_get_image_height(d->png, d->info);
    d->push_ended = 0;
    if (setjmp(png_jmpbuf(d->push))) {
        copy_message(message, capacity, d->text);
        return d->status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : d->status;
    }
    set_limits(d->push);
    png_set_progressive_read_fn(d->push, d, push_info_ready, push_row_ready, push_end);
    png_process_data(d->push, d->push_info, (png_bytep)d->data, d->size);
    if (!d->push_ended) {
        snprintf(message, capacity, "truncated at byte %zu (the image data or IEND is missing)", d->size);
        return FOVEA_STATUS_TRUNCATED;
    }
    return FOVEA_STATUS_OK;
}

/* MARK: PNG direct path
   For the common layouts that need no transform (non-interlaced 8/16-bit gray, gray+alpha, RGB, RGBA) the rows are
   inflated and unfiltered here, straight into the caller's buffer: libpng's own unfilter is scalar with a branchy
   Paeth predictor, which made decoding slower than Pillow's. libpng has already parsed and validated every chunk
   before the first IDAT; this path walks the chunks from there on itself, checking IDAT and IEND CRCs, and reports
   the same errors libpng would (CRC error, truncation, zlib errors, not enough image data). */

static uint32_t read_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}


static int collect_idat(const uint8_t *file, size_t size, struct idat_list *list, char *message, size_t capacity) {
    size_t position = 8, allocated = 0;
    list->data = NULL;
    list->size = NULL;
    list->count = 0;
    for (;;) {
        if (size - position < 12) {
            snprintf(message, capacity, "truncated at byte %zu (chunk header needed)", size);
            return FOVEA_STATUS_TRUNCATED;
        }
        uint32_t length = read_be32(file + position);
        const uint8_t *type = file + position + 4;
        if (length > 0x7fffffffu) {
            snprintf(message, capacity, "%.4s: chunk length %u too large at byte %zu", (const char *)type, length, position);
            return FOVEA_STATUS_LIBRARY_ERROR;
        }
        if (size - position - 12 < length) {
            snprintf(message, capacity, "truncated at byte %zu (%.4s chunk at byte %zu needs %u bytes)", size,
                     (const char *)type, position, length + 12);
            return FOVEA_STATUS_TRUNCATED;
        }
        int is_idat = memcmp(type, "IDAT", 4) == 0, is_iend = memcmp(type, "IEND", 4) == 0;
        if (is_idat || is_iend) {
            uint32_t crc = libdeflate_crc32(0, type, (size_t)length + 4);
            if (crc != read_be32(file + position + 8 + length)) {
                snprintf(message, capacity, "%.4s: CRC error", (const char *)type);
                return FOVEA_STATUS_LIBRARY_ERROR;
            }
        }
        if (is_idat && length > 0) {
            if (list->count == allocated) {
                allocated = allocated ? allocated * 2 : 64;
                const uint8_t **data = realloc(list->data, allocated * sizeof *data);
                if (data != NULL) list->data = data;
                uint32_t *sizes = realloc(list->size, allocated * sizeof *sizes);
                if (sizes != NULL) list->size = sizes;
                if (data == NULL || sizes == NULL) {
                    copy_message(message, capacity, "out of memory listing IDAT chunks");
                    return FOVEA_STATUS_OUT_OF_MEMORY;
                }
            }
            list->data[list->count] = file + position + 8;
            list->size[list->count] = length;
            list->count++;
        }
        position += 12 + (size_t)length;
        if (is_iend) return FOVEA_STATUS_OK;
    }
}

static inline uint8_t paeth_predictor(int a, int b, int c) {
    int pa = b - c, pb = a - c;
    int pc = pa + pb;
    pa = pa < 0 ? -pa : pa;
    pb = pb < 0 ? -pb : pb;
    pc = pc < 0 ? -pc : pc;
    /* a if pa <= pb and pa <= pc, else b if pb <= pc, else c (PNG specification), without branches. */
    int best = a, distance = pa;
    best = pb < distance ? b : best;
    distance = pb < distance ? pb : distance;
    best = pc < distance ? c : best;
    return (uint8_t)best;
}

/* The wavefront of paeth_wave_simd (below) for 1-byte pixels (8-bit gray), in scalar registers: four rows'
   chains side by side, each row's above and upper-left neighbours taken from registers, not reloaded. */
static inline __attribute__((always_inline)) void paeth_wave_gray_step(
    const uint8_t *const in[4], uint8_t *const out[4], const uint8_t *prior, size_t t, size_t first, size_t last,
    int a[4], int c[4]) {
    int b[4];
    b[0] = first == 0 ? prior[t] : 0; /* row 0 is done otherwise */
    b[1] = a[0];
    b[2] = a[1];
    b[3] = a[2];
    for (size_t k = first; k <= last; k++) {
        uint8_t value = (uint8_t)(in[k][t - k] + paeth_predictor(a[k], b[k], c[k]));
        out[k][t - k] = value;
        a[k] = value;
        c[k] = b[k];
    }
}

static void paeth_wave_gray(const uint8_t *const in[4], uint8_t *const out[4], const uint8_t *prior, size_t n) {
    int a[4] = {0, 0, 0, 0}, c[4] = {0, 0, 0, 0};
    size_t t = 0;
    for (; t < 3 && t < n; t++) paeth_wave_gray_step(in, out, prior, t, 0, t, a, c);
    int a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
    const uint8_t *in0 = in[0], *in1 = in[1] - 1, *in2 = in[2] - 2, *in3 = in[3] - 3;
    uint8_t *out0 = out[0], *out1 = out[1] - 1, *out2 = out[2] - 2, *out3 = out[3] - 3;
    for (; t < n; t++) {
        int b0 = prior[t], b1 = a0, b2 = a1, b3 = a2;
        a0 = (uint8_t)(in0[t] + paeth_predictor(a0, b0, c0));
        a1 = (uint8_t)(in1[t] + paeth_predictor(a1, b1, c1));
        a2 = (uint8_t)(in2[t] + paeth_predictor(a2, b2, c2));
        a3 = (uint8_t)(in3[t] + paeth_predictor(a3, b3, c3));
        c0 = b0;
        c1 = b1;
        c2 = b2;
        c3 = b3;
        out0[t] = (uint8_t)a0;
        out1[t] = (uint8_t)a1;
        out2[t] = (uint8_t)a2;
        out3[t] = (uint8_t)a3;
    }
    a[0] = a0, a[1] = a1, a[2] = a2, a[3] = a3, c[0] = c0, c[1] = c1, c[2] = c2, c[3] = c3;
    for (; t < n + 3; t++) paeth_wave_gray_step(in, out, prior, t, t - n + 1, t < 3 ? t : 3, a, c);
}

#if defined(__SSE2__)
/* Paeth and Average for 3- and 4-byte pixels, one pixel per step in 16-bit lanes (the recurrence on the left
   neighbour is serial, so the parallelism is across a pixel's channels), as libpng's optional SSE2 code does. */
static inline __attribute__((always_inline)) __m128i load_pixel(const uint8_t *p, int bpp) {
    uint32_t v = 0;
    memcpy(&v, p, (size_t)bpp);
    return _mm_unpacklo_epi8(_mm_cvtsi32_si128((int)v), _mm_setzero_si128());
}

static inline __attribute__((always_inline)) void store_pixel(uint8_t *p, __m128i v, int bpp) {
    uint32_t out = (uint32_t)_mm_cvtsi128_si32(_mm_packus_epi16(_mm_and_si128(v, _mm_set1_epi16(0xFF)), v));
    memcpy(p, &out, (size_t)bpp);
}

static inline __m128i abs16(__m128i v) { return _mm_max_epi16(v, _mm_sub_epi16(_mm_setzero_si128(), v)); }

/* One Paeth step in 16-bit lanes: x plus the predictor of left a, above b, upper-left c, modulo 256. */
static inline __attribute__((always_inline)) __m128i paeth_step(__m128i a, __m128i b, __m128i c, __m128i x) {
    __m128i p = _mm_sub_epi16(b, c), q = _mm_sub_epi16(a, c);
    __m128i pa = abs16(p), pb = abs16(q), pc = abs16(_mm_add_epi16(p, q));
    __m128i use_b = _mm_cmplt_epi16(pb, pa);
    __m128i best = _mm_or_si128(_mm_and_si128(use_b, b), _mm_andnot_si128(use_b, a));
    __m128i distance = _mm_min_epi16(pa, pb);
    __m128i use_c = _mm_cmplt_epi16(pc, distance);
    best = _mm_or_si128(_mm_and_si128(use_c, c), _mm_andnot_si128(use_c, best));
    return _mm_and_si128(_mm_add_epi16(x, best), _mm_set1_epi16(0xFF));
}

static inline __attribute__((always_inline)) void paeth_row_simd(const uint8_t *in, uint8_t *out, const uint8_t *prior, size_t n, int bpp) {
    __m128i a = _mm_setzero_si128(), c = _mm_setzero_si128();
    for (size_t i = 0; i + (size_t)bpp <= n; i += (size_t)bpp) {
        __m128i b = load_pixel(prior + i, bpp);
        a = paeth_step(a, b, c, load_pixel(in + i, bpp));
        store_pixel(out + i, a, bpp);
        c = b;
    }
}

/* Four consecutive Paeth rows at once, as a wavefront: at step t row k undoes pixel t - k, so the rows' serial
   chains (each pixel needs its left neighbour) are independent and overlap, where one row alone waits on its chain.
   Row k's above neighbour b is row k-1's result of the step before, and its upper-left c its own b of the step
   before, both kept in registers; only row 0 reads its prior row. `in[k]` are the filtered rows, `out[k]` the
   unfiltered ones (out[k-1] is row k's prior), `prior` the row above out[0]; npix pixels of bpp bytes each. */
static inline __attribute__((always_inline)) void paeth_wave_step(
    const uint8_t *const in[4], uint8_t *const out[4], const uint8_t *prior, size_t t, size_t first, size_t last,
    __m128i a[4], __m128i c[4], int bpp) {
    __m128i b[4];
    b[0] = first == 0 ? load_pixel(prior + t * (size_t)bpp, bpp) : _mm_setzero_si128(); /* row 0 is done otherwise */
    b[1] = a[0];
    b[2] = a[1];
    b[3] = a[2];
    for (size_t k = first; k <= last; k++) {
        size_t i = (t - k) * (size_t)bpp;
        a[k] = paeth_step(a[k], b[k], c[k], load_pixel(in[k] + i, bpp));
        c[k] = b[k];
        store_pixel(out[k] + i, a[k], bpp);
    }
}

static inline __attribute__((always_inline)) void paeth_wave_simd(const uint8_t *const in[4], uint8_t *const out[4],
                                                                  const uint8_t *prior, size_t npix, int bpp) {
    __m128i a[4], c[4];
    for (int k = 0; k < 4; k++) a[k] = c[k] = _mm_setzero_si128();
    size_t t = 0;
    /* Rows that have not started keep a = c = 0, what a row's first pixel needs; rows that are done are skipped
       (rows first..last are the ones working at step t). */
    for (; t < 3 && t < npix; t++) paeth_wave_step(in, out, prior, t, 0, t, a, c, bpp);
    /* All four rows at work: the same step with the rows' state in named registers (a loop over an array of
       state was kept on the stack, which put a store and a reload in every chain). */
    __m128i a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
    const uint8_t *in0 = in[0], *in1 = in[1] - bpp, *in2 = in[2] - 2 * bpp, *in3 = in[3] - 3 * bpp;
    uint8_t *out0 = out[0], *out1 = out[1] - bpp, *out2 = out[2] - 2 * bpp, *out3 = out[3] - 3 * bpp;
    for (; t < npix; t++) {
        size_t i = t * (size_t)bpp;
        __m128i b0 = load_pixel(prior + i, bpp), b1 = a0, b2 = a1, b3 = a2;
        a0 = paeth_step(a0, b0, c0, load_pixel(in0 + i, bpp));
        a1 = paeth_step(a1, b1, c1, load_pixel(in1 + i, bpp));
        a2 = paeth_step(a2, b2, c2, load_pixel(in2 + i, bpp));
        a3 = paeth_step(a3, b3, c3, load_pixel(in3 + i, bpp));
        c0 = b0;
        c1 = b1;
        c2 = b2;
        c3 = b3;
        store_pixel(out0 + i, a0, bpp);
        store_pixel(out1 + i, a1, bpp);
        store_pixel(out2 + i, a2, bpp);
        store_pixel(out3 + i, a3, bpp);
    }
    a[0] = a0, a[1] = a1, a[2] = a2, a[3] = a3, c[0] = c0, c[1] = c1, c[2] = c2, c[3] = c3;
    for (; t < npix + 3; t++) paeth_wave_step(in, out, prior, t, t - npix + 1, t < 3 ? t : 3, a, c, bpp);
}

static inline __attribute__((always_inline)) void average_row_simd(const uint8_t *in, uint8_t *out, const uint8_t *prior, size_t n, int bpp) {
    __m128i a = _mm_setzero_si128();
    for (size_t i = 0; i + (size_t)bpp <= n; i += (size_t)bpp) {
        __m128i b = load_pixel(prior + i, bpp);
        __m128i x = load_pixel(in + i, bpp);
        a = _mm_and_si128(_mm_add_epi16(x, _mm_srli_epi16(_mm_add_epi16(a, b), 1)), _mm_set1_epi16(0xFF));
        store_pixel(out + i, a, bpp);
    }
}
#endif

/* Whether the `count` filtered rows from `row` on (`stride` bytes apart) all use the Paeth filter. */
static int paeth_rows(const uint8_t *row, size_t stride, int count) {
    for (int k = 0; k < count; k++) {
        if (row[(size_t)k * stride] != 4) return 0;
    }
    return 1;
}

/* Whether four consecutive Paeth rows of this pixel size go through a wavefront (8-bit gray, RGB and RGBA). */
static int paeth_wave_fits(int bpp, int sixteen_bit) {
#if defined(__SSE2__)
    return !sixteen_bit && (bpp == 1 || bpp == 3 || bpp == 4);
#else
    return !sixteen_bit && bpp == 1;
#endif
}

/* Undoes the Paeth filter of four consecutive rows (n bytes each) at once; see paeth_wave_fits. */
static void paeth_wave(const uint8_t *const in[4], uint8_t *const out[4], const uint8_t *prior, size_t n, int bpp) {
#if defined(__SSE2__)
    if (bpp == 3) {
        paeth_wave_simd(in, out, prior, n / 3, 3);
        return;
    }
    if (bpp == 4) {
        paeth_wave_simd(in, out, prior, n / 4, 4);
        return;
    }
#endif
    paeth_wave_gray(in, out, prior, n);
}

#if defined(__SSE2__)
/* Eight consecutive Paeth rows of 8-bit gray at once, one row per 16-bit lane: lane k holds row k at pixel t - k,
   so one vector step advances all eight serial chains. The above neighbour of lane k is lane k-1's result of the
   step before (a one-lane shift; lane 0 reads the prior row), the upper-left its own above of the step before. In
   the middle of the rows, blocks of eight steps load eight bytes of each row and transpose them to eight step
   vectors (and the results back); the first and last seven steps, where some lanes have not started or are done,
   go one step at a time with those lanes masked. */
static inline __attribute__((always_inline)) void gray_wave_transpose(__m128i r01, __m128i r23, __m128i r45,
                                                                      __m128i r67, __m128i out[4]) {
    /* rows of 8 bytes, two per register (row 2i low, row 2i+1 high) -> columns, two per register */
    __m128i t01 = _mm_unpacklo_epi8(r01, _mm_unpackhi_epi64(r01, r01));
    __m128i t23 = _mm_unpacklo_epi8(r23, _mm_unpackhi_epi64(r23, r23));
    __m128i t45 = _mm_unpacklo_epi8(r45, _mm_unpackhi_epi64(r45, r45));
    __m128i t67 = _mm_unpacklo_epi8(r67, _mm_unpackhi_epi64(r67, r67));
    __m128i u0 = _mm_unpacklo_epi16(t01, t23), u1 = _mm_unpackhi_epi16(t01, t23);
    __m128i u2 = _mm_unpacklo_epi16(t45, t67), u3 = _mm_unpackhi_epi16(t45, t67);
    out[0] = _mm_unpacklo_epi32(u0, u2);
    out[1] = _mm_unpackhi_epi32(u0, u2);
    out[2] = _mm_unpacklo_epi32(u1, u3);
    out[3] = _mm_unpackhi_epi32(u1, u3);
}

static inline __attribute__((always_inline)) void gray_wave_masked_step(const uint8_t *const in[8], uint8_t *const out[8],
                                                                        const uint8_t *prior, size_t n, size_t t,
                                                                        __m128i *a, __m128i *c) {
    int16_t x[8], started[8];
    for (size_t k = 0; k < 8; k++) {
        int begun = t >= k, active = begun && t - k < n;
        x[k] = active ? in[k][t - k] : 0;
        started[k] = begun ? -1 : 0;
    }
    __m128i b = _mm_slli_si128(*a, 2);
    if (t < n) b = _mm_insert_epi16(b, prior[t], 0);
    __m128i next = paeth_step(*a, b, *c, _mm_loadu_si128((const __m128i *)x));
    *a = _mm_and_si128(next, _mm_loadu_si128((const __m128i *)started)); /* rows not begun stay at a = 0 */
    *c = b;
    uint16_t result[8];
    _mm_storeu_si128((__m128i *)result, *a);
    for (size_t k = 0; k < 8; k++) {
        if (t >= k && t - k < n) out[k][t - k] = (uint8_t)result[k];
    }
}

static void paeth_wave_gray8(const uint8_t *const in[8], uint8_t *const out[8], const uint8_t *prior, size_t n) {
    __m128i a = _mm_setzero_si128(), c = _mm_setzero_si128(), zero = _mm_setzero_si128();
    size_t t = 0;
    for (; t < 7; t++) gray_wave_masked_step(in, out, prior, n, t, &a, &c);
    for (; t + 8 <= n; t += 8) {
        __m128i rows[4], columns[4], steps[8];
        for (int k = 0; k < 4; k++) {
            rows[k] = _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(in[2 * k] + t - 2 * k)),
                                         _mm_loadl_epi64((const __m128i *)(in[2 * k + 1] + t - 2 * k - 1)));
        }
        gray_wave_transpose(rows[0], rows[1], rows[2], rows[3], columns);
        for (int j = 0; j < 4; j++) {
            __m128i x0 = _mm_unpacklo_epi8(columns[j], zero), x1 = _mm_unpackhi_epi8(columns[j], zero);
            __m128i b = _mm_insert_epi16(_mm_slli_si128(a, 2), prior[t + 2 * j], 0);
            a = paeth_step(a, b, c, x0);
            c = b;
            steps[2 * j] = a;
            b = _mm_insert_epi16(_mm_slli_si128(a, 2), prior[t + 2 * j + 1], 0);
            a = paeth_step(a, b, c, x1);
            c = b;
            steps[2 * j + 1] = a;
        }
        gray_wave_transpose(_mm_packus_epi16(steps[0], steps[1]), _mm_packus_epi16(steps[2], steps[3]),
                            _mm_packus_epi16(steps[4], steps[5]), _mm_packus_epi16(steps[6], steps[7]), columns);
        for (int k = 0; k < 4; k++) {
            _mm_storel_epi64((__m128i *)(out[2 * k] + t - 2 * k), columns[k]);
            _mm_storel_epi64((__m128i *)(out[2 * k + 1] + t - 2 * k - 1), _mm_unpackhi_epi64(columns[k], columns[k]));
        }
    }
    for (; t < n + 7; t++) gray_wave_masked_step(in, out, prior, n, t, &a, &c);
}
#endif

/* Undoes filter `filter` on `in` (n bytes) into `out`, with `prior` the previous unfiltered row (NULL for the first).
   `out` may be `in` (each byte is read before it is written). */
static int unfilter_row(int filter, const uint8_t *in, uint8_t *out, const uint8_t *prior, size_t n, int bpp) {
    size_t i;
    switch (filter) {
    case 0:
        if (out != in) memcpy(out, in, n);
        return 1;
    case 1:
        for (i = 0; i < (size_t)bpp && i < n; i++) out[i] = in[i];
        for (; i < n; i++) out[i] = (uint8_t)(in[i] + out[i - bpp]);
        return 1;
    case 2:
        if (prior == NULL) {
            if (out != in) memcpy(out, in, n);
        } else for (i = 0; i < n; i++) out[i] = (uint8_t)(in[i] + prior[i]);
        return 1;
    case 3:
        if (prior == NULL) {
            for (i = 0; i < (size_t)bpp && i < n; i++) out[i] = in[i];
            for (; i < n; i++) out[i] = (uint8_t)(in[i] + (out[i - bpp] >> 1));
#if defined(__SSE2__)
        } else if (bpp == 3 || bpp == 4) {
            /* Literal pixel sizes, so the inlined loads and stores are fixed-size moves, not memcpy calls. */
            if (bpp == 3) average_row_simd(in, out, prior, n, 3);
            else average_row_simd(in, out, prior, n, 4);
#endif
        } else {
            for (i = 0; i < (size_t)bpp && i < n; i++) out[i] = (uint8_t)(in[i] + (prior[i] >> 1));
            for (; i < n; i++) out[i] = (uint8_t)(in[i] + ((out[i - bpp] + prior[i]) >> 1));
        }
        return 1;
    case 4:
        if (prior == NULL) { /* Paeth with b = c = 0 is Sub */
            for (i = 0; i < (size_t)bpp && i < n; i++) out[i] = in[i];
            for (; i < n; i++) out[i] = (uint8_t)(in[i] + out[i - bpp]);
#if defined(__SSE2__)
        } else if (bpp == 3 || bpp == 4) {
            if (bpp == 3) paeth_row_simd(in, out, prior, n, 3);
            else paeth_row_simd(in, out, prior, n, 4);
#endif
        } else {
            for (i = 0; i < (size_t)bpp && i < n; i++) out[i] = (uint8_t)(in[i] + prior[i]);
            for (; i < n; i++) out[i] = (uint8_t)(in[i] + paeth_predictor(out[i - bpp], prior[i], prior[i - bpp]));
        }
        return 1;
    default:
        return 0;
    }
}

/* Whole-stream inflation: the IDAT data (the chunks' bytes laid end to end) is inflated by libdeflate in one call
   straight into the caller's buffer, which is then exactly as large as the filtered image (height × (1 + row
   bytes)); rows are unfiltered there in place, and moved down to their packed places (n bytes apart) one row behind,
   once the next row no longer needs them as its prior row. libdeflate checks the zlib header and the Adler-32, and
   stops with LIBDEFLATE_INSUFFICIENT_SPACE as soon as the stream would outgrow the buffer, so the work stays bounded
   by the image. Only a stream that ends exactly at the end of the image, with no IDAT bytes after it, is taken here;
   anything else (too little or too much data, a missing trailer, a zlib error) returns PNG_WHOLE_NOT_TAKEN and the
   row-by-row zlib path decodes the file again, reporting the same errors and warnings it always has. */
#define PNG_WHOLE_NOT_TAKEN (-1)

/* Moves unfiltered row y from its place in the filtered layout (after its filter byte) to its packed place, swapping
   16-bit samples to host order. The packed place starts y + 1 bytes lower, so copying upwards is safe in place. */
static void png_pack_row(uint8_t *buffer, size_t n, png_uint_32 y, int sixteen_bit) {
    const uint8_t *from = buffer + (size_t)y * (n + 1) + 1;
    uint8_t *to = buffer + (size_t)y * n;
    if (sixteen_bit && host_is_little_endian()) {
        for (size_t i = 0; i + 1 < n; i += 2) {
            uint8_t high = from[i], low = from[i + 1];
            to[i] = low;
            to[i + 1] = high;
        }
    } else {
        memmove(to, from, n);
    }
}

static int png_inflate_whole(fovea_png_decoder *d, const struct idat_list *list, uint8_t *buffer, size_t buffer_size,
                             char *message, size_t capacity) {
    png_uint_32 height = png_get_image_height(d->png, d->info);
    size_t n = d->stored_row_bytes, stride = n + 1;
    int bpp = d->bytes_per_pixel;
    if (height == 0 || list->count == 0 || stride > buffer_size / height) return PNG_WHOLE_NOT_TAKEN;
    size_t filtered_size = (size_t)height * stride;
    size_t compressed_size = 0;
    for (size_t i = 0; i < list->count; i++) compressed_size += list->size[i];
    /* A single IDAT is inflated where it lies; several (each sits between 12 bytes of chunk framing) are first copied
       end to end, a memcpy of the compressed size. */
    uint8_t *joined = NULL;
    const uint8_t *compressed = list->data[0];
    if (list->count > 1) {
        joined = malloc(compressed_size);
        if (joined == NULL) return PNG_WHOLE_NOT_TAKEN;
        size_t at = 0;
        for (size_t i = 0; i < list->count; i++) {
            memcpy(joined + at, list->data[i], list->size[i]);
            at += list->size[i];
        }
        compressed = joined;
    }
    struct libdeflate_decompressor *inflater = libdeflate_alloc_decompressor();
    int status = PNG_WHOLE_NOT_TAKEN;
    if (inflater != NULL) {
        size_t used_in = 0, used_out = 0;
        enum libdeflate_result result = libdeflate_zlib_decompress_ex(inflater, compressed, compressed_size, buffer,
                                                                      filtered_size, &used_in, &used_out);
        if (result == LIBDEFLATE_SUCCESS && used_out == filtered_size && used_in == compressed_size) status = FOVEA_STATUS_OK;
        libdeflate_free_decompressor(inflater);
    }
    free(joined);
    png_uint_32 packed = 0; /* rows before this one are at their packed places */
    for (png_uint_32 y = 0; status == FOVEA_STATUS_OK && y < height; y++) {
        while (y > 0 && packed < y - 1) png_pack_row(buffer, n, packed++, d->sixteen_bit);
        uint8_t *row = buffer + (size_t)y * stride;
        const uint8_t *prior = y == 0 ? NULL : row - stride + 1;
#if defined(__SSE2__)
        if (!d->sixteen_bit && bpp == 1 && y > 0 && height - y >= 8 && paeth_rows(row, stride, 8)) {
            const uint8_t *in[8];
            uint8_t *out[8];
            for (int k = 0; k < 8; k++) in[k] = out[k] = row + (size_t)k * stride + 1;
            paeth_wave_gray8(in, out, prior, n);
            y += 7;
            continue;
        }
#endif
        if (paeth_wave_fits(bpp, d->sixteen_bit) && y > 0 && height - y >= 4 && paeth_rows(row, stride, 4)) {
            const uint8_t *in[4];
            uint8_t *out[4];
            for (int k = 0; k < 4; k++) in[k] = out[k] = row + (size_t)k * stride + 1;
            paeth_wave(in, out, prior, n, bpp);
            y += 3;
            continue;
        }
        if (!unfilter_row(row[0], row + 1, row + 1, prior, n, bpp)) {
            snprintf(message, capacity, "bad adaptive filter value %u in row %u", row[0], (unsigned)y);
            status = FOVEA_STATUS_LIBRARY_ERROR;
        }
    }
    while (status == FOVEA_STATUS_OK && packed < height) png_pack_row(buffer, n, packed++, d->sixteen_bit);
    return status;
}

static int png_read_direct(fovea_png_decoder *d, uint8_t *pixels, size_t row_bytes, size_t buffer_size, char *message,
                           size_t capacity) {
    struct idat_list list;
    int status = collect_idat(d->data, d->size, &list, message, capacity);
    if (status == FOVEA_STATUS_OK && !d->streaming_only && row_bytes == d->stored_row_bytes) {
        int whole = png_inflate_whole(d, &list, pixels, buffer_size, message, capacity);
        if (whole != PNG_WHOLE_NOT_TAKEN) {
            free(list.data);
            free(list.size);
            return whole;
        }
    }
    png_uint_32 height = png_get_image_height(d->png, d->info);
    size_t n = d->stored_row_bytes;
    int bpp = d->bytes_per_pixel;
    /* Filtered row (filter byte + data); for 16-bit also the big-endian unfiltered previous and current rows. */
    uint8_t *scratch = status == FOVEA_STATUS_OK ? malloc(3 * (n + 1)) : NULL;
    z_stream z;
    memset(&z, 0, sizeof z);
    int z_ready = 0;
    if (status == FOVEA_STATUS_OK && scratch == NULL) {
        copy_message(message, capacity, "out of memory for a PNG row");
        status = FOVEA_STATUS_OUT_OF_MEMORY;
    }
    if (status == FOVEA_STATUS_OK) {
        if (inflateInit(&z) != Z_OK) {
            copy_message(message, capacity, "IDAT: zlib initialisation failed");
            status = FOVEA_STATUS_OUT_OF_MEMORY;
        } else {
            z_ready = 1;
        }
    }
    size_t next_chunk = 0;
    uint8_t *filtered = scratch, *previous = scratch ? scratch + n + 1 : NULL, *current = scratch ? scratch + 2 * (n + 1) : NULL;
    int stream_ended = 0;
    for (png_uint_32 y = 0; status == FOVEA_STATUS_OK && y < height; y++) {
        z.next_out = filtered;
        z.avail_out = (uInt)(n + 1);
        while (z.avail_out > 0) {
            if (z.avail_in == 0) {
                if (next_chunk == list.count || stream_ended) break;
                z.next_in = (Bytef *)list.data[next_chunk];
                z.avail_in = list.size[next_chunk];
                next_chunk++;
            }
            int ret = inflate(&z, Z_NO_FLUSH);
            if (ret == Z_STREAM_END) {
                stream_ended = 1;
                break;
            }
            if (ret != Z_OK && ret != Z_BUF_ERROR) {
                snprintf(message, capacity, "IDAT: %s", z.msg ? z.msg : "zlib error");
                status = FOVEA_STATUS_LIBRARY_ERROR;
                break;
            }
        }
        if (status != FOVEA_STATUS_OK) break;
        if (z.avail_out > 0) {
            snprintf(message, capacity, "Not enough image data (row %u of %u)", (unsigned)y, (unsigned)height);
            status = FOVEA_STATUS_LIBRARY_ERROR;
            break;
        }
        uint8_t *out = d->sixteen_bit ? current : pixels + (size_t)y * row_bytes;
        const uint8_t *prior = y == 0 ? NULL : (d->sixteen_bit ? previous : pixels + (size_t)(y - 1) * row_bytes);
        if (!unfilter_row(filtered[0], filtered + 1, out, prior, n, bpp)) {
            snprintf(message, capacity, "bad adaptive filter value %u in row %u", filtered[0], (unsigned)y);
            status = FOVEA_STATUS_LIBRARY_ERROR;
            break;
        }
        if (d->sixteen_bit) {
            uint8_t *dst = pixels + (size_t)y * row_bytes;
            if (host_is_little_endian()) {
                for (size_t i = 0; i + 1 < n; i += 2) {
                    dst[i] = current[i + 1];
                    dst[i + 1] = current[i];
                }
            } else {
                memcpy(dst, current, n);
            }
            uint8_t *t = previous;
            previous = current;
            current = t;
        }
    }
    /* Check that the zlib stream ends here (its Adler-32 is then verified), as libpng does; compressed data past
       the end of the image is not inflated: a warning, and the decoder stops, so the work is bounded by the image. */
    while (status == FOVEA_STATUS_OK && !stream_ended) {
        uint8_t sink[64];
        if (z.avail_in == 0) {
            if (next_chunk == list.count) break; /* no trailer: libpng only warns here */
            z.next_in = (Bytef *)list.data[next_chunk];
            z.avail_in = list.size[next_chunk];
            next_chunk++;
        }
        z.next_out = sink;
        z.avail_out = sizeof sink;
        int ret = inflate(&z, Z_NO_FLUSH);
        if (z.avail_out < sizeof sink) {
            d->warnings |= FOVEA_PNG_WARNING_EXTRA_DATA;
            break;
        }
        if (ret == Z_STREAM_END) stream_ended = 1;
        else if (ret != Z_OK && ret != Z_BUF_ERROR) {
            snprintf(message, capacity, "IDAT: %s", z.msg ? z.msg : "zlib error");
            status = FOVEA_STATUS_LIBRARY_ERROR;
        }
    }
    if (z_ready) inflateEnd(&z);
    free(scratch);
    free(list.data);
    free(list.size);
    return status;
}

struct png_output {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    int status;
    char text[256];
};

static void png_encoder_error(png_structp png, png_const_charp text) {
    struct png_output *o = (struct png_output *)png_get_error_ptr(png);
    if (o->status == FOVEA_STATUS_OK) {
        o->status = FOVEA_STATUS_LIBRARY_ERROR;
        snprintf(o->text, sizeof o->text, "%s", text);
    }
    png_longjmp(png, 1);
}

static void png_write_memory(png_structp png, png_bytep bytes, size_t length) {
    struct png_output *o = (struct png_output *)png_get_io_ptr(png);
    if (length > o->capacity - o->size) {
        size_t wanted = o->capacity > 0 ? o->capacity : 65536;
        while (wanted - o->size < length) wanted *= 2;
        uint8_t *grown = realloc(o->bytes, wanted);
        if (grown == NULL) {
            o->status = FOVEA_STATUS_OUT_OF_MEMORY;
            snprintf(o->text, sizeof o->text, "out of memory growing the PNG output to %zu bytes", wanted);
            png_error(png, o->text);
        }
        o->bytes = grown;
        o->capacity = wanted;
    }
    memcpy(o->bytes + o->size, bytes, length);
    o->size += length;
}

static void png_flush_memory(png_structp png) { (void)png; }

int fovea_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                     size_t row_bytes, int compression_level, uint8_t **output, size_t *output_size,
                     char *message, size_t capacity) {
    static const int color_types[5] = {0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_COLOR_TYPE_RGB,
                                       PNG_COLOR_TYPE_RGB_ALPHA};
    *output = NULL;
    *output_size = 0;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || compression_level < 0 ||
        compression_level > 9 || row_bytes < (size_t)width * channels * (bit_depth / 8)) {
        copy_message(message, capacity, "fovea_png_encode: bad channel count, bit depth, level or row stride");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    struct png_output *o = calloc(1, sizeof *o);
    png_bytep *rows = malloc((height > 0 ? height : 1) * sizeof(png_bytep));
    png_structp png = NULL;
    png_infop info = NULL;
    if (o != NULL && rows != NULL) png = png_create_write_struct(PNG_LIBPNG_VER_STRING, o, png_encoder_error, png_ignore_warning);
    if (png != NULL) info = png_create_info_struct(png);
    if (info == NULL) {
        png_destroy_write_struct(&png, NULL);
        free(rows);
        free(o);
        copy_message(message, capacity, "out of memory creating the libpng encoder");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        int status = o->status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : o->status;
        copy_message(message, capacity, o->text);
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(o->bytes);
        free(o);
        return status;
    }
    png_set_write_fn(png, o, png_write_memory, png_flush_memory);
    png_set_compression_level(png, compression_level);
    png_set_IHDR(png, info, width, height, bit_depth, color_types[channels], PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    if (bit_depth == 16 && host_is_little_endian()) png_set_swap(png);
    for (uint32_t y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + (size_t)y * row_bytes);
    png_write_image(png, rows);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(rows);
    *output = o->bytes;
    *output_size = o->size;
    free(o);
    return FOVEA_STATUS_OK;
}

/* MARK: - JPEG */

struct fovea_jpeg_error {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    int status;
    char text[JMSG_LENGTH_MAX + 64];
};

static void jpeg_error_exit(j_common_ptr cinfo) {
    struct fovea_jpeg_error *e = (struct fovea_jpeg_error *)cinfo->err;
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    if (e->status == FOVEA_STATUS_OK) {
        e->status = FOVEA_STATUS_LIBRARY_ERROR;
        snprintf(e->text, sizeof e->text, "%s", buffer);
    }
    longjmp(e->jump, 1);
}

/* Warnings are counted and ignored, as Pillow does, except running out of data: that is a truncated file. */
static void jpeg_emit_message(j_common_ptr cinfo, int level) {
    struct fovea_jpeg_error *e = (struct fovea_jpeg_error *)cinfo->err;
    if (level >= 0) return;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        e->status = FOVEA_STATUS_TRUNCATED;
        snprintf(e->text, sizeof e->text, "premature end of JPEG data");
        longjmp(e->jump, 1);
    }
    cinfo->err->num_warnings++;
}

static void jpeg_silent_output(j_common_ptr cinfo) { (void)cinfo; }

static void install_error_manager(struct fovea_jpeg_error *e) {
    jpeg_std_error(&e->manager);
    e->manager.error_exit = jpeg_error_exit;
    e->manager.emit_message = jpeg_emit_message;
    e->manager.output_message = jpeg_silent_output;
    e->status = FOVEA_STATUS_OK;
    e->text[0] = '\0';
}

struct fovea_jpeg_decoder {
    struct jpeg_decompress_struct cinfo;
    struct fovea_jpeg_error error;
    int created;
    int cmyk;
    uint8_t *cmyk_row; /* one CMYK scanline, converted to RGB into the caller's buffer (or a region's spare row) */
    JOCTET *icc;       /* the ICC profile (jpeg_read_icc_profile's malloc), or NULL */
    int region;        /* 1 once fovea_jpeg_start_region started decompressing a part */
    JDIMENSION region_top, region_rows;
};

void fovea_jpeg_close(fovea_jpeg_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->created) jpeg_destroy_decompress(&decoder->cinfo);
    free(decoder->cmyk_row);
    free(decoder->icc);
    free(decoder);
}

int fovea_jpeg_open(const uint8_t *data, size_t size, fovea_jpeg_decoder **decoder, fovea_jpeg_header *header,
                    char *message, size_t capacity) {
    *decoder = NULL;
    struct fovea_jpeg_decoder *d = calloc(1, sizeof *d);
    if (d == NULL) {
        copy_message(message, capacity, "out of memory");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    d->cinfo.err = (struct jpeg_error_mgr *)&d->error;
    install_error_manager(&d->error);
    if (setjmp(d->error.jump)) {
        int status = d->error.status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : d->error.status;
        copy_message(message, capacity, d->error.text);
        fovea_jpeg_close(d);
        return status;
    }
    jpeg_create_decompress(&d->cinfo);
    d->created = 1;
    jpeg_mem_src(&d->cinfo, data, (unsigned long)size);
    jpeg_save_markers(&d->cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_save_markers(&d->cinfo, JPEG_APP0 + 2, 0xFFFF); /* ICC_PROFILE chunks */
    (void)jpeg_read_header(&d->cinfo, TRUE);
    {
        JOCTET *icc = NULL;
        unsigned int icc_length = 0;
        /* FALSE (no profile, or chunks missing/duplicated: libjpeg warns) leaves the image without one. */
        if (jpeg_read_icc_profile(&d->cinfo, &icc, &icc_length) && icc != NULL && icc_length > 0) {
            d->icc = icc;
            header->icc = icc;
            header->icc_size = icc_length;
        } else {
            free(icc);
            header->icc = NULL;
            header->icc_size = 0;
        }
    }

    header->width = d->cinfo.image_width;
    header->height = d->cinfo.image_height;
    header->components = d->cinfo.num_components;
    header->color_space = d->cinfo.jpeg_color_space;
    header->progressive = d->cinfo.progressive_mode ? 1 : 0;
    header->arithmetic = d->cinfo.arith_code ? 1 : 0;
    header->exif = NULL;
    header->exif_size = 0;
    for (jpeg_saved_marker_ptr m = d->cinfo.marker_list; m != NULL; m = m->next) {
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && memcmp(m->data, "Exif\0\0", 6) == 0) {
            header->exif = m->data + 6;
            header->exif_size = m->data_length - 6;
            break;
        }
    }
    switch (d->cinfo.jpeg_color_space) {
    case JCS_GRAYSCALE:
        d->cinfo.out_color_space = JCS_GRAYSCALE;
        header->output_channels = 1;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        d->cinfo.out_color_space = JCS_CMYK;
        d->cmyk = 1;
        header->output_channels = 3;
        break;
    default:
        d->cinfo.out_color_space = JCS_EXT_RGB;
        header->output_channels = 3;
        break;
    }
    *decoder = d;
    return FOVEA_STATUS_OK;
}

/* Pillow's conversion: samples are Adobe-inverted ("CMYK;I"), then R = K' - K'·C'/255 with K' = 255 - K. */
static void cmyk_row_to_rgb(const uint8_t *cmyk, uint8_t *rgb, JDIMENSION width) {
    for (JDIMENSION x = 0; x < width; x++) {
        int nk = cmyk[3]; /* 255 - (255 - raw K) */
        for (int c = 0; c < 3; c++) {
            int inverted = 255 - cmyk[c];
            int t = inverted * nk + 128;
            int v = nk - (((t >> 8) + t) >> 8);
            rgb[c] = (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v));
        }
        cmyk += 4;
        rgb += 3;
    }
}

int fovea_jpeg_read(fovea_jpeg_decoder *d, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity) {
    if (d == NULL || pixels == NULL) {
        copy_message(message, capacity, "fovea_jpeg_read: no decoder or buffer");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    if (setjmp(d->error.jump)) {
        copy_message(message, capacity, d->error.text);
        return d->error.status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : d->error.status;
    }
    (void)jpeg_start_decompress(&d->cinfo);
    JDIMENSION width = d->cinfo.output_width;
    size_t needed = (size_t)width * (d->cmyk ? 3 : (size_t)d->cinfo.output_components);
    if (row_bytes < needed) {
        jpeg_abort_decompress(&d->cinfo);
        copy_message(message, capacity, "fovea_jpeg_read: row buffer smaller than a decoded row");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    if (d->cmyk) {
        free(d->cmyk_row);
        d->cmyk_row = malloc((size_t)width * 4 + 1);
        if (d->cmyk_row == NULL) {
            jpeg_abort_decompress(&d->cinfo);
            copy_message(message, capacity, "out of memory for a CMYK scanline");
            return FOVEA_STATUS_OUT_OF_MEMORY;
        }
        while (d->cinfo.output_scanline < d->cinfo.output_height) {
            JDIMENSION y = d->cinfo.output_scanline;
            JSAMPROW row = d->cmyk_row;
            if (jpeg_read_scanlines(&d->cinfo, &row, 1) != 1) ERREXIT(&d->cinfo, JERR_INPUT_EMPTY);
            cmyk_row_to_rgb(d->cmyk_row, pixels + (size_t)y * row_bytes, width);
        }
    } else {
        /* Scanlines land directly in the caller's buffer, several rows per call. */
        JSAMPROW rows[16];
        while (d->cinfo.output_scanline < d->cinfo.output_height) {
            JDIMENSION y = d->cinfo.output_scanline;
            JDIMENSION count = d->cinfo.output_height - y;
            if (count > 16) count = 16;
            for (JDIMENSION i = 0; i < count; i++) rows[i] = pixels + (size_t)(y + i) * row_bytes;
            if (jpeg_read_scanlines(&d->cinfo, rows, count) == 0) ERREXIT(&d->cinfo, JERR_INPUT_EMPTY);
        }
    }
    (void)jpeg_finish_decompress(&d->cinfo);
    return FOVEA_STATUS_OK;
}

/* Whether a part of the image decodes to the same pixels as the whole: one sequential Huffman- or arithmetic-coded
   scan straight to gray or RGB, gray or YCbCr/RGB with chroma sampled 4:4:4, 4:2:2 or 4:2:0 (the layouts the tests
   compare against a whole decode). Progressive and CMYK files, and other samplings, decode whole. */
static int region_decodable(const struct fovea_jpeg_decoder *d) {
    const struct jpeg_decompress_struct *c = &d->cinfo;
    if (d->cmyk || c->progressive_mode || c->arith_code) return 0;
    if (c->num_components == 1) return c->jpeg_color_space == JCS_GRAYSCALE;
    if (c->num_components != 3) return 0;
    int h = c->comp_info[0].h_samp_factor, v = c->comp_info[0].v_samp_factor;
    if (!((h == 1 && v == 1) || (h == 2 && v == 1) || (h == 2 && v == 2))) return 0;
    for (int i = 1; i < 3; i++) {
        if (c->comp_info[i].h_samp_factor != 1 || c->comp_info[i].v_samp_factor != 1) return 0;
    }
    return 1;
}

int fovea_jpeg_start_region(fovea_jpeg_decoder *d, uint32_t *x, uint32_t *y, uint32_t *width, uint32_t *height,
                            char *message, size_t capacity) {
    if (d == NULL || x == NULL || y == NULL || width == NULL || height == NULL) {
        copy_message(message, capacity, "fovea_jpeg_start_region: no decoder or rectangle");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    JDIMENSION image_width = d->cinfo.image_width, image_height = d->cinfo.image_height;
    if (*width == 0 || *height == 0 || *x > image_width || *width > image_width - *x || *y > image_height ||
        *height > image_height - *y) {
        copy_message(message, capacity, "fovea_jpeg_start_region: rectangle outside the image");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    if (setjmp(d->error.jump)) {
        copy_message(message, capacity, d->error.text);
        return d->error.status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : d->error.status;
    }
    if (!region_decodable(d)) {
        *x = 0;
        *y = 0;
        *width = image_width;
        *height = image_height;
        return FOVEA_STATUS_OK;
    }
    /* The margin keeps the rectangle's pixels clear of the part's edges, where fancy upsampling sees replicated
       chroma instead of the real neighbours (one pixel with 2× subsampling); whole-image edges need none. */
    const JDIMENSION margin = FOVEA_JPEG_REGION_MARGIN;
    JDIMENSION x0 = *x > margin ? *x - margin : 0, y0 = *y > margin ? *y - margin : 0;
    JDIMENSION x1 = image_width - (*x + *width) > margin ? *x + *width + margin : image_width;
    JDIMENSION y1 = image_height - (*y + *height) > margin ? *y + *height + margin : image_height;
    (void)jpeg_start_decompress(&d->cinfo);
    d->region = 1;
    JDIMENSION crop_x = x0, crop_width = x1 - x0;
    /* libjpeg widens the columns to whole iMCUs (crop_x down, crop_width up). A crop of every column is left out. */
    if (crop_width < image_width) jpeg_crop_scanline(&d->cinfo, &crop_x, &crop_width);
    d->region_top = y0;
    d->region_rows = y1 - y0;
    *x = crop_x;
    *y = y0;
    *width = crop_width;
    *height = y1 - y0;
    return FOVEA_STATUS_OK;
}

int fovea_jpeg_read_region(fovea_jpeg_decoder *d, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity) {
    if (d == NULL || pixels == NULL) {
        copy_message(message, capacity, "fovea_jpeg_read_region: no decoder or buffer");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    if (!d->region) return fovea_jpeg_read(d, pixels, row_bytes, message, capacity);
    if (setjmp(d->error.jump)) {
        copy_message(message, capacity, d->error.text);
        return d->error.status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : d->error.status;
    }
    size_t needed = (size_t)d->cinfo.output_width * (size_t)d->cinfo.output_components;
    if (row_bytes < needed) {
        jpeg_abort_decompress(&d->cinfo);
        copy_message(message, capacity, "fovea_jpeg_read_region: row buffer smaller than a decoded row");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    JDIMENSION top = d->region_top, end = d->region_top + d->region_rows;
    while (d->cinfo.output_scanline < top) {
        if (jpeg_skip_scanlines(&d->cinfo, top - d->cinfo.output_scanline) == 0) ERREXIT(&d->cinfo, JERR_INPUT_EMPTY);
    }
    JSAMPROW rows[16];
    while (d->cinfo.output_scanline < end) {
        JDIMENSION y = d->cinfo.output_scanline;
        JDIMENSION count = end - y;
        if (count > 16) count = 16;
        for (JDIMENSION i = 0; i < count; i++) rows[i] = pixels + (size_t)(y - top + i) * row_bytes;
        if (jpeg_read_scanlines(&d->cinfo, rows, count) == 0) ERREXIT(&d->cinfo, JERR_INPUT_EMPTY);
    }
    /* The rows below are entropy-decoded all the same (skipped whole iMCU rows run the Huffman decoder, with no
       IDCT or color conversion), so a damaged or truncated file fails as it would decoded whole. A skip that
       reaches the last row would jump to the end without decoding, so the last row is read, into a spare row. */
    if (d->cinfo.output_scanline < d->cinfo.output_height) {
        JDIMENSION last = d->cinfo.output_height - 1;
        while (d->cinfo.output_scanline < last) {
            if (jpeg_skip_scanlines(&d->cinfo, last - d->cinfo.output_scanline) == 0)
                ERREXIT(&d->cinfo, JERR_INPUT_EMPTY);
        }
        free(d->cmyk_row);
        d->cmyk_row = malloc(needed + 1);
        if (d->cmyk_row == NULL) {
            jpeg_abort_decompress(&d->cinfo);
            copy_message(message, capacity, "out of memory for a spare scanline");
            return FOVEA_STATUS_OUT_OF_MEMORY;
        }
        JSAMPROW spare = d->cmyk_row;
        if (jpeg_read_scanlines(&d->cinfo, &spare, 1) != 1) ERREXIT(&d->cinfo, JERR_INPUT_EMPTY);
    }
    (void)jpeg_finish_decompress(&d->cinfo);
    return FOVEA_STATUS_OK;
}

struct jpeg_encoder {
    struct jpeg_compress_struct cinfo;
    struct fovea_jpeg_error error;
    unsigned char *buffer;
    unsigned long size;
    uint8_t *pad; /* gray raw input: 8 rows padded to a multiple of 8 columns, or NULL */
};

/* Gray rows as raw component data, one iMCU row (8 rows) per call. libjpeg then reads width_in_blocks × 8 samples
   a row and 8 rows for the last iMCU row; its own input path pads both edges by repeating the last column and the
   last row (expand_right_edge, expand_bottom_edge), and so does this, so the file is the same byte for byte (the
   tests compare them). `pad` holds 8 rows of the padded width when the width is not a multiple of 8. */
static void write_gray_raw(j_compress_ptr cinfo, const uint8_t *pixels, uint32_t width, uint32_t height,
                           size_t row_bytes, uint8_t *pad, size_t padded_width) {
    JSAMPROW rows[DCTSIZE];
    JSAMPARRAY planes[1] = {rows};
    while (cinfo->next_scanline < cinfo->image_height) {
        JDIMENSION y0 = cinfo->next_scanline;
        for (int i = 0; i < DCTSIZE; i++) {
            JDIMENSION y = y0 + (JDIMENSION)i < height ? y0 + (JDIMENSION)i : height - 1;
            const uint8_t *row = pixels + (size_t)y * row_bytes;
            if (pad != NULL) {
                uint8_t *padded = pad + (size_t)i * padded_width;
                memcpy(padded, row, width);
                memset(padded + width, row[width - 1], padded_width - width);
                rows[i] = padded;
            } else {
                rows[i] = (JSAMPROW)row;
            }
        }
        if (jpeg_write_raw_data(cinfo, planes, DCTSIZE) == 0) ERREXIT(cinfo, JERR_BAD_STATE);
    }
}

int fovea_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, size_t row_bytes,
                      int quality, int subsampling, int progressive, int arithmetic, int optimize, int gray_scanlines,
                      const uint8_t *icc, size_t icc_size, uint8_t **output, size_t *output_size, char *message,
                      size_t capacity) {
    *output = NULL;
    *output_size = 0;
    if ((channels != 1 && channels != 3) || row_bytes < (size_t)width * channels || quality < 1 || quality > 100 ||
        subsampling < 0 || subsampling > 2) {
        copy_message(message, capacity, "fovea_jpeg_encode: bad channel count, quality, subsampling or row stride");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    if (icc != NULL && icc_size > (size_t)255 * 65519) { /* 255 markers of at most 65519 profile bytes */
        copy_message(message, capacity, "fovea_jpeg_encode: ICC profile larger than 255 APP2 markers hold");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    struct jpeg_encoder *e = calloc(1, sizeof *e);
    if (e == NULL) {
        copy_message(message, capacity, "out of memory");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    e->cinfo.err = (struct jpeg_error_mgr *)&e->error;
    install_error_manager(&e->error);
    if (setjmp(e->error.jump)) {
        int status = e->error.status == FOVEA_STATUS_OK ? FOVEA_STATUS_LIBRARY_ERROR : e->error.status;
        copy_message(message, capacity, e->error.text);
        jpeg_destroy_compress(&e->cinfo);
        free(e->buffer);
        free(e->pad);
        free(e);
        return status;
    }
    jpeg_create_compress(&e->cinfo);
    jpeg_mem_dest(&e->cinfo, &e->buffer, &e->size);
    e->cinfo.image_width = width;
    e->cinfo.image_height = height;
    e->cinfo.input_components = channels;
    e->cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_EXT_RGB;
    jpeg_set_defaults(&e->cinfo);
    jpeg_set_quality(&e->cinfo, quality, TRUE);
    if (channels == 3) {
        static const int horizontal[3] = {1, 2, 2};
        static const int vertical[3] = {1, 1, 2};
        e->cinfo.comp_info[0].h_samp_factor = horizontal[subsampling];
        e->cinfo.comp_info[0].v_samp_factor = vertical[subsampling];
        for (int c = 1; c < 3; c++) {
            e->cinfo.comp_info[c].h_samp_factor = 1;
            e->cinfo.comp_info[c].v_samp_factor = 1;
        }
    }
    if (progressive) jpeg_simple_progression(&e->cinfo);
    e->cinfo.arith_code = arithmetic ? TRUE : FALSE;
    e->cinfo.optimize_coding = (optimize && !arithmetic) ? TRUE : FALSE;
    size_t padded_width = ((size_t)width + DCTSIZE - 1) / DCTSIZE * DCTSIZE;
    int raw = channels == 1 && !gray_scanlines;
    if (raw) {
        e->cinfo.raw_data_in = TRUE;
        if (padded_width != width) {
            e->pad = malloc(padded_width * DCTSIZE);
            if (e->pad == NULL) {
                e->error.status = FOVEA_STATUS_OUT_OF_MEMORY;
                snprintf(e->error.text, sizeof e->error.text, "out of memory for padded JPEG rows");
                longjmp(e->error.jump, 1);
            }
        }
    }
    jpeg_start_compress(&e->cinfo, TRUE);
    if (icc != NULL && icc_size > 0) jpeg_write_icc_profile(&e->cinfo, icc, (unsigned int)icc_size);
    if (raw) {
        write_gray_raw(&e->cinfo, pixels, width, height, row_bytes, e->pad, padded_width);
    } else {
        JSAMPROW rows[16];
        while (e->cinfo.next_scanline < e->cinfo.image_height) {
            JDIMENSION y = e->cinfo.next_scanline;
            JDIMENSION count = e->cinfo.image_height - y;
            if (count > 16) count = 16;
            for (JDIMENSION i = 0; i < count; i++) rows[i] = (JSAMPROW)(pixels + (size_t)(y + i) * row_bytes);
            (void)jpeg_write_scanlines(&e->cinfo, rows, count);
        }
    }
    jpeg_finish_compress(&e->cinfo);
    jpeg_destroy_compress(&e->cinfo);
    *output = e->buffer;
    *output_size = e->size;
    free(e->pad);
    free(e);
    return FOVEA_STATUS_OK;
}
