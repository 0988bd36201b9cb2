/* AVX2 row loops for FoveaFilters; see include/fovea_kernels.h for the contract (same bits as the Swift loops). */
#include "fovea_kernels.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* AVX2 needs the CPU flag (CPUID.7.EBX bit 5) and the OS saving YMM state (OSXSAVE, XCR0 bits 1 and 2). */
static int detect_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0; /* OSXSAVE, AVX */
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6u) != 6u) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!(b & (1u << 5))) return 0;
    /* AVX-512 F and BW, with the OS saving the opmask and ZMM state (XCR0 bits 5–7). */
    if ((b & (1u << 16)) && (b & (1u << 30)) && (lo & 0xE6u) == 0xE6u) return 2;
    return 1;
}
#else
static int detect_level(void) { return 0; }
#endif

static _Atomic int detected = -1;
static _Atomic int cap = 2;

int fovea_simd_level(void) {
    int level = atomic_load_explicit(&detected, memory_order_relaxed);
    if (level < 0) {
        level = detect_level();
        /* FOVEA_SIMD_LEVEL=N in the environment caps the level at N (0: the portable loops; for comparisons). */
        const char *forced = getenv("FOVEA_SIMD_LEVEL");
        if (forced && forced[0] >= '0' && forced[0] < '0' + level) level = forced[0] - '0';
        atomic_store_explicit(&detected, level, memory_order_relaxed);
    }
    int limit = atomic_load_explicit(&cap, memory_order_relaxed);
    return level < limit ? level : limit;
}

int fovea_set_simd_level(int level) {
    atomic_store_explicit(&cap, level < 0 ? 0 : level, memory_order_relaxed);
    return fovea_simd_level();
}

#if defined(__x86_64__)
#define AVX2 __attribute__((target("avx2")))

static inline AVX2 __m256i load32(const uint8_t *p) { return _mm256_loadu_si256((const __m256i *)p); }
static inline AVX2 void store32(uint8_t *p, __m256i v) { _mm256_storeu_si256((__m256i *)p, v); }
static inline AVX2 __m256i median3(__m256i a, __m256i b, __m256i c) {
    return _mm256_max_epu8(_mm256_min_epu8(a, b), _mm256_min_epu8(_mm256_max_epu8(a, b), c));
}

/* The 3×3 median by column sorts, two output rows per pass (`fovea_median3x3_u8_rows_avx2` in the header).
   Each column of three rows is sorted (lo ≤ mid ≤ hi); the median is med3(max of the lows, med3 of the mids,
   min of the highs) over the columns x − c, x, x + c. The two output rows share the middle rows r1, r2, so their
   pair is sorted once and r0 (for the first row) and r3 (for the second) are merged into it: 10 min/max for two
   sorted columns instead of 12. The neighbouring columns are loaded again at ±c and sorted again rather than
   stored and reloaded (the store/reload and its store-forwarding stalls cost more than the 2 × 10 min/max).
   Replicate border: virtual column −1 is column 0 and column W is column W − 1. */
#define MIN8 _mm256_min_epu8
#define MAX8 _mm256_max_epu8

/* Virtual samples x + d + i (d = −c or +c) of one row, replicated at the row's ends: a plain load inside the
   row, a copy through `tmp` at the two ends (at most two vectors per row). */
static inline AVX2 __m256i shifted32(const uint8_t *row, long x, long d, long n, long c) {
    if (x + d >= 0 && x + d + 32 <= n) return load32(row + x + d);
    uint8_t tmp[32];
    for (long i = 0; i < 32; i++) {
        long v = x + d + i;
        tmp[i] = row[v < 0 ? v + c : v >= n ? v - c : v];
    }
    return load32(tmp);
}

/* Sorts the columns of (r0, r1, r2) and of (r1, r2, r3) at one offset: lo/mid/hi of each. */
#define SORT_PAIR(MIN, MAX, a, b, d, e, l, m, h, L, M, H)                                                        \
    do {                                                                                                        \
        p_ = MIN(b, d);                                                                                         \
        q_ = MAX(b, d);                                                                                         \
        l = MIN(a, p_);                                                                                         \
        h = MAX(a, q_);                                                                                         \
        m = MAX(p_, MIN(a, q_));                                                                                \
        L = MIN(e, p_);                                                                                         \
        H = MAX(e, q_);                                                                                         \
        M = MAX(p_, MIN(e, q_));                                                                                \
    } while (0)

/* med3(max(l0, l1, l2), med3(m0, m1, m2), min(h0, h1, h2)). */
#define MEDIAN_OF_COLUMNS(MIN, MAX, MED3, l0, l1, l2, m0, m1, m2, h0, h1, h2)                                    \
    MED3(MAX(MAX(l0, l1), l2), MED3(m0, m1, m2), MIN(MIN(h0, h1), h2))

static inline __attribute__((always_inline)) AVX2 void median3x3_pair32(const uint8_t *r0, const uint8_t *r1,
                                                                        const uint8_t *r2, const uint8_t *r3,
                                                                        long x, long n, long c, int edge,
                                                                        uint8_t *t0, uint8_t *t1) {
    __m256i p_, q_, l0, m0, h0, L0, M0, H0, l1, m1, h1, L1, M1, H1, l2, m2, h2, L2, M2, H2;
    if (edge) {
        SORT_PAIR(MIN8, MAX8, shifted32(r0, x, -c, n, c), shifted32(r1, x, -c, n, c), shifted32(r2, x, -c, n, c),
                  shifted32(r3, x, -c, n, c), l0, m0, h0, L0, M0, H0);
        SORT_PAIR(MIN8, MAX8, shifted32(r0, x, c, n, c), shifted32(r1, x, c, n, c), shifted32(r2, x, c, n, c),
                  shifted32(r3, x, c, n, c), l2, m2, h2, L2, M2, H2);
    } else {
        SORT_PAIR(MIN8, MAX8, load32(r0 + x - c), load32(r1 + x - c), load32(r2 + x - c), load32(r3 + x - c), l0, m0,
                  h0, L0, M0, H0);
        SORT_PAIR(MIN8, MAX8, load32(r0 + x + c), load32(r1 + x + c), load32(r2 + x + c), load32(r3 + x + c), l2, m2,
                  h2, L2, M2, H2);
    }
    SORT_PAIR(MIN8, MAX8, load32(r0 + x), load32(r1 + x), load32(r2 + x), load32(r3 + x), l1, m1, h1, L1, M1, H1);
    store32(t0 + x, MEDIAN_OF_COLUMNS(MIN8, MAX8, median3, l0, l1, l2, m0, m1, m2, h0, h1, h2));
    if (t1) store32(t1 + x, MEDIAN_OF_COLUMNS(MIN8, MAX8, median3, L0, L1, L2, M0, M1, M2, H0, H1, H2));
}

