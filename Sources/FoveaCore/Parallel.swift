import CFoveaKernels
import Dispatch
import Foundation

/// Splits index ranges across threads.
///
/// Every helper here hands each worker a disjoint, contiguous chunk of the index space and runs the chunks
/// with `DispatchQueue.concurrentPerform`. The chunk boundaries depend only on the count and the number of
/// chunks, never on which thread is free first, so a computation whose chunks write disjoint memory gives
/// bit-identical results for any thread count.
///
/// Measured and rejected (issue 18): a persistent pool of spinning workers. `concurrentPerform` already
/// reuses libdispatch's threads (an empty two-chunk call costs 0.2 µs, two 100 µs chunks ≈ 190 µs under
/// load), and on a shared machine spinning workers competed with the caller for the same cores (two
/// 100 µs chunks took 250–650 µs, the 3×3 median at 2 threads fell to 0.4× its 1-thread speed).
public enum Parallel {
    /// The number of threads Fovea uses when the caller does not say: the number of active processors.
    public static var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body` with contiguous sub-ranges that partition `0..<count`, on up to `threads` threads.
    ///
    /// - Parameters:
    ///   - count: The size of the index space (for example image rows). Nothing happens when it is zero.
    ///   - threads: Maximum number of concurrent chunks; `1` runs `body(0..<count)` on the calling thread.
    ///   - minimumChunk: Chunks are never smaller than this (except the only chunk), so tiny jobs stay serial.
    ///   - body: Receives one chunk; chunks never overlap and together cover `0..<count` exactly once.
    public static func forEachChunk(
        of count: Int, threads: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void
    ) {
        guard count > 0 else { return }
        let chunks = chunkCount(of: count, threads: threads, minimumChunk: minimumChunk)
        if chunks == 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            var job = PoolJob(body: body, count: count, chunks: chunks)
            let pooled = withUnsafeMutablePointer(to: &job) { job in
                fovea_pool_run(chunks, poolWorkers, runPoolChunk, UnsafeMutableRawPointer(job)) != 0
            }
            guard !pooled else { return }
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { box.value(chunkRange($0, of: count, chunks: chunks)) }
        }
    }

    /// Threads the pool starts besides the caller's: one per further active processor.
    static let poolWorkers = Swift.max(0, ProcessInfo.processInfo.activeProcessorCount - 1)

    /// How many chunks ``forEachChunk(of:threads:minimumChunk:_:)`` cuts `count` indices into.
    static func chunkCount(of count: Int, threads: Int, minimumChunk: Int) -> Int {
        Swift.min(Swift.max(1, threads), Swift.max(1, count / Swift.max(1, minimumChunk)), count)
    }

    /// Chunk `index` of `chunks`: `count · index / chunks ..< count · (index + 1) / chunks`.
    static func chunkRange(_ index: Int, of count: Int, chunks: Int) -> Range<Int> {
        (count * index / chunks)..<(count * (index + 1) / chunks)
    }
}

/// One ``Parallel/forEachChunk(of:threads:minimumChunk:_:)`` call as the pool's chunk function sees it.
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
