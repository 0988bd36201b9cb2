/* Vector loops for FoveaAugment's per-pixel warps and the elastic field's Gaussian; see include/fovea_warp.h for
   the contract (same bits as the Swift code). */
#include "fovea_kernels.h"
#include "fovea_warp.h"

#include <stdatomic.h>

/* Every product and sum below is rounded on its own, as in the Swift code: never fuse them. */
#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512vbmi")))

/* Level 2 plus the AVX-512 subsets these loops use beyond F and BW (every AVX-512 CPU since Ice Lake has them). */
static _Atomic int extras = -1;

static int wide(void) {
    int have = atomic_load_explicit(&extras, memory_order_relaxed);
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512vbmi");
        atomic_store_explicit(&extras, have, memory_order_relaxed);
    }
    return have && fovea_simd_level() >= 2;
}

/* ---- Positions: Q32.32 after clamping to ±2⁶² (fastFixed in PointMapping.swift) ---- */

static inline AVX512 __m512i fixed8(__m512d value, __m512i offset) {
    const __m512d one = _mm512_set1_pd(4294967296.0), limit = _mm512_set1_pd(4611686018427387904.0);
    __m512d c = _mm512_mul_pd(value, one);
    c = _mm512_min_pd(c, limit);                          /* c < limit ? c : limit (NaN → limit) */
    c = _mm512_max_pd(c, _mm512_sub_pd(_mm512_setzero_pd(), limit)); /* c > −limit ? c : −limit */
    return _mm512_add_epi64(_mm512_cvttpd_epi64(c), offset);
}

static AVX512 long projective512(const double *m, long y, long count, int64_t offset, int64_t *u, int64_t *v) {
    const double fy = (double)y;
    const __m512d m00 = _mm512_set1_pd(m[0]), b0 = _mm512_set1_pd(m[1] * fy), m02 = _mm512_set1_pd(m[2]);
    const __m512d m10 = _mm512_set1_pd(m[3]), b1 = _mm512_set1_pd(m[4] * fy), m12 = _mm512_set1_pd(m[5]);
    const __m512d m20 = _mm512_set1_pd(m[6]), b2 = _mm512_set1_pd(m[7] * fy), m22 = _mm512_set1_pd(m[8]);
    const __m512d iota = _mm512_setr_pd(0, 1, 2, 3, 4, 5, 6, 7), inf = _mm512_set1_pd(__builtin_inf());
    const __m512d zero = _mm512_setzero_pd(), unit = _mm512_set1_pd(1.0);
    const __m512i off = _mm512_set1_epi64(offset);
    long x = 0;
    for (; x + 8 <= count; x += 8) {
        __m512d fx = _mm512_add_pd(_mm512_set1_pd((double)x), iota);
        __m512d w = _mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(m20, fx), b2), m22);
        __m512d r = _mm512_div_pd(unit, w);
        r = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(w, zero, _CMP_EQ_OQ), r, inf);
        __m512d pu = _mm512_mul_pd(_mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(m00, fx), b0), m02), r);
        __m512d pv = _mm512_mul_pd(_mm512_add_pd(_mm512_add_pd(_mm512_mul_pd(m10, fx), b1), m12), r);
        _mm512_storeu_si512(u + x, fixed8(pu, off));
        _mm512_storeu_si512(v + x, fixed8(pv, off));
    }
    return x;
}

static AVX512 long displacement512(const float *dx, const float *dy, long y, long count, int64_t offset, int64_t *u,
                                   int64_t *v) {
    const __m512d fy = _mm512_set1_pd((double)y), iota = _mm512_setr_pd(0, 1, 2, 3, 4, 5, 6, 7);
    const __m512i off = _mm512_set1_epi64(offset);
    long x = 0;
    for (; x + 8 <= count; x += 8) {
        __m512d fx = _mm512_add_pd(_mm512_set1_pd((double)x), iota);
        __m512d pu = _mm512_add_pd(fx, _mm512_cvtps_pd(_mm256_loadu_ps(dx + x)));
        __m512d pv = _mm512_add_pd(fy, _mm512_cvtps_pd(_mm256_loadu_ps(dy + x)));
        _mm512_storeu_si512(u + x, fixed8(pu, off));
        _mm512_storeu_si512(v + x, fixed8(pv, off));
    }
    return x;
}