AVX2 void fovea_median3x3_u8_rows_avx2(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                       long n, long c, uint8_t *t0, uint8_t *t1) {
    if (!r3) r3 = r2;
    /* The last vector overlaps the previous one (same values); vectors reaching past either end of the row take
       their shifted columns through `shifted32`. */
    for (long x = 0;;) {
        if (x < c || x + 32 + c > n) median3x3_pair32(r0, r1, r2, r3, x, n, c, 1, t0, t1);
        else median3x3_pair32(r0, r1, r2, r3, x, n, c, 0, t0, t1);
        if (x == n - 32) break;
        x = x + 32 < n - 32 ? x + 32 : n - 32;
    }
}

static inline AVX2 __m256i widen16(const uint8_t *p) { return _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)p)); }

static inline AVX2 void store_int16_as_floats(__m256i s, float *out) {
    __m256i lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(s));
    __m256i hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(s, 1));
    _mm256_storeu_ps(out, _mm256_cvtepi32_ps(lo));
    _mm256_storeu_ps(out + 8, _mm256_cvtepi32_ps(hi));
}

/* The sums over NT non-zero taps, 32 samples per step, the taps unrolled with their pointers and weights in locals. */
#define DEFINE_INT3X3(NAME, NT)                                                                                 \
    static AVX2 long NAME(const uint8_t *const *src_in, const int16_t *tw, long n, float *out) {                 \
        const uint8_t *src[NT];                                                                                 \
        __m256i w[NT];                                                                                          \
        for (int t = 0; t < NT; t++) {                                                                          \
            src[t] = src_in[t];                                                                                 \
            w[t] = _mm256_set1_epi16(tw[t]);                                                                    \
        }                                                                                                       \
        long i = 0;                                                                                             \
        for (; i + 32 <= n; i += 32) {                                                                          \
            __m256i s0 = _mm256_mullo_epi16(w[0], widen16(src[0] + i));                                         \
            __m256i s1 = _mm256_mullo_epi16(w[0], widen16(src[0] + i + 16));                                    \
            _Pragma("clang loop unroll(full)") for (int t = 1; t < NT; t++) {                                   \
                s0 = _mm256_add_epi16(s0, _mm256_mullo_epi16(w[t], widen16(src[t] + i)));                       \
                s1 = _mm256_add_epi16(s1, _mm256_mullo_epi16(w[t], widen16(src[t] + i + 16)));                  \
            }                                                                                                   \
            store_int16_as_floats(s0, out + i);                                                                 \
            store_int16_as_floats(s1, out + i + 16);                                                            \
        }                                                                                                       \
        for (; i + 16 <= n; i += 16) {                                                                          \
            __m256i s0 = _mm256_mullo_epi16(w[0], widen16(src[0] + i));                                         \
            _Pragma("clang loop unroll(full)") for (int t = 1; t < NT; t++)                                     \
                s0 = _mm256_add_epi16(s0, _mm256_mullo_epi16(w[t], widen16(src[t] + i)));                       \
            store_int16_as_floats(s0, out + i);                                                                 \
        }                                                                                                       \
        return i;                                                                                               \
    }

DEFINE_INT3X3(int3x3_1, 1)
DEFINE_INT3X3(int3x3_2, 2)
DEFINE_INT3X3(int3x3_3, 3)
DEFINE_INT3X3(int3x3_4, 4)
DEFINE_INT3X3(int3x3_5, 5)
DEFINE_INT3X3(int3x3_6, 6)
DEFINE_INT3X3(int3x3_7, 7)
DEFINE_INT3X3(int3x3_8, 8)
DEFINE_INT3X3(int3x3_9, 9)

AVX2 long fovea_int3x3_u8_f32_row_avx2(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, long c, long n,
                                       const int16_t *weights, float *out) {
    /* The non-zero taps only (integer sums are exact in any order). */
    const uint8_t *src[9];
    int16_t w[9];
    int taps = 0;
    const uint8_t *rows[3] = {r0, r1, r2};
    for (int k = 0; k < 9; k++) {
        if (weights[k] == 0) continue;
        src[taps] = rows[k / 3] + (k % 3) * c;
        w[taps] = weights[k];
        taps++;
    }
    switch (taps) {
    case 1: return int3x3_1(src, w, n, out);
    case 2: return int3x3_2(src, w, n, out);
    case 3: return int3x3_3(src, w, n, out);
    case 4: return int3x3_4(src, w, n, out);
    case 5: return int3x3_5(src, w, n, out);
    case 6: return int3x3_6(src, w, n, out);
    case 7: return int3x3_7(src, w, n, out);
    case 8: return int3x3_8(src, w, n, out);
    case 9: return int3x3_9(src, w, n, out);
    default: return 0; /* all weights zero: the Swift loop writes the zeros */
    }
}

static inline AVX2 __m256 ld(const float *p) { return _mm256_loadu_ps(p); }
#define MUL _mm256_mul_ps
#define ADD _mm256_add_ps
#define SUB _mm256_sub_ps
#define SET _mm256_set1_ps

/* The row and column passes share one body: tap k of output i is at p[k] + i (row pass: p[k] = pad + k·c; column
   pass: p[k] = rows[k]). Instantiated per tap count, with the pointers and broadcast weights in locals and the
   formula chosen outside the loop, so the taps unroll and stay in registers. */
#define DEFINE_PASS(NAME, KW)                                                                                   \
    static AVX2 long NAME(const float *const *p_in, const float *weights, int symmetry, long count, float *out) { \
        const float *p[KW];                                                                                     \
        __m256 w[KW];                                                                                           \
        for (int k = 0; k < KW; k++) {                                                                          \
            p[k] = p_in[k];                                                                                     \
            w[k] = SET(weights[k]);                                                                             \
        }                                                                                                       \
        const int half = KW / 2;                                                                                \
        long i = 0;                                                                                             \
        if (symmetry == FOVEA_SYMMETRY_SYMMETRIC) {                                                             \
            for (; i + 8 <= count; i += 8) {                                                                    \
                __m256 s = MUL(w[half], ld(p[half] + i));                                                       \
                for (int k = 0; k < half; k++) s = ADD(s, MUL(w[k], ADD(ld(p[k] + i), ld(p[KW - 1 - k] + i))));  \
                _mm256_storeu_ps(out + i, s);                                                                   \
            }                                                                                                   \
        } else if (symmetry == FOVEA_SYMMETRY_ANTISYMMETRIC) {                                                  \
            for (; i + 8 <= count; i += 8) {                                                                    \
                __m256 s = MUL(w[0], SUB(ld(p[0] + i), ld(p[KW - 1] + i)));                                     \
                for (int k = 1; k < half; k++) s = ADD(s, MUL(w[k], SUB(ld(p[k] + i), ld(p[KW - 1 - k] + i))));  \
                _mm256_storeu_ps(out + i, s);                                                                   \
            }                                                                                                   \
        } else {                                                                                                \
            for (; i + 8 <= count; i += 8) {                                                                    \
                __m256 s = MUL(w[0], ld(p[0] + i));                                                             \
                for (int k = 1; k < KW; k++) s = ADD(s, MUL(w[k], ld(p[k] + i)));                               \
                _mm256_storeu_ps(out + i, s);                                                                   \
            }                                                                                                   \
        }                                                                                                       \
        return i;                                                                                               \
    }

