/* What a memory-bound 3×3 Float filter row can reach on this machine, and why it does not scale further at 2
   threads (issue 18). Each figure streams a 1024² Float image into another, `out = 2 · in`, in two row halves on
   two threads (or one), with no arithmetic to speak of:

     store-stream:          ordinary stores (what Fovea's and OpenCV's filters do): the core reads each output
                            line before writing it (read for ownership), 12 bytes of traffic a pixel;
     store-stream-nt:       non-temporal stores (x86 only): no read for ownership, the output goes to memory,
                            8 bytes a pixel;
     *-then-read:           the same, then the output read back, as the next operation of a pipeline does.

   Prints JSON lines like FiltersBenchmark (MP/s, median of 21 runs after 3 warm-ups), tool "c":

     cc -O3 -march=native -o /tmp/store_streams Benchmarks/Diagnostics/store_streams.c -lpthread && /tmp/store_streams

   Benchmarks/run.sh filters runs it once per round. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define HAVE_STREAMING 1
#endif

enum { SIDE = 1024, COUNT = SIDE * SIDE, RUNS = 21, WARMUPS = 3 };

static float *source, *target;
static volatile float sink;

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void plain(long first, long end) {
    for (long i = first * SIDE; i < end * SIDE; i++) target[i] = 2.0f * source[i];
}

static void streaming(long first, long end) {
#ifdef HAVE_STREAMING
    const __m128 two = _mm_set1_ps(2.0f);
    for (long i = first * SIDE; i < end * SIDE; i += 4) _mm_stream_ps(target + i, _mm_mul_ps(two, _mm_load_ps(source + i)));
    _mm_sfence();
#else
    plain(first, end);
#endif
}

static void read_back(long first, long end) {
    float sums[8] = {0};
    for (long i = first * SIDE; i < end * SIDE; i += 8)
        for (int k = 0; k < 8; k++) sums[k] += target[i + k];
    sink = sums[0] + sums[1] + sums[2] + sums[3] + sums[4] + sums[5] + sums[6] + sums[7];
}

static void plain_then_read(long first, long end) { plain(first, end); read_back(first, end); }
static void streaming_then_read(long first, long end) { streaming(first, end); read_back(first, end); }

typedef void (*band_fn)(long first, long end);

/* One helper thread that spins for work: the second half of every 2-thread run. */
static band_fn helper_band;
static _Atomic long helper_generation, helper_done;

static void *helper(void *unused) {
    (void)unused;
    long seen = 0;
    for (;;) {
        long generation;
        while ((generation = helper_generation) == seen) {
        }
        seen = generation;
        helper_band(SIDE / 2, SIDE);
        helper_done = generation;
    }
    return NULL;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double megapixels_per_second(band_fn band, int threads) {
    double times[RUNS];
    for (int run = -WARMUPS; run < RUNS; run++) {
        double start = seconds_now();
        if (threads == 1) {
            band(0, SIDE);
        } else {
            helper_band = band;
            long generation = ++helper_generation;
            band(0, SIDE / 2);
            while (helper_done != generation) {
            }
        }
        if (run >= 0) times[run] = seconds_now() - start;
    }
    qsort(times, RUNS, sizeof times[0], compare);
    return COUNT / 1e6 / times[RUNS / 2];
}

int main(void) {
    source = aligned_alloc(64, COUNT * sizeof(float));
    target = aligned_alloc(64, COUNT * sizeof(float));
    if (!source || !target) return 1;
    for (long i = 0; i < COUNT; i++) source[i] = (float)(i % 251), target[i] = 0;
    pthread_t thread;
    if (pthread_create(&thread, NULL, helper, NULL) != 0) return 1;
    const struct { const char *op; band_fn band; } rows[] = {
        {"store-stream-f32-1024", plain},
#ifdef HAVE_STREAMING
        {"store-stream-nt-f32-1024", streaming},
#endif
        {"store-stream-then-read-f32-1024", plain_then_read},
#ifdef HAVE_STREAMING
        {"store-stream-nt-then-read-f32-1024", streaming_then_read},
#endif
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        for (int threads = 1; threads <= 2; threads++)
            printf("{\"area\": \"filters\", \"tool\": \"c\", \"op\": \"%s\", \"threads\": %d, \"value\": %.1f, "
                   "\"unit\": \"MP/s\"}\n",
                   rows[r].op, threads, megapixels_per_second(rows[r].band, threads));
    return 0;
}
