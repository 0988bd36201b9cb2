#ifndef FOVEA_WARP_H
#define FOVEA_WARP_H
/* Vector loops for FoveaAugment's per-pixel warps (perspective, elastic) and the elastic field's Gaussian,
   chosen at run time like the loops of fovea_kernels.h.

   Each function does exactly the arithmetic of the Swift code it stands for, in the same order (no fused
   multiply-add), so the choice never changes a result; FoveaAugment's tests compare every level bit for bit
   with the portable Swift path. A function returns how much it did: 0 (or -1 where stated) means "not here"
   (level too low, CPU without the instructions, or a case it does not handle) and the caller runs Swift. */

#include <stdint.h>

/** Source positions of output pixels (0…count−1, y) through the inverse homography `m` (row-major, 9 doubles),
    as ProjectiveMapping.point: `w = m20·x + m21·y + m22`, `r = w ≠ 0 ? 1/w : +∞`,
    `u = (m00·x + m01·y + m02)·r` (and v), then Q32.32 truncated after clamping to ±2⁶², plus `offset`.
    Needs AVX-512 F and DQ (level 2). Returns the count written (a multiple of 8; the caller does the rest). */
long fovea_projective_positions(const double *m, long y, long count, int64_t offset, int64_t *u, int64_t *v);

/** Source positions of output pixels (0…count−1, y) displaced by `dx`, `dy` (the row's `count` values), as
    DisplacementMapping.point: `u = x + dx[x]` in double, then Q32.32 as above, plus `offset`. Level 2. Returns
    the count written (a multiple of 8). */
long fovea_displacement_positions(const float *dx, const float *dy, long y, long count, int64_t offset, int64_t *u,
                                  int64_t *v);

/** Bilinear UInt8 pixels at Q32.32 positions `u[i]`, `v[i]` (BilinearU8Kernel.interior: three Float lerps at the
    exact fractions, rounded by the 1.5·2²³ trick) for every i whose whole 2×2 footprint lies inside the
    `width × height` source (`0 ≤ u < (width−1)·2³²`, same for v) and whose reads stay inside the buffer; with
    `constant` ≠ 0, pixels whose footprint misses the source entirely (u < −2³² or u ≥ width·2³², same for v)
    get `fill` in every channel (BilinearU8Kernel.edge with a constant border). The indices of all other pixels
    are appended to `rest` (the caller does them; `rest` must have room for `count + 16` entries). `channels`
    1…4; the source must have fewer than 2³¹ − 64 samples. Needs AVX-512 F, BW, DQ and VBMI (level 2). Returns
    the number of indices in `rest`, or -1 when nothing was done (the caller does every pixel). `out` is the
    row's output (`count · channels` bytes); the pixels listed in `rest` may hold garbage until the caller
    writes them. */
long fovea_bilinear_u8_positions(const uint8_t *source, long width, long height, long channels, const int64_t *u,
                                 const int64_t *v, long count, int constant, uint8_t fill, uint8_t *out,
                                 int32_t *rest);

/** The separable symmetric Gaussian of one `width × height` Float plane, vertical taps first, as FoveaFilters'
    `verticalFirstBand` with its symmetric column and row passes: `s = w[h]·x[h]`, then for k = 0…h−1
    `s += w[k]·(x[k] + x[taps−1−k])` (h = taps / 2), then `out = s_row · scale`. `rowSource[y + k]` is the source
    row of tap k for output row y (`height + taps − 1` entries); `columnSource[p]` the source column of padded
    position p (`width + taps − 1` entries). `padded`: scratch of `width + taps − 1 + 16` floats. Level 1 (AVX2)
    or 2 (AVX-512 F). Returns 1 when done, 0 when not (the caller runs the Swift filter). */
int fovea_symmetric_blur_f32(const float *source, long width, long height, const float *weights, long taps,
                             const int32_t *rowSource, const int32_t *columnSource, float scale, float *padded,
                             float *out);

#endif
