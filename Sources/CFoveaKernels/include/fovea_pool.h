#ifndef FOVEA_POOL_H
#define FOVEA_POOL_H
/* The persistent worker pool behind FoveaCore's Parallel.forEachChunk (issue 18).

   Workers are created once, on the first call that needs them. A worker that finishes a job spins on the job word
   (with the CPU's pause instruction) for a bounded time, then parks on a futex; the caller wakes parked workers
   when it publishes a job and runs chunks itself. Chunks are claimed one index at a time, each thread from its own
   run of them first and then from the others', so the caller takes every chunk no worker has claimed yet (a worker
   that is slow to wake costs nothing but its share); which thread runs a chunk never changes what the chunk is. */

/** Runs one chunk: `index` is in 0..<chunks of the fovea_pool_run call. */
typedef void (*fovea_pool_chunk_fn)(void *context, long index);

/** Runs `chunk(context, i)` once for every i in 0..<chunks, on the calling thread and at most `helpers` (capped at
    255) of the pool's threads at a time, and returns 1 when every chunk has finished. The pool has `workers`
    threads, created on the first call (later calls use that many whatever they pass). Each participating thread
    has a home, a contiguous run of the chunks (the same one in back-to-back calls, so its data is still in its
    cache), claimed one chunk at a time from the front; a thread whose home is empty steals from the back of the
    others', so more chunks than threads balance uneven work. Returns 0 at once, having run nothing, when the pool is
    in use (a nested call from inside a chunk, or another thread's call), when `chunks` is outside 2…65535, when
    `workers` or `helpers` < 1, when a thread could not be created, or when the environment variable FOVEA_POOL is
    "0": the caller then runs the chunks another way. */
int fovea_pool_run(long chunks, long workers, long helpers, fovea_pool_chunk_fn chunk, void *context);

/** How long, in microseconds, a worker spins for the next job before it parks: FOVEA_POOL_SPIN_US when set
    (0 parks at once), else the default. Read once, on the first fovea_pool_run that starts the pool. */
long fovea_pool_spin_microseconds(void);

/** Diagnostics since the pool started, summed over workers: `counts[0]` jobs a worker joined (spinning or woken),
    `counts[1]` times a worker parked, `counts[2]` back-offs (a worker found itself descheduled mid-spin and parks at
    once after every job for the next 10 ms). */
void fovea_pool_counts(long counts[3]);

#endif
