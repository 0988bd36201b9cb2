/* The worker pool of include/fovea_pool.h: spin briefly, then park on a futex. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sched_getcpu, pthread_attr_setaffinity_np */
#endif
#include "fovea_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

/* Default spin window after a job, in µs (measured in issue 18: see Parallel.swift). */
#define DEFAULT_SPIN_US 200

/* The job word: generation (high 32 bits) | workers joined (8 bits). A worker joins a job by a compare-and-swap that
   checks the generation, so a late worker can never join a job it has not seen published; a job admits at most
   `job_lanes` − 1 workers (the caller's thread limit minus itself), and the n-th worker to join is participant n
   (the caller is participant 0).

   Chunks are claimed from homes (issue 18): participant p's home is the p-th of `job_lanes` contiguous runs of
   chunks, and its word is generation (high 32 bits) | front (16 bits) | back (low 16 bits), the unclaimed chunks
   front..<back. A participant claims its own home from the front, then, when that is empty, steals from the back of
   the others'. So back-to-back calls give every thread the same rows as last time (still in its L2 cache: on this
   machine a 1024² Float filter at 2 threads lost ~7% of its time to one thread waiting for the other, and handing
   the chunks out first come first served lost the cache instead), while a thread that falls behind still hands
   its remaining chunks to the others. Every home access checks the generation, so a late worker can never take a
   chunk of a job it has not joined. */
#define JOINED_SHIFT 24
#define MAX_CHUNKS 0xffffL
#define MAX_LANES 256L
static _Atomic uint64_t job_word;
static fovea_pool_chunk_fn job_chunk; /* written by the caller before the word is published, read after a join */
static void *job_context;
/* Participants the current job admits (caller included), written before the word is published. Atomic (relaxed):
   a late worker may read it while the caller writes the next job's value (harmless, see join). */
static _Atomic long job_lanes;
static _Alignas(64) struct {
    _Atomic uint64_t word;
    char padding[64 - sizeof(uint64_t)]; /* one cache line each: owners and thieves of different homes never share */
} homes[MAX_LANES];
static _Atomic int64_t job_published; /* CLOCK_MONOTONIC ns at which the current job was published */
static _Atomic long job_finished;    /* chunks of the current job that have finished */
static _Atomic int busy;             /* 1 while a caller owns the pool */
static _Atomic uint32_t wake_sequence; /* futex word parked workers sleep on */
static _Atomic int sleepers;         /* workers parked or about to park */
static _Atomic int state;            /* 0 not started, 1 running, -1 unavailable */
static _Atomic long count_caught, count_parked, count_backoffs; /* diagnostics: fovea_pool_counts */
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static long spin_ns = DEFAULT_SPIN_US * 1000L;
static long worker_count;

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void park(_Atomic uint32_t *word, uint32_t expected) {
#if defined(__linux__)
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, expected, NULL, NULL, 0);
#else
    (void)word; (void)expected;
    sched_yield();
#endif
}

static void wake(_Atomic uint32_t *word, int count) {
#if defined(__linux__)
    syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, count, NULL, NULL, 0);
#else
    (void)word; (void)count;
#endif
}

/* Claims a chunk of home `home` of generation `generation`, from the front (its owner) or the back (a thief);
   returns the chunk's index, or -1 when that home of that job has none left. */
static long claim(uint32_t generation, long home, int from_back) {
    _Atomic uint64_t *word_pointer = &homes[home].word;
    uint64_t word = atomic_load_explicit(word_pointer, memory_order_acquire);
    for (;;) {
        if ((uint32_t)(word >> 32) != generation) return -1;
        uint64_t front = (word >> 16) & 0xffff, back = word & 0xffff;
        if (front >= back) return -1;
        uint64_t next = from_back ? word - 1 : word + ((uint64_t)1 << 16);
        if (atomic_compare_exchange_weak_explicit(word_pointer, &word, next, memory_order_acq_rel,
                                                  memory_order_acquire))
            return (long)(from_back ? back - 1 : front);
    }
}

/* Joins job `generation` if it admits another worker; returns the worker's participant number, or 0 when not
   joined. */
static long join(uint32_t generation) {
    uint64_t word = atomic_load_explicit(&job_word, memory_order_acquire);
    for (;;) {
        if ((uint32_t)(word >> 32) != generation) return 0;
        long joined = (long)((word >> JOINED_SHIFT) & 0xff);
        /* job_lanes was written before this generation's word was published (acquire above); if the caller has
           since finished this job and written the next job's value, every chunk here is claimed and the join is
           harmless: every claim that follows checks the generation and finds none. */
        if (joined + 1 >= atomic_load_explicit(&job_lanes, memory_order_relaxed)) return 0;
        if (atomic_compare_exchange_weak_explicit(&job_word, &word, word + ((uint64_t)1 << JOINED_SHIFT),
                                                  memory_order_acq_rel, memory_order_acquire))
            return joined + 1;
    }
}