/* ---- Bilinear UInt8 at given positions, 16 pixels a step ---- */

/* One channel: corners a (top left), b (top right), c, d as int32 lanes; BilinearU8Kernel.blend. */
static inline AVX512 __m512i blend16(__m512i a, __m512i b, __m512i c, __m512i d, __m512 fx, __m512 fy) {
    __m512 af = _mm512_cvtepi32_ps(a), cf = _mm512_cvtepi32_ps(c);
    __m512 top = _mm512_add_ps(af, _mm512_mul_ps(_mm512_sub_ps(_mm512_cvtepi32_ps(b), af), fx));
    __m512 bottom = _mm512_add_ps(cf, _mm512_mul_ps(_mm512_sub_ps(_mm512_cvtepi32_ps(d), cf), fx));
    __m512 r = _mm512_add_ps(top, _mm512_mul_ps(_mm512_sub_ps(bottom, top), fy));
    r = _mm512_add_ps(r, _mm512_set1_ps(12582912.0f));
    return _mm512_and_si512(_mm512_castps_si512(r), _mm512_set1_epi32(255));
}

/* Byte k of qword lane j of a:b (16 qwords: pixel j's eight bytes from its top-left sample) into dword lane j. */
static inline AVX512 __m512i pick(__m512i a, __m512i b, int k) {
    const __m512i lanes = _mm512_setr_epi32(0, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 104, 112, 120);
    return _mm512_maskz_permutex2var_epi8(0x1111111111111111ull, a, _mm512_add_epi32(lanes, _mm512_set1_epi32(k)),
                                          b);
}

