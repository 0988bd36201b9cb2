/* AVX2 and AVX-512 VBMI colour loops for FoveaAugment; see include/fovea_color.h for the contract (the same bytes
   as the Swift loops in ColorKernels.swift). */
#include "fovea_color.h"

#include "fovea_kernels.h"

#include <stdatomic.h>
#include <string.h>

/* Separate multiplies and adds, as Swift computes them: never contracted into fused multiply-adds. */
#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/* AVX-512 VBMI (vpermb, vpermi2b): CPUID.7.0.ECX bit 1. The OS support for ZMM state is checked by
   fovea_simd_level() reaching 2. */
static int detect_vbmi(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (c & (1u << 1)) != 0;
}

static _Atomic int vbmi = -1;

/* 2: the AVX-512 VBMI loops, 1: the AVX2 loops. Called only at level ≥ 1. */
static int color_level(void) {
    int level = fovea_simd_level();
    if (level < 2) return 1;
    int has = atomic_load_explicit(&vbmi, memory_order_relaxed);
    if (has < 0) {
        has = detect_vbmi();
        atomic_store_explicit(&vbmi, has, memory_order_relaxed);
    }
    return has ? 2 : 1;
}

#define AVX2 __attribute__((target("avx2")))
#define VBMI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi")))

/* ---------------------------------------------------------------- AVX-512 VBMI (16 pixels, 64-byte tables) */

static const uint8_t deinterleave_rgb[64] = {
    0,  3,  6,  9,  12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34,
    37, 40, 43, 46, 2,  5,  8,  11, 14, 17, 20, 23, 26, 29, 32, 35, 38, 41, 44, 47, 0, 0, 0, 0,  0,  0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0};
static const uint8_t interleave_rgb[64] = {
    0,  16, 32, 1,  17, 33, 2,  18, 34, 3,  19, 35, 4,  20, 36, 5,  21, 37, 6,  22, 38, 7, 23, 39, 8, 24, 40, 9,
    25, 41, 10, 26, 42, 11, 27, 43, 12, 28, 44, 13, 29, 45, 14, 30, 46, 15, 31, 47, 0,  0, 0,  0,  0, 0,  0,  0,
    0,  0,  0,  0,  0,  0,  0,  0};

/* The byte mask of the alpha samples (the last of every `period`) in 64 bytes; 0 when there is no alpha. */
static uint64_t alpha_mask64(long period) {
    if (period != 2 && period != 4) return 0;
    uint64_t mask = 0;
    for (int i = 0; i < 64; i++)
        if (i % period == period - 1) mask |= (uint64_t)1 << i;
    return mask;
}

static inline VBMI __m512i lookup64(__m512i x, __m512i t0, __m512i t1, __m512i t2, __m512i t3) {
    /* Bits 0–6 pick within 128 entries, bit 7 picks the half. */
    __m512i low = _mm512_permutex2var_epi8(t0, x, t1);
    __m512i high = _mm512_permutex2var_epi8(t2, x, t3);
    return _mm512_mask_blend_epi8(_mm512_movepi8_mask(x), low, high);
}

static VBMI void table_vbmi(const uint8_t *source, uint8_t *target, long count, long alpha_period,
                            const uint8_t *table) {
    const __m512i t0 = _mm512_loadu_si512(table), t1 = _mm512_loadu_si512(table + 64);
    const __m512i t2 = _mm512_loadu_si512(table + 128), t3 = _mm512_loadu_si512(table + 192);
    const __mmask64 keep = alpha_mask64(alpha_period);
    long i = 0;
    /* Whole vectors, two a step, then the masked rest. */
    for (; i + 128 <= count; i += 128) {
        __m512i x = _mm512_loadu_si512(source + i), x2 = _mm512_loadu_si512(source + i + 64);
        __m512i y = _mm512_mask_blend_epi8(keep, lookup64(x, t0, t1, t2, t3), x);
        __m512i y2 = _mm512_mask_blend_epi8(keep, lookup64(x2, t0, t1, t2, t3), x2);
        _mm512_storeu_si512(target + i, y);
        _mm512_storeu_si512(target + i + 64, y2);
    }
    for (; i < count; i += 64) {
        long left = count - i;
        __mmask64 lanes = left >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << left) - 1);
        __m512i x = _mm512_maskz_loadu_epi8(lanes, source + i);
        __m512i y = _mm512_mask_blend_epi8(keep, lookup64(x, t0, t1, t2, t3), x);
        _mm512_mask_storeu_epi8(target + i, lanes, y);
    }
}

