#ifndef FOVEA_KERNELS_H
#define FOVEA_KERNELS_H
/* AVX2 versions of FoveaFilters' innermost row loops, chosen at run time.

   Swift cannot compile one function for a wider instruction set than the rest of the package (no per-function
   target attribute, and `-target-cpu` in Package.swift would be an unsafe flag that also makes the binary fail
   on older CPUs), so the package is built for baseline x86-64 (SSE2). These loops are compiled with
   `__attribute__((target("avx2")))` and called only when `fovea_simd_level()` says the CPU and the OS support
   AVX2; otherwise, and on other architectures, the Swift loops run. Each function here does exactly the
   arithmetic of the Swift loop it stands for, in the same order (no fused multiply-add), so both give the same
   bits: the choice never changes a result.

   Pointers are unaligned-safe; counts are in samples. Functions that return a count process a prefix of
   the row (a multiple of their vector width) and leave the rest to the caller's scalar loop. */

#include <stdint.h>

/** The widest kernel set in use: 0 = portable (Swift loops), 1 = AVX2, 2 = AVX2 and AVX-512 BW. Detected once
    (CPUID and XGETBV); `FOVEA_SIMD_LEVEL=0` (or 1) in the environment caps it. */
int fovea_simd_level(void);
/** Caps the level in use at `level` (0, 1 or 2; never above what the CPU supports); returns the level now in
    use. For tests that compare the paths. */
int fovea_set_simd_level(int level);

/** Two output rows of the 3×3 median of UInt8 samples (Median.swift, `median3x3Row`: the same column sorts):
    `t0` from the rows `r0`, `r1`, `r2` and `t1` from `r1`, `r2`, `r3` (`n` samples each, `c` interleaved
    channels, replicate border at the row ends); the pair `r1`, `r2` is sorted once for both. `t1` = NULL: only
    `t0` (`r3` is then not read and may be NULL). `n` ≥ 32 + `c`. */
void fovea_median3x3_u8_rows_avx2(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                  long n, long c, uint8_t *t0, uint8_t *t1);

/** `fovea_median3x3_u8_rows_avx2` with 64 lanes (AVX-512 BW, level 2); `n` ≥ 64 + `c`. */
void fovea_median3x3_u8_rows_avx512(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                    long n, long c, uint8_t *t0, uint8_t *t1);

/** One output row of the 5×5 median of UInt8 samples (Median.swift, `median25`: the same 113-exchange network),
    64 lanes (AVX-512 BW, level 2; the 25 vectors fit its 32 registers). `rows`: the five padded rows (two
    replicated pixels on each side), `n` ≥ 64 samples per output row, `c` channels. */
void fovea_median5x5_u8_row_avx512(const uint8_t *const *rows, long n, long c, uint8_t *target);

/** `out[i] = Σ w[ky·3 + kx] · rows[ky][i + kx·c]` for a 3×3 kernel of small integer weights over UInt8 rows,
    in 16-bit lanes (exact: the caller checks Σ|w|·255 ≤ 32767), stored as Float. Returns how many leading
    samples it wrote (a multiple of 16). */
long fovea_int3x3_u8_f32_row_avx2(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, long c, long n,
                                  const int16_t *weights, float *out);

/** How a 1-D kernel's weights mirror (FloatKernels.swift, `Symmetry`). */
enum {
    FOVEA_SYMMETRY_GENERAL = 0,
    /** w[k] == w[n−1−k], odd n > 1: `s = w[h]·x[h]; s += w[k]·(x[k] + x[n−1−k])` for k < h. */
    FOVEA_SYMMETRY_SYMMETRIC = 1,
    /** w[k] == −w[n−1−k]: `s = w[0]·(x[0] − x[n−1]); s += w[k]·(x[k] − x[n−1−k])` for 1 ≤ k < h. */
    FOVEA_SYMMETRY_ANTISYMMETRIC = 2,
};

/** Horizontal taps: `out[i] = Σₖ w[k] · pad[i + k·c]` (general: `s = w[0]·x[0]; s += w[k]·x[k]`). Returns how
    many leading samples it wrote (a multiple of 8). */
long fovea_row_pass_f32_avx2(const float *pad, const float *weights, long taps, int symmetry, long c, long count,
                             float *out);

/** Vertical taps: `out[i] = Σₖ w[k] · rows[k][i]`, the same formulas as the row pass. Returns how many leading
    samples it wrote (a multiple of 8). */
long fovea_column_pass_f32_avx2(const float *const *rows, const float *weights, long taps, int symmetry,
                                long count, float *out);

/** A dense kernel as a list of taps: `out[i] = Σ_t weight[t] · rows[row[t]][i + offset[t]]`, summed in list
    order, starting from the first product (`from_zero` = 0) or from +0 (`from_zero` = 1). Returns how many
    leading samples it wrote (a multiple of 16: the Swift loop for the last 8 may use other taps). */
