/* The 16-bit fixed-point UInt8 Gaussian passes for FoveaFilters, AVX2 and AVX-512 BW; see include/fovea_gaussian8.h
   for the contract (the Swift loops' wrapping 16-bit arithmetic, so every level gives the same bits). */
#include "fovea_gaussian8.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX512 __attribute__((target("avx2,avx512f,avx512bw")))
#define INLINE static inline __attribute__((always_inline))

enum { MAX_TAPS = 64 };

/* Runs BODY with I = 0, W, 2W, … and last count − W (overlapping the vector before, which it writes again with
   the same values); count ≥ W. */
#define FOR_EACH_VECTOR(W, count, I, BODY)                         \
    do {                                                           \
        long I = 0;                                                \
        for (;;) {                                                 \
            BODY;                                                  \
            if (I == (count) - (W)) break;                         \
            I = I + (W) < (count) - (W) ? I + (W) : (count) - (W); \
        }                                                          \
    } while (0)

INLINE int is_symmetric(const uint16_t *w, long taps) {
    if (taps % 2 == 0 || taps < 3) return 0;
    for (long k = 0; k < taps / 2; k++)
        if (w[k] != w[taps - 1 - k]) return 0;
    return 1;
}

/* Each width's loads, products and stores, named by lane count; DEFINE_PASSES builds both passes from them. */

INLINE AVX2 __m256i widen16(const uint8_t *p) { return _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)p)); }
INLINE AVX2 __m256i set16(uint16_t w) { return _mm256_set1_epi16((short)w); }
INLINE AVX2 __m256i load16(const uint16_t *p) { return _mm256_loadu_si256((const __m256i *)p); }
INLINE AVX2 void store16(uint16_t *p, __m256i v) { _mm256_storeu_si256((__m256i *)p, v); }
/* `v >> 8` narrowed to 16 bytes (every lane is ≤ 255 by then). */
INLINE AVX2 void store_high_bytes16(uint8_t *p, __m256i v) {
    __m256i s = _mm256_srli_epi16(v, 8);
    _mm_storeu_si128((__m128i *)p, _mm_packus_epi16(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1)));
}

INLINE AVX512 __m512i widen32(const uint8_t *p) {
    return _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)p));
}
INLINE AVX512 __m512i set32(uint16_t w) { return _mm512_set1_epi16((short)w); }
INLINE AVX512 __m512i load32(const uint16_t *p) { return _mm512_loadu_si512((const void *)p); }
INLINE AVX512 void store32(uint16_t *p, __m512i v) { _mm512_storeu_si512((void *)p, v); }
INLINE AVX512 void store_high_bytes32(uint8_t *p, __m512i v) {
    _mm256_storeu_si256((__m256i *)p, _mm512_cvtepi16_epi8(_mm512_srli_epi16(v, 8)));
}

/* The row and column passes for W lanes of type VEC under target ATTR, with that width's 16-bit add (ADD), low
   product (MULLO) and high unsigned product (MULHI). The Gaussians' 3, 5 and 7 taps get loops with the tap count
   fixed (the weights stay in registers); any other kernel runs the general loop. */