DEFINE_PASS(pass3, 3)
DEFINE_PASS(pass5, 5)
DEFINE_PASS(pass7, 7)

/* Any other tap count: the same formulas with the taps in a loop. */
static AVX2 long pass_any(const float *const *p, const float *w, long kw, int symmetry, long count, float *out) {
    long half = kw / 2, i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 s;
        if (symmetry == FOVEA_SYMMETRY_SYMMETRIC) {
            s = MUL(SET(w[half]), ld(p[half] + i));
            for (long k = 0; k < half; k++) s = ADD(s, MUL(SET(w[k]), ADD(ld(p[k] + i), ld(p[kw - 1 - k] + i))));
        } else if (symmetry == FOVEA_SYMMETRY_ANTISYMMETRIC) {
            s = MUL(SET(w[0]), SUB(ld(p[0] + i), ld(p[kw - 1] + i)));
            for (long k = 1; k < half; k++) s = ADD(s, MUL(SET(w[k]), SUB(ld(p[k] + i), ld(p[kw - 1 - k] + i))));
        } else {
            s = MUL(SET(w[0]), ld(p[0] + i));
            for (long k = 1; k < kw; k++) s = ADD(s, MUL(SET(w[k]), ld(p[k] + i)));
        }
        _mm256_storeu_ps(out + i, s);
    }
    return i;
}

static AVX2 long pass(const float *const *p, const float *w, long kw, int symmetry, long count, float *out) {
    switch (kw) {
    case 3: return pass3(p, w, symmetry, count, out);
    case 5: return pass5(p, w, symmetry, count, out);
    case 7: return pass7(p, w, symmetry, count, out);
    default: return pass_any(p, w, kw, symmetry, count, out);
    }
}

AVX2 long fovea_row_pass_f32_avx2(const float *pad, const float *weights, long taps, int symmetry, long c, long count,
                                  float *out) {
    const float *p[64];
    if (taps <= 0 || taps > 64) return 0;
    for (long k = 0; k < taps; k++) p[k] = pad + k * c;
    return pass(p, weights, taps, symmetry, count, out);
}

AVX2 long fovea_column_pass_f32_avx2(const float *const *rows, const float *weights, long taps, int symmetry,
                                     long count, float *out) {
    if (taps <= 0) return 0;
    return pass(rows, weights, taps, symmetry, count, out);
}

/* Dense taps summed in list order, 16 samples per step; instantiated for the 3×3 patterns' tap counts. From +0,
   the first step is 0 + w·x (which turns a −0 product into +0, as the Swift loop does). */
#define DEFINE_DENSE(NAME, NT)                                                                                  \
    static AVX2 long NAME(const float *const *src_in, const float *tw, int from_zero, long count, float *out) {   \
        const float *src[NT];                                                                                   \
        __m256 w[NT];                                                                                           \
        for (int t = 0; t < NT; t++) {                                                                          \
            src[t] = src_in[t];                                                                                 \
            w[t] = SET(tw[t]);                                                                                  \
        }                                                                                                       \
        const __m256 zero = _mm256_setzero_ps();                                                                \
        long i = 0;                                                                                             \
        if (from_zero) {                                                                                        \
            for (; i + 16 <= count; i += 16) {                                                                  \
                __m256 s0 = ADD(zero, MUL(w[0], ld(src[0] + i)));                                               \
                __m256 s1 = ADD(zero, MUL(w[0], ld(src[0] + i + 8)));                                           \
                _Pragma("clang loop unroll(full)") for (int t = 1; t < NT; t++) {                               \
                    s0 = ADD(s0, MUL(w[t], ld(src[t] + i)));                                                    \
                    s1 = ADD(s1, MUL(w[t], ld(src[t] + i + 8)));                                                \
                }                                                                                               \
                _mm256_storeu_ps(out + i, s0);                                                                  \
                _mm256_storeu_ps(out + i + 8, s1);                                                              \
            }                                                                                                   \
        } else {                                                                                                \
            for (; i + 16 <= count; i += 16) {                                                                  \
                __m256 s0 = MUL(w[0], ld(src[0] + i));                                                          \
                __m256 s1 = MUL(w[0], ld(src[0] + i + 8));                                                      \
                _Pragma("clang loop unroll(full)") for (int t = 1; t < NT; t++) {                               \
                    s0 = ADD(s0, MUL(w[t], ld(src[t] + i)));                                                    \
                    s1 = ADD(s1, MUL(w[t], ld(src[t] + i + 8)));                                                \
                }                                                                                               \
                _mm256_storeu_ps(out + i, s0);                                                                  \
                _mm256_storeu_ps(out + i + 8, s1);                                                              \
            }                                                                                                   \
        }                                                                                                       \
        return i;                                                                                               \
    }

DEFINE_DENSE(dense5, 5)
DEFINE_DENSE(dense6, 6)
DEFINE_DENSE(dense9, 9)

AVX2 long fovea_dense_pass_f32_avx2(const float *const *rows, const long *tap_rows, const long *tap_offsets,
                                    const float *tap_weights, long taps, int from_zero, long count, float *out) {
    if (taps <= 0 || taps > 64) return 0;
    const float *src[64];
    for (long t = 0; t < taps; t++) src[t] = rows[tap_rows[t]] + tap_offsets[t];
    switch (taps) {
    case 5: return dense5(src, tap_weights, from_zero, count, out);
    case 6: return dense6(src, tap_weights, from_zero, count, out);
    case 9: return dense9(src, tap_weights, from_zero, count, out);
    default: break;
    }
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m256 s0, s1;
        long t = 0;
        if (from_zero) {
            s0 = _mm256_setzero_ps();
            s1 = _mm256_setzero_ps();
        } else {
            __m256 w0 = SET(tap_weights[0]);
            s0 = MUL(w0, ld(src[0] + i));
            s1 = MUL(w0, ld(src[0] + i + 8));
            t = 1;
        }
        for (; t < taps; t++) {
            __m256 wt = SET(tap_weights[t]);
            s0 = ADD(s0, MUL(wt, ld(src[t] + i)));
            s1 = ADD(s1, MUL(wt, ld(src[t] + i + 8)));
        }
        _mm256_storeu_ps(out + i, s0);
        _mm256_storeu_ps(out + i + 8, s1);
    }
    return i;
}