static void run_chunk(long index) {
    job_chunk(job_context, index);
    atomic_fetch_add_explicit(&job_finished, 1, memory_order_release);
}

/* Participant `participant` of job `generation`: its own home from the front, then the others' from the back. */
static void work(uint32_t generation, long participant) {
    long lanes = atomic_load_explicit(&job_lanes, memory_order_relaxed);
    if (lanes < 1 || lanes > MAX_LANES || participant >= lanes) return;
    long index;
    while ((index = claim(generation, participant, 0)) >= 0) run_chunk(index);
    for (long k = 1; k < lanes; k++) {
        long victim = (participant + k) % lanes;
        while ((index = claim(generation, victim, 1)) >= 0) run_chunk(index);
    }
}

/* The spin window adapts (issue 18). After a park, the worker looks at how long after its last job the job that woke
   it was published: sooner than the full window (spinning would have caught it) doubles the window again, up to the
   full one; later halves it, down to MIN_SPIN_NS, so a caller whose calls are far apart pays almost no spinning.
   A worker that notices it was descheduled mid-spin (two clock readings more than PREEMPTED_NS apart: the CPUs
   are oversubscribed, and its spinning takes CPU time from the caller and everybody else) parks at once after
   every job for BACKOFF_NS, which is how concurrentPerform's threads behave. */
#define MIN_SPIN_NS 5000
#define PREEMPTED_NS 30000
#define BACKOFF_NS 10000000

/* Where a new worker starts (issue 18). Linux sometimes places a new thread on its creator's CPU and leaves it
   there until the load balancer moves it, which took 12 ms in one of three tries on this VM: the first parallel
   calls of a process then shared one core between the caller and the spinning worker, and ran slower than on one
   thread. So a worker is created allowed on one CPU other than the caller's (round-robin over the CPUs the
   creating thread may use), and once it runs it gives itself that whole CPU set back: a starting place, not
   pinning. glibc only (musl and bionic lack some of these calls); elsewhere workers start where the system puts
   them. */
#if defined(__linux__) && defined(__GLIBC__)
#define FOVEA_POOL_PLACES_WORKERS 1
#endif
#if defined(FOVEA_POOL_PLACES_WORKERS)
static cpu_set_t process_cpus;
static int have_process_cpus;

static void place(pthread_attr_t *attributes, long index) {
    if (!have_process_cpus || CPU_COUNT(&process_cpus) < 2) return;
    int here = sched_getcpu();
    long skip = index % (CPU_COUNT(&process_cpus) - 1);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &process_cpus) || cpu == here) continue;
        if (skip-- > 0) continue;
        cpu_set_t start_on;
        CPU_ZERO(&start_on);
        CPU_SET(cpu, &start_on);
        pthread_attr_setaffinity_np(attributes, sizeof start_on, &start_on);
        return;
    }
}
#endif

static void *worker(void *unused) {
    (void)unused;
#if defined(FOVEA_POOL_PLACES_WORKERS)
    /* Should this fail (the CPU set changed meanwhile), the worker keeps its one CPU: slower, never wrong. */
    if (have_process_cpus) (void)pthread_setaffinity_np(pthread_self(), sizeof process_cpus, &process_cpus);
#endif
    uint32_t seen = 0;
    int64_t idle_since = now_ns(), last_check = idle_since, backoff_until = 0;
    long window = spin_ns;
    for (;;) {
        uint32_t generation = (uint32_t)(atomic_load_explicit(&job_word, memory_order_acquire) >> 32);
        if (generation != seen) {
            seen = generation;
            long participant = join(generation);
            if (participant > 0) {
                atomic_fetch_add_explicit(&count_caught, 1, memory_order_relaxed);
                work(generation, participant);
            }
            idle_since = last_check = now_ns();
            continue;
        }
        int64_t t = now_ns();
        if (t - last_check > PREEMPTED_NS) {
            if (t >= backoff_until) atomic_fetch_add_explicit(&count_backoffs, 1, memory_order_relaxed);
            backoff_until = t + BACKOFF_NS;
        }
        last_check = t;
        if (t - idle_since < (t < backoff_until ? 0 : window)) {
            for (int i = 0; i < 16; i++) CPU_RELAX();
            continue;
        }
        /* Park. The caller publishes the word, then reads `sleepers`; we raise `sleepers`, then read the word
           (both sequentially consistent), so either we see the new job or the caller sees us and bumps the
           sequence we wait on, which makes the futex wait return at once. */
        uint32_t sequence = atomic_load(&wake_sequence);
        atomic_fetch_add(&sleepers, 1);
        if ((uint32_t)(atomic_load(&job_word) >> 32) == seen) {
            atomic_fetch_add_explicit(&count_parked, 1, memory_order_relaxed);
            park(&wake_sequence, sequence);
        }
        atomic_fetch_sub(&sleepers, 1);
        int64_t gap = atomic_load_explicit(&job_published, memory_order_relaxed) - idle_since;
        if (gap < spin_ns)
            window = 2 * window < spin_ns ? 2 * window : spin_ns;
        else
            window = window / 2 > MIN_SPIN_NS ? window / 2 : MIN_SPIN_NS;
        idle_since = last_check = now_ns();
    }
    return NULL;
}