/* 16 pixels (48 bytes, fewer at the end: `lanes` is the byte mask) as r, g, b in 32-bit lanes. */
static inline VBMI void load_rgb16(const uint8_t *p, __mmask64 lanes, __m512i *r, __m512i *g, __m512i *b) {
    __m512i v = _mm512_maskz_loadu_epi8(lanes, p);
    v = _mm512_permutexvar_epi8(_mm512_loadu_si512(deinterleave_rgb), v);
    *r = _mm512_cvtepu8_epi32(_mm512_castsi512_si128(v));
    *g = _mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(v, 1));
    *b = _mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(v, 2));
}

/* 16 pixels of whole values 0…255 in 32-bit lanes stored interleaved (bytes under `lanes` only). */
static inline VBMI void store_rgb16(uint8_t *p, __mmask64 lanes, __m512i r, __m512i g, __m512i b) {
    __m512i v = _mm512_castsi128_si512(_mm512_cvtepi32_epi8(r));
    v = _mm512_inserti32x4(v, _mm512_cvtepi32_epi8(g), 1);
    v = _mm512_inserti32x4(v, _mm512_cvtepi32_epi8(b), 2);
    v = _mm512_permutexvar_epi8(_mm512_loadu_si512(interleave_rgb), v);
    _mm512_mask_storeu_epi8(p, lanes, v);
}

static inline VBMI __mmask64 pixel_lanes(long left) {
    return left >= 16 ? (__mmask64)0xFFFFFFFFFFFFull : (((__mmask64)1 << (3 * left)) - 1);
}

static inline VBMI __m512i luma16(__m512i r, __m512i g, __m512i b) {
    __m512i s = _mm512_mullo_epi32(r, _mm512_set1_epi32(19595));
    s = _mm512_add_epi32(s, _mm512_mullo_epi32(g, _mm512_set1_epi32(38470)));
    s = _mm512_add_epi32(s, _mm512_mullo_epi32(b, _mm512_set1_epi32(7471)));
    return _mm512_srli_epi32(_mm512_add_epi32(s, _mm512_set1_epi32(0x8000)), 16);
}

/* Bytes 3i and 3i + 1 (A) or 3i + 2 and 3i + 1 (B) of 48 into the low bytes of the two words of dword i. */
static const uint8_t luma_rg[64] = {
    0,  0, 1,  0, 3,  0, 4,  0, 6,  0, 7,  0, 9,  0, 10, 0, 12, 0, 13, 0, 15, 0, 16, 0, 18, 0, 19, 0, 21, 0, 22, 0,
    24, 0, 25, 0, 27, 0, 28, 0, 30, 0, 31, 0, 33, 0, 34, 0, 36, 0, 37, 0, 39, 0, 40, 0, 42, 0, 43, 0, 45, 0, 46, 0};
static const uint8_t luma_bg[64] = {
    2,  0, 1,  0, 5,  0, 4,  0, 8,  0, 7,  0, 11, 0, 10, 0, 14, 0, 13, 0, 17, 0, 16, 0, 20, 0, 19, 0, 23, 0, 22, 0,
    26, 0, 25, 0, 29, 0, 28, 0, 32, 0, 31, 0, 35, 0, 34, 0, 38, 0, 37, 0, 41, 0, 40, 0, 44, 0, 43, 0, 47, 0, 46, 0};

/* The lumas of 16 packed pixels (48 bytes of v, the rest unused) in 32-bit lanes, as luma16 computes them but with
   two word multiply-adds: 19595 r + 19235 g and 7471 b + 19235 g (38470 = 2 · 19235 does not fit a signed word). */
