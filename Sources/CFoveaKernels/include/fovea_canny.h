#ifndef FOVEA_CANNY_H
#define FOVEA_CANNY_H
/* Canny's row loops for FoveaFilters, AVX2 and AVX-512F, chosen at run time like those of fovea_kernels.h: the
   Sobel pair of FusedSobel.swift (`derivatives`, also behind the gradient magnitude) and the non-maximum
   suppression of Canny.swift (`CannyDetector.suppressRow`). Each does the Swift loop's Float operations in the
   same order (no fused multiply-add), so every level gives the same bits. */

#include <stdint.h>

/** The 3×3 Sobel pair over three padded rows (one pixel of `c` interleaved channels on each side):
    `gx[i] = (r0[i+2c] − r0[i]) + 2·(r1[i+2c] − r1[i]) + (r2[i+2c] − r2[i])` and
    `gy[i] = (r2[i] + 2·r2[i+c] + r2[i+2c]) − (r0[i] + 2·r0[i+c] + r0[i+2c])` for a prefix of `0..<n`. Returns the
    prefix's length (a multiple of 8). Level 1 (AVX2). */
long fovea_sobel_pair_f32_avx2(const float *r0, const float *r1, const float *r2, long c, long n, float *gx,
                               float *gy);
/** `fovea_sobel_pair_f32_avx2` with 16 lanes (then one 8-lane step), level 2. */
long fovea_sobel_pair_f32_avx512(const float *r0, const float *r1, const float *r2, long c, long n, float *gx,
                                 float *gy);

/** One row of suppression: for each x of a prefix of `0..<width`, `map[x]` becomes 0 (candidate) or 2 (edge)
    where `mag[x]` > `low` is a maximum along the gradient direction of (`dx[x]`, `dy[x]`) quantized to 0°, 45°,
    90°, 135° (OpenCV's tan 22.5° test: |dy|·2¹⁵ < |dx|·13573 horizontal, (|dy| − 2|dx|)·2¹⁵ > |dx|·13573
    vertical, else diagonal), 2 when also `mag[x]` > `high`; 1 where `mag[x]` > `low` but no maximum. Where no
    sample of a vector is above `low`, its map bytes are not written (the caller set them to 1). For each x
    that becomes 2, in increasing order, `first + x` is stored at `seeds[*seed_count]` and `*seed_count` grows
    by one (the caller's hysteresis starts from them).
    `prev`, `mag`, `next` are zero-bordered magnitude rows (`[-1]` and `[width]` readable). Returns the prefix's
    length, a multiple of 8; the caller's loops do the rest. Level 1 (AVX2) and 2 (AVX-512F). */
long fovea_canny_suppress_row_avx2(const float *prev, const float *mag, const float *next, const float *dx,
                                   const float *dy, long width, float low, float high, uint8_t *map,
                                   int32_t first, int32_t *seeds, long *seed_count);
/** `fovea_canny_suppress_row_avx2` with 16 lanes (then one 8-lane step), level 2. */
long fovea_canny_suppress_row_avx512(const float *prev, const float *mag, const float *next, const float *dx,
                                     const float *dy, long width, float low, float high, uint8_t *map,
                                     int32_t first, int32_t *seeds, long *seed_count);

#endif
