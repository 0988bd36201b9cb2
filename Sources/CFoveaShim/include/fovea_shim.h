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

/** What the PNG header says, and the layout `fovea_png_read_packed` will produce. */
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
    /** Bytes of the (decompressed) iCCP profile, 0 when there is none. */
    size_t icc_size;
    /** Bytes of the buffer to give `fovea_png_read_packed` for the fastest decode: height × output_row_bytes, plus
        one byte a row (the filter bytes) for the layouts Fovea unfilters itself. */
    size_t read_buffer_size;
} fovea_png_header;

/** Parses the signature and the chunks up to the first IDAT, and sets up the transforms to the natural layout:
    1/2/4-bit gray scaled to 8 bits, palette to RGB (RGBA when tRNS is present), gray and RGB with a tRNS colour to
    gray+alpha and RGBA (png_set_tRNS_to_alpha: alpha 0 where the colour matches), 16-bit kept. `data` must stay
    valid until `fovea_png_close`. On success `*decoder` must be closed with `fovea_png_close`. */
int fovea_png_open(const uint8_t *data, size_t size, fovea_png_decoder **decoder, fovea_png_header *header,
                   char *message, size_t capacity);
/** Decodes every row (all Adam7 passes) into `pixels`, `row_bytes` apart (at least the header's `output_row_bytes`),
    then reads the chunks after the image data (checking their CRCs). `pixels` holds `buffer_size` bytes: with packed
    rows (`row_bytes` = the header's `output_row_bytes`) and at least the header's `read_buffer_size` bytes, the whole IDAT stream is inflated by
    libdeflate straight into `pixels` and unfiltered there (the bytes past the image are scratch); otherwise, or when
    that stream is not exactly the image data, rows are inflated one at a time by zlib. */
int fovea_png_read_packed(fovea_png_decoder *decoder, uint8_t *pixels, size_t row_bytes, size_t buffer_size,
                          char *message, size_t capacity);
/** Releases the decoder (NULL is allowed). */
void fovea_png_close(fovea_png_decoder *decoder);

/** The compressed image data went on past the end of the image; decoding stopped there without inflating the rest
    (libpng's "Extra compressed data" / "Too many IDATs found"). */
#define FOVEA_PNG_WARNING_EXTRA_DATA 1
/** Copies the iCCP profile (exactly `profile_size` bytes, as the header reported). */
int fovea_png_icc(fovea_png_decoder *decoder, uint8_t *profile, size_t profile_size);
/** Makes `fovea_png_read_packed` use libpng's row decoder for every layout (the direct path is proven against it). */
void fovea_png_use_libpng(fovea_png_decoder *decoder);
/** Makes the direct path inflate row by row with zlib instead of the whole stream at once with libdeflate (the
    tests prove one against the other; the row-by-row path is also the fallback for any stream the whole-stream path
    does not take). */
void fovea_png_use_streaming_inflate(fovea_png_decoder *decoder);
/** The FOVEA_PNG_WARNING_* bits raised so far (after `fovea_png_read_packed`, all of them). */
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
    /** The ICC profile reassembled from the APP2 "ICC_PROFILE" markers (jpeg_read_icc_profile), or NULL; owned by
        the decoder, valid until `fovea_jpeg_close`. */
    const uint8_t *icc;
    size_t icc_size;
} fovea_jpeg_header;

/** Reads the markers up to the first scan (saving APP1 and APP2) and chooses the output color space: gray stays gray,
    YCbCr and RGB decode straight to RGB, CMYK and YCCK decode to CMYK and are converted to RGB the way Pillow
    does (Adobe-inverted samples, `R = K' - K'·C'/255`). `data` must stay valid until `fovea_jpeg_close`. */
int fovea_jpeg_open(const uint8_t *data, size_t size, fovea_jpeg_decoder **decoder, fovea_jpeg_header *header,
                    char *message, size_t capacity);
/** Decodes every scanline straight into `pixels`, `row_bytes` apart (at least width × output_channels). A file that
    ends before its last scan is complete fails with FOVEA_STATUS_TRUNCATED. */
int fovea_jpeg_read(fovea_jpeg_decoder *decoder, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity);
/** Pixels kept on each side of a requested region by `fovea_jpeg_start_region`. */
#define FOVEA_JPEG_REGION_MARGIN 8
/** Starts decoding only the rectangle at (*x, *y), *width × *height, of an open decoder (instead of
    `fovea_jpeg_read`), widened by FOVEA_JPEG_REGION_MARGIN pixels on each side (within the image) and, for the
    columns, to whole iMCUs by libjpeg's `jpeg_crop_scanline`; the rectangle that will be decoded is written back.
    Files whose part may not decode to the whole decode's pixels (progressive, arithmetic-coded, CMYK/YCCK, chroma
    sampled other than 4:4:4, 4:2:2 or 4:2:0) get the whole image as the rectangle. Follow with
    `fovea_jpeg_read_region`. */
