#ifndef FOVEA_COLOR_H
#define FOVEA_COLOR_H
/* SIMD versions of FoveaAugment's 8-bit colour loops (ColorKernels.swift), chosen at run time.

   Each function dispatches on `fovea_simd_level()` (fovea_kernels.h): level 2 with AVX-512 VBMI runs 64-byte
   (tables) or 16-pixel (per-pixel Float) vectors, otherwise the AVX2 loops run; at level 0, and on other
   architectures, the callers run their Swift loops instead and never call these. Every loop does exactly the
   arithmetic of the Swift loop it stands for, in the same order and without fused multiply-adds, so every level
   gives the same bytes (ColorKernelsTests compares them). `source` and `target` may be the same buffer. */

#include <stdint.h>

/** `target[i] = table[source[i]]` for `count` bytes, except that with `alpha_period` 2 or 4 the last byte of every
    group of that many (the alpha sample of a grey-alpha or RGBA image) is copied unchanged; `alpha_period` 0
    maps every byte. */
void fovea_color_table_u8(const uint8_t *source, uint8_t *target, long count, long alpha_period,
                          const uint8_t *table);

/** Σ over `pixels` packed RGB pixels of Pillow's luma `(19595 r + 38470 g + 7471 b + 2¹⁵) >> 16`. */
int64_t fovea_color_luma_sum_rgb8(const uint8_t *source, long pixels);

/** The same sum over the pixels mapped through `table` first (`table[r]`, `table[g]`, `table[b]`): the luma sum of
    the image `fovea_color_table_u8` would make, without making it. */
int64_t fovea_color_luma_sum_table_rgb8(const uint8_t *source, long pixels, const uint8_t *table);

/** Saturation over packed RGB pixels: `L = luma (as above)`, `base = L − f·L`, each channel
    `v' = round-half-even(clamp(base + f·v, 0, 255))` in Float. */
void fovea_color_saturate_rgb8(const uint8_t *source, uint8_t *target, long pixels, float factor);

/** Hue rotation over packed RGB pixels by `sixths` sixths of a turn (in [0, 6)): ColorKernels.swift's
    `rotateHueRGB8`, in Float, results rounded half to even. */
void fovea_color_rotate_hue_rgb8(const uint8_t *source, uint8_t *target, long pixels, float sixths);

/** Noise added to `count` bytes in place: `v = min(max(p[i] + sigma·z[i], 0), 255)` in Float, then rounded half
    up (`v + 0.5` truncated), as Image+Photometric.swift's loop does. */
void fovea_color_add_noise_u8(uint8_t *p, long count, const float *z, float sigma);

#endif