#define AVX512 __attribute__((target("avx512f,avx512bw")))

/* ---- Float passes, 16 lanes (AVX-512 F, level 2): the AVX2 passes' formulas with one ZMM per 16 samples. The
   row and column passes return multiples of 16 (the Swift loops take the remainder with the same formulas); the
   3×3 dense pass takes its taps from the pattern, as `DenseKernel` builds the AVX2 loop's list. */
static inline AVX512 __m512 ld16(const float *p) { return _mm512_loadu_ps(p); }
#define MUL16 _mm512_mul_ps
#define ADD16 _mm512_add_ps
#define SUB16 _mm512_sub_ps
#define SET16 _mm512_set1_ps

#define DEFINE_PASS16(NAME, KW)                                                                                 \
    static AVX512 long NAME(const float *const *p_in, const float *weights, int symmetry, long count,           \
                            float *out) {                                                                       \
        const float *p[KW];                                                                                     \
        __m512 w[KW];                                                                                           \
        for (int k = 0; k < KW; k++) {                                                                          \
            p[k] = p_in[k];                                                                                     \
            w[k] = SET16(weights[k]);                                                                           \
        }                                                                                                       \
        const int half = KW / 2;                                                                                \
        long i = 0;                                                                                             \
        if (symmetry == FOVEA_SYMMETRY_SYMMETRIC) {                                                             \
            for (; i + 16 <= count; i += 16) {                                                                  \
                __m512 s = MUL16(w[half], ld16(p[half] + i));                                                   \
                for (int k = 0; k < half; k++)                                                                  \
                    s = ADD16(s, MUL16(w[k], ADD16(ld16(p[k] + i), ld16(p[KW - 1 - k] + i))));                  \
                _mm512_storeu_ps(out + i, s);                                                                   \
            }                                                                                                   \
        } else if (symmetry == FOVEA_SYMMETRY_ANTISYMMETRIC) {                                                  \
            for (; i + 16 <= count; i += 16) {                                                                  \
                __m512 s = MUL16(w[0], SUB16(ld16(p[0] + i), ld16(p[KW - 1] + i)));                             \
                for (int k = 1; k < half; k++)                                                                  \
                    s = ADD16(s, MUL16(w[k], SUB16(ld16(p[k] + i), ld16(p[KW - 1 - k] + i))));                  \
                _mm512_storeu_ps(out + i, s);                                                                   \
            }                                                                                                   \
        } else {                                                                                                \
            for (; i + 16 <= count; i += 16) {                                                                  \
                __m512 s = MUL16(w[0], ld16(p[0] + i));                                                         \
                for (int k = 1; k < KW; k++) s = ADD16(s, MUL16(w[k], ld16(p[k] + i)));                         \
                _mm512_storeu_ps(out + i, s);                                                                   \
            }                                                                                                   \
        }                                                                                                       \
        return i;                                                                                               \
    }

DEFINE_PASS16(pass3_16, 3)
DEFINE_PASS16(pass5_16, 5)
DEFINE_PASS16(pass7_16, 7)

/* Other tap counts stay on the AVX2 loop (`pass_any`): the 16-lane versions are for the 3-, 5- and 7-tap cases. */
static AVX512 long pass16(const float *const *p, const float *w, long kw, int symmetry, long count, float *out) {
    switch (kw) {
    case 3: return pass3_16(p, w, symmetry, count, out);
    case 5: return pass5_16(p, w, symmetry, count, out);
    case 7: return pass7_16(p, w, symmetry, count, out);
    default: return pass(p, w, kw, symmetry, count, out);
    }
}

AVX512 long fovea_row_pass_f32_avx512(const float *pad, const float *weights, long taps, int symmetry, long c,
                                      long count, float *out) {
    const float *p[64];
    if (taps <= 0 || taps > 64) return 0;
    for (long k = 0; k < taps; k++) p[k] = pad + k * c;
    return pass16(p, weights, taps, symmetry, count, out);
}

AVX512 long fovea_column_pass_f32_avx512(const float *const *rows, const float *weights, long taps, int symmetry,
                                         long count, float *out) {
    if (taps <= 0) return 0;
    return pass16(rows, weights, taps, symmetry, count, out);
}

/* One 3-tap formula of the passes (`DEFINE_PASS16` with KW = 3) over three vectors. */
static inline __attribute__((always_inline)) AVX512 __m512 taps3_16(const __m512 *w, int symmetry, __m512 x0,
                                                                   __m512 x1, __m512 x2) {
    if (symmetry == FOVEA_SYMMETRY_SYMMETRIC) return ADD16(MUL16(w[1], x1), MUL16(w[0], ADD16(x0, x2)));
    if (symmetry == FOVEA_SYMMETRY_ANTISYMMETRIC) return MUL16(w[0], SUB16(x0, x2));
    return ADD16(ADD16(MUL16(w[0], x0), MUL16(w[1], x1)), MUL16(w[2], x2));
}

/* `taps3_16`, where `unit` says the symmetric or antisymmetric factor `w[0]` is exactly 1: its product is left out.
   The same bits: it multiplies a sum or difference, already rounded and, if NaN, already quiet, and 1·x is x for
   every such x (−0 and subnormals included). */
static inline __attribute__((always_inline)) AVX512 __m512 taps3u_16(const __m512 *w, int symmetry, int unit,
                                                                    __m512 x0, __m512 x1, __m512 x2) {
    if (unit && symmetry == FOVEA_SYMMETRY_SYMMETRIC) return ADD16(MUL16(w[1], x1), ADD16(x0, x2));
    if (unit && symmetry == FOVEA_SYMMETRY_ANTISYMMETRIC) return SUB16(x0, x2);
    return taps3_16(w, symmetry, x0, x1, x2);
}

/* The scalar tails' formula of the Swift passes, `s = 0; s += w[k]·x[k]` (its zero signs can differ from the vector
   formulas), in 16 lanes. */
static inline __attribute__((always_inline)) AVX512 __m512 scalar3_16(const __m512 *w, __m512 x0, __m512 x1,
                                                                     __m512 x2) {
    __m512 s = ADD16(_mm512_setzero_ps(), MUL16(w[0], x0));
    return ADD16(ADD16(s, MUL16(w[1], x1)), MUL16(w[2], x2));
}

/* The lanes of the 16 samples at `i` that are at or past `scalar_from` (the full pass's scalar tail). */
static inline __attribute__((always_inline)) __mmask16 scalar_lanes(long i, long scalar_from) {
    long k = scalar_from - i;
    return k >= 16 ? (__mmask16)0 : k <= 0 ? (__mmask16)0xFFFF : (__mmask16)(0xFFFFu << k);
}

