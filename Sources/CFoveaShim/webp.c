/* libwebp behind status codes: see fovea_shim.h. libwebp never longjmps or exits; every failure it reports (a
   VP8StatusCode, a WebPEncodingError, a NULL result) is turned into a FOVEA_STATUS_* code and a message here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <webp/mux.h>
#include "fovea_shim.h"
#include "shim_message.h"

static const char *vp8_status_text(VP8StatusCode status) {
    switch (status) {
    case VP8_STATUS_OUT_OF_MEMORY: return "out of memory";
    case VP8_STATUS_INVALID_PARAM: return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR: return "bitstream error";
    case VP8_STATUS_UNSUPPORTED_FEATURE: return "unsupported feature";
    case VP8_STATUS_SUSPENDED: return "suspended";
    case VP8_STATUS_USER_ABORT: return "aborted";
    case VP8_STATUS_NOT_ENOUGH_DATA: return "not enough data";
    default: return "unknown error";
    }
}

static int vp8_status(VP8StatusCode status, char *message, size_t capacity) {
    copy_message(message, capacity, vp8_status_text(status));
    if (status == VP8_STATUS_NOT_ENOUGH_DATA) return FOVEA_STATUS_TRUNCATED;
    if (status == VP8_STATUS_OUT_OF_MEMORY) return FOVEA_STATUS_OUT_OF_MEMORY;
    return FOVEA_STATUS_LIBRARY_ERROR;
}

const char *fovea_libwebp_version(void) {
    static char text[16];
    int v = WebPGetDecoderVersion();
    snprintf(text, sizeof text, "%d.%d.%d", (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    return text;
}

int fovea_webp_info(const uint8_t *data, size_t size, fovea_webp_header *header, char *message, size_t capacity) {
    memset(header, 0, sizeof *header);
    WebPBitstreamFeatures features;
    VP8StatusCode status = WebPGetFeatures(data, size, &features);
    if (status != VP8_STATUS_OK) return vp8_status(status, message, capacity);
    header->width = (uint32_t)features.width;
    header->height = (uint32_t)features.height;
    header->has_alpha = features.has_alpha ? 1 : 0;
    header->has_animation = features.has_animation ? 1 : 0;
    header->lossless = features.format == 2 ? 1 : 0;
    /* The ICC profile (and the animation frame count) live in the RIFF container; the demuxer only reads chunks. */
    WebPData bitstream = {data, size};
    WebPMux *mux = WebPMuxCreate(&bitstream, 0);
    if (mux != NULL) {
        WebPData icc;
        if (WebPMuxGetChunk(mux, "ICCP", &icc) == WEBP_MUX_OK) header->icc_size = icc.size;
        int frames = 0;
        if (WebPMuxNumChunks(mux, WEBP_CHUNK_ANMF, &frames) == WEBP_MUX_OK && frames > 0) header->frame_count = frames;
        WebPMuxDelete(mux);
    }
    if (header->frame_count == 0) header->frame_count = 1;
    return FOVEA_STATUS_OK;
}

int fovea_webp_icc(const uint8_t *data, size_t size, uint8_t *profile, size_t profile_size) {
    WebPData bitstream = {data, size};
    WebPMux *mux = WebPMuxCreate(&bitstream, 0);
    if (mux == NULL) return FOVEA_STATUS_LIBRARY_ERROR;
    WebPData icc;
    int status = FOVEA_STATUS_BAD_ARGUMENT;
    if (WebPMuxGetChunk(mux, "ICCP", &icc) == WEBP_MUX_OK && icc.size == profile_size) {
        memcpy(profile, icc.bytes, icc.size);
        status = FOVEA_STATUS_OK;
    }
    WebPMuxDelete(mux);
    return status;
}

int fovea_webp_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t row_bytes, int channels,
                      char *message, size_t capacity) {
    if ((channels != 3 && channels != 4) || pixels == NULL) {
        copy_message(message, capacity, "fovea_webp_decode: channels must be 3 or 4");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) {
        copy_message(message, capacity, "libwebp version mismatch");
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    VP8StatusCode status = WebPGetFeatures(data, size, &config.input);
    if (status != VP8_STATUS_OK) return vp8_status(status, message, capacity);
    if (config.input.has_animation) {
        copy_message(message, capacity, "animated WebP is not supported");
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    config.output.colorspace = channels == 4 ? MODE_RGBA : MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = pixels;
    config.output.u.RGBA.stride = (int)row_bytes;
    config.output.u.RGBA.size = row_bytes * (size_t)config.input.height;
    status = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);
    if (status != VP8_STATUS_OK) return vp8_status(status, message, capacity);
    return FOVEA_STATUS_OK;
}

static const char *encoding_error_text(WebPEncodingError error) {
    switch (error) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory for the bitstream";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "bad dimensions (WebP holds at most 16383 x 16383 pixels)";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW: return "partition 0 overflow (lower the quality)";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "partition overflow";
    case VP8_ENC_ERROR_BAD_WRITE: return "write failed";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "file too big (4 GiB)";
    default: return "encoding failed";
    }
}