/* The loop for one channel count, inlined into a copy per count so the per-channel work is unrolled. */
static inline __attribute__((always_inline)) AVX512 long
bilinear512_body(const uint8_t *source, long width, long height, const long channels, const int64_t *u,
                 const int64_t *v, long count, int constant, uint8_t fill, uint8_t *out, int32_t *rest) {
    const long total = width * height * channels, stride = width * channels;
    const __m512i highU = _mm512_set1_epi64((int64_t)(width - 1) * 4294967296LL);
    const __m512i highV = _mm512_set1_epi64((int64_t)(height - 1) * 4294967296LL);
    const __m512i zero = _mm512_setzero_si512(), iota = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
                                                                          13, 14, 15);
    const __m512i stride64 = _mm512_set1_epi64(stride), ch64 = _mm512_set1_epi64(channels);
    /* Each lane reads eight bytes from its top-left sample and eight from the one below: keep them in the buffer. */
    const __m512i lastStart = _mm512_set1_epi64(total - stride - 8);
    const __m512 scale = _mm512_set1_ps(0x1p-32f);
    /* A constant border gives exactly the fill where the footprint misses the source (−1 < x < width, same y). */
    const __m512i lowTouch = _mm512_set1_epi64(-4294967296LL);
    const __m512i highTouchU = _mm512_set1_epi64((int64_t)width * 4294967296LL);
    const __m512i highTouchV = _mm512_set1_epi64((int64_t)height * 4294967296LL);
    const __m512i fills = _mm512_set1_epi32((int)(fill * 0x01010101u));
    /* 16 pixels of three bytes out of 16 dwords (byte 3 of each dropped). */
    const __m512i pack3 = _mm512_set_epi8(
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 62, 61, 60, 58, 57, 56, 54, 53, 52, 50, 49, 48, 46, 45, 44,
        42, 41, 40, 38, 37, 36, 34, 33, 32, 30, 29, 28, 26, 25, 24, 22, 21, 20, 18, 17, 16, 14, 13, 12, 10, 9, 8, 6, 5,
        4, 2, 1, 0);
    long n = 0, i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512i u0 = _mm512_loadu_si512(u + i), u1 = _mm512_loadu_si512(u + i + 8);
        __m512i v0 = _mm512_loadu_si512(v + i), v1 = _mm512_loadu_si512(v + i + 8);
        __mmask8 in0 = _mm512_cmpge_epi64_mask(u0, zero) & _mm512_cmplt_epi64_mask(u0, highU) &
                       _mm512_cmpge_epi64_mask(v0, zero) & _mm512_cmplt_epi64_mask(v0, highV);
        __mmask8 in1 = _mm512_cmpge_epi64_mask(u1, zero) & _mm512_cmplt_epi64_mask(u1, highU) &
                       _mm512_cmpge_epi64_mask(v1, zero) & _mm512_cmplt_epi64_mask(v1, highV);
        __mmask16 in = (__mmask16)(in0 | ((unsigned)in1 << 8));
        __mmask16 outside = 0;
        if (constant) {
            __mmask8 o0 = _mm512_cmplt_epi64_mask(u0, lowTouch) | _mm512_cmpge_epi64_mask(u0, highTouchU) |
                          _mm512_cmplt_epi64_mask(v0, lowTouch) | _mm512_cmpge_epi64_mask(v0, highTouchV);
            __mmask8 o1 = _mm512_cmplt_epi64_mask(u1, lowTouch) | _mm512_cmpge_epi64_mask(u1, highTouchU) |
                          _mm512_cmplt_epi64_mask(v1, lowTouch) | _mm512_cmpge_epi64_mask(v1, highTouchV);
            outside = (__mmask16)(o0 | ((unsigned)o1 << 8));
        }
        __m512i lu = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(u0)), _mm512_cvtepi64_epi32(u1), 1);
        __m512i lv = _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi64_epi32(v0)), _mm512_cvtepi64_epi32(v1), 1);
        __m512 fx = _mm512_mul_ps(_mm512_cvtepu32_ps(lu), scale), fy = _mm512_mul_ps(_mm512_cvtepu32_ps(lv), scale);
        /* The top-left sample's offset y·stride + x·channels in 64-bit lanes (exact where the lane is in; the
           integer parts are the high halves of u and v). */
        __m512i p0 = _mm512_add_epi64(_mm512_mul_epu32(_mm512_srli_epi64(v0, 32), stride64),
                                      _mm512_mul_epu32(_mm512_srli_epi64(u0, 32), ch64));
        __m512i p1 = _mm512_add_epi64(_mm512_mul_epu32(_mm512_srli_epi64(v1, 32), stride64),
                                      _mm512_mul_epu32(_mm512_srli_epi64(u1, 32), ch64));
        in0 &= _mm512_cmple_epi64_mask(p0, lastStart);
        in1 &= _mm512_cmple_epi64_mask(p1, lastStart);
        in = (__mmask16)(in0 | ((unsigned)in1 << 8));
        /* Eight bytes from each lane's top-left sample and eight from the one below, gathered. Lanes not done here
           read sample 0 (harmless) and are listed for the caller. */
        p0 = _mm512_maskz_mov_epi64(in0, p0);
        p1 = _mm512_maskz_mov_epi64(in1, p1);
        __m512i t0 = _mm512_i64gather_epi64(p0, source, 1), t1 = _mm512_i64gather_epi64(p1, source, 1);
        __m512i b0 = _mm512_i64gather_epi64(p0, source + stride, 1);
        __m512i b1 = _mm512_i64gather_epi64(p1, source + stride, 1);
        __m512i r = zero;
        const int c = (int)channels;
        for (int k = 0; k < c; k++) {
            __m512i value = blend16(pick(t0, t1, k), pick(t0, t1, c + k), pick(b0, b1, k), pick(b0, b1, c + k), fx, fy);
            r = _mm512_or_si512(r, _mm512_slli_epi32(value, 8 * k));
        }
        r = _mm512_mask_blend_epi32(outside, r, fills);
        if (channels == 3) {
            _mm512_mask_storeu_epi8(out + i * 3, 0xFFFFFFFFFFFFull, _mm512_permutexvar_epi8(pack3, r));
        } else if (channels == 4) {
            _mm512_storeu_si512(out + i * 4, r);
        } else if (channels == 2) {
            _mm256_storeu_si256((__m256i *)(out + i * 2), _mm512_cvtepi32_epi16(r));
        } else {
            _mm_storeu_si128((__m128i *)(out + i), _mm512_cvtepi32_epi8(r));
        }
        /* Compressed in a register and stored whole (a compressing store to memory is slow on Zen 4). */
        __mmask16 others = (__mmask16)(~in & ~outside);
        if (others) {
            __m512i listed = _mm512_maskz_compress_epi32(others, _mm512_add_epi32(iota, _mm512_set1_epi32((int)i)));
            _mm512_storeu_si512(rest + n, listed);
            n += __builtin_popcount(others);
        }
    }
    for (; i < count; i++) rest[n++] = (int32_t)i;
    return n;
}