static inline VBMI __m512i luma_words16(__m512i v, __m512i rg, __m512i bg) {
    const __mmask64 low = 0x5555555555555555ull;
    __m512i a = _mm512_maskz_permutexvar_epi8(low, rg, v), b = _mm512_maskz_permutexvar_epi8(low, bg, v);
    __m512i s = _mm512_add_epi32(_mm512_madd_epi16(a, _mm512_set1_epi32(19595 | 19235 << 16)),
                                 _mm512_madd_epi16(b, _mm512_set1_epi32(7471 | 19235 << 16)));
    return _mm512_srli_epi32(_mm512_add_epi32(s, _mm512_set1_epi32(0x8000)), 16);
}

static VBMI int64_t luma_sum_vbmi(const uint8_t *source, long pixels) {
    const __m512i rg = _mm512_loadu_si512(luma_rg), bg = _mm512_loadu_si512(luma_bg);
    int64_t total = 0;
    long i = 0;
    while (i < pixels) {
        /* 32-bit lane sums stay below 2³¹: at most 4096 steps of 255 per lane (both sums together). */
        __m512i sum = _mm512_setzero_si512(), sum2 = _mm512_setzero_si512();
        long end = pixels - i > 16 * 4096 ? i + 16 * 4096 : pixels;
        /* Two sums of 16 pixels a step, from whole 64-byte loads while they stay inside the source. */
        for (; i + 32 <= end && 3 * i + 96 + 16 <= 3 * pixels; i += 32) {
            sum = _mm512_add_epi32(sum, luma_words16(_mm512_loadu_si512(source + 3 * i), rg, bg));
            sum2 = _mm512_add_epi32(sum2, luma_words16(_mm512_loadu_si512(source + 3 * i + 48), rg, bg));
        }
        for (; i < end; i += 16) {
            /* Lanes past the end read zeros, whose luma is 0. */
            __m512i v = _mm512_maskz_loadu_epi8(pixel_lanes(end - i), source + 3 * i);
            sum = _mm512_add_epi32(sum, luma_words16(v, rg, bg));
        }
        total += _mm512_reduce_add_epi32(_mm512_add_epi32(sum, sum2));
    }
    return total;
}

/* round-half-even of a value already clamped to 0…255, as the 1.5·2²³ trick of the Swift loops does. */
static inline VBMI __m512i round16(__m512 v) { return _mm512_cvtps_epi32(v); }

static VBMI void saturate_vbmi(const uint8_t *source, uint8_t *target, long pixels, float factor) {
    const __m512 f = _mm512_set1_ps(factor), zero = _mm512_setzero_ps(), top = _mm512_set1_ps(255);
    for (long i = 0; i < pixels; i += 16) {
        __mmask64 lanes = pixel_lanes(pixels - i);
        __m512i r, g, b;
        load_rgb16(source + 3 * i, lanes, &r, &g, &b);
        __m512 l = _mm512_cvtepi32_ps(luma16(r, g, b));
        __m512 base = _mm512_sub_ps(l, _mm512_mul_ps(f, l));
#define OUT(v) round16(_mm512_min_ps(_mm512_max_ps(_mm512_add_ps(base, _mm512_mul_ps(f, _mm512_cvtepi32_ps(v))), zero), top))
        store_rgb16(target + 3 * i, lanes, OUT(r), OUT(g), OUT(b));
#undef OUT
    }
}

static inline VBMI __m512i hue_channel16(__m512 n, __m512 h, __m512 maxc, __m512 c) {
    const __m512 six = _mm512_set1_ps(6), four = _mm512_set1_ps(4), zero = _mm512_setzero_ps();
    __m512 k = _mm512_add_ps(n, h);
    k = _mm512_mask_sub_ps(k, _mm512_cmp_ps_mask(k, six, _CMP_GE_OQ), k, six);
    k = _mm512_mask_sub_ps(k, _mm512_cmp_ps_mask(k, six, _CMP_GE_OQ), k, six);
    __m512 w = _mm512_min_ps(_mm512_max_ps(_mm512_min_ps(k, _mm512_sub_ps(four, k)), zero), _mm512_set1_ps(1));
    __m512 v = _mm512_min_ps(_mm512_max_ps(_mm512_sub_ps(maxc, _mm512_mul_ps(c, w)), zero), _mm512_set1_ps(255));
    return round16(v);
}

