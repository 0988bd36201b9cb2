/* BMP through stb_image (read) and stb_image_write (24-bit write): see fovea_shim.h. stb never longjmps or exits;
   failures are NULL/0 results with stbi_failure_reason's text. The caller checks the header (the "BM" signature and
   a known DIB header size, so stb takes the file for a BMP and no other format) and the pixel limit first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stb_image.h>
#include <stb_image_write.h>
#include "fovea_shim.h"

int fovea_bmp_info(const uint8_t *data, size_t size, uint32_t *width, uint32_t *height, int *channels) {
    if (size > 0x7fffffff) return FOVEA_STATUS_BAD_ARGUMENT;
    int w = 0, h = 0, c = 0;
    if (!stbi_info_from_memory(data, (int)size, &w, &h, &c)) return FOVEA_STATUS_LIBRARY_ERROR;
    *width = (uint32_t)w;
    *height = (uint32_t)h;
    *channels = c;
    return FOVEA_STATUS_OK;
}

int fovea_bmp_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t pixel_bytes, int channels,
                     char *message, size_t capacity) {
    if (size > 0x7fffffff || channels < 3 || channels > 4) {
        snprintf(message, capacity, "fovea_bmp_decode: file too large or bad channel count");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    int w = 0, h = 0, c = 0;
    stbi_uc *decoded = stbi_load_from_memory(data, (int)size, &w, &h, &c, channels);
    if (decoded == NULL) {
        const char *reason = stbi_failure_reason();
        snprintf(message, capacity, "%s", reason ? reason : "cannot decode");
        return reason && strstr(reason, "bad") == NULL && strstr(reason, "outofmem") != NULL ? FOVEA_STATUS_OUT_OF_MEMORY
                                                                                           : FOVEA_STATUS_LIBRARY_ERROR;
    }
    size_t needed = (size_t)w * (size_t)h * (size_t)channels;
    if (needed != pixel_bytes) {
        stbi_image_free(decoded);
        snprintf(message, capacity, "decoded %d x %d pixels, the header said otherwise", w, h);
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    memcpy(pixels, decoded, needed);
    stbi_image_free(decoded);
    return FOVEA_STATUS_OK;
}

struct bmp_output {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    int failed;
};

static void bmp_write(void *context, void *data, int length) {
    struct bmp_output *o = (struct bmp_output *)context;
    if (o->failed || length <= 0) return;
    if ((size_t)length > o->capacity - o->size) {
        size_t wanted = o->capacity ? o->capacity : 65536;
        while (wanted - o->size < (size_t)length) wanted *= 2;
        uint8_t *grown = realloc(o->bytes, wanted);
        if (grown == NULL) {
            o->failed = 1;
            return;
        }
        o->bytes = grown;
        o->capacity = wanted;
    }
    memcpy(o->bytes + o->size, data, (size_t)length);
    o->size += (size_t)length;
}

int fovea_bmp_encode(const uint8_t *rgb, uint32_t width, uint32_t height, uint8_t **output, size_t *output_size,
                     char *message, size_t capacity) {
    *output = NULL;
    *output_size = 0;
    if (width == 0 || height == 0 || width > 0x7fffffff / 3 || height > 0x7fffffff) {
        snprintf(message, capacity, "BMP cannot hold %u x %u pixels", width, height);
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    struct bmp_output o = {NULL, 0, 0, 0};
    int ok = stbi_write_bmp_to_func(bmp_write, &o, (int)width, (int)height, 3, rgb);
    if (!ok || o.failed) {
        free(o.bytes);
        snprintf(message, capacity, "out of memory writing the BMP");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    *output = o.bytes;
    *output_size = o.size;
    return FOVEA_STATUS_OK;
}