static AVX512 long bilinear512(const uint8_t *source, long width, long height, long channels, const int64_t *u,
                               const int64_t *v, long count, int constant, uint8_t fill, uint8_t *out,
                               int32_t *rest) {
    switch (channels) {
    case 1: return bilinear512_body(source, width, height, 1, u, v, count, constant, fill, out, rest);
    case 2: return bilinear512_body(source, width, height, 2, u, v, count, constant, fill, out, rest);
    case 3: return bilinear512_body(source, width, height, 3, u, v, count, constant, fill, out, rest);
    default: return bilinear512_body(source, width, height, 4, u, v, count, constant, fill, out, rest);
    }
}

/* ---- The elastic field's Gaussian: symmetric taps, vertical pass then horizontal ---- */

/* One body per instruction set: VEC holds LANES floats. The column pass runs over strips one vector wide and
   four output rows at a time (four independent sums; the strip's rows stay in L1), the row pass over a padded
   row with four vectors at a time. Every sum is s = w[h]·x[h], then s += w[k]·(x[k] + x[taps−1−k]) for k up,
   except in the last width % 8 samples of a row, where FoveaFilters' scalar tail sums every tap from 0 (the
   8-wide steps before them keep that tail where FoveaFilters has it). */
#define DEFINE_BLUR(NAME, ATTR, VEC, LANES, LD, ST, ADD, MUL, SET1, VEC8, LD8, ST8, ADD8, MUL8, SET8)                                               \
    static ATTR void NAME(const float *src, long width, long height, const float *w, long taps,                  \
                          const int32_t *rowSource, const int32_t *columnSource, float scale, float *padded,     \
                          float *out) {                                                                          \
        const long half = taps / 2, paddedCount = width + taps - 1;                                              \
        const VEC wm = SET1(w[half]);                                                                            \
        long i = 0;                                                                                              \
        for (; i + LANES <= width; i += LANES) {                                                                 \
            long y = 0;                                                                                          \
            for (; y + 4 <= height; y += 4) {                                                                    \
                const int32_t *r0 = rowSource + y, *r1 = r0 + 1, *r2 = r0 + 2, *r3 = r0 + 3;                     \
                VEC s0 = MUL(wm, LD(src + r0[half] * width + i)), s1 = MUL(wm, LD(src + r1[half] * width + i));  \
                VEC s2 = MUL(wm, LD(src + r2[half] * width + i)), s3 = MUL(wm, LD(src + r3[half] * width + i));  \
                for (long k = 0; k < half; k++) {                                                                \
                    const VEC wk = SET1(w[k]);                                                                   \
                    const long j = taps - 1 - k;                                                                 \
                    s0 = ADD(s0, MUL(wk, ADD(LD(src + r0[k] * width + i), LD(src + r0[j] * width + i))));         \
                    s1 = ADD(s1, MUL(wk, ADD(LD(src + r1[k] * width + i), LD(src + r1[j] * width + i))));         \
                    s2 = ADD(s2, MUL(wk, ADD(LD(src + r2[k] * width + i), LD(src + r2[j] * width + i))));         \
                    s3 = ADD(s3, MUL(wk, ADD(LD(src + r3[k] * width + i), LD(src + r3[j] * width + i))));         \
                }                                                                                                \
                ST(out + y * width + i, s0);                                                                     \
                ST(out + (y + 1) * width + i, s1);                                                               \
                ST(out + (y + 2) * width + i, s2);                                                               \
                ST(out + (y + 3) * width + i, s3);                                                               \
            }                                                                                                    \
            for (; y < height; y++) {                                                                            \
                const int32_t *r0 = rowSource + y;                                                               \
                VEC s0 = MUL(wm, LD(src + r0[half] * width + i));                                                \
                for (long k = 0; k < half; k++)                                                                  \
                    s0 = ADD(s0, MUL(SET1(w[k]), ADD(LD(src + r0[k] * width + i),                                \
                                                     LD(src + r0[taps - 1 - k] * width + i))));                  \
                ST(out + y * width + i, s0);                                                                     \
            }                                                                                                    \
        }                                                                                                        \
        for (; i + 8 <= width; i += 8) {                                                                         \
            for (long y = 0; y < height; y++) {                                                                  \
                const int32_t *r0 = rowSource + y;                                                               \
                VEC8 s0 = MUL8(SET8(w[half]), LD8(src + r0[half] * width + i));                                  \
                for (long k = 0; k < half; k++)                                                                  \
                    s0 = ADD8(s0, MUL8(SET8(w[k]), ADD8(LD8(src + r0[k] * width + i),                            \
                                                        LD8(src + r0[taps - 1 - k] * width + i))));              \
                ST8(out + y * width + i, s0);                                                                    \
            }                                                                                                    \
        }                                                                                                        \
        /* The last width % 8 samples: FoveaFilters' scalar tail, every tap in order from 0. */                 \
        for (; i < width; i++) {                                                                                 \
            for (long y = 0; y < height; y++) {                                                                  \
                const int32_t *r0 = rowSource + y;                                                               \
                float s = 0;                                                                                     \
                for (long k = 0; k < taps; k++) s = s + w[k] * src[r0[k] * width + i];                           \
                out[y * width + i] = s;                                                                          \
            }                                                                                                    \
        }                                                                                                        \
        const VEC sc = SET1(scale);                                                                              \
        for (long y = 0; y < height; y++) {                                                                      \
            float *row = out + y * width;                                                                        \
            for (long p = 0; p < width; p++) padded[half + p] = row[p];                                          \
            for (long p = 0; p < half; p++) padded[p] = row[columnSource[p]];                                    \
            for (long p = half + width; p < paddedCount; p++) padded[p] = row[columnSource[p]];                  \
            long x = 0;                                                                                          \
            for (; x + 4 * LANES <= width; x += 4 * LANES) {                                                     \
                const float *p0 = padded + x;                                                                    \
                VEC s0 = MUL(wm, LD(p0 + half)), s1 = MUL(wm, LD(p0 + half + LANES));                            \
                VEC s2 = MUL(wm, LD(p0 + half + 2 * LANES)), s3 = MUL(wm, LD(p0 + half + 3 * LANES));            \
                for (long k = 0; k < half; k++) {                                                                \
                    const VEC wk = SET1(w[k]);                                                                   \
                    const float *a = p0 + k, *b = p0 + taps - 1 - k;                                             \
                    s0 = ADD(s0, MUL(wk, ADD(LD(a), LD(b))));                                                    \
                    s1 = ADD(s1, MUL(wk, ADD(LD(a + LANES), LD(b + LANES))));                                    \
                    s2 = ADD(s2, MUL(wk, ADD(LD(a + 2 * LANES), LD(b + 2 * LANES))));                            \
                    s3 = ADD(s3, MUL(wk, ADD(LD(a + 3 * LANES), LD(b + 3 * LANES))));                            \
                }                                                                                                \
                ST(row + x, MUL(s0, sc));                                                                        \
                ST(row + x + LANES, MUL(s1, sc));                                                                \
                ST(row + x + 2 * LANES, MUL(s2, sc));                                                            \
                ST(row + x + 3 * LANES, MUL(s3, sc));                                                            \
            }                                                                                                    \
            for (; x + LANES <= width; x += LANES) {                                                             \
                const float *p0 = padded + x;                                                                    \
                VEC s0 = MUL(wm, LD(p0 + half));                                                                 \
                for (long k = 0; k < half; k++) s0 = ADD(s0, MUL(SET1(w[k]), ADD(LD(p0 + k), LD(p0 + taps - 1 - k)))); \
                ST(row + x, MUL(s0, sc));                                                                        \
            }                                                                                                    \
            for (; x + 8 <= width; x += 8) {                                                                     \
                const float *p0 = padded + x;                                                                    \
                VEC8 s0 = MUL8(SET8(w[half]), LD8(p0 + half));                                                   \
                for (long k = 0; k < half; k++)                                                                  \
                    s0 = ADD8(s0, MUL8(SET8(w[k]), ADD8(LD8(p0 + k), LD8(p0 + taps - 1 - k))));                  \
                ST8(row + x, MUL8(s0, SET8(scale)));                                                             \
            }                                                                                                    \
            for (; x < width; x++) {                                                                             \
                float s = 0;                                                                                     \
                for (long k = 0; k < taps; k++) s = s + w[k] * padded[x + k];                                    \
                row[x] = s * scale;                                                                              \
            }                                                                                                    \
        }                                                                                                        \
    }