static VBMI void rotate_hue_vbmi(const uint8_t *source, uint8_t *target, long pixels, float sixths) {
    const __m512 turns = _mm512_set1_ps(sixths), zero = _mm512_setzero_ps();
    for (long i = 0; i < pixels; i += 16) {
        __mmask64 lanes = pixel_lanes(pixels - i);
        __m512i ri, gi, bi;
        load_rgb16(source + 3 * i, lanes, &ri, &gi, &bi);
        __m512 r = _mm512_cvtepi32_ps(ri), g = _mm512_cvtepi32_ps(gi), b = _mm512_cvtepi32_ps(bi);
        __m512 maxc = _mm512_max_ps(r, _mm512_max_ps(g, b));
        __m512 minc = _mm512_min_ps(r, _mm512_min_ps(g, b));
        __m512 c = _mm512_sub_ps(maxc, minc);
        __m512 inverse = _mm512_div_ps(_mm512_set1_ps(1), _mm512_max_ps(c, _mm512_set1_ps(1e-30f)));
        __m512 hr = _mm512_mul_ps(_mm512_sub_ps(g, b), inverse);
        __m512 hg = _mm512_add_ps(_mm512_set1_ps(2), _mm512_mul_ps(_mm512_sub_ps(b, r), inverse));
        __m512 hb = _mm512_add_ps(_mm512_set1_ps(4), _mm512_mul_ps(_mm512_sub_ps(r, g), inverse));
        __m512 h = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(maxc, g, _CMP_EQ_OQ), hb, hg);
        h = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(maxc, r, _CMP_EQ_OQ), h, hr);
        h = _mm512_add_ps(h, turns);
        h = _mm512_mask_add_ps(h, _mm512_cmp_ps_mask(h, zero, _CMP_LT_OQ), h, _mm512_set1_ps(6));
        store_rgb16(target + 3 * i, lanes, hue_channel16(_mm512_set1_ps(5), h, maxc, c),
                    hue_channel16(_mm512_set1_ps(3), h, maxc, c), hue_channel16(_mm512_set1_ps(1), h, maxc, c));
    }
}

static VBMI void add_noise_avx512(uint8_t *p, long count, const float *z, float sigma) {
    const __m512 s = _mm512_set1_ps(sigma), zero = _mm512_setzero_ps(), top = _mm512_set1_ps(255);
    const __m512 half = _mm512_set1_ps(0.5f);
    for (long i = 0; i < count; i += 16) {
        long left = count - i;
        __mmask16 lanes = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
        __m512 v = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(lanes, p + i)));
        v = _mm512_add_ps(v, _mm512_mul_ps(s, _mm512_maskz_loadu_ps(lanes, z + i)));
        v = _mm512_min_ps(_mm512_max_ps(v, zero), top);
        v = _mm512_min_ps(_mm512_add_ps(v, half), top);
        _mm_mask_storeu_epi8(p + i, lanes, _mm512_cvtepi32_epi8(_mm512_cvttps_epi32(v)));
    }
}

/* ---------------------------------------------------------------- AVX2 (8 pixels, 16-entry sub-tables) */

