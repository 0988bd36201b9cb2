/* Canny's row loops (the Sobel pair and the non-maximum suppression), AVX2 and AVX-512F; see include/fovea_canny.h
   for the contract. */
#include "fovea_canny.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX512 __attribute__((target("avx2,avx512f")))

/* The Sobel pair over one vector's width: `V` the vector type, `L` a load, `S` a store, `A`/`U`/`M` add, subtract,
   multiply; the Swift loop's operations in its order. */
#define SOBEL_PAIR(V, L, S, A, U, M, i)                                                                           \
    do {                                                                                                           \
        V a0 = L(r0 + i), a1 = L(r0 + i + c), a2 = L(r0 + i + 2 * c);                                             \
        V b0 = L(r1 + i), b2 = L(r1 + i + 2 * c);                                                                 \
        V c0 = L(r2 + i), c1 = L(r2 + i + c), c2 = L(r2 + i + 2 * c);                                             \
        S(gx + i, A(A(U(a2, a0), M(two, U(b2, b0))), U(c2, c0)));                                                  \
        S(gy + i, U(A(A(c0, M(two, c1)), c2), A(A(a0, M(two, a1)), a2)));                                         \
    } while (0)

AVX2 long fovea_sobel_pair_f32_avx2(const float *r0, const float *r1, const float *r2, long c, long n, float *gx,
                                    float *gy) {
    const __m256 two = _mm256_set1_ps(2);
    long i = 0;
    for (; i + 8 <= n; i += 8)
        SOBEL_PAIR(__m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps, i);
    return i;
}

AVX512 long fovea_sobel_pair_f32_avx512(const float *r0, const float *r1, const float *r2, long c, long n,
                                      float *gx, float *gy) {
    long i = 0;
    {
        const __m512 two = _mm512_set1_ps(2);
        for (; i + 16 <= n; i += 16)
            SOBEL_PAIR(__m512, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_sub_ps, _mm512_mul_ps, i);
    }
    if (i + 8 <= n) {
        const __m256 two = _mm256_set1_ps(2);
        SOBEL_PAIR(__m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_sub_ps, _mm256_mul_ps, i);
        i += 8;
    }
    return i;
}

/* Eight samples at x: the map codes 1 (none), 0 (candidate) or 2 (edge) as in the Swift loop, or 0 lanes above
   `low` (nothing stored); the edges' indices appended to `seeds`. */