/* One 3-tap formula over `x0[i]`, `x1[i]`, `x2[i]` for i in [from, to), 16 at a time, the last vector masked, each
   sample at or past `scalar_from` with the scalar tail's formula: the passes over a row's ends, with the bits the
   full passes give them. */
static inline __attribute__((always_inline)) AVX512 void taps3_range16(const __m512 *w, int symmetry,
                                                                        const float *x0, const float *x1,
                                                                        const float *x2, long from, long to,
                                                                        long scalar_from, float *out) {
    for (long i = from; i < to; i += 16) {
        __mmask16 m = to - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (to - i)) - 1u);
        __m512 a = _mm512_maskz_loadu_ps(m, x0 + i), b = _mm512_maskz_loadu_ps(m, x1 + i),
               c = _mm512_maskz_loadu_ps(m, x2 + i);
        __m512 v = taps3_16(w, symmetry, a, b, c);
        /* Only vectors that reach the scalar tail pay for its formula (none where the row is a multiple of 8). */
        if (i + 16 > scalar_from) v = _mm512_mask_blend_ps(scalar_lanes(i, scalar_from), v, scalar3_16(w, a, b, c));
        _mm512_mask_storeu_ps(out + i, m, v);
    }
}

/* A separable 3×3 row for C channels (the shifts are immediates), in three parts. The fused middle: the column
   sums of the next 16 samples are kept for the next step, and the last step loads only the 2C samples it needs.
   The ends (`fovea_separable3x3_plan`): the column sums of the row's head and tail into the padded row, its border
   pixels copied from them (or the outside value), and the row pass over the padded ends, after the middle, when
   the masked and scalar stores it reads back have long retired (read at once, they cannot be forwarded to its
   wide loads, which would wait). `NAME` switches once on the two symmetries, so each of the nine row bodies has
   its formulas fixed rather than tested in its loops (Sobel-x +8 %, Sobel-y +19 %, symmetric pairs +10 % for the
   middle alone; 20 of 20 interleaved pairs in a C harness). */
#define DEFINE_SEPARABLE3X3(NAME, C)                                                                            \
    /* One fused step: the row formula over the column sums `cur` and the next 2C of `next`, stored at `out`. */\
    static inline __attribute__((always_inline)) AVX512 void NAME##_step(__m512 cur, __m512 next, const __m512 *rw,\
                                                                      const int rsym, const int runit, float *out) {\
        __m512i a = _mm512_castps_si512(cur), b = _mm512_castps_si512(next);                                   \
        __m512 x1 = _mm512_castsi512_ps(_mm512_alignr_epi32(b, a, (C)));                                       \
        __m512 x2 = _mm512_castsi512_ps(_mm512_alignr_epi32(b, a, 2 * (C)));                                   \
        _mm512_storeu_ps(out, taps3u_16(rw, rsym, runit, cur, x1, x2));                                        \
    }                                                                                                          \
    static inline __attribute__((always_inline)) AVX512 long NAME##_middle(                                    \
        const float *r0, const float *r1, const float *r2, const __m512 *cw, const int csym, const int cunit,  \
        const __m512 *rw, const int rsym, const int runit, long count, float *out) {                           \
        __m512 cur = taps3u_16(cw, csym, cunit, ld16(r0), ld16(r1), ld16(r2));                                 \
        const __mmask16 reach = (__mmask16)((1u << (2 * (C))) - 1u);                                           \
        long m = 0;                                                                                            \
        /* The steps with a full next vector, then the last (its next vector masked to the 2C samples it       \
           needs): no test inside the loop, which the compiler can then unroll. */                             \
        _Pragma("clang loop unroll_count(2)") for (; m + 32 <= count; m += 16) {                               \
            __m512 next = taps3u_16(cw, csym, cunit, ld16(r0 + m + 16), ld16(r1 + m + 16), ld16(r2 + m + 16)); \
            NAME##_step(cur, next, rw, rsym, runit, out + m);                                                  \
            cur = next;                                                                                        \
        }                                                                                                      \
        if (m + 16 <= count) {                                                                                 \
            __m512 next = taps3u_16(cw, csym, cunit, _mm512_maskz_loadu_ps(reach, r0 + m + 16),                \
                                    _mm512_maskz_loadu_ps(reach, r1 + m + 16),                                 \
                                    _mm512_maskz_loadu_ps(reach, r2 + m + 16));                                \
            NAME##_step(cur, next, rw, rsym, runit, out + m);                                                  \
            m += 16;                                                                                           \
        }                                                                                                      \
        return m;                                                                                              \
    }                                                                                                          \
    static inline __attribute__((always_inline)) AVX512 void NAME##_row(                                        \
        const fovea_separable3x3_plan *plan, const float *r0, const float *r1, const float *r2, float *padded,   \
        float *out, const __m512 *cw, const int csym, const __m512 *rw, const int rsym) {                        \
        const long left = plan->left_samples, n = plan->out_count, sc = plan->source_count;                     \
        float *interior = padded + left;                                                                        \
        const long column_scalar = sc / 8 * 8, row_scalar = n / 8 * 8;                                          \
        /* The fused loop from the first output whose middle-row load is 64-byte aligned: in a C harness on Zen  \
           5, loads that split cache lines cost the loop a third of its speed (a split store, nothing). */       \
        const uintptr_t first = (uintptr_t)(r1 + plan->fused_from - left);                                      \
        const long head = plan->fused_from + (long)(((64u - (first & 63u)) & 63u) / sizeof(float));             \
        const long tail = plan->fused_limit - head >= 16 ? head + (plan->fused_limit - head) / 16 * 16 : head;  \
        const long head_columns = ((head + 2 * (C) - left > 3 * (C) ? head + 2 * (C) - left : 3 * (C)) + 7) / 8 * 8; \
        const long tail_reach = tail - left < sc - 3 * (C) ? tail - left : sc - 3 * (C);                       \
        const long tail_columns = (tail_reach > 0 ? tail_reach : 0) / 8 * 8;                                    \
        /* The next row's ends, which each row reads first, out of the order the hardware prefetchers follow:   \
           the source row after r2 where an image's rows are contiguous (a prefetch never faults, so any other  \
           address is only a wasted hint; 4–5 % on Sobel). */                                                   \
        const uintptr_t next = (uintptr_t)(r2) + (uintptr_t)sc * sizeof(float);                                 \
        for (long j = 0; j < head_columns; j += 16)                                                             \
            _mm_prefetch((const char *)(next + (uintptr_t)j * sizeof(float)), _MM_HINT_T0);                     \
        for (long j = tail_columns; j < sc; j += 16)                                                            \
            _mm_prefetch((const char *)(next + (uintptr_t)j * sizeof(float)), _MM_HINT_T0);                     \
        taps3_range16(cw, csym, r0, r1, r2, 0, head_columns, column_scalar, interior);                          \
        taps3_range16(cw, csym, r0, r1, r2, tail_columns, sc, column_scalar, interior);                         \
        for (long f = 0; f < plan->fill_count; f++) {                                                           \
            const long offset = plan->fill_offsets[f], source = plan->fill_sources[f];                          \
            for (long ch = 0; ch < (C); ch++)                                                                   \
                padded[offset + ch] = source < 0 ? plan->outside : interior[source * (C) + ch];                 \
        }                                                                                                       \
        const long m = head - left;                                                                             \
        /* A factor of exactly 1 on a sum or difference is left out of the middle (same bits, one product     \
           fewer: Sobel's [1, 2, 1]); the compiler drops the branches the symmetry codes rule out. */           \
        const int cunit = csym != FOVEA_SYMMETRY_GENERAL && plan->column_weights[0] == 1.0f;                    \
        const int runit = rsym != FOVEA_SYMMETRY_GENERAL && plan->row_weights[0] == 1.0f;                       \
        if (tail <= head) {                                                                                     \
        } else if (cunit && runit) {                                                                            \
            NAME##_middle(r0 + m, r1 + m, r2 + m, cw, csym, 1, rw, rsym, 1, tail - head, out + head);           \
        } else if (cunit) {                                                                                     \
            NAME##_middle(r0 + m, r1 + m, r2 + m, cw, csym, 1, rw, rsym, 0, tail - head, out + head);           \
        } else if (runit) {                                                                                     \
            NAME##_middle(r0 + m, r1 + m, r2 + m, cw, csym, 0, rw, rsym, 1, tail - head, out + head);           \
        } else {                                                                                                \
            NAME##_middle(r0 + m, r1 + m, r2 + m, cw, csym, 0, rw, rsym, 0, tail - head, out + head);           \
        }                                                                                                       \
        taps3_range16(rw, rsym, padded, padded + (C), padded + 2 * (C), 0, head, row_scalar, out);              \
        taps3_range16(rw, rsym, padded, padded + (C), padded + 2 * (C), tail, n, row_scalar, out);              \
    }                                                                                                           \
    /* The rows of a band, each from three consecutive entries of `rows`. */                                   \
    static inline __attribute__((always_inline)) AVX512 void NAME##_rows(                                      \
        const fovea_separable3x3_plan *plan, const float *const *rows, long count, float *padded, float *out,  \
        long out_stride, const __m512 *cw, const int csym, const __m512 *rw, const int rsym) {                 \
        for (long y = 0; y < count; y++)                                                                       \
            NAME##_row(plan, rows[y], rows[y + 1], rows[y + 2], padded, out + y * out_stride, cw, csym, rw, rsym);\
    }                                                                                                          \
    /* The symmetry switch taken once a band, so each of the nine row bodies has its formulas fixed. */        \
    static AVX512 void NAME(const fovea_separable3x3_plan *plan, const float *const *rows, long count,         \
                            float *padded, float *out, long out_stride, const __m512 *cw, const __m512 *rw) {  \
        switch (plan->column_symmetry * 3 + plan->row_symmetry) {                                              \
        case 0: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 0, rw, 0); break;                  \
        case 1: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 0, rw, 1); break;                  \
        case 2: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 0, rw, 2); break;                  \
        case 3: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 1, rw, 0); break;                  \
        case 4: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 1, rw, 1); break;                  \
        case 5: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 1, rw, 2); break;                  \
        case 6: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 2, rw, 0); break;                  \
        case 7: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 2, rw, 1); break;                  \
        default: NAME##_rows(plan, rows, count, padded, out, out_stride, cw, 2, rw, 2); break;                 \
        }                                                                                                      \
    }