static AVX2 void table_avx2(const uint8_t *source, uint8_t *target, long count, long alpha_period,
                            const uint8_t *table) {
    __m256i sub[16];
    for (int k = 0; k < 16; k++) sub[k] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(table + 16 * k)));
    uint8_t pattern[32];
    for (int i = 0; i < 32; i++)
        pattern[i] = (alpha_period == 2 || alpha_period == 4) && i % alpha_period == alpha_period - 1 ? 0xFF : 0;
    const __m256i keep = _mm256_loadu_si256((const __m256i *)pattern), nibble = _mm256_set1_epi8(0x0F);
    long i = 0;
    for (; i + 32 <= count; i += 32) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(source + i));
        __m256i low = _mm256_and_si256(x, nibble);
        __m256i high = _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble);
        __m256i y = _mm256_shuffle_epi8(sub[0], low);
        for (int k = 1; k < 16; k++) {
            __m256i pick = _mm256_cmpeq_epi8(high, _mm256_set1_epi8((char)k));
            y = _mm256_blendv_epi8(y, _mm256_shuffle_epi8(sub[k], low), pick);
        }
        _mm256_storeu_si256((__m256i *)(target + i), _mm256_blendv_epi8(y, x, keep));
    }
    /* The tail: `i` is a multiple of 32, so the alpha positions keep their phase. */
    for (; i < count; i++)
        target[i] = (alpha_period == 2 || alpha_period == 4) && i % alpha_period == alpha_period - 1
                        ? source[i]
                        : table[source[i]];
}

#define M1 (char)-1
/* 8 pixels (24 bytes) as r, g, b in 32-bit lanes. */
static inline AVX2 void load_rgb8(const uint8_t *p, __m256i *r, __m256i *g, __m256i *b) {
    __m128i a = _mm_loadu_si128((const __m128i *)p), c = _mm_loadl_epi64((const __m128i *)(p + 16));
    __m128i vr = _mm_or_si128(_mm_shuffle_epi8(a, _mm_setr_epi8(0, 3, 6, 9, 12, 15, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1)),
                              _mm_shuffle_epi8(c, _mm_setr_epi8(M1, M1, M1, M1, M1, M1, 2, 5, M1, M1, M1, M1, M1, M1, M1, M1)));
    __m128i vg = _mm_or_si128(_mm_shuffle_epi8(a, _mm_setr_epi8(1, 4, 7, 10, 13, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1)),
                              _mm_shuffle_epi8(c, _mm_setr_epi8(M1, M1, M1, M1, M1, 0, 3, 6, M1, M1, M1, M1, M1, M1, M1, M1)));
    __m128i vb = _mm_or_si128(_mm_shuffle_epi8(a, _mm_setr_epi8(2, 5, 8, 11, 14, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1)),
                              _mm_shuffle_epi8(c, _mm_setr_epi8(M1, M1, M1, M1, M1, 1, 4, 7, M1, M1, M1, M1, M1, M1, M1, M1)));
    *r = _mm256_cvtepu8_epi32(vr);
    *g = _mm256_cvtepu8_epi32(vg);
    *b = _mm256_cvtepu8_epi32(vb);
}

/* The low bytes of 8 32-bit lanes, in the low 8 bytes. */
static inline AVX2 __m128i bytes8(__m256i v) {
    __m256i t = _mm256_shuffle_epi8(
        v, _mm256_setr_epi8(0, 4, 8, 12, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1, M1, 0, 4, 8, 12, M1, M1, M1, M1,
                            M1, M1, M1, M1, M1, M1, M1, M1));
    return _mm_unpacklo_epi32(_mm256_castsi256_si128(t), _mm256_extracti128_si256(t, 1));
}

/* 8 pixels of whole values 0…255 in 32-bit lanes stored interleaved (24 bytes). */
static inline AVX2 void store_rgb8(uint8_t *p, __m256i r, __m256i g, __m256i b) {
    __m128i rg = _mm_unpacklo_epi64(bytes8(r), bytes8(g)), bb = bytes8(b);
    __m128i lo = _mm_or_si128(_mm_shuffle_epi8(rg, _mm_setr_epi8(0, 8, M1, 1, 9, M1, 2, 10, M1, 3, 11, M1, 4, 12, M1, 5)),
                              _mm_shuffle_epi8(bb, _mm_setr_epi8(M1, M1, 0, M1, M1, 1, M1, M1, 2, M1, M1, 3, M1, M1, 4, M1)));
    __m128i hi = _mm_or_si128(_mm_shuffle_epi8(rg, _mm_setr_epi8(13, M1, 6, 14, M1, 7, 15, M1, M1, M1, M1, M1, M1, M1, M1, M1)),
                              _mm_shuffle_epi8(bb, _mm_setr_epi8(M1, 5, M1, M1, 6, M1, M1, 7, M1, M1, M1, M1, M1, M1, M1, M1)));
    _mm_storeu_si128((__m128i *)p, lo);
    _mm_storel_epi64((__m128i *)(p + 16), hi);
}
#undef M1