DEFINE_BLUR(blur256, AVX2, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_mul_ps, _mm256_set1_ps,
            __m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_mul_ps, _mm256_set1_ps)
DEFINE_BLUR(blur512, AVX512, __m512, 16, _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_mul_ps,
            _mm512_set1_ps, __m256, _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_mul_ps, _mm256_set1_ps)

long fovea_projective_positions(const double *m, long y, long count, int64_t offset, int64_t *u, int64_t *v) {
    return wide() ? projective512(m, y, count, offset, u, v) : 0;
}

long fovea_displacement_positions(const float *dx, const float *dy, long y, long count, int64_t offset, int64_t *u,
                                  int64_t *v) {
    return wide() ? displacement512(dx, dy, y, count, offset, u, v) : 0;
}

long fovea_bilinear_u8_positions(const uint8_t *source, long width, long height, long channels, const int64_t *u,
                                 const int64_t *v, long count, int constant, uint8_t fill, uint8_t *out,
                                 int32_t *rest) {
    if (!wide() || channels < 1 || channels > 4) return -1;
    if (width < 2 || height < 2 || width * height * channels >= 2147483647L - 64) return -1;
    if (width * height * channels < width * channels + 16) return -1;
    return bilinear512(source, width, height, channels, u, v, count, constant, fill, out, rest);
}