#define DEFINE_PASSES(W, VEC, ATTR, ADD, MULLO, MULHI)                                                          \
    /* Σₖ w[k]·x[k], mirrored pairs added first when `sym` (the same value modulo 2¹⁶ when w is symmetric). */  \
    INLINE ATTR VEC row_sum##W(const uint8_t *p, const VEC *w, long kw, int sym, long c) {                      \
        if (sym) {                                                                                              \
            long h = kw / 2;                                                                                    \
            VEC s = MULLO(w[h], widen##W(p + h * c));                                                           \
            for (long k = 0; k < h; k++)                                                                        \
                s = ADD(s, MULLO(w[k], ADD(widen##W(p + k * c), widen##W(p + (kw - 1 - k) * c))));              \
            return s;                                                                                           \
        }                                                                                                       \
        VEC s = MULLO(w[0], widen##W(p));                                                                       \
        for (long k = 1; k < kw; k++) s = ADD(s, MULLO(w[k], widen##W(p + k * c)));                             \
        return s;                                                                                               \
    }                                                                                                           \
    INLINE ATTR void row_loop##W(const uint8_t *pad, const VEC *w, long kw, int sym, long c, long count,        \
                                 uint16_t *out) {                                                               \
        FOR_EACH_VECTOR(W, count, i, store##W(out + i, row_sum##W(pad + i, w, kw, sym, c)));                    \
    }                                                                                                           \
    static ATTR void row_pass##W(const uint8_t *pad, const uint16_t *weights, long taps, long c, long count,    \
                                 uint16_t *out) {                                                               \
        VEC w[MAX_TAPS];                                                                                        \
        for (long k = 0; k < taps; k++) w[k] = set##W(weights[k]);                                              \
        int sym = is_symmetric(weights, taps);                                                                  \
        if (sym && taps == 7) row_loop##W(pad, w, 7, 1, c, count, out);                                         \
        else if (sym && taps == 5) row_loop##W(pad, w, 5, 1, c, count, out);                                    \
        else if (sym && taps == 3) row_loop##W(pad, w, 3, 1, c, count, out);                                    \
        else row_loop##W(pad, w, taps, 0, c, count, out);                                                       \
    }                                                                                                           \
    INLINE ATTR void column_loop##W(const uint16_t *const *rows, const VEC *w, long kh, long count, uint8_t *out) {\
        const uint16_t *r[MAX_TAPS];                                                                            \
        for (long k = 0; k < kh; k++) r[k] = rows[k];                                                           \
        const VEC rounding = set##W(128);                                                                       \
        FOR_EACH_VECTOR(W, count, i, {                                                                          \
            VEC acc = rounding;                                                                                 \
            for (long k = 0; k < kh; k++) acc = ADD(acc, MULHI(load##W(r[k] + i), w[k]));                       \
            store_high_bytes##W(out + i, acc);                                                                  \
        });                                                                                                     \
    }                                                                                                           \
    static ATTR void column_pass##W(const uint16_t *const *rows, const uint16_t *weights, long taps, long count,\
                                    uint8_t *out) {                                                             \
        VEC w[MAX_TAPS];                                                                                        \
        for (long k = 0; k < taps; k++) w[k] = set##W(weights[k]);                                              \
        if (taps == 7) column_loop##W(rows, w, 7, count, out);                                                  \
        else if (taps == 5) column_loop##W(rows, w, 5, count, out);                                             \
        else if (taps == 3) column_loop##W(rows, w, 3, count, out);                                             \
        else column_loop##W(rows, w, taps, count, out);                                                         \
    }

DEFINE_PASSES(16, __m256i, AVX2, _mm256_add_epi16, _mm256_mullo_epi16, _mm256_mulhi_epu16)
DEFINE_PASSES(32, __m512i, AVX512, _mm512_add_epi16, _mm512_mullo_epi16, _mm512_mulhi_epu16)

/* MARK: Dispatch */

long fovea_gaussian8_row_pass(int level, const uint8_t *pad, const uint16_t *weights, long taps, long c,
                              long count, uint16_t *out) {
    if (level < 1 || count < 16 || taps < 1 || taps > MAX_TAPS) return 0;
    if (level >= 2 && count >= 32) row_pass32(pad, weights, taps, c, count, out);
    else row_pass16(pad, weights, taps, c, count, out);
    return count;
}

long fovea_gaussian8_column_pass(int level, const uint16_t *const *rows, const uint16_t *weights, long taps,
                                 long count, uint8_t *out) {
    if (level < 1 || count < 16 || taps < 1 || taps > MAX_TAPS) return 0;
    if (level >= 2 && count >= 32) column_pass32(rows, weights, taps, count, out);
    else column_pass16(rows, weights, taps, count, out);
    return count;
}

#else /* not x86-64: the Swift loops run */

long fovea_gaussian8_row_pass(int level, const uint8_t *pad, const uint16_t *weights, long taps, long c,
                              long count, uint16_t *out) {
    (void)level; (void)pad; (void)weights; (void)taps; (void)c; (void)count; (void)out;
    return 0;
}

long fovea_gaussian8_column_pass(int level, const uint16_t *const *rows, const uint16_t *weights, long taps,
                                 long count, uint8_t *out) {
    (void)level; (void)rows; (void)weights; (void)taps; (void)count; (void)out;
    return 0;
}

#endif