static inline AVX2 __m256i luma8(__m256i r, __m256i g, __m256i b) {
    __m256i s = _mm256_mullo_epi32(r, _mm256_set1_epi32(19595));
    s = _mm256_add_epi32(s, _mm256_mullo_epi32(g, _mm256_set1_epi32(38470)));
    s = _mm256_add_epi32(s, _mm256_mullo_epi32(b, _mm256_set1_epi32(7471)));
    return _mm256_srli_epi32(_mm256_add_epi32(s, _mm256_set1_epi32(0x8000)), 16);
}

static inline int64_t luma_scalar(const uint8_t *p) {
    return ((int64_t)p[0] * 19595 + (int64_t)p[1] * 38470 + (int64_t)p[2] * 7471 + 0x8000) >> 16;
}

static AVX2 int64_t luma_sum_avx2(const uint8_t *source, long pixels) {
    int64_t total = 0;
    long i = 0;
    while (i + 8 <= pixels) {
        __m256i sum = _mm256_setzero_si256();
        long end = pixels - i > 8 * 4096 ? i + 8 * 4096 : pixels;
        for (; i + 8 <= end; i += 8) {
            __m256i r, g, b;
            load_rgb8(source + 3 * i, &r, &g, &b);
            sum = _mm256_add_epi32(sum, luma8(r, g, b));
        }
        uint32_t lanes[8];
        _mm256_storeu_si256((__m256i *)lanes, sum);
        for (int k = 0; k < 8; k++) total += lanes[k];
    }
    for (; i < pixels; i++) total += luma_scalar(source + 3 * i);
    return total;
}

/* Runs the statements given (8 pixels from `in` to `out`) over every pixel; the last partial group goes through a copy. */
#define EACH_8_PIXELS(source, target, pixels, ...)                                                             \
    do {                                                                                                       \
        long i_ = 0;                                                                                           \
        for (; i_ + 8 <= (pixels); i_ += 8) {                                                                  \
            const uint8_t *in = (source) + 3 * i_;                                                             \
            uint8_t *out = (target) + 3 * i_;                                                                  \
            __VA_ARGS__                                                                                        \
        }                                                                                                      \
        if (i_ < (pixels)) {                                                                                   \
            uint8_t buffer[24] = {0};                                                                          \
            size_t n_ = (size_t)(3 * ((pixels) - i_));                                                         \
            memcpy(buffer, (source) + 3 * i_, n_);                                                             \
            const uint8_t *in = buffer;                                                                        \
            uint8_t *out = buffer;                                                                             \
            __VA_ARGS__ memcpy((target) + 3 * i_, buffer, n_);                                                 \
        }                                                                                                      \
    } while (0)

static AVX2 void saturate_avx2(const uint8_t *source, uint8_t *target, long pixels, float factor) {
    const __m256 f = _mm256_set1_ps(factor), zero = _mm256_setzero_ps(), top = _mm256_set1_ps(255);
#define OUT(v)                                                                                                   \
    _mm256_cvtps_epi32(                                                                                          \
        _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(base, _mm256_mul_ps(f, _mm256_cvtepi32_ps(v))), zero), top))
    EACH_8_PIXELS(source, target, pixels, {
        __m256i r, g, b;
        load_rgb8(in, &r, &g, &b);
        __m256 l = _mm256_cvtepi32_ps(luma8(r, g, b));
        __m256 base = _mm256_sub_ps(l, _mm256_mul_ps(f, l));
        store_rgb8(out, OUT(r), OUT(g), OUT(b));
    });
