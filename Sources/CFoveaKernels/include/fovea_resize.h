#ifndef FOVEA_RESIZE_H
#define FOVEA_RESIZE_H
/* AVX2 and AVX-512 versions of FoveaImage's Pillow-exact 8-bit resize passes (ResizeKernels.swift,
   `horizontalPass8` and `verticalPass8`), chosen at run time with `fovea_simd_level()` (fovea_kernels.h): level 1
   calls the `_avx2` functions, level 2 the `_avx512` ones (AVX-512 F and BW, 512-bit forms only). Each does the
   Swift loop's integer arithmetic — `acc = 2²¹ + Σₖ w·s` in wrapping 32-bit lanes, `acc >> 22` (arithmetic),
   clamped to 0…255 — so every level gives the same bits; only the lane count differs (`vpmulld` where the
   baseline SSE2 build emulates the 32-bit multiply).

   Samples are UInt8 or Int32 (an intermediate that holds 0…255), chosen by `in_size` / `out_size` (1 or 4
   bytes). Counts are in samples or pixels as named. */

#include <stdint.h>

/** One row of the horizontal pass: for every output pixel `x < out_count` and channel `c < channels` (1…4),
    `out[x·channels + c] = clamp((2²¹ + Σₖ weights[k·out_count + x] · row[(first[x] + k)·channels + c]) >> 22)`,
    `k < taps`. `weights` is tap-major (the transpose of `ResampleAxis.fixed`). `row` must be readable 4 samples
    past every pixel's first sample (as the Swift loop's 4-lane loads); exactly `out_count · channels` samples
    are written. */
void fovea_resize_h8_avx2(const void *row, int in_size, long channels, long out_count, long taps, const long *first,
                          const int32_t *weights, void *out, int out_size);
/** `fovea_resize_h8_avx2` with 512-bit vectors (4 pixels per step). */
void fovea_resize_h8_avx512(const void *row, int in_size, long channels, long out_count, long taps, const long *first,
                            const int32_t *weights, void *out, int out_size);

/** One row of the vertical pass: `out[i] = clamp((2²¹ + Σₖ weights[k] · rows[k][i]) >> 22)` for `i < n`. */
void fovea_resize_v8_avx2(const void *const *rows, int in_size, long taps, const int32_t *weights, long n, void *out,
                          int out_size);
/** `fovea_resize_v8_avx2` with 16 lanes. */
void fovea_resize_v8_avx512(const void *const *rows, int in_size, long taps, const int32_t *weights, long n,
                            void *out, int out_size);

/** One source row of OpenCV's 8-bit horizontal pass (`OpenCVTables8.horizontalPass`, AVX-512 BW): for `x <
    out_count`, `c < channels` (1…4), `H = Σₖ wₖ · row[offsets[x] + k·channels + c]` over `taps` = 2 or 4 taps
    (exact in 32 bits), stored as `H >> 4` (2 taps) or `(H + 16) >> 5` (4 taps) truncated to 16 bits. `pairs`
    is pair-major: pair `p` of output `x` at `pairs[(p·out_count + x)·8]`, `(w₂ₚ, w₂ₚ₊₁)` four times. Only bytes
    `row[0 ..< readable]` are read; exactly `out_count · channels` samples are written. */
void fovea_resize_cv_h8_avx512(const uint8_t *row, long readable, long channels, long out_count, long taps,
                               const long *offsets, const int16_t *pairs, int16_t *out);

/** One output row of OpenCV's 8-bit vertical pass (`OpenCVTables8.verticalPass`, AVX-512 BW), 32 lanes:
    `v = Σₖ ⌊rows[k][i] · weights[8k] / 2¹⁶⌋` in wrapping 16 bits, then `(v + 2) >> 2` (2 taps) or `(v + 10) >> 4`
    (4 taps), clamped to 0…255, for `i < n`. */
void fovea_resize_cv_v8_avx512(const int16_t *const *rows, long taps, const int16_t *weights, long n, uint8_t *out);

#endif
