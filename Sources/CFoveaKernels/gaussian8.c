/* The 16-bit fixed-point UInt8 Gaussian passes for FoveaFilters, AVX2 and AVX-512 BW; see include/fovea_gaussian8.h
   for the contract (the Swift loops' wrapping 16-bit arithmetic, so every level gives the same bits). */
#include "fovea_gaussian8.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX512 __attribute__((target("avx2,avx512f,avx512bw")))
#define INLINE static inline __attribute__((always_inline))

enum { MAX_TAPS = 64 };

/* Calls STEP(i) for i = 0, W, 2W, … and last count − W (overlapping the vector before, which it writes again with
   the same values); count ≥ W. */
#define FOR_EACH_VECTOR(W, count, STEP)                 \
    do {                                                \
        long i_ = 0;                                    \
        for (;;) {                                      \
            STEP(i_);                                   \
            if (i_ == (count) - (W)) break;             \
            i_ = i_ + (W) < (count) - (W) ? i_ + (W) : (count) - (W); \
        }                                               \
    } while (0)

INLINE int is_symmetric(const uint16_t *w, long taps) {
    if (taps % 2 == 0 || taps < 3) return 0;
    for (long k = 0; k < taps / 2; k++)
        if (w[k] != w[taps - 1 - k]) return 0;
    return 1;
}

/* MARK: AVX2, 16 lanes */

INLINE AVX2 __m256i widen16(const uint8_t *p) { return _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)p)); }

/* Σₖ w[k]·x[k], mirrored pairs added first when `sym` (the same value modulo 2¹⁶ when w is symmetric). */
INLINE AVX2 __m256i row_sum16(const uint8_t *p, const __m256i *w, long kw, int sym, long c) {
    if (sym) {
        long h = kw / 2;
        __m256i s = _mm256_mullo_epi16(w[h], widen16(p + h * c));
        for (long k = 0; k < h; k++)
            s = _mm256_add_epi16(s, _mm256_mullo_epi16(w[k], _mm256_add_epi16(widen16(p + k * c),
                                                                               widen16(p + (kw - 1 - k) * c))));
        return s;
    }
    __m256i s = _mm256_mullo_epi16(w[0], widen16(p));
    for (long k = 1; k < kw; k++) s = _mm256_add_epi16(s, _mm256_mullo_epi16(w[k], widen16(p + k * c)));
    return s;
}

INLINE AVX2 void row_loop16(const uint8_t *pad, const __m256i *w, long kw, int sym, long c, long count,
                            uint16_t *out) {
#define ROW_STEP16(i) _mm256_storeu_si256((__m256i *)(out + (i)), row_sum16(pad + (i), w, kw, sym, c))
    FOR_EACH_VECTOR(16, count, ROW_STEP16);
#undef ROW_STEP16
}

static AVX2 void row_pass16(const uint8_t *pad, const uint16_t *weights, long taps, long c, long count,
                            uint16_t *out) {
    __m256i w[MAX_TAPS];
    for (long k = 0; k < taps; k++) w[k] = _mm256_set1_epi16((short)weights[k]);
    int sym = is_symmetric(weights, taps);
    /* The Gaussians' sizes get the weights in registers; any other kernel runs the general loop. */
    if (sym && taps == 7) row_loop16(pad, w, 7, 1, c, count, out);
    else if (sym && taps == 5) row_loop16(pad, w, 5, 1, c, count, out);
    else if (sym && taps == 3) row_loop16(pad, w, 3, 1, c, count, out);
    else row_loop16(pad, w, taps, 0, c, count, out);
}

INLINE AVX2 void column_loop16(const uint16_t *const *rows, const __m256i *w, long kh, long count, uint8_t *out) {
    const uint16_t *r[MAX_TAPS];
    for (long k = 0; k < kh; k++) r[k] = rows[k];
    const __m256i rounding = _mm256_set1_epi16(128);
#define COLUMN_STEP16(i)                                                                                       \
    do {                                                                                                       \
        __m256i acc = rounding;                                                                                \
        for (long k = 0; k < kh; k++)                                                                          \
            acc = _mm256_add_epi16(acc, _mm256_mulhi_epu16(_mm256_loadu_si256((const __m256i *)(r[k] + (i))), w[k])); \
        __m256i s = _mm256_srli_epi16(acc, 8);                                                                 \
        _mm_storeu_si128((__m128i *)(out + (i)),                                                               \
                         _mm_packus_epi16(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1)));         \
    } while (0)
    FOR_EACH_VECTOR(16, count, COLUMN_STEP16);