static inline __attribute__((always_inline)) AVX2 void suppress8(const float *prev, const float *mag,
                                                                 const float *next, const float *dx,
                                                                 const float *dy, long x, __m256 lows,
                                                                 __m256 highs, uint8_t *map, int32_t first,
                                                                 int32_t *seeds, long *seed_count) {
    __m256 m = _mm256_loadu_ps(mag + x);
    __m256 above = _mm256_cmp_ps(m, lows, _CMP_GT_OQ);
    if (_mm256_movemask_ps(above) == 0) return;
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff)), zero = _mm256_setzero_ps();
    __m256 xs = _mm256_loadu_ps(dx + x), ys = _mm256_loadu_ps(dy + x);
    __m256 ax = _mm256_and_ps(xs, magnitude), ay = _mm256_and_ps(ys, magnitude);
    __m256 tg22x = _mm256_mul_ps(ax, _mm256_set1_ps(13573));
    __m256 horizontal = _mm256_cmp_ps(_mm256_mul_ps(ay, _mm256_set1_ps(32768)), tg22x, _CMP_LT_OQ);
    __m256 vertical = _mm256_cmp_ps(_mm256_mul_ps(_mm256_sub_ps(ay, _mm256_add_ps(ax, ax)), _mm256_set1_ps(32768)),
                                    tg22x, _CMP_GT_OQ);
    __m256 signsDiffer = _mm256_xor_ps(_mm256_cmp_ps(xs, zero, _CMP_LT_OQ), _mm256_cmp_ps(ys, zero, _CMP_LT_OQ));
    __m256 horizontalMax = _mm256_and_ps(_mm256_cmp_ps(m, _mm256_loadu_ps(mag + x - 1), _CMP_GT_OQ),
                                         _mm256_cmp_ps(m, _mm256_loadu_ps(mag + x + 1), _CMP_GE_OQ));
    __m256 verticalMax = _mm256_and_ps(_mm256_cmp_ps(m, _mm256_loadu_ps(prev + x), _CMP_GT_OQ),
                                       _mm256_cmp_ps(m, _mm256_loadu_ps(next + x), _CMP_GE_OQ));
    __m256 falling = _mm256_and_ps(_mm256_cmp_ps(m, _mm256_loadu_ps(prev + x - 1), _CMP_GT_OQ),
                                   _mm256_cmp_ps(m, _mm256_loadu_ps(next + x + 1), _CMP_GT_OQ));
    __m256 rising = _mm256_and_ps(_mm256_cmp_ps(m, _mm256_loadu_ps(prev + x + 1), _CMP_GT_OQ),
                                  _mm256_cmp_ps(m, _mm256_loadu_ps(next + x - 1), _CMP_GT_OQ));
    __m256 diagonalMax = _mm256_blendv_ps(falling, rising, signsDiffer);
    __m256 diagonal = _mm256_andnot_ps(_mm256_or_ps(horizontal, vertical), above);
    __m256 isMaximum = _mm256_and_ps(
        above, _mm256_or_ps(_mm256_or_ps(_mm256_and_ps(horizontal, horizontalMax),
                                         _mm256_and_ps(vertical, verticalMax)),
                            _mm256_and_ps(diagonal, diagonalMax)));
    __m256 isEdge = _mm256_and_ps(isMaximum, _mm256_cmp_ps(m, highs, _CMP_GT_OQ));
    /* 1 − (isMaximum ? 1 : 0) + (isEdge ? 2 : 0), the masks being 0 or −1 a lane. */
    __m256i code = _mm256_add_epi32(_mm256_add_epi32(_mm256_set1_epi32(1), _mm256_castps_si256(isMaximum)),
                                    _mm256_slli_epi32(_mm256_srli_epi32(_mm256_castps_si256(isEdge), 31), 1));
    __m128i words = _mm_packus_epi32(_mm256_castsi256_si128(code), _mm256_extracti128_si256(code, 1));
    _mm_storel_epi64((__m128i *)(map + x), _mm_packus_epi16(words, words));
    long n = *seed_count;
    for (unsigned edges = (unsigned)_mm256_movemask_ps(isEdge); edges; edges &= edges - 1)
        seeds[n++] = first + (int32_t)x + __builtin_ctz(edges);
    *seed_count = n;
}

AVX2 long fovea_canny_suppress_row_avx2(const float *prev, const float *mag, const float *next, const float *dx,
                                        const float *dy, long width, float low, float high, uint8_t *map,
                                        int32_t first, int32_t *seeds, long *seed_count) {
    __m256 lows = _mm256_set1_ps(low), highs = _mm256_set1_ps(high);
    long x = 0;
    for (; x + 8 <= width; x += 8) suppress8(prev, mag, next, dx, dy, x, lows, highs, map, first, seeds, seed_count);
    return x;
}

