import CFoveaKernels
import Dispatch
import Foundation

/// Splits index ranges across threads.
///
/// Every helper here hands each thread a disjoint, contiguous chunk of the index space. The chunk boundaries depend
/// only on the count and the number of chunks (`chunkRange(_:of:chunks:)`), never on which thread runs a chunk
/// or is free first, so a computation whose chunks write disjoint memory gives bit-identical results for any
/// thread count.
///
/// The chunks run on a persistent pool (CFoveaKernels' `fovea_pool_run`, issue 18): activeProcessorCount − 1
/// worker threads, created on the first parallel call; the caller runs chunks too, and at most `threads − 1` workers
/// join a call. Each participating thread has a home, a contiguous run of the chunks, which it claims one at a time
/// from the front; when its home is empty it steals from the back of the others'. So the caller takes every chunk
/// no worker has claimed yet (a worker that is slow to wake costs its share, never a wait), a thread that falls
/// behind hands its remaining chunks over, and back-to-back calls give each thread the same rows as the last call
/// (still in its cache). Every claim checks the job's generation, so a late worker can never take a chunk of a job
/// it did not see published. After a job a worker spins (pause instruction) for up to 200 µs
/// (`FOVEA_POOL_SPIN_US`), then parks on a futex; the caller wakes parked workers with one futex call. The spin
/// window adapts: it halves (to 5 µs) whenever the next job came later than the full window, and doubles back when
/// one came sooner; a worker that finds itself descheduled mid-spin (CPUs oversubscribed) parks right after every
/// job for the next 10 ms, as libdispatch's threads do. When the pool is busy, a call falls back to
/// `DispatchQueue.concurrentPerform` (same chunks): a nested call from inside a chunk (on the caller or on a pool
/// worker), or a call from another thread while one is running, so neither can deadlock. `FOVEA_POOL=0` turns the
/// pool off.
///
/// Why (issue 18): on this 2-vCPU VM `concurrentPerform` hands a chunk to the second vCPU in 65–85 µs when that
/// vCPU has gone idle between calls (two 100 µs chunks took 162–186 µs, quiet machine), because waking an idle
/// vCPU (futex, IPI, halt exit) is slow in the VM, while a filter call is 80 µs–1.3 ms of work. A worker still
/// spinning picks a job up in well under a microsecond. An earlier pool of *purely* spinning workers was rejected:
/// on a shared machine it competed with the caller for the cores (two 100 µs chunks took 250–650 µs, the 3×3 median
/// at 2 threads fell to 0.4× its 1-thread speed); hence the bounded, adaptive spin and the back-off. Measured with
/// FiltersBenchmark's `2-chunks-of-*` diagnostics and `Benchmarks/run.sh filters` (figures in BENCHMARKS.md).
public enum Parallel {
    /// The number of threads Fovea uses when the caller does not say: the number of active processors.
    public static var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body` with contiguous sub-ranges that partition `0..<count`, on up to `threads` threads.
    ///
    /// - Parameters:
    ///   - count: The size of the index space (for example image rows). Nothing happens when it is zero.
    ///   - threads: Maximum number of chunks running at once; `1` runs `body(0..<count)` on the calling thread.
    ///   - minimumChunk: Chunks are never smaller than this (except the only chunk), so tiny jobs stay serial.
    ///   - chunksPerThread: With more than one thread, cut the range into up to `threads × chunksPerThread` chunks,
    ///     claimed one at a time: a thread that falls behind (uneven work, a core slowed by other load, a worker
    ///     slow to wake) leaves its remaining chunks to the others instead of making them wait. Worth it when the
    ///     work per index is uneven or the chunks are memory-bound; each chunk should still be long (tens of µs).
    ///   - body: Receives one chunk; chunks never overlap and together cover `0..<count` exactly once.
    public static func forEachChunk(
        of count: Int, threads: Int, minimumChunk: Int = 1, chunksPerThread: Int = 1, _ body: (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let chunks = chunkCount(
            of: count, threads: threads, minimumChunk: minimumChunk, chunksPerThread: chunksPerThread)
        if chunks == 1 {
            body(0..<count)
            return
        }
        let lanes = Swift.min(Swift.max(1, threads), chunks)
        withoutActuallyEscaping(body) { body in
            var job = PoolJob(body: body, count: count, chunks: chunks)
            let pooled = withUnsafeMutablePointer(to: &job) { job in
                fovea_pool_run(chunks, poolWorkers, lanes - 1, runPoolChunk, UnsafeMutableRawPointer(job)) != 0
            }
            guard !pooled else { return }
            // The pool is busy (or off): `lanes` concurrent iterations, each running every lanes-th chunk.
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: lanes) { lane in
                for chunk in stride(from: lane, to: chunks, by: lanes) {
                    box.value(chunkRange(chunk, of: count, chunks: chunks))
                }
            }
        }
    }

    /// Threads the pool starts besides the caller's: one per further active processor.
    static let poolWorkers = Swift.max(0, ProcessInfo.processInfo.activeProcessorCount - 1)

    /// How many chunks ``forEachChunk(of:threads:minimumChunk:chunksPerThread:_:)`` cuts `count` indices into.
    static func chunkCount(of count: Int, threads: Int, minimumChunk: Int, chunksPerThread: Int = 1) -> Int {
        // Clamped before multiplying: no more chunks than indices, and no overflow for any `threads`.
        let threads = Swift.min(Swift.max(1, threads), Swift.max(1, count))
        let perThread = Swift.min(Swift.max(1, chunksPerThread), Swift.max(1, count))
        let (product, overflow) = threads.multipliedReportingOverflow(by: perThread)
        let wanted = threads == 1 ? 1 : overflow ? count : product
        return Swift.min(wanted, Swift.max(1, count / Swift.max(1, minimumChunk)), count)
    }

    /// Chunk `index` of `chunks`: `count · index / chunks ..< count · (index + 1) / chunks`.
    static func chunkRange(_ index: Int, of count: Int, chunks: Int) -> Range<Int> {
        (count * index / chunks)..<(count * (index + 1) / chunks)
    }
}

/// One ``Parallel/forEachChunk(of:threads:minimumChunk:chunksPerThread:_:)`` call as the pool's chunk function sees it.
private struct PoolJob {
    let body: (Range<Int>) -> Void
    let count: Int
    let chunks: Int
}

/// The pool's chunk function: runs chunk `index` of the ``PoolJob`` that `context` points to.
private let runPoolChunk: @convention(c) (UnsafeMutableRawPointer?, Int) -> Void = { context, index in
    guard let job = context?.assumingMemoryBound(to: PoolJob.self).pointee else { return }
    job.body(Parallel.chunkRange(index, of: job.count, chunks: job.chunks))
}

/// Wraps a value that is shared across threads under a discipline the compiler cannot see
/// (for example a buffer whose chunks are written by disjoint workers).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    public let value: Value
    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
}