int fovea_jpeg_start_region(fovea_jpeg_decoder *decoder, uint32_t *x, uint32_t *y, uint32_t *width, uint32_t *height,
                            char *message, size_t capacity);
/** Decodes the rectangle `fovea_jpeg_start_region` returned into `pixels`, rows `row_bytes` apart (at least its
    width × output_channels): the rows above are skipped (`jpeg_skip_scanlines`), those below entropy-decoded only,
    so damaged and truncated files fail as with `fovea_jpeg_read`. */
int fovea_jpeg_read_region(fovea_jpeg_decoder *decoder, uint8_t *pixels, size_t row_bytes, char *message,
                           size_t capacity);
/** Releases the decoder (NULL is allowed). */
void fovea_jpeg_close(fovea_jpeg_decoder *decoder);

/** Chroma subsampling for `fovea_jpeg_encode`. */
#define FOVEA_JPEG_SUBSAMPLING_444 0
#define FOVEA_JPEG_SUBSAMPLING_422 1
#define FOVEA_JPEG_SUBSAMPLING_420 2

/** Encodes 8-bit gray (`channels` 1) or RGB (`channels` 3) rows `row_bytes` apart as a JFIF JPEG with the given
    quality (1-100), chroma subsampling (RGB only), and optional progressive, arithmetic and optimised-Huffman
    coding, embedding `icc` (`icc_size` bytes, NULL for none) as APP2 "ICC_PROFILE" markers. Gray rows go to
    libjpeg as raw component data (no color conversion step: the same file, faster with libjpeg-turbo 2.1) unless
    `gray_scanlines` is set (the tests compare the two). On success `*output` holds `*output_size` bytes to release
    with `fovea_free`. */
int fovea_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, size_t row_bytes,
                      int quality, int subsampling, int progressive, int arithmetic, int optimize, int gray_scanlines,
                      const uint8_t *icc, size_t icc_size, uint8_t **output, size_t *output_size, char *message,
                      size_t capacity);

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

/* MARK: - TIFF (libtiff; tiff.c) */

/** An open TIFF decoder over an in-memory file (opaque). */
typedef struct fovea_tiff_decoder fovea_tiff_decoder;

/** What the first directory (page) says, and the layout `fovea_tiff_read` will produce. */
typedef struct {
    uint32_t width;
    uint32_t height;
    int samples_per_pixel;
    int bits_per_sample;
    /** TIFF SampleFormat: 1 unsigned integer, 2 signed, 3 IEEE float. */
    int sample_format;
    /** TIFF Photometric: 0 min-is-white, 1 min-is-black, 2 RGB, 3 palette, 5 CMYK, 6 YCbCr... */
    int photometric;
    /** 1 contiguous (chunky), 2 separate planes. */
    int planar;
    /** TIFF Compression: 1 none, 5 LZW, 8/32946 Deflate, 32773 PackBits... */
    int compression;
    int tiled;
    /** 1: 8/16-bit unsigned or 32-bit float gray/RGB, read sample for sample; 0: through libtiff's 8-bit RGBA reader. */
    int direct;
    /** Samples per output pixel: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
    int output_channels;
    /** Bytes per output sample: 1, 2 (host order) or 4 (float, host order). */
    int output_bytes;
    int output_float;
    /** Always 1 from fovea_tiff_open; fovea_tiff_page_count counts the directories. */
    int page_count;
    /** Bytes of the ICC profile tag, 0 when there is none. */
    size_t icc_size;
} fovea_tiff_header;

/** libtiff's version banner. */
const char *fovea_libtiff_version(void);
/** Opens the first directory. `max_alloc` caps every single allocation libtiff or the shim makes (strips, tiles,
    tag arrays); the caller passes its pixel budget in bytes. `data` must stay valid until `fovea_tiff_close`. */
int fovea_tiff_open(const uint8_t *data, size_t size, size_t max_alloc, fovea_tiff_decoder **decoder,
                    fovea_tiff_header *header, char *message, size_t capacity);
/** The number of directories (pages) in the file. */
int fovea_tiff_page_count(fovea_tiff_decoder *decoder);
/** Copies the ICC profile (exactly `profile_size` bytes, as the header reported). */
int fovea_tiff_icc(fovea_tiff_decoder *decoder, uint8_t *profile, size_t profile_size);
/** Decodes the first page into `pixels`, `row_bytes` apart: strips or tiles, contiguous or separate planes, every
    compression libtiff was built with; min-is-white gray is inverted to min-is-black. */
