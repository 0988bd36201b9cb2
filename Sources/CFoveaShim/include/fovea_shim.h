#ifndef FOVEA_SHIM_H
#define FOVEA_SHIM_H
/* C side of Fovea's codecs: every libpng/libjpeg call that can longjmp or exit() is made from here,
   behind setjmp, and reports failure through a return code and a message buffer. No longjmp ever leaves
   this file, so none crosses a Swift frame.

   Every function that can fail returns one of the FOVEA_STATUS_* codes and, on failure, writes a
   NUL-terminated message of at most `capacity - 1` bytes into `message`. */

#include <stddef.h>
#include <stdint.h>

/** Success. */
#define FOVEA_STATUS_OK 0
/** The C library reported an error; the message holds its text. */
#define FOVEA_STATUS_LIBRARY_ERROR 1
/** The input ended before the library had read everything it needed. */
#define FOVEA_STATUS_TRUNCATED 2
/** An allocation failed. */
#define FOVEA_STATUS_OUT_OF_MEMORY 3
/** The caller passed arguments the shim cannot handle (a programming error on the Swift side). */
#define FOVEA_STATUS_BAD_ARGUMENT 4

/** The libpng version string Fovea was built against. */
const char *fovea_libpng_version(void);
/** The libjpeg API version (for example 62 or 80). */
int fovea_libjpeg_version(void);
/** Frees a buffer returned by an encoder. */
void fovea_free(void *pointer);

/* MARK: - PNG */

/** An open PNG decoder over an in-memory file (opaque). */
typedef struct fovea_png_decoder fovea_png_decoder;

/** What the PNG header says, and the layout `fovea_png_read` will produce. */
typedef struct {
    uint32_t width;
    uint32_t height;
    /** Bits per sample as stored: 1, 2, 4, 8 or 16. */
    int bit_depth;
    /** PNG color type as stored: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
    int color_type;
    /** 1 when Adam7-interlaced. */
    int interlaced;
    /** 1 when a tRNS chunk is present. */
    int has_transparency;
    /** Samples per output pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
    int output_channels;
    /** Bits per output sample: 8 or 16 (16-bit samples come out in host byte order). */
    int output_bit_depth;
    /** Bytes per output row. */
    size_t output_row_bytes;
} fovea_png_header;

/** Parses the signature and the chunks up to the first IDAT, and sets up the transforms to the natural layout:
    1/2/4-bit gray scaled to 8 bits, palette to RGB (RGBA when tRNS is present), gray and RGB with a tRNS colour to
    gray+alpha and RGBA (png_set_tRNS_to_alpha: alpha 0 where the colour matches), 16-bit kept. `data` must stay
    valid until `fovea_png_close`. On success `*decoder` must be closed with `fovea_png_close`. */
int fovea_png_open(const uint8_t *data, size_t size, fovea_png_decoder **decoder, fovea_png_header *header,
                   char *message, size_t capacity);
/** Decodes every row (all Adam7 passes) into `pixels`, `row_bytes` apart, then reads the chunks after the image
    data (checking their CRCs). `row_bytes` must be at least the header's `output_row_bytes`. */
int fovea_png_read(fovea_png_decoder *decoder, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity);
/** Releases the decoder (NULL is allowed). */
void fovea_png_close(fovea_png_decoder *decoder);

/** The compressed image data went on past the end of the image; decoding stopped there without inflating the rest
    (libpng's "Extra compressed data" / "Too many IDATs found"). */
#define FOVEA_PNG_WARNING_EXTRA_DATA 1
/** The FOVEA_PNG_WARNING_* bits raised so far (after `fovea_png_read`, all of them). */
int fovea_png_warnings(const fovea_png_decoder *decoder);

/** Encodes `height` rows of `width` pixels of `channels` (1-4) samples of `bit_depth` (8 or 16, host byte order)
    bits, `row_bytes` apart, as a non-interlaced PNG with zlib `compression_level` 0-9. On success `*output`
    holds `*output_size` bytes to release with `fovea_free`. */
int fovea_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                     size_t row_bytes, int compression_level, uint8_t **output, size_t *output_size,
                     char *message, size_t capacity);

/* MARK: - JPEG */

/** An open JPEG decoder over an in-memory file (opaque). */
typedef struct fovea_jpeg_decoder fovea_jpeg_decoder;

