/* Fovea's PNG writer: its own chunk writer and row filters, with the whole filtered image compressed in one call by
   libdeflate (see fovea_shim.h). libdeflate never longjmps or exits; it returns 0 when the output does not fit, which
   cannot happen with a buffer of libdeflate_zlib_compress_bound bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include "fovea_shim.h"

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Appends a chunk (length, type, data, CRC-32 of type and data) at `out`; returns the bytes written. */
static size_t write_chunk(uint8_t *out, const char *type, const uint8_t *data, size_t length) {
    put32(out, (uint32_t)length);
    memcpy(out + 4, type, 4);
    if (length > 0) memcpy(out + 8, data, length);
    uint32_t crc = libdeflate_crc32(0, out + 4, length + 4);
    put32(out + 8 + length, crc);
    return length + 12;
}

/* Filters one row of n bytes (pixel size bpp) with `filter` into out; prior is the previous row or NULL. */
static void filter_row(int filter, const uint8_t *restrict row, const uint8_t *restrict prior, uint8_t *restrict out,
                       size_t n, size_t bpp) {
    size_t i;
    switch (filter) {
    case 0:
        memcpy(out, row, n);
        break;
    case 1:
        for (i = 0; i < bpp && i < n; i++) out[i] = row[i];
        for (; i < n; i++) out[i] = (uint8_t)(row[i] - row[i - bpp]);
        break;
    case 2:
        for (i = 0; i < n; i++) out[i] = (uint8_t)(row[i] - prior[i]);
        break;
    case 3:
        for (i = 0; i < bpp && i < n; i++) out[i] = (uint8_t)(row[i] - (prior[i] >> 1));
        for (; i < n; i++) out[i] = (uint8_t)(row[i] - ((row[i - bpp] + prior[i]) >> 1));
        break;
    default: /* 4: Paeth, branch-free so the loop vectorises (it reads only unfiltered bytes: no recurrence) */
        for (i = 0; i < bpp && i < n; i++) out[i] = (uint8_t)(row[i] - prior[i]);
        for (; i < n; i++) {
            int a = row[i - bpp], b = prior[i], c = prior[i - bpp];
            int pa = b - c, pb = a - c, pc = pa + pb;
            pa = pa < 0 ? -pa : pa;
            pb = pb < 0 ? -pb : pb;
            pc = pc < 0 ? -pc : pc;
            int predictor = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
            out[i] = (uint8_t)(row[i] - predictor);
        }
        break;
    }
}

/* libpng's heuristic: the sum of the filtered bytes taken as signed, in absolute value. */
static uint64_t row_cost(const uint8_t *out, size_t n) {
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = (int8_t)out[i];
        sum += (uint64_t)(v < 0 ? -v : v);
    }
    return sum;
}