AVX512 long fovea_canny_suppress_row_avx512(const float *prev, const float *mag, const float *next,
                                          const float *dx, const float *dy, long width, float low, float high,
                                          uint8_t *map, int32_t first, int32_t *seeds, long *seed_count) {
    const __m512 lows = _mm512_set1_ps(low), highs = _mm512_set1_ps(high), zero = _mm512_setzero_ps();
    const __m512 tg22 = _mm512_set1_ps(13573), scale = _mm512_set1_ps(32768);
    const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    long x = 0, n = *seed_count;
    for (; x + 16 <= width; x += 16) {
        __m512 m = _mm512_loadu_ps(mag + x);
        __mmask16 above = _mm512_cmp_ps_mask(m, lows, _CMP_GT_OQ);
        if (!above) continue;
        __m512 xs = _mm512_loadu_ps(dx + x), ys = _mm512_loadu_ps(dy + x);
        __m512 ax = _mm512_abs_ps(xs), ay = _mm512_abs_ps(ys);
        __m512 tg22x = _mm512_mul_ps(ax, tg22);
        __mmask16 horizontal = _mm512_cmp_ps_mask(_mm512_mul_ps(ay, scale), tg22x, _CMP_LT_OQ);
        __mmask16 vertical =
            _mm512_cmp_ps_mask(_mm512_mul_ps(_mm512_sub_ps(ay, _mm512_add_ps(ax, ax)), scale), tg22x, _CMP_GT_OQ);
        __mmask16 signsDiffer = _mm512_cmp_ps_mask(xs, zero, _CMP_LT_OQ) ^ _mm512_cmp_ps_mask(ys, zero, _CMP_LT_OQ);
        __mmask16 horizontalMax = _mm512_cmp_ps_mask(m, _mm512_loadu_ps(mag + x - 1), _CMP_GT_OQ) &
                                  _mm512_cmp_ps_mask(m, _mm512_loadu_ps(mag + x + 1), _CMP_GE_OQ);
        __mmask16 verticalMax = _mm512_cmp_ps_mask(m, _mm512_loadu_ps(prev + x), _CMP_GT_OQ) &
                                _mm512_cmp_ps_mask(m, _mm512_loadu_ps(next + x), _CMP_GE_OQ);
        __mmask16 falling = _mm512_cmp_ps_mask(m, _mm512_loadu_ps(prev + x - 1), _CMP_GT_OQ) &
                            _mm512_cmp_ps_mask(m, _mm512_loadu_ps(next + x + 1), _CMP_GT_OQ);
        __mmask16 rising = _mm512_cmp_ps_mask(m, _mm512_loadu_ps(prev + x + 1), _CMP_GT_OQ) &
                           _mm512_cmp_ps_mask(m, _mm512_loadu_ps(next + x - 1), _CMP_GT_OQ);
        __mmask16 diagonalMax = (__mmask16)((~signsDiffer & falling) | (signsDiffer & rising));
        __mmask16 diagonal = (__mmask16)~(horizontal | vertical);
        __mmask16 isMaximum =
            above & ((horizontal & horizontalMax) | (vertical & verticalMax) | (diagonal & diagonalMax));
        __mmask16 isEdge = isMaximum & _mm512_cmp_ps_mask(m, highs, _CMP_GT_OQ);
        __m512i code = _mm512_mask_mov_epi32(_mm512_set1_epi32(1), isMaximum, _mm512_setzero_si512());
        code = _mm512_mask_mov_epi32(code, isEdge, _mm512_set1_epi32(2));
        _mm_storeu_si128((__m128i *)(map + x), _mm512_cvtepi32_epi8(code));
        /* The edges' indices, packed in lane order: no branch per edge. Compressed in a register and stored whole
           (a compressing store to memory is microcoded on Zen 4, ~50× slower); the 16 slots from n are inside
           the caller's stack, since n counts edges among the row pixels before x. */
        _mm512_storeu_si512(seeds + n, _mm512_maskz_compress_epi32(
                                           isEdge, _mm512_add_epi32(lanes, _mm512_set1_epi32(first + (int32_t)x))));
        n += __builtin_popcount(isEdge);
    }
    *seed_count = n;
    if (x + 8 <= width) {
        suppress8(prev, mag, next, dx, dy, x, _mm256_set1_ps(low), _mm256_set1_ps(high), map, first, seeds,
                  seed_count);
        x += 8;
    }
    return x;
}

#else /* not x86-64: never called (fovea_simd_level() is 0) */

long fovea_sobel_pair_f32_avx2(const float *r0, const float *r1, const float *r2, long c, long n, float *gx,
                               float *gy) {
    (void)r0, (void)r1, (void)r2, (void)c, (void)n, (void)gx, (void)gy;
    return 0;
}

long fovea_sobel_pair_f32_avx512(const float *r0, const float *r1, const float *r2, long c, long n, float *gx,
                                 float *gy) {
    (void)r0, (void)r1, (void)r2, (void)c, (void)n, (void)gx, (void)gy;
    return 0;
}

long fovea_canny_suppress_row_avx2(const float *prev, const float *mag, const float *next, const float *dx,
                                   const float *dy, long width, float low, float high, uint8_t *map,
                                   int32_t first, int32_t *seeds, long *seed_count) {
    (void)prev, (void)mag, (void)next, (void)dx, (void)dy, (void)width, (void)low, (void)high, (void)map;
    (void)first, (void)seeds, (void)seed_count;
    return 0;
}

long fovea_canny_suppress_row_avx512(const float *prev, const float *mag, const float *next, const float *dx,
                                     const float *dy, long width, float low, float high, uint8_t *map,
                                     int32_t first, int32_t *seeds, long *seed_count) {
    (void)prev, (void)mag, (void)next, (void)dx, (void)dy, (void)width, (void)low, (void)high, (void)map;
    (void)first, (void)seeds, (void)seed_count;
    return 0;
}

#endif