long fovea_dense_pass_f32_avx2(const float *const *rows, const long *tap_rows, const long *tap_offsets,
                               const float *tap_weights, long taps, int from_zero, long count, float *out);

/** `fovea_row_pass_f32_avx2` with 16 lanes (AVX-512 F, level 2) for 3, 5 and 7 taps (other counts run the AVX2
    loop). Returns how many leading samples it wrote (a multiple of 16 for 3, 5 and 7 taps, else of 8). */
long fovea_row_pass_f32_avx512(const float *pad, const float *weights, long taps, int symmetry, long c, long count,
                               float *out);

/** `fovea_column_pass_f32_avx2` with 16 lanes (AVX-512 F, level 2), as `fovea_row_pass_f32_avx512`. */
long fovea_column_pass_f32_avx512(const float *const *rows, const float *weights, long taps, int symmetry,
                                  long count, float *out);

/** The 3×3 dense pass of FloatKernels.swift (`sparse3x3` / `full3x3`): `out[i] = Σ weights[k] · r_(k/3)[i + (k%3)·c]`
    over the weight indices `pattern` uses (0 cross, 1 diagonals, 2 side columns, 3 side rows, 4 full: the order of
    `Dense3x3.Pattern.usedWeights`), summed from the first product. `level` 1: AVX2, 2: AVX-512 F (the caller
    passes `fovea_simd_level()`; 0 writes nothing). `weights`: the nine, row-major. Returns how many leading
    samples it wrote (a multiple of 16). */
long fovea_dense3x3_pass_f32(int level, const float *r0, const float *r1, const float *r2, long c,
                             const float *weights, int pattern, long count, float *out);

/** One output row of a separable 3×3 kernel with its two passes fused (AVX-512 F, level 2), set up once per band
    (Correlation.swift, `FusedSeparable3x3.plan`). In the fused loop `out[m] = R(col(m), col(m + c), col(m + 2c))` with
    `col(j) = C(r0[j], r1[j], r2[j])`, where C and R are the 3-tap formulas of the column and row passes for the
    two FOVEA_SYMMETRY_* codes, so each output has the bits of `fovea_column_pass_f32_avx512` into a row buffer
    followed by `fovea_row_pass_f32_avx512` over it, without the buffer. Counts are in samples. */
typedef struct {
    /** Interleaved channels, 1…4. */
    long channels;
    /** Samples in a source row (width · channels) and in an output row. */
    long source_count, out_count;
    /** Padded samples left of the source row (the kernel's anchor x · channels). */
    long left_samples;
    /** Each row's fused loop writes outputs [head, tail): `head` is the first output at or after `fused_from`
        whose middle source row's load (`r1 + head − left_samples`) is 64-byte aligned, so that row's loads never
        split a cache line (all three rows' when the row stride is a multiple of 64 bytes), and
        `tail = head + ⌊(fused_limit − head) / 16⌋ · 16`; the row pass over the padded row writes the rest. The column
        pass runs over the source columns those ends need (and the border pixels' columns) only. */
    long fused_from, fused_limit;
    /** The kernel's factors and their FOVEA_SYMMETRY_* codes. */
    float column_weights[3], row_weights[3];
    int column_symmetry, row_symmetry;
    /** The padded pixels outside the source row: `fill_count` sample offsets in the padded row, each with the
        source pixel whose column sums it copies, or −1 for `outside` (a constant border's column sum). */
    const long *fill_offsets, *fill_sources;
    long fill_count;
    float outside;
} fovea_separable3x3_plan;

/** `count` output rows of `plan` (level 2 only): output row y, `out[y · out_stride ..< y · out_stride + out_count]`,
    from the source rows `rows[y]`, `rows[y + 1]`, `rows[y + 2]` (`rows` holds count + 2 pointers): the column pass
    over the row's ends into `padded + left_samples`, the border pixels filled, the fused loop over the middle and
    the row pass over the padded ends, each sample with the bits the two full passes give it. `padded` holds one
    padded row (≥ out_count + 2·channels samples). */
void fovea_separable3x3_rows_f32_avx512(const fovea_separable3x3_plan *plan, const float *const *rows, long count,
                                        float *padded, float *out, long out_stride);

/** `fovea_dense3x3_pass_f32` over `pieces` pieces of one output row with one call (the taps are set up once):
    piece p reads rows `rows[3p]`, `rows[3p + 1]`, `rows[3p + 2]` and writes `counts[p]` samples at `outs[p]`.
    Every piece but the last must have a multiple of 16 samples; returns how many leading samples of the last
    piece it wrote (a multiple of 16). */
long fovea_dense3x3_pieces_f32(int level, const float *const *rows, long pieces, const long *counts,
                               float *const *outs, long c, const float *weights, int pattern);

#endif