int fovea_tiff_read(fovea_tiff_decoder *decoder, uint8_t *pixels, size_t row_bytes, char *message, size_t capacity);
/** Releases the decoder (NULL is allowed). */
void fovea_tiff_close(fovea_tiff_decoder *decoder);
/** Encodes one page of `channels` (1-4; 2 and 4 with unassociated alpha) samples of `bytes_per_sample` (1, 2, or 4
    with `is_float`) bytes in host order, Deflate-compressed (horizontal predictor for integers, none for float),
    with an optional ICC profile. On success `*output` holds `*output_size` bytes to release with `fovea_free`. */
int fovea_tiff_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int bytes_per_sample,
                      int is_float, size_t row_bytes, const uint8_t *icc, size_t icc_size, uint8_t **output,
                      size_t *output_size, char *message, size_t capacity);

/* MARK: - GIF (giflib; gif.c) */

/** An open GIF decoder positioned at the first frame (opaque). */
typedef struct fovea_gif_decoder fovea_gif_decoder;

/** What the screen descriptor and the first frame's descriptor say. */
typedef struct {
    /** The canvas: the logical screen, grown to hold the first frame if it sticks out. */
    uint32_t width;
    uint32_t height;
    /** Entries in the first frame's colour table (local, else global). */
    int palette_size;
    /** The first frame's transparent index (graphic control extension), or -1. */
    int transparent_index;
    int bits_per_pixel;
    int interlaced;
    /** 1 when the colour table is the identity gray ramp (entry i is (i, i, i)): Pillow then reads the file as "L". */
    int gray_ramp;
    int frame_count;
} fovea_gif_header;

/** Reads the screen descriptor and the records up to the first image descriptor. */
int fovea_gif_open(const uint8_t *data, size_t size, fovea_gif_decoder **decoder, fovea_gif_header *header,
                   char *message, size_t capacity);
/** Decodes the first frame's palette indices onto a width × height canvas (filled with the transparent index, or
    the background index), de-interlacing; then counts the frames. */
int fovea_gif_read(fovea_gif_decoder *decoder, uint8_t *indices, int *frame_count, char *message, size_t capacity);
/** Counts the frames without decoding any (after fovea_gif_open, instead of fovea_gif_read). */
int fovea_gif_count_frames(fovea_gif_decoder *decoder, int *frame_count, char *message, size_t capacity);
/** Counts the frames after the current position (used by the two above). */
int fovea_gif_count_rest(fovea_gif_decoder *decoder, int *frame_count, char *message, size_t capacity);
/** Copies the colour table as RGB triples into `rgb` (room for 256) and returns its size. */
int fovea_gif_palette(fovea_gif_decoder *decoder, uint8_t *rgb);
/** Releases the decoder (NULL is allowed). */
void fovea_gif_close(fovea_gif_decoder *decoder);
/** giflib's version, for example "5.2.1". */
const char *fovea_giflib_version(void);

/* MARK: - BMP (stb_image, stb_image_write; bmp.c) */

/** Width, height and stb's channel count (3, or 4 when the file has an alpha mask) of a BMP. */
int fovea_bmp_info(const uint8_t *data, size_t size, uint32_t *width, uint32_t *height, int *channels);
/** Decodes a BMP into exactly `pixel_bytes` bytes of `channels` (3 or 4) 8-bit samples, top row first. */
int fovea_bmp_decode(const uint8_t *data, size_t size, uint8_t *pixels, size_t pixel_bytes, int channels,
                     char *message, size_t capacity);
/** Encodes tightly packed 8-bit RGB rows as an uncompressed 24-bit BMP (bottom-up). */
int fovea_bmp_encode(const uint8_t *rgb, uint32_t width, uint32_t height, uint8_t **output, size_t *output_size,
                     char *message, size_t capacity);

/* MARK: - PNG writer (libdeflate; png_encode.c) */

/** Encodes `height` rows of `width` pixels of `channels` (1-4) samples of `bit_depth` (8 or 16, host order) bits as a
    non-interlaced PNG with Fovea's own chunk writer: every row filtered (effort 0 and 1: Paeth; 2: the filter with the
    smallest sum of absolute signed bytes, libpng's heuristic; the first row Sub), the whole filtered image compressed
    in one call by libdeflate at level 1, 6 or 12 (effort 0, 1, 2), split into IDAT chunks of at most 1 MiB, with an
    optional iCCP chunk. On success `*output` holds `*output_size` bytes to release with `fovea_free`. */
int fovea_png_encode_deflate(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int bit_depth,
                             size_t row_bytes, int effort, const uint8_t *icc, size_t icc_size, uint8_t **output,
                             size_t *output_size, char *message, size_t capacity);
/** libdeflate's version, for example "1.14". */
const char *fovea_libdeflate_version(void);

#endif
