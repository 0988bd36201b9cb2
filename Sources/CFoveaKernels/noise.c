/* See include/fovea_noise.h. */
#define _GNU_SOURCE /* sincosf */
#include "fovea_noise.h"

#include "fovea_kernels.h"

#include <math.h>
#include <stdatomic.h>

/* Separate multiplies, as Swift computes them. */
#pragma clang fp contract(off)

void fovea_noise_polar(const float *radius, const float *angle, long pairs, long count, float *z) {
    for (long j = 0; j < pairs; j++) {
        float s, c;
#if defined(__GLIBC__)
        sincosf(angle[j], &s, &c);
#else
        s = sinf(angle[j]);
        c = cosf(angle[j]);
#endif
        z[2 * j] = radius[j] * c;
        if (2 * j + 1 < count) z[2 * j + 1] = radius[j] * s;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f,avx512dq")))

static _Atomic int dq = -1;

/* Level 2 and AVX-512 DQ (64-bit multiplies and conversions). */
static int wide(void) {
    int have = atomic_load_explicit(&dq, memory_order_relaxed);
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("avx512dq");
        atomic_store_explicit(&dq, have, memory_order_relaxed);
    }
    return have && fovea_simd_level() >= 2;
}

static AVX512 long uniforms512(uint64_t key, uint64_t first, long pairs, float two_pi, float *u1, float *angle) {
    const __m512i golden = _mm512_set1_epi64((long long)0x9E3779B97F4A7C15ull);
    const __m512i m1 = _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ull);
    const __m512i m2 = _mm512_set1_epi64((long long)0x94D049BB133111EBull);
    const __m512i iota = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7), one = _mm512_set1_epi64(1);
    const __m512i low24 = _mm512_set1_epi64(0xFFFFFF);
    const __m256 scale = _mm256_set1_ps(0x1p-24f), turn = _mm256_set1_ps(two_pi);
    long j = 0;
    for (; j + 8 <= pairs; j += 8) {
        __m512i counter = _mm512_add_epi64(_mm512_set1_epi64((long long)(first + (uint64_t)j)), iota);
        __m512i z = _mm512_add_epi64(_mm512_set1_epi64((long long)key), _mm512_mullo_epi64(counter, golden));
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), m1);
        z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), m2);
        z = _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
        __m256 a = _mm512_cvtepu64_ps(_mm512_add_epi64(_mm512_srli_epi64(z, 40), one));
        __m256 b = _mm512_cvtepu64_ps(_mm512_and_si512(_mm512_srli_epi64(z, 16), low24));
        _mm256_storeu_ps(u1 + j, _mm256_mul_ps(a, scale));
        _mm256_storeu_ps(angle + j, _mm256_mul_ps(turn, _mm256_mul_ps(b, scale)));
    }
    return j;
}

long fovea_noise_uniforms(uint64_t key, uint64_t first, long pairs, float two_pi, float *u1, float *angle) {
    return wide() ? uniforms512(key, first, pairs, two_pi, u1, angle) : 0;
}

#else

long fovea_noise_uniforms(uint64_t key, uint64_t first, long pairs, float two_pi, float *u1, float *angle) {
    (void)key; (void)first; (void)pairs; (void)two_pi; (void)u1; (void)angle;
    return 0;
}

#endif
