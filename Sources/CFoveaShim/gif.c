/* giflib behind status codes: see fovea_shim.h. giflib never longjmps or exits; every call returns GIF_ERROR with
   an error code, turned here into a FOVEA_STATUS_* code and GifErrorString's text. Only the first frame is decoded;
   the others are skipped block by block without decompression (to count them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gif_lib.h>
#include "fovea_shim.h"
#include "shim_message.h"

struct gif_source {
    const uint8_t *data;
    size_t size;
    size_t position;
};

static int gif_read(GifFileType *gif, GifByteType *out, int length) {
    struct gif_source *s = (struct gif_source *)gif->UserData;
    if (length <= 0) return 0;
    size_t n = (size_t)length;
    if (n > s->size - s->position) n = s->size - s->position;
    memcpy(out, s->data + s->position, n);
    s->position += n;
    return (int)n;
}

static int gif_status(int error, char *message, size_t capacity) {
    const char *text = GifErrorString(error);
    text = text ? text : "giflib error";
    if (error == D_GIF_ERR_EOF_TOO_SOON || error == D_GIF_ERR_READ_FAILED) {
        return fail(FOVEA_STATUS_TRUNCATED, message, capacity, text);
    }
    if (error == D_GIF_ERR_NOT_ENOUGH_MEM) return fail(FOVEA_STATUS_OUT_OF_MEMORY, message, capacity, text);
    return fail(FOVEA_STATUS_LIBRARY_ERROR, message, capacity, text);
}

struct fovea_gif_decoder {
    struct gif_source source;
    GifFileType *gif;
    fovea_gif_header header;
    GifColorType palette[256];
    int palette_size;
    int transparent;        /* transparent index of the first frame, or -1 */
    int frame_left, frame_top, frame_width, frame_height, interlaced;
    int background;
};

void fovea_gif_close(fovea_gif_decoder *d) {
    if (d == NULL) return;
    int error = 0;
    if (d->gif != NULL) DGifCloseFile(d->gif, &error);
    free(d);
}

/* Closes a decoder that failed to open and returns `status` (its message already written). */
static int open_failed(fovea_gif_decoder *d, int status) {
    fovea_gif_close(d);
    return status;
}

/* Reads records up to the first image descriptor, remembering the graphic control extension before it. */
int fovea_gif_open(const uint8_t *data, size_t size, fovea_gif_decoder **decoder, fovea_gif_header *header,
                   char *message, size_t capacity) {
    *decoder = NULL;
    struct fovea_gif_decoder *d = calloc(1, sizeof *d);
    if (d == NULL) return fail(FOVEA_STATUS_OUT_OF_MEMORY, message, capacity, "out of memory");
    d->source.data = data;
    d->source.size = size;
    d->transparent = -1;
    int error = 0;
    d->gif = DGifOpen(&d->source, gif_read, &error);
    if (d->gif == NULL) {
        free(d);
        return gif_status(error, message, capacity);
    }
    GifFileType *gif = d->gif;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR) {
            return open_failed(d, gif_status(gif->Error, message, capacity));
        }
        if (type == TERMINATE_RECORD_TYPE) {
            return open_failed(d, fail(FOVEA_STATUS_LIBRARY_ERROR, message, capacity, "the file holds no image"));
        }
        if (type == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *block = NULL;
            if (DGifGetExtension(gif, &code, &block) == GIF_ERROR) {
                return open_failed(d, gif_status(gif->Error, message, capacity));
            }
            if (code == GRAPHICS_EXT_FUNC_CODE && block != NULL && block[0] >= 4) {
                GraphicsControlBlock gcb;
                if (DGifExtensionToGCB(block[0], block + 1, &gcb) == GIF_OK) d->transparent = gcb.TransparentColor;
            }
            while (block != NULL) {
                if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) {
                    return open_failed(d, gif_status(gif->Error, message, capacity));
                }
            }
            continue;
        }
        if (type == IMAGE_DESC_RECORD_TYPE) {
            if (DGifGetImageDesc(gif) == GIF_ERROR) {
                return open_failed(d, gif_status(gif->Error, message, capacity));
            }
            break;
        }
    }
    ColorMapObject *map = gif->Image.ColorMap != NULL ? gif->Image.ColorMap : gif->SColorMap;
    if (map == NULL || map->ColorCount <= 0) {
        return open_failed(d, fail(FOVEA_STATUS_LIBRARY_ERROR, message, capacity,
                                   "the first frame has no colour table (local or global)"));
    }
    d->palette_size = map->ColorCount > 256 ? 256 : map->ColorCount;
    memcpy(d->palette, map->Colors, (size_t)d->palette_size * sizeof(GifColorType));
    d->frame_left = gif->Image.Left;
    d->frame_top = gif->Image.Top;
    d->frame_width = gif->Image.Width;
    d->frame_height = gif->Image.Height;
    d->interlaced = gif->Image.Interlace ? 1 : 0;
    d->background = gif->SBackGroundColor;
    /* The canvas is the logical screen (as Pillow's first frame), grown to hold the frame if it sticks out. */
    uint32_t width = (uint32_t)gif->SWidth, height = (uint32_t)gif->SHeight;
    if ((uint32_t)(d->frame_left + d->frame_width) > width) width = (uint32_t)(d->frame_left + d->frame_width);
    if ((uint32_t)(d->frame_top + d->frame_height) > height) height = (uint32_t)(d->frame_top + d->frame_height);
    header->width = width;
    header->height = height;
    header->palette_size = d->palette_size;
    header->transparent_index = d->transparent;
    header->bits_per_pixel = map->BitsPerPixel;
    header->interlaced = d->interlaced;
    header->frame_count = 1;
    header->gray_ramp = 1;
    for (int i = 0; i < d->palette_size; i++) {
        if (d->palette[i].Red != i || d->palette[i].Green != i || d->palette[i].Blue != i) header->gray_ramp = 0;
    }
    d->header = *header;
    *decoder = d;
    return FOVEA_STATUS_OK;
}