#undef COLUMN_STEP16
}

static AVX2 void column_pass16(const uint16_t *const *rows, const uint16_t *weights, long taps, long count,
                               uint8_t *out) {
    __m256i w[MAX_TAPS];
    for (long k = 0; k < taps; k++) w[k] = _mm256_set1_epi16((short)weights[k]);
    if (taps == 7) column_loop16(rows, w, 7, count, out);
    else if (taps == 5) column_loop16(rows, w, 5, count, out);
    else if (taps == 3) column_loop16(rows, w, 3, count, out);
    else column_loop16(rows, w, taps, count, out);
}

/* MARK: AVX-512 BW, 32 lanes */

INLINE AVX512 __m512i widen32(const uint8_t *p) {
    return _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)p));
}

INLINE AVX512 __m512i row_sum32(const uint8_t *p, const __m512i *w, long kw, int sym, long c) {
    if (sym) {
        long h = kw / 2;
        __m512i s = _mm512_mullo_epi16(w[h], widen32(p + h * c));
        for (long k = 0; k < h; k++)
            s = _mm512_add_epi16(s, _mm512_mullo_epi16(w[k], _mm512_add_epi16(widen32(p + k * c),
                                                                               widen32(p + (kw - 1 - k) * c))));
        return s;
    }
    __m512i s = _mm512_mullo_epi16(w[0], widen32(p));
    for (long k = 1; k < kw; k++) s = _mm512_add_epi16(s, _mm512_mullo_epi16(w[k], widen32(p + k * c)));
    return s;
}

INLINE AVX512 void row_loop32(const uint8_t *pad, const __m512i *w, long kw, int sym, long c, long count,
                              uint16_t *out) {
#define ROW_STEP32(i) _mm512_storeu_si512((void *)(out + (i)), row_sum32(pad + (i), w, kw, sym, c))
    FOR_EACH_VECTOR(32, count, ROW_STEP32);
#undef ROW_STEP32
}

static AVX512 void row_pass32(const uint8_t *pad, const uint16_t *weights, long taps, long c, long count,
                              uint16_t *out) {
    __m512i w[MAX_TAPS];
    for (long k = 0; k < taps; k++) w[k] = _mm512_set1_epi16((short)weights[k]);
    int sym = is_symmetric(weights, taps);
    if (sym && taps == 7) row_loop32(pad, w, 7, 1, c, count, out);
    else if (sym && taps == 5) row_loop32(pad, w, 5, 1, c, count, out);
    else if (sym && taps == 3) row_loop32(pad, w, 3, 1, c, count, out);
    else row_loop32(pad, w, taps, 0, c, count, out);
}

INLINE AVX512 void column_loop32(const uint16_t *const *rows, const __m512i *w, long kh, long count, uint8_t *out) {
    const uint16_t *r[MAX_TAPS];
    for (long k = 0; k < kh; k++) r[k] = rows[k];
    const __m512i rounding = _mm512_set1_epi16(128);
#define COLUMN_STEP32(i)                                                                                       \
    do {                                                                                                       \
        __m512i acc = rounding;                                                                                \
        for (long k = 0; k < kh; k++)                                                                          \
            acc = _mm512_add_epi16(acc, _mm512_mulhi_epu16(_mm512_loadu_si512((const void *)(r[k] + (i))), w[k])); \
        _mm256_storeu_si256((__m256i *)(out + (i)), _mm512_cvtepi16_epi8(_mm512_srli_epi16(acc, 8)));           \
    } while (0)
    FOR_EACH_VECTOR(32, count, COLUMN_STEP32);
#undef COLUMN_STEP32
}

static AVX512 void column_pass32(const uint16_t *const *rows, const uint16_t *weights, long taps, long count,
                                 uint8_t *out) {
    __m512i w[MAX_TAPS];
    for (long k = 0; k < taps; k++) w[k] = _mm512_set1_epi16((short)weights[k]);
    if (taps == 7) column_loop32(rows, w, 7, count, out);
    else if (taps == 5) column_loop32(rows, w, 5, count, out);
    else if (taps == 3) column_loop32(rows, w, 3, count, out);
    else column_loop32(rows, w, taps, count, out);
}

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