#undef OUT
}

static inline AVX2 __m256i hue_channel8(__m256 n, __m256 h, __m256 maxc, __m256 c) {
    const __m256 six = _mm256_set1_ps(6), four = _mm256_set1_ps(4), zero = _mm256_setzero_ps();
    __m256 k = _mm256_add_ps(n, h);
    k = _mm256_sub_ps(k, _mm256_and_ps(_mm256_cmp_ps(k, six, _CMP_GE_OQ), six));
    k = _mm256_sub_ps(k, _mm256_and_ps(_mm256_cmp_ps(k, six, _CMP_GE_OQ), six));
    __m256 w = _mm256_min_ps(_mm256_max_ps(_mm256_min_ps(k, _mm256_sub_ps(four, k)), zero), _mm256_set1_ps(1));
    __m256 v = _mm256_min_ps(_mm256_max_ps(_mm256_sub_ps(maxc, _mm256_mul_ps(c, w)), zero), _mm256_set1_ps(255));
    return _mm256_cvtps_epi32(v);
}

static AVX2 void rotate_hue_avx2(const uint8_t *source, uint8_t *target, long pixels, float sixths) {
    const __m256 turns = _mm256_set1_ps(sixths), zero = _mm256_setzero_ps();
    EACH_8_PIXELS(source, target, pixels, {
        __m256i ri, gi, bi;
        load_rgb8(in, &ri, &gi, &bi);
        __m256 r = _mm256_cvtepi32_ps(ri), g = _mm256_cvtepi32_ps(gi), b = _mm256_cvtepi32_ps(bi);
        __m256 maxc = _mm256_max_ps(r, _mm256_max_ps(g, b));
        __m256 minc = _mm256_min_ps(r, _mm256_min_ps(g, b));
        __m256 c = _mm256_sub_ps(maxc, minc);
        __m256 inverse = _mm256_div_ps(_mm256_set1_ps(1), _mm256_max_ps(c, _mm256_set1_ps(1e-30f)));
        __m256 hr = _mm256_mul_ps(_mm256_sub_ps(g, b), inverse);
        __m256 hg = _mm256_add_ps(_mm256_set1_ps(2), _mm256_mul_ps(_mm256_sub_ps(b, r), inverse));
        __m256 hb = _mm256_add_ps(_mm256_set1_ps(4), _mm256_mul_ps(_mm256_sub_ps(r, g), inverse));
        __m256 h = _mm256_blendv_ps(hb, hg, _mm256_cmp_ps(maxc, g, _CMP_EQ_OQ));
        h = _mm256_blendv_ps(h, hr, _mm256_cmp_ps(maxc, r, _CMP_EQ_OQ));
        h = _mm256_add_ps(h, turns);
        h = _mm256_add_ps(h, _mm256_and_ps(_mm256_cmp_ps(h, zero, _CMP_LT_OQ), _mm256_set1_ps(6)));
        store_rgb8(out, hue_channel8(_mm256_set1_ps(5), h, maxc, c), hue_channel8(_mm256_set1_ps(3), h, maxc, c),
                   hue_channel8(_mm256_set1_ps(1), h, maxc, c));
    });
}

static AVX2 void add_noise_avx2(uint8_t *p, long count, const float *z, float sigma) {
    const __m256 s = _mm256_set1_ps(sigma), zero = _mm256_setzero_ps(), top = _mm256_set1_ps(255);
    const __m256 half = _mm256_set1_ps(0.5f);
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 v = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(p + i))));
        v = _mm256_add_ps(v, _mm256_mul_ps(s, _mm256_loadu_ps(z + i)));
        v = _mm256_min_ps(_mm256_max_ps(v, zero), top);
        v = _mm256_min_ps(_mm256_add_ps(v, half), top);
        _mm_storel_epi64((__m128i *)(p + i), bytes8(_mm256_cvttps_epi32(v)));
    }
    for (; i < count; i++) {
        float v = (float)p[i] + sigma * z[i];
        v = 0 >= v ? 0 : v;
        v = v > 255 ? 255 : v;
        v = v + 0.5f;
        p[i] = (uint8_t)(v > 255 ? 255 : v);
    }
}