DEFINE_SEPARABLE3X3(separable3x3_c1, 1)
DEFINE_SEPARABLE3X3(separable3x3_c2, 2)
DEFINE_SEPARABLE3X3(separable3x3_c3, 3)
DEFINE_SEPARABLE3X3(separable3x3_c4, 4)

AVX512 void fovea_separable3x3_rows_f32_avx512(const fovea_separable3x3_plan *plan, const float *const *rows,
                                               long count, float *padded, float *out, long out_stride) {
    __m512 cw[3], rw[3];
    for (int k = 0; k < 3; k++) {
        cw[k] = SET16(plan->column_weights[k]);
        rw[k] = SET16(plan->row_weights[k]);
    }
    switch (plan->channels) {
    case 1: separable3x3_c1(plan, rows, count, padded, out, out_stride, cw, rw); break;
    case 2: separable3x3_c2(plan, rows, count, padded, out, out_stride, cw, rw); break;
    case 3: separable3x3_c3(plan, rows, count, padded, out, out_stride, cw, rw); break;
    default: separable3x3_c4(plan, rows, count, padded, out, out_stride, cw, rw); break;
    }
}

/* The 3×3 patterns' taps summed from the first product, 16 samples per step (`sparse3x3` / `full3x3`). */
#define DEFINE_DENSE16(NAME, NT)                                                                                \
    static AVX512 long NAME(const float *const *src_in, const float *tw, long count, float *out) {              \
        const float *src[NT];                                                                                   \
        __m512 w[NT];                                                                                           \
        for (int t = 0; t < NT; t++) {                                                                          \
            src[t] = src_in[t];                                                                                 \
            w[t] = SET16(tw[t]);                                                                                \
        }                                                                                                       \
        long i = 0;                                                                                             \
        for (; i + 16 <= count; i += 16) {                                                                      \
            __m512 s = MUL16(w[0], ld16(src[0] + i));                                                           \
            _Pragma("clang loop unroll(full)") for (int t = 1; t < NT; t++) s = ADD16(s, MUL16(w[t], ld16(src[t] + i))); \
            _mm512_storeu_ps(out + i, s);                                                                       \
        }                                                                                                       \
        return i;                                                                                               \
    }

DEFINE_DENSE16(dense5_16, 5)
DEFINE_DENSE16(dense6_16, 6)
DEFINE_DENSE16(dense9_16, 9)

/* The row-major weight indices each pattern's loop multiplies, in its order (Dense3x3.Pattern.usedWeights). */
static const int pattern_taps[5][10] = {
    {5, 1, 3, 4, 5, 7}, {5, 0, 2, 4, 6, 8}, {6, 0, 2, 3, 5, 6, 8}, {6, 0, 1, 2, 6, 7, 8}, {9, 0, 1, 2, 3, 4, 5, 6, 7, 8},
};