int fovea_png_encode_deflate(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                             size_t row_bytes, int effort, const uint8_t *icc, size_t icc_size, uint8_t **output,
                             size_t *output_size, char *message, size_t capacity) {
    static const uint8_t color_types[5] = {0, 0, 4, 2, 6};
    *output = NULL;
    *output_size = 0;
    if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || effort < 0 || effort > 2 ||
        width == 0 || height == 0 || width > 0x7fffffff || height > 0x7fffffff) {
        snprintf(message, capacity, "fovea_png_encode_deflate: bad size, channel count, bit depth or effort");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    size_t bpp = (size_t)channels * (size_t)(bit_depth / 8);
    size_t n = (size_t)width * bpp;
    if (row_bytes < n || (size_t)height > (SIZE_MAX / 2) / (n + 1)) {
        snprintf(message, capacity, "fovea_png_encode_deflate: row stride too small or image too large");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    size_t filtered_size = (size_t)height * (n + 1);
    uint8_t *filtered = malloc(filtered_size);
    /* 16-bit rows are byte-swapped to big-endian first; the previous row is kept for the filters. */
    uint8_t *rows16 = bit_depth == 16 ? malloc(2 * n) : NULL;
    uint8_t *trial = effort > 0 ? malloc(5 * n) : NULL;
    int ok = filtered != NULL && (bit_depth != 16 || rows16 != NULL) && (effort == 0 || trial != NULL);
    const uint8_t *prior = NULL;
    for (uint32_t y = 0; ok && y < height; y++) {
        const uint8_t *row = pixels + (size_t)y * row_bytes;
        if (bit_depth == 16) {
            uint8_t *swapped = rows16 + (y % 2) * n;
            const uint16_t *samples = (const uint16_t *)row;
            for (size_t i = 0; i < n / 2; i++) {
                swapped[2 * i] = (uint8_t)(samples[i] >> 8);
                swapped[2 * i + 1] = (uint8_t)samples[i];
            }
            row = swapped;
        }
        uint8_t *out = filtered + (size_t)y * (n + 1);
        if (prior == NULL) {
            /* First row: Sub (Up, Average and Paeth reduce to it or to None). */
            out[0] = 1;
            filter_row(1, row, NULL, out + 1, n, bpp);
        } else if (effort == 0) {
            out[0] = 4;
            filter_row(4, row, prior, out + 1, n, bpp);
        } else {
            int best = 0;
            uint64_t best_cost = UINT64_MAX;
            for (int f = 0; f < 5; f++) {
                filter_row(f, row, prior, trial + (size_t)f * n, n, bpp);
                uint64_t cost = row_cost(trial + (size_t)f * n, n);
                if (cost < best_cost) {
                    best_cost = cost;
                    best = f;
                }
            }
            out[0] = (uint8_t)best;
            memcpy(out + 1, trial + (size_t)best * n, n);
        }
        prior = row;
    }
    free(trial);
    static const int levels[3] = {1, 6, 12};
    struct libdeflate_compressor *compressor = ok ? libdeflate_alloc_compressor(levels[effort]) : NULL;
    size_t bound = compressor ? libdeflate_zlib_compress_bound(compressor, filtered_size) : 0;
    size_t icc_bound = compressor && icc_size > 0 ? libdeflate_zlib_compress_bound(compressor, icc_size) : 0;
    /* Signature, IHDR, iCCP, IDAT chunks of at most 1 MiB each, IEND. */
    size_t chunks = bound / (1u << 20) + 1;
    size_t total = 8 + 25 + (icc_size > 0 ? 12 + 12 + icc_bound : 0) + bound + 12 * chunks + 12;
    uint8_t *png = compressor ? malloc(total) : NULL;
    uint8_t *zdata = png ? malloc(bound) : NULL;
    if (zdata == NULL) {
        if (compressor) libdeflate_free_compressor(compressor);
        free(filtered);
        free(rows16);
        free(png);
        snprintf(message, capacity, "out of memory encoding a %u x %u PNG", width, height);
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    size_t zsize = libdeflate_zlib_compress(compressor, filtered, filtered_size, zdata, bound);
    free(filtered);
    free(rows16);
    size_t at = 0;
    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    memcpy(png, signature, 8);
    at = 8;
    uint8_t ihdr[13];
    put32(ihdr, width);
    put32(ihdr + 4, height);
    ihdr[8] = (uint8_t)bit_depth;
    ihdr[9] = color_types[channels];
    ihdr[10] = 0; /* compression method */
    ihdr[11] = 0; /* filter method */
    ihdr[12] = 0; /* no interlace */
    at += write_chunk(png + at, "IHDR", ihdr, 13);
    if (icc_size > 0 && zsize > 0) {
        /* iCCP: profile name, NUL, compression method 0, zlib stream. */
        static const char name[] = "ICC Profile";
        size_t head = sizeof name + 1;
        uint8_t *chunk = malloc(head + icc_bound);
        size_t icc_z = chunk ? libdeflate_zlib_compress(compressor, icc, icc_size, chunk + head, icc_bound) : 0;
        if (icc_z == 0) {
            free(chunk);
            libdeflate_free_compressor(compressor);
            free(zdata);
            free(png);
            snprintf(message, capacity, "cannot compress the ICC profile");
            return FOVEA_STATUS_OUT_OF_MEMORY;
        }
        memcpy(chunk, name, sizeof name);
        chunk[sizeof name] = 0;
        at += write_chunk(png + at, "iCCP", chunk, head + icc_z);
        free(chunk);
    }
    libdeflate_free_compressor(compressor);
    if (zsize == 0) {
        free(zdata);
        free(png);
        snprintf(message, capacity, "libdeflate could not compress the image data");
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    for (size_t offset = 0; offset < zsize; offset += (1u << 20)) {
        size_t length = zsize - offset < (1u << 20) ? zsize - offset : (1u << 20);
        at += write_chunk(png + at, "IDAT", zdata + offset, length);
    }
    at += write_chunk(png + at, "IEND", NULL, 0);
    free(zdata);
    *output = png;
    *output_size = at;
    return FOVEA_STATUS_OK;
}

const char *fovea_libdeflate_version(void) { return LIBDEFLATE_VERSION_STRING; }