/* ---------------------------------------------------------------- dispatch */

void fovea_color_table_u8(const uint8_t *source, uint8_t *target, long count, long alpha_period,
                          const uint8_t *table) {
    if (color_level() == 2) table_vbmi(source, target, count, alpha_period, table);
    else table_avx2(source, target, count, alpha_period, table);
}

int64_t fovea_color_luma_sum_rgb8(const uint8_t *source, long pixels) {
    return color_level() == 2 ? luma_sum_vbmi(source, pixels) : luma_sum_avx2(source, pixels);
}

int64_t fovea_color_luma_sum_table_rgb8(const uint8_t *source, long pixels, const uint8_t *table) {
    /* 1024 pixels at a time through the table into a buffer that stays in L1, then summed. */
    uint8_t mapped[3 * 1024];
    const int level = color_level();
    int64_t total = 0;
    for (long i = 0; i < pixels; i += 1024) {
        long n = pixels - i < 1024 ? pixels - i : 1024;
        if (level == 2) {
            table_vbmi(source + 3 * i, mapped, 3 * n, 0, table);
            total += luma_sum_vbmi(mapped, n);
        } else {
            table_avx2(source + 3 * i, mapped, 3 * n, 0, table);
            total += luma_sum_avx2(mapped, n);
        }
    }
    return total;
}

void fovea_color_saturate_rgb8(const uint8_t *source, uint8_t *target, long pixels, float factor) {
    if (color_level() == 2) saturate_vbmi(source, target, pixels, factor);
    else saturate_avx2(source, target, pixels, factor);
}

void fovea_color_rotate_hue_rgb8(const uint8_t *source, uint8_t *target, long pixels, float sixths) {
    if (color_level() == 2) rotate_hue_vbmi(source, target, pixels, sixths);
    else rotate_hue_avx2(source, target, pixels, sixths);
}

void fovea_color_add_noise_u8(uint8_t *p, long count, const float *z, float sigma) {
    if (color_level() == 2) add_noise_avx512(p, count, z, sigma);
    else add_noise_avx2(p, count, z, sigma);
}

#else /* not x86-64: never called (fovea_simd_level() is 0, so the Swift loops run) */

void fovea_color_table_u8(const uint8_t *source, uint8_t *target, long count, long alpha_period,
                          const uint8_t *table) {
    for (long i = 0; i < count; i++)
        target[i] = (alpha_period == 2 || alpha_period == 4) && i % alpha_period == alpha_period - 1
                        ? source[i]
                        : table[source[i]];
}
int64_t fovea_color_luma_sum_rgb8(const uint8_t *source, long pixels) {
    int64_t total = 0;
    for (long i = 0; i < pixels; i++)
        total += ((int64_t)source[3 * i] * 19595 + (int64_t)source[3 * i + 1] * 38470 +
                  (int64_t)source[3 * i + 2] * 7471 + 0x8000) >> 16;
    return total;
}
int64_t fovea_color_luma_sum_table_rgb8(const uint8_t *source, long pixels, const uint8_t *table) {
    int64_t total = 0;
    for (long i = 0; i < pixels; i++)
        total += ((int64_t)table[source[3 * i]] * 19595 + (int64_t)table[source[3 * i + 1]] * 38470 +
                  (int64_t)table[source[3 * i + 2]] * 7471 + 0x8000) >> 16;
    return total;
}
void fovea_color_saturate_rgb8(const uint8_t *source, uint8_t *target, long pixels, float factor) {
    (void)source; (void)target; (void)pixels; (void)factor;
}
void fovea_color_rotate_hue_rgb8(const uint8_t *source, uint8_t *target, long pixels, float sixths) {
    (void)source; (void)target; (void)pixels; (void)sixths;
}
void fovea_color_add_noise_u8(uint8_t *p, long count, const float *z, float sigma) {
    (void)p; (void)count; (void)z; (void)sigma;
}

#endif