int fovea_webp_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, size_t row_bytes,
                      int lossless, float quality, const uint8_t *icc, size_t icc_size, uint8_t **output,
                      size_t *output_size, char *message, size_t capacity) {
    *output = NULL;
    *output_size = 0;
    if ((channels != 3 && channels != 4) || row_bytes < (size_t)width * (size_t)channels || quality < 0 || quality > 100 ||
        row_bytes > 0x7fffffff) {
        copy_message(message, capacity, "fovea_webp_encode: bad channel count, quality or row stride");
        return FOVEA_STATUS_BAD_ARGUMENT;
    }
    if (width == 0 || height == 0 || width > WEBP_MAX_DIMENSION || height > WEBP_MAX_DIMENSION) {
        snprintf(message, capacity, "WebP cannot hold %u x %u pixels (1 to %d on each side)", width, height,
                 WEBP_MAX_DIMENSION);
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    WebPConfig config;
    WebPPicture picture;
    if (!WebPConfigInit(&config) || !WebPPictureInit(&picture)) {
        copy_message(message, capacity, "libwebp version mismatch");
        return FOVEA_STATUS_LIBRARY_ERROR;
    }
    config.quality = quality;
    config.lossless = lossless ? 1 : 0;
    /* Lossless keeps the RGB under fully transparent pixels too, so a round trip is exact. */
    config.exact = lossless ? 1 : 0;
    if (lossless) config.method = 4;
    picture.use_argb = lossless ? 1 : 0;
    picture.width = (int)width;
    picture.height = (int)height;
    int imported = channels == 4 ? WebPPictureImportRGBA(&picture, pixels, (int)row_bytes)
                                 : WebPPictureImportRGB(&picture, pixels, (int)row_bytes);
    if (!imported) {
        WebPPictureFree(&picture);
        copy_message(message, capacity, "out of memory importing the picture");
        return FOVEA_STATUS_OUT_OF_MEMORY;
    }
    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    picture.writer = WebPMemoryWrite;
    picture.custom_ptr = &writer;
    int ok = WebPEncode(&config, &picture);
    WebPEncodingError error = picture.error_code;
    WebPPictureFree(&picture);
    if (!ok) {
        WebPMemoryWriterClear(&writer);
        copy_message(message, capacity, encoding_error_text(error));
        return error == VP8_ENC_ERROR_OUT_OF_MEMORY ? FOVEA_STATUS_OUT_OF_MEMORY : FOVEA_STATUS_LIBRARY_ERROR;
    }
    if (icc == NULL || icc_size == 0) {
        *output = writer.mem; /* allocated with malloc (WebPMalloc), released by fovea_free */
        *output_size = writer.size;
        return FOVEA_STATUS_OK;
    }
    /* An ICC profile goes into a VP8X container through the muxer. */
    WebPData image = {writer.mem, writer.size}, profile = {icc, icc_size}, assembled = {NULL, 0};
    WebPMux *mux = WebPMuxNew();
    int status = FOVEA_STATUS_OK;
    if (mux == NULL || WebPMuxSetImage(mux, &image, 1) != WEBP_MUX_OK || WebPMuxSetChunk(mux, "ICCP", &profile, 1) != WEBP_MUX_OK ||
        WebPMuxAssemble(mux, &assembled) != WEBP_MUX_OK) {
        copy_message(message, capacity, "cannot add the ICC profile to the WebP container");
        status = FOVEA_STATUS_LIBRARY_ERROR;
    }
    WebPMuxDelete(mux);
    WebPMemoryWriterClear(&writer);
    if (status != FOVEA_STATUS_OK) {
        WebPDataClear(&assembled);
        return status;
    }
    *output = (uint8_t *)assembled.bytes;
    *output_size = assembled.size;
    return FOVEA_STATUS_OK;
}