long fovea_pool_spin_microseconds(void) { return spin_ns / 1000; }

void fovea_pool_counts(long counts[3]) {
    counts[0] = atomic_load_explicit(&count_caught, memory_order_relaxed);
    counts[1] = atomic_load_explicit(&count_parked, memory_order_relaxed);
    counts[2] = atomic_load_explicit(&count_backoffs, memory_order_relaxed);
}

static int start(long workers) {
    int current = atomic_load_explicit(&state, memory_order_acquire);
    if (current != 0) return current;
    pthread_mutex_lock(&start_lock);
    current = atomic_load_explicit(&state, memory_order_relaxed);
    if (current == 0) {
        const char *enabled = getenv("FOVEA_POOL");
        const char *spin = getenv("FOVEA_POOL_SPIN_US");
        if (spin && *spin) spin_ns = atol(spin) * 1000L;
        current = 1;
        if (enabled && enabled[0] == '0' && enabled[1] == 0) current = -1;
#if defined(FOVEA_POOL_PLACES_WORKERS)
        have_process_cpus = sched_getaffinity(0, sizeof process_cpus, &process_cpus) == 0;
#endif
        for (long i = 0; current == 1 && i < workers; i++) {
            pthread_t thread;
            pthread_attr_t attributes;
            pthread_attr_init(&attributes);
            pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
            int created = 0;
#if defined(FOVEA_POOL_PLACES_WORKERS)
            pthread_attr_t placed;
            pthread_attr_init(&placed);
            pthread_attr_setdetachstate(&placed, PTHREAD_CREATE_DETACHED);
            place(&placed, i);
            created = pthread_create(&thread, &placed, worker, NULL) == 0; /* else: without a starting place */
            pthread_attr_destroy(&placed);
#endif
            if (created || pthread_create(&thread, &attributes, worker, NULL) == 0)
                worker_count++;
            else if (worker_count == 0)
                current = -1;
            else
                break;
            pthread_attr_destroy(&attributes);
        }
        atomic_store_explicit(&state, current, memory_order_release);
    }
    pthread_mutex_unlock(&start_lock);
    return current;
}

int fovea_pool_run(long chunks, long workers, long helpers, fovea_pool_chunk_fn chunk, void *context) {
    if (chunks < 2 || chunks > MAX_CHUNKS || workers < 1 || helpers < 1) return 0;
    if (start(workers) != 1) return 0;
    int expected = 0;
    if (!atomic_compare_exchange_strong_explicit(&busy, &expected, 1, memory_order_acquire, memory_order_relaxed))
        return 0;
    job_chunk = chunk;
    job_context = context;
    /* Participants: the caller and as many workers as the call allows and the pool has, one per chunk at most. */
    long lanes = (helpers < MAX_LANES ? helpers : MAX_LANES) + 1;
    if (lanes > worker_count + 1) lanes = worker_count + 1;
    if (lanes > chunks) lanes = chunks;
    if (lanes > MAX_LANES) lanes = MAX_LANES;
    atomic_store_explicit(&job_lanes, lanes, memory_order_relaxed);
    atomic_store_explicit(&job_finished, 0, memory_order_relaxed);
    uint32_t generation = (uint32_t)(atomic_load_explicit(&job_word, memory_order_relaxed) >> 32) + 1;
    if (generation == 0) generation = 1; /* 0 is the workers' "seen nothing yet" */
    for (long h = 0; h < lanes; h++) {
        uint64_t front = (uint64_t)(chunks * h / lanes), back = (uint64_t)(chunks * (h + 1) / lanes);
        atomic_store_explicit(&homes[h].word, ((uint64_t)generation << 32) | (front << 16) | back,
                              memory_order_relaxed);
    }
    atomic_store_explicit(&job_published, now_ns(), memory_order_relaxed);
    /* Sequentially consistent (a release, too): the homes and job_lanes are visible to whoever sees this word. */
    atomic_store(&job_word, (uint64_t)generation << 32);
    if (atomic_load(&sleepers) > 0) {
        atomic_fetch_add(&wake_sequence, 1);
        wake(&wake_sequence, (int)(lanes - 1));
    }
    work(generation, 0);
    /* Every chunk is claimed; wait for the ones workers are still running. */
    for (long spins = 0; atomic_load_explicit(&job_finished, memory_order_acquire) < chunks; spins++) {
        if (spins < 4096)
            CPU_RELAX();
        else
            sched_yield();
    }
    atomic_store_explicit(&busy, 0, memory_order_release);
    return 1;
}