/* The pattern's taps in its order: pointers into the rows `r` and weights. */
static int pattern_tap_list(const float *const *r, long c, const float *weights, int pattern, const float **src,
                            float *w) {
    const int taps = pattern_taps[pattern][0];
    for (int t = 0; t < taps; t++) {
        int k = pattern_taps[pattern][t + 1];
        src[t] = r[k / 3] + (k % 3) * c;
        w[t] = weights[k];
    }
    return taps;
}

long fovea_dense3x3_pass_f32(int level, const float *r0, const float *r1, const float *r2, long c,
                             const float *weights, int pattern, long count, float *out) {
    if (level < 1 || pattern < 0 || pattern > 4) return 0;
    const float *rows[3] = {r0, r1, r2};
    const float *src[9];
    float w[9];
    const int taps = pattern_tap_list(rows, c, weights, pattern, src, w);
    if (level >= 2) {
        switch (taps) {
        case 5: return dense5_16(src, w, count, out);
        case 6: return dense6_16(src, w, count, out);
        default: return dense9_16(src, w, count, out);
        }
    }
    switch (taps) {
    case 5: return dense5(src, w, 0, count, out);
    case 6: return dense6(src, w, 0, count, out);
    default: return dense9(src, w, 0, count, out);
    }
}

long fovea_dense3x3_pieces_f32(int level, const float *const *rows, long pieces, const long *counts,
                               float *const *outs, long c, const float *weights, int pattern) {
    if (level < 1 || pattern < 0 || pattern > 4 || pieces <= 0) return 0;
    const float *src[9], *moved[9];
    float w[9];
    const int taps = pattern_tap_list(rows, c, weights, pattern, src, w);
    long done = 0;
    for (long p = 0; p < pieces; p++) {
        /* The same taps, moved from the first piece's rows to this piece's (same row and column offsets). */
        for (int t = 0; t < taps; t++) {
            int k = pattern_taps[pattern][t + 1];
            moved[t] = rows[3 * p + k / 3] + (k % 3) * c;
        }
        long n = counts[p];
        if (level >= 2) {
            switch (taps) {
            case 5: done = dense5_16(moved, w, n, outs[p]); break;
            case 6: done = dense6_16(moved, w, n, outs[p]); break;
            default: done = dense9_16(moved, w, n, outs[p]); break;
            }
        } else {
            switch (taps) {
            case 5: done = dense5(moved, w, 0, n, outs[p]); break;
            case 6: done = dense6(moved, w, 0, n, outs[p]); break;
            default: done = dense9(moved, w, 0, n, outs[p]); break;
            }
        }
    }
    (void)src;
    return done;
}

static inline AVX512 __m512i load64(const uint8_t *p) { return _mm512_loadu_si512((const void *)p); }
static inline AVX512 void store64(uint8_t *p, __m512i v) { _mm512_storeu_si512((void *)p, v); }
static inline AVX512 __m512i median3_512(__m512i a, __m512i b, __m512i c) {
    return _mm512_max_epu8(_mm512_min_epu8(a, b), _mm512_min_epu8(_mm512_max_epu8(a, b), c));
}

#define MIN64 _mm512_min_epu8
#define MAX64 _mm512_max_epu8

/* `shifted32` with 64 lanes: the lanes past either end of the row are masked off the load (no fault) and keep
   the unshifted vector's samples, which are exactly the replicated edge pixel's (x + d + i − (±c) = x + i). */
static inline AVX512 __m512i shifted64(const uint8_t *row, long x, long d, long n) {
    long first = x + d, end = x + d + 64;
    if (first >= 0 && end <= n) return load64(row + x + d);
    __mmask64 keep = ~(__mmask64)0;
    if (first < 0) keep &= ~(__mmask64)0 << (unsigned long)(-first);
    if (end > n) keep &= ~(__mmask64)0 >> (unsigned long)(end - n);
    return _mm512_mask_loadu_epi8(load64(row + x), keep, row + x + d);
}

static inline __attribute__((always_inline)) AVX512 void median3x3_pair64(const uint8_t *r0, const uint8_t *r1,
                                                                          const uint8_t *r2, const uint8_t *r3,
                                                                          long x, long n, long c, int edge,
                                                                          uint8_t *t0, uint8_t *t1) {
    __m512i p_, q_, l0, m0, h0, L0, M0, H0, l1, m1, h1, L1, M1, H1, l2, m2, h2, L2, M2, H2;
    if (edge) {
        SORT_PAIR(MIN64, MAX64, shifted64(r0, x, -c, n), shifted64(r1, x, -c, n), shifted64(r2, x, -c, n),
                  shifted64(r3, x, -c, n), l0, m0, h0, L0, M0, H0);
        SORT_PAIR(MIN64, MAX64, shifted64(r0, x, c, n), shifted64(r1, x, c, n), shifted64(r2, x, c, n),
                  shifted64(r3, x, c, n), l2, m2, h2, L2, M2, H2);
    } else {
        SORT_PAIR(MIN64, MAX64, load64(r0 + x - c), load64(r1 + x - c), load64(r2 + x - c), load64(r3 + x - c), l0,
                  m0, h0, L0, M0, H0);
        SORT_PAIR(MIN64, MAX64, load64(r0 + x + c), load64(r1 + x + c), load64(r2 + x + c), load64(r3 + x + c), l2,
                  m2, h2, L2, M2, H2);
    }
    SORT_PAIR(MIN64, MAX64, load64(r0 + x), load64(r1 + x), load64(r2 + x), load64(r3 + x), l1, m1, h1, L1, M1, H1);
    store64(t0 + x, MEDIAN_OF_COLUMNS(MIN64, MAX64, median3_512, l0, l1, l2, m0, m1, m2, h0, h1, h2));
    if (t1) store64(t1 + x, MEDIAN_OF_COLUMNS(MIN64, MAX64, median3_512, L0, L1, L2, M0, M1, M2, H0, H1, H2));
}

AVX512 void fovea_median3x3_u8_rows_avx512(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2,
                                           const uint8_t *r3, long n, long c, uint8_t *t0, uint8_t *t1) {
    if (!r3) r3 = r2;
    for (long x = 0;;) {
        if (x < c || x + 64 + c > n) median3x3_pair64(r0, r1, r2, r3, x, n, c, 1, t0, t1);
        else median3x3_pair64(r0, r1, r2, r3, x, n, c, 0, t0, t1);
        if (x == n - 64) break;
        x = x + 64 < n - 64 ? x + 64 : n - 64;
    }
}

/* Compare-exchange: p[i] gets the lane-wise minimum, p[j] the maximum. */
#define X5(i, j)                                                                                                \
    do {                                                                                                        \
        __m512i t_ = _mm512_min_epu8(v[i], v[j]);                                                               \
        v[j] = _mm512_max_epu8(v[i], v[j]);                                                                     \
        v[i] = t_;                                                                                              \
    } while (0)