/* Decodes the first frame as palette indices onto the canvas (`index_rows`, width bytes per row), filled first with
   the transparent index (when there is one) or the background index. Then counts the remaining frames. */
int fovea_gif_read(fovea_gif_decoder *d, uint8_t *indices, int *frame_count, char *message, size_t capacity) {
    GifFileType *gif = d->gif;
    uint32_t width = d->header.width, height = d->header.height;
    int fill = d->transparent >= 0 ? d->transparent : d->background;
    memset(indices, fill, (size_t)width * height);
    uint8_t *line = malloc(d->frame_width > 0 ? (size_t)d->frame_width : 1);
    if (line == NULL) return fail(FOVEA_STATUS_OUT_OF_MEMORY, message, capacity, "out of memory for a GIF row");
    static const int start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
    int passes = d->interlaced ? 4 : 1;
    for (int pass = 0; pass < passes; pass++) {
        int y0 = d->interlaced ? start[pass] : 0, dy = d->interlaced ? step[pass] : 1;
        for (int y = y0; y < d->frame_height; y += dy) {
            if (DGifGetLine(gif, line, d->frame_width) == GIF_ERROR) {
                free(line);
                return gif_status(gif->Error, message, capacity);
            }
            memcpy(indices + (size_t)(d->frame_top + y) * width + d->frame_left, line, (size_t)d->frame_width);
        }
    }
    free(line);
    *frame_count = 1;
    return fovea_gif_count_rest(d, frame_count, message, capacity);
}

/* Counts the frames after the current position, skipping their compressed blocks (no decompression). */
int fovea_gif_count_rest(fovea_gif_decoder *d, int *frame_count, char *message, size_t capacity) {
    (void)message; (void)capacity;
    GifFileType *gif = d->gif;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR || type == TERMINATE_RECORD_TYPE) return FOVEA_STATUS_OK;
        if (type == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *block = NULL;
            if (DGifGetExtension(gif, &code, &block) == GIF_ERROR) return FOVEA_STATUS_OK;
            while (block != NULL) if (DGifGetExtensionNext(gif, &block) == GIF_ERROR) return FOVEA_STATUS_OK;
        } else if (type == IMAGE_DESC_RECORD_TYPE) {
            if (DGifGetImageDesc(gif) == GIF_ERROR) return FOVEA_STATUS_OK;
            (*frame_count)++;
            int code_size = 0;
            GifByteType *block = NULL;
            if (DGifGetCode(gif, &code_size, &block) == GIF_ERROR) return FOVEA_STATUS_OK;
            while (block != NULL) if (DGifGetCodeNext(gif, &block) == GIF_ERROR) return FOVEA_STATUS_OK;
        }
    }
}

int fovea_gif_count_frames(fovea_gif_decoder *d, int *frame_count, char *message, size_t capacity) {
    int code_size = 0;
    GifByteType *block = NULL;
    *frame_count = 1;
    if (DGifGetCode(d->gif, &code_size, &block) == GIF_ERROR) return FOVEA_STATUS_OK;
    while (block != NULL) if (DGifGetCodeNext(d->gif, &block) == GIF_ERROR) return FOVEA_STATUS_OK;
    return fovea_gif_count_rest(d, frame_count, message, capacity);
}

int fovea_gif_palette(fovea_gif_decoder *d, uint8_t *rgb) {
    for (int i = 0; i < d->palette_size; i++) {
        rgb[3 * i] = d->palette[i].Red;
        rgb[3 * i + 1] = d->palette[i].Green;
        rgb[3 * i + 2] = d->palette[i].Blue;
    }
    return d->palette_size;
}

const char *fovea_giflib_version(void) {
    static char text[16];
    snprintf(text, sizeof text, "%d.%d.%d", GIFLIB_MAJOR, GIFLIB_MINOR, GIFLIB_RELEASE);
    return text;
}