int fovea_symmetric_blur_f32(const float *source, long width, long height, const float *weights, long taps,
                             const int32_t *rowSource, const int32_t *columnSource, float scale, float *padded,
                             float *out) {
    if (taps < 3 || taps % 2 == 0 || width <= 0 || height <= 0) return 0;
    if (wide()) {
        blur512(source, width, height, weights, taps, rowSource, columnSource, scale, padded, out);
        return 1;
    }
    if (fovea_simd_level() >= 1) {
        blur256(source, width, height, weights, taps, rowSource, columnSource, scale, padded, out);
        return 1;
    }
    return 0;
}

#else
long fovea_projective_positions(const double *m, long y, long count, int64_t offset, int64_t *u, int64_t *v) {
    return 0;
}
long fovea_displacement_positions(const float *dx, const float *dy, long y, long count, int64_t offset, int64_t *u,
                                  int64_t *v) {
    return 0;
}
long fovea_bilinear_u8_positions(const uint8_t *source, long width, long height, long channels, const int64_t *u,
                                 const int64_t *v, long count, int constant, uint8_t fill, uint8_t *out,
                                 int32_t *rest) {
    return -1;
}
int fovea_symmetric_blur_f32(const float *source, long width, long height, const float *weights, long taps,
                             const int32_t *rowSource, const int32_t *columnSource, float scale, float *padded,
                             float *out) {
    return 0;
}
#endif
