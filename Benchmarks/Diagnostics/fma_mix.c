/* What bounds FoveaNN's direct-convolution tile on this core (issue 18): the tile's inner loop (conv.c, P = 4
   output vectors × Q = 6 output channels) does, per kernel tap, 4 vector loads of input, 6 broadcasts of a weight
   and 24 fused multiply-adds into 24 accumulators. This times that mix and its variants, one thread, with no
   dependence on memory beyond L1:

     fma-only:            the 24 FMAs, weights and inputs in registers (the core's FMA peak);
     fma-vector-loads:    + the 4 input loads;
     fma-tile-mix:        + the 6 weight broadcasts from memory (vbroadcastss): the tile's instruction mix;
     fma-embedded:        the weights as {1to16} memory operands of every FMA instead (24 broadcasts, no register);
     fma-vector-weights:  the weights pre-broadcast in memory, 6 plain vector loads.

   Prints JSON lines (GFLOP/s, best of 5 runs), tool "c". x86-64 with AVX-512F only. Build it with clang, the
   compiler SwiftPM builds conv.c with (GCC 12 keeps this loop's accumulators in memory: a third of the rate):

     clang -O3 -o /tmp/fma_mix Benchmarks/Diagnostics/fma_mix.c && /tmp/fma_mix */
#include <stdio.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>

enum { ITERATIONS = 50000000, RUNS = 5 };
enum { ONLY = 0, TILE_MIX = 1, VECTOR_LOADS = 2, EMBEDDED = 3, VECTOR_WEIGHTS = 4 };

static float data[4096] __attribute__((aligned(64)));

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* One FMA with its weight as a broadcast memory operand (the compiler would otherwise hoist the broadcast). */
#define FMA_EMBEDDED(acc, x, w) \
    __asm__("vfmadd231ps %[m]%{1to16%}, %[v], %[a]" : [a] "+v"(acc) : [v] "v"(x), [m] "m"(w))

__attribute__((target("avx512f"))) static double run(int variant) {
    __m512 acc[24];
    for (int i = 0; i < 24; i++) acc[i] = _mm512_set1_ps((float)i * 1e-9f);
    __m512 x0 = _mm512_set1_ps(1.0001f), x1 = x0, x2 = x0, x3 = x0;
    const float *p = data;
    double start = now();
    for (long it = 0; it < ITERATIONS; it++) {
        if (variant != ONLY) { /* unaligned, as the tile's */
            x0 = _mm512_loadu_ps(p + 1);
            x1 = _mm512_loadu_ps(p + 17);
            x2 = _mm512_loadu_ps(p + 33);
            x3 = _mm512_loadu_ps(p + 49);
        }
        if (variant == EMBEDDED) {
            for (int j = 0; j < 6; j++) {
                FMA_EMBEDDED(acc[j], x0, p[100 + j]);
                FMA_EMBEDDED(acc[6 + j], x1, p[100 + j]);
                FMA_EMBEDDED(acc[12 + j], x2, p[100 + j]);
                FMA_EMBEDDED(acc[18 + j], x3, p[100 + j]);
            }
        } else {
            for (int j = 0; j < 6; j++) {
                __m512 w = variant == TILE_MIX         ? _mm512_set1_ps(p[100 + j])
                           : variant == VECTOR_WEIGHTS ? _mm512_load_ps(p + 1024 + 16 * j)
                                                       : _mm512_set1_ps(1.0f + (float)j * 1e-7f);
                acc[j] = _mm512_fmadd_ps(x0, w, acc[j]);
                acc[6 + j] = _mm512_fmadd_ps(x1, w, acc[6 + j]);
                acc[12 + j] = _mm512_fmadd_ps(x2, w, acc[12 + j]);
                acc[18 + j] = _mm512_fmadd_ps(x3, w, acc[18 + j]);
            }
        }
        __asm__ volatile("" : "+r"(p)); /* the loads stay in the loop */
    }
    double seconds = now() - start;
    float sum = 0;
    for (int i = 0; i < 24; i++) sum += _mm512_reduce_add_ps(acc[i]);
    if (sum == 1234.5f) printf("#\n"); /* keeps the accumulators alive */
    return 24.0 * 32.0 * ITERATIONS / seconds / 1e9;
}

int main(void) {
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) {
        fprintf(stderr, "fma_mix: this CPU has no AVX-512F\n");
        return 1;
    }
    for (int i = 0; i < 4096; i++) data[i] = 1.0f + (float)(i % 7) * 1e-7f;
    const int order[] = {ONLY, VECTOR_LOADS, TILE_MIX, EMBEDDED, VECTOR_WEIGHTS};
    const char *names[] = {"fma-only", "fma-tile-mix", "fma-vector-loads", "fma-embedded", "fma-vector-weights"};
    for (int k = 0; k < 5; k++) {
        double best = 0;
        for (int r = 0; r < RUNS; r++) {
            double g = run(order[k]);
            if (g > best) best = g;
        }
        printf("{\"area\": \"cnn\", \"tool\": \"c\", \"op\": \"%s\", \"threads\": 1, \"value\": %.1f, \"unit\": "
               "\"GFLOP/s\"}\n",
               names[order[k]], best);
    }
    return 0;
}

#else
int main(void) {
    fprintf(stderr, "fma_mix: x86-64 only\n");
    return 1;
}
#endif
