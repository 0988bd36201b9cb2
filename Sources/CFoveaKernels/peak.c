/* FP32 FMA peak probe for benchmark reports; see include/fovea_peak.h. */
#include "fovea_peak.h"

#include <time.h>

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#define CHAINS 12

/* `iterations` × CHAINS scalar multiply-adds; returns FLOP/s. The sum of the chains is written to `sink` so the
   loop is not removed. */
static double probe_scalar(long iterations, volatile float *sink) {
    float a[CHAINS];
    for (int i = 0; i < CHAINS; i++) a[i] = (float)i;
    float b = 0.999f, c = 0.001f;
    double start = seconds();
    for (long k = 0; k < iterations; k++)
        for (int i = 0; i < CHAINS; i++) a[i] = a[i] * b + c;
    double elapsed = seconds() - start;
    float sum = 0;
    for (int i = 0; i < CHAINS; i++) sum += a[i];
    *sink = sum;
    return (double)iterations * CHAINS * 2 / elapsed;
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f"))) static double probe_avx512(long iterations, volatile float *sink) {
    __m512 a[CHAINS];
    for (int i = 0; i < CHAINS; i++) a[i] = _mm512_set1_ps((float)i);
    __m512 b = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(0.001f);
    double start = seconds();
    for (long k = 0; k < iterations; k++) {
#pragma clang loop unroll(full)
        for (int i = 0; i < CHAINS; i++) a[i] = _mm512_fmadd_ps(a[i], b, c);
    }
    double elapsed = seconds() - start;
    __m512 sum = a[0];
    for (int i = 1; i < CHAINS; i++) sum = _mm512_add_ps(sum, a[i]);
    *sink = _mm512_reduce_add_ps(sum);
    return (double)iterations * CHAINS * 16 * 2 / elapsed;
}

__attribute__((target("avx2,fma"))) static double probe_avx2(long iterations, volatile float *sink) {
    __m256 a[CHAINS];
    for (int i = 0; i < CHAINS; i++) a[i] = _mm256_set1_ps((float)i);
    __m256 b = _mm256_set1_ps(0.999f), c = _mm256_set1_ps(0.001f);
    double start = seconds();
    for (long k = 0; k < iterations; k++) {
#pragma clang loop unroll(full)
        for (int i = 0; i < CHAINS; i++) a[i] = _mm256_fmadd_ps(a[i], b, c);
    }
    double elapsed = seconds() - start;
    __m256 sum = a[0];
    for (int i = 1; i < CHAINS; i++) sum = _mm256_add_ps(sum, a[i]);
    float lanes[8];
    _mm256_storeu_ps(lanes, sum);
    *sink = lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
    return (double)iterations * CHAINS * 8 * 2 / elapsed;
}
#endif

double fovea_fma_peak_gflops(int milliseconds, int *lanes) {
    volatile float sink = 0;
    int width = 1;
    double (*probe)(long, volatile float *) = probe_scalar;
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
        probe = probe_avx512, width = 16;
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        probe = probe_avx2, width = 8;
    }
#endif
    if (lanes) *lanes = width;
    /* Size one run to about a tenth of the budget from a short calibration run. */
    double rate = probe(100000, &sink);
    double perRun = (milliseconds > 0 ? milliseconds : 100) * 1e-3 / 10;
    long iterations = (long)(rate * perRun / (CHAINS * width * 2));
    if (iterations < 1000) iterations = 1000;
    double best = 0;
    for (int run = 0; run < 10; run++) {
        double r = probe(iterations, &sink);
        if (r > best) best = r;
    }
    return best / 1e9;
}
