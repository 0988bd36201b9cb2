#ifndef FOVEA_GAUSSIAN8_H
#define FOVEA_GAUSSIAN8_H
/* AVX2 and AVX-512 versions of FoveaFilters' 16-bit fixed-point UInt8 Gaussian passes (FixedPointGaussian.swift,
   `rowPass` and `columnPass`), chosen by the caller with `fovea_simd_level()` (fovea_kernels.h): level 1 runs
   16 lanes (AVX2), level 2 32 lanes (AVX-512 BW). Both passes compute in wrapping 16-bit lanes with additions
   and exact products only, so every formulation gives the Swift loop's bits: the level never changes a result.

   Each function handles the whole row or nothing: it returns `count` when it wrote every sample, 0 when it
   wrote none (level 0, a non-x86 build, or `count` < 16). Like the Swift loops, the last vector of a row
   overlaps the one before it and writes the same values again, so no scalar tail is needed. */

#include <stdint.h>

/** `out[i] = Σₖ weights[k] · pad[i + k·c]` modulo 2¹⁶ for `i < count`, `k < taps` (1 … 64): the row pass.
    `pad` must hold `count + (taps − 1)·c` samples. */
long fovea_gaussian8_row_pass(int level, const uint8_t *pad, const uint16_t *weights, long taps, long c,
                              long count, uint16_t *out);

/** `out[i] = ((128 + Σₖ ⌊rows[k][i] · weights[k] / 2¹⁶⌋) mod 2¹⁶) >> 8` for `i < count`, `k < taps` (1 … 64):
    the column pass (`pmulhuw`), narrowed to bytes. */
long fovea_gaussian8_column_pass(int level, const uint16_t *const *rows, const uint16_t *weights, long taps,
                                 long count, uint8_t *out);

#endif
