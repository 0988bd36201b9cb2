import Dispatch
import Foundation

/// Splits index ranges across threads.
///
/// Every helper here hands each worker a disjoint, contiguous chunk of the index space. The chunk boundaries
/// depend only on the count and the number of chunks, never on which thread is free first, so a computation
/// whose chunks write disjoint memory gives bit-identical results for any thread count.
///
/// Chunks run on a persistent ``WorkerPool`` (threads created once, spinning briefly between calls), so a
/// sub-millisecond filter does not pay a thread wake-up per call; a call made while the pool is busy (from
/// inside a chunk, or from a second thread at the same time) runs on `DispatchQueue.concurrentPerform`.
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
        let chunk = { (index: Int) in body(chunkRange(index, of: count, chunks: chunks)) }
        if #available(macOS 15.0, *), WorkerPool.shared.run(chunks: chunks, chunk) { return }
        withoutActuallyEscaping(chunk) { chunk in
            let box = UncheckedSendable(chunk)
            DispatchQueue.concurrentPerform(iterations: chunks) { box.value($0) }
        }
    }

    /// How many chunks ``forEachChunk(of:threads:minimumChunk:_:)`` cuts `count` indices into.
    static func chunkCount(of count: Int, threads: Int, minimumChunk: Int) -> Int {
        Swift.min(Swift.max(1, threads), Swift.max(1, count / Swift.max(1, minimumChunk)), count)
    }

    /// Chunk `index` of `chunks`: `count · index / chunks ..< count · (index + 1) / chunks`.
    static func chunkRange(_ index: Int, of count: Int, chunks: Int) -> Range<Int> {
        (count * index / chunks)..<(count * (index + 1) / chunks)
    }
}

/// Wraps a value that is shared across threads under a discipline the compiler cannot see
/// (for example a buffer whose chunks are written by disjoint workers).
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    public let value: Value
    /// Wraps `value`.
    public init(_ value: Value) { self.value = value }
}