/** What the JPEG header says, and the layout `fovea_jpeg_read` will produce. */
typedef struct {
    uint32_t width;
    uint32_t height;
    /** Components in the file: 1 (gray), 3 (YCbCr/RGB) or 4 (CMYK/YCCK). */
    int components;
    /** The file's color space, libjpeg's J_COLOR_SPACE (1 gray, 2 RGB, 3 YCbCr, 4 CMYK, 5 YCCK). */
    int color_space;
    /** 1 for progressive (SOF2/SOF6/SOF10) files. */
    int progressive;
    /** 1 for arithmetic-coded files. */
    int arithmetic;
    /** Samples per output pixel: 1 for gray files, 3 (RGB) for all others (CMYK and YCCK converted). */
    int output_channels;
    /** The first APP1 "Exif\0\0" payload (the TIFF structure after those six bytes), or NULL. Valid only until
        `fovea_jpeg_read` (finishing the decompression frees the saved markers) or close. */
    const uint8_t *exif;
    size_t exif_size;
} fovea_jpeg_header;

/** Reads the markers up to the first scan (saving APP1) and chooses the output color space: gray stays gray,
    YCbCr and RGB decode straight to RGB, CMYK and YCCK decode to CMYK and are converted to RGB the way Pillow
    does (Adobe-inverted samples, `R = K' - K'·C'/255`). `data` must stay valid until `fovea_jpeg_close`. */
int fovea_jpeg_open(const uint8_t *data, size_t size, fovea_jpeg_decoder **decoder, fovea_jpeg_header *header,
                    char *message, size_t capacity);
/** Decodes every scanline straight into `pixels`, `row_bytes` apart (at least width × output_channels). A file that
    ends before its last scan is complete fails with FOVEA_STATUS_TRUNCATED. */
int fovea_jpeg_read(fovea_jpeg_decoder *decoder, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity);
/** Releases the decoder (NULL is allowed). */
void fovea_jpeg_close(fovea_jpeg_decoder *decoder);

/** Chroma subsampling for `fovea_jpeg_encode`. */
#define FOVEA_JPEG_SUBSAMPLING_444 0
#define FOVEA_JPEG_SUBSAMPLING_422 1
#define FOVEA_JPEG_SUBSAMPLING_420 2

/** Encodes 8-bit gray (`channels` 1) or RGB (`channels` 3) rows `row_bytes` apart as a JFIF JPEG with the given
    quality (1-100), chroma subsampling (RGB only), and optional progressive, arithmetic and optimised-Huffman
    coding. On success `*output` holds `*output_size` bytes to release with `fovea_free`. */
int fovea_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, size_t row_bytes,
                      int quality, int subsampling, int progressive, int arithmetic, int optimize,
                      uint8_t **output, size_t *output_size, char *message, size_t capacity);

/* MARK: - WebP (libwebp; webp.c) */

/** What a WebP file's headers say. */
typedef struct {
    uint32_t width;
    uint32_t height;
    /** 1 when the image has an alpha channel (decoded as RGBA; RGB otherwise). */
    int has_alpha;
    /** 1 for an animation (not decoded). */
    int has_animation;
    /** 1 for a lossless (VP8L) bitstream, 0 for lossy (VP8) or an animation. */
    int lossless;
    /** Frames in an animation, 1 otherwise. */
    int frame_count;
    /** Bytes of the ICCP chunk, 0 when there is none. */
    size_t icc_size;
} fovea_webp_header;

/** libwebp's decoder version, for example "1.2.4". */
const char *fovea_libwebp_version(void);
/** Reads the headers and the RIFF chunk list (no pixels). */
int fovea_webp_info(const uint8_t *data, size_t size, fovea_webp_header *header, char *message, size_t capacity);
/** Copies the ICCP chunk (exactly `profile_size` bytes, as fovea_webp_info reported) into `profile`. */
int fovea_webp_icc(const uint8_t *data, size_t size, uint8_t *profile, size_t profile_size);
/** Decodes a still WebP into `channels` (3 RGB or 4 RGBA, not premultiplied) rows `row_bytes` apart. The caller has
    checked the dimensions from fovea_webp_info against its pixel limit and sized `pixels` for them. */
int fovea_webp_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t row_bytes, int channels,
                      char *message, size_t capacity);
/** Encodes 8-bit RGB or RGBA rows as lossy WebP at `quality` (0-100, libwebp's scale) or as lossless WebP (exact:
    RGB under transparent pixels kept), with an optional ICC profile (NULL/0 for none). On success `*output` holds
    `*output_size` bytes to release with `fovea_free`. */
int fovea_webp_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, size_t row_bytes,
                      int lossless, float quality, const uint8_t *icc, size_t icc_size, uint8_t **output,
                      size_t *output_size, char *message, size_t capacity);

#endif