/* The 5×5 median network of Median.swift (OpenCV's): sort 6, 6, merge; sort 6, 7, merge; the exchanges of the
   last merge that decide the 13th smallest. Same exchanges in the same order (the median is exact anyway). */
static inline __attribute__((always_inline)) AVX512 __m512i median25_512(const uint8_t *const *rows, long x, long c) {
    __m512i v[25];
    for (int ky = 0; ky < 5; ky++)
        for (int kx = 0; kx < 5; kx++) v[5 * ky + kx] = load64(rows[ky] + x + kx * c);
#define SORT6(o)                                                                                                \
    X5(o + 1, o + 2); X5(o + 0, o + 1); X5(o + 1, o + 2); X5(o + 4, o + 5); X5(o + 3, o + 4); X5(o + 4, o + 5);  \
    X5(o + 0, o + 3); X5(o + 2, o + 5); X5(o + 2, o + 3); X5(o + 1, o + 4); X5(o + 1, o + 2); X5(o + 3, o + 4);
    SORT6(0)
    SORT6(6)
    /* merge6And6(p) */
    X5(0, 6); X5(4, 10); X5(4, 6); X5(2, 8); X5(2, 4); X5(6, 8); X5(1, 7); X5(5, 11); X5(5, 7); X5(3, 9);
    X5(3, 5); X5(7, 9); X5(1, 2); X5(3, 4); X5(5, 6); X5(7, 8); X5(9, 10);
    SORT6(12)
    /* sort7(p + 18) */
    X5(19, 20); X5(18, 19); X5(19, 20); X5(21, 22); X5(23, 24); X5(21, 23); X5(22, 24); X5(22, 23);
    X5(18, 21); X5(20, 23); X5(20, 21); X5(19, 22); X5(22, 24); X5(19, 20); X5(21, 22); X5(23, 24);
    /* merge6And7(p + 12) */
    X5(12, 18); X5(16, 22); X5(16, 18); X5(14, 20); X5(20, 24); X5(14, 16); X5(18, 20); X5(22, 24);
    X5(13, 19); X5(17, 23); X5(17, 19); X5(15, 21); X5(15, 17); X5(19, 21); X5(13, 14); X5(15, 16);
    X5(17, 18); X5(19, 20); X5(21, 22); X5(23, 24);
    /* medianOfMerged12And13(p) */
    X5(0, 12); X5(8, 20); X5(8, 12); X5(4, 16); X5(16, 24); X5(12, 16); X5(2, 14); X5(10, 22); X5(10, 14);
    X5(6, 18); X5(6, 10); X5(10, 12); X5(1, 13); X5(9, 21); X5(9, 13); X5(5, 17); X5(13, 17); X5(3, 15);
    X5(11, 23); X5(11, 15); X5(7, 19); X5(7, 11); X5(11, 13); X5(11, 12);
#undef SORT6
    return v[12];
}
#undef X5

AVX512 void fovea_median5x5_u8_row_avx512(const uint8_t *const *rows, long n, long c, uint8_t *target) {
    for (long x = 0;;) {
        store64(target + x, median25_512(rows, x, c));
        if (x == n - 64) break;
        x = x + 64 < n - 64 ? x + 64 : n - 64;
    }
}

#else /* not x86-64: never called (fovea_simd_level() is 0) */

void fovea_median3x3_u8_rows_avx2(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                  long n, long c, uint8_t *t0, uint8_t *t1) {
    (void)r0; (void)r1; (void)r2; (void)r3; (void)n; (void)c; (void)t0; (void)t1;
}
void fovea_median3x3_u8_rows_avx512(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, const uint8_t *r3,
                                    long n, long c, uint8_t *t0, uint8_t *t1) {
    (void)r0; (void)r1; (void)r2; (void)r3; (void)n; (void)c; (void)t0; (void)t1;
}
void fovea_median5x5_u8_row_avx512(const uint8_t *const *rows, long n, long c, uint8_t *target) {
    (void)rows; (void)n; (void)c; (void)target;
}
long fovea_int3x3_u8_f32_row_avx2(const uint8_t *r0, const uint8_t *r1, const uint8_t *r2, long c, long n,
                                  const int16_t *weights, float *out) {
    (void)r0; (void)r1; (void)r2; (void)c; (void)n; (void)weights; (void)out;
    return 0;
}
long fovea_row_pass_f32_avx2(const float *pad, const float *weights, long taps, int symmetry, long c, long count,
                             float *out) {
    (void)pad; (void)weights; (void)taps; (void)symmetry; (void)c; (void)count; (void)out;
    return 0;
}
long fovea_column_pass_f32_avx2(const float *const *rows, const float *weights, long taps, int symmetry,
                                long count, float *out) {
    (void)rows; (void)weights; (void)taps; (void)symmetry; (void)count; (void)out;
    return 0;
}
long fovea_row_pass_f32_avx512(const float *pad, const float *weights, long taps, int symmetry, long c, long count,
                               float *out) {
    (void)pad; (void)weights; (void)taps; (void)symmetry; (void)c; (void)count; (void)out;
    return 0;
}
long fovea_column_pass_f32_avx512(const float *const *rows, const float *weights, long taps, int symmetry,
                                  long count, float *out) {
    (void)rows; (void)weights; (void)taps; (void)symmetry; (void)count; (void)out;
    return 0;
}
void fovea_separable3x3_rows_f32_avx512(const fovea_separable3x3_plan *plan, const float *const *rows, long count,
                                        float *padded, float *out, long out_stride) {
    (void)plan; (void)rows; (void)count; (void)padded; (void)out; (void)out_stride;
}
long fovea_dense3x3_pieces_f32(int level, const float *const *rows, long pieces, const long *counts,
                               float *const *outs, long c, const float *weights, int pattern) {
    (void)level; (void)rows; (void)pieces; (void)counts; (void)outs; (void)c; (void)weights; (void)pattern;
    return 0;
}
long fovea_dense3x3_pass_f32(int level, const float *r0, const float *r1, const float *r2, long c,
                             const float *weights, int pattern, long count, float *out) {
    (void)level; (void)r0; (void)r1; (void)r2; (void)c; (void)weights; (void)pattern; (void)count; (void)out;
    return 0;
}
long fovea_dense_pass_f32_avx2(const float *const *rows, const long *tap_rows, const long *tap_offsets,
                               const float *tap_weights, long taps, int from_zero, long count, float *out) {
    (void)rows; (void)tap_rows; (void)tap_offsets; (void)tap_weights; (void)taps; (void)from_zero; (void)count;
    (void)out;
    return 0;
}
#endif
