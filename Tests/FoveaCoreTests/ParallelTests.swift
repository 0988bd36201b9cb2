import Dispatch
import XCTest

@testable import FoveaCore

final class ParallelTests: XCTestCase {
    func testChunksPartitionTheRangeExactlyOnce() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 5, 64, 1000] {
                var hits = [Int](repeating: 0, count: count)
                hits.withUnsafeMutableBufferPointer { buffer in
                    let shared = UncheckedSendable(buffer)
                    Parallel.forEachChunk(of: count, threads: threads) { range in
                        for i in range { shared.value[i] += 1 }
                    }
                }
                XCTAssertEqual(hits, [Int](repeating: 1, count: count), "threads \(threads) count \(count)")
            }
        }
    }

    func testMinimumChunkKeepsSmallJobsOnOneChunk() {
        let lock = NSLock()
        var ranges: [Range<Int>] = []
        Parallel.forEachChunk(of: 10, threads: 4, minimumChunk: 16) { range in
            lock.lock()
            ranges.append(range)
            lock.unlock()
        }
        XCTAssertEqual(ranges, [0..<10])
    }

    func testChunkBoundariesDependOnlyOnCountAndChunks() {
        // Each index records the chunk that covered it; the pattern must be the documented partition.
        for threads in [2, 3, 5, 17, 64] {
            let count = 1000
            var owner = [Int](repeating: -1, count: count)
            owner.withUnsafeMutableBufferPointer { buffer in
                let shared = UncheckedSendable(buffer)
                Parallel.forEachChunk(of: count, threads: threads) { range in
                    for i in range { shared.value[i] = range.lowerBound }
                }
            }
            let expected = (0..<count).map { i in
                (0..<threads).map { count * $0 / threads }.last { $0 <= i } ?? 0
            }
            XCTAssertEqual(owner, expected, "threads \(threads)")
        }
    }

    func testManyBackToBackCallsEachCoverEveryIndexOnce() {
        var total = 0
        for call in 0..<2000 {
            let count = 1 + call % 37
            var hits = [Int](repeating: 0, count: count)
            hits.withUnsafeMutableBufferPointer { buffer in
                let shared = UncheckedSendable(buffer)
                Parallel.forEachChunk(of: count, threads: 1 + call % 4) { range in
                    for i in range { shared.value[i] += 1 }
                }
            }
            total += hits.reduce(0, +)
            XCTAssertEqual(hits, [Int](repeating: 1, count: count), "call \(call)")
        }
        XCTAssertEqual(total, (0..<2000).reduce(0) { $0 + 1 + $1 % 37 })
    }

    func testNestedAndConcurrentCallsStillPartition() {
        // A chunk that itself calls forEachChunk, from two threads at once: every inner index is still
        // covered exactly once.
        let outer = 8, inner = 50
        var hits = [Int](repeating: 0, count: 2 * outer * inner)
        hits.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: 2) { caller in
                Parallel.forEachChunk(of: outer, threads: 4) { rows in
                    for r in rows {
                        Parallel.forEachChunk(of: inner, threads: 3) { range in
                            for i in range { shared.value[(caller * outer + r) * inner + i] += 1 }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(hits, [Int](repeating: 1, count: 2 * outer * inner))
    }

    // The worker pool (issue 18): more chunks than workers, calls from pool workers and from several unrelated
    // threads at once, long runs of calls; every index is covered exactly once and the chunks are the documented
    // ones whichever thread ran them.

    func testMoreChunksThanWorkersAreAllRunOnce() {
        for threads in [Parallel.poolWorkers + 2, 3 * (Parallel.poolWorkers + 1) + 1, 100] {
            let count = 10_000
            var owner = [Int](repeating: -1, count: count)
            var runs = [Int](repeating: 0, count: threads)
            owner.withUnsafeMutableBufferPointer { owners in
                runs.withUnsafeMutableBufferPointer { runs in
                    let shared = UncheckedSendable((owners, runs))
                    Parallel.forEachChunk(of: count, threads: threads) { range in
                        let chunk = (0..<threads).first { Parallel.chunkRange($0, of: count, chunks: threads) == range }
                        shared.value.1[chunk ?? 0] += 1
                        for i in range { shared.value.0[i] = chunk ?? -2 }
                    }
                }
            }
            XCTAssertEqual(runs, [Int](repeating: 1, count: threads), "threads \(threads)")
            let expected = (0..<count).map { i in (0..<threads).last { count * $0 / threads <= i } ?? -1 }
            XCTAssertEqual(owner, expected, "threads \(threads)")
        }
    }

    func testNestedCallsInsideEveryChunkFinish() {
        // Each outer chunk, on the caller or on a pool worker, calls forEachChunk again (two levels deep): the
        // inner calls find the pool busy and must neither deadlock nor lose a chunk.
        let outer = 4, middle = 3, inner = 20
        var hits = [Int](repeating: 0, count: outer * middle * inner)
        hits.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            for _ in 0..<50 {
                Parallel.forEachChunk(of: outer, threads: outer) { a in
                    for x in a {
                        Parallel.forEachChunk(of: middle, threads: middle) { b in
                            for y in b {
                                Parallel.forEachChunk(of: inner, threads: 2) { c in
                                    for z in c { shared.value[(x * middle + y) * inner + z] += 1 }
                                }
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(hits, [Int](repeating: 50, count: outer * middle * inner))
    }

    func testConcurrentUnrelatedCallersEachGetTheirOwnPartition() {
        // Several threads call forEachChunk in tight loops at once: one holds the pool, the others fall back;
        // every call still covers its own indices exactly once.
        let callers = 6, calls = 300, count = 97
        var hits = [Int](repeating: 0, count: callers * count)
        hits.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            let done = UncheckedSendable(DispatchSemaphore(value: 0))
            for caller in 0..<callers {
                let thread = Thread {
                    for call in 0..<calls {
                        Parallel.forEachChunk(of: count, threads: 2 + call % 5) { range in
                            for i in range { shared.value[caller * count + i] += 1 }
                        }
                    }
                    done.value.signal()
                }
                thread.start()
            }
            for caller in 0..<callers {
                XCTAssertEqual(done.value.wait(timeout: .now() + 120), .success, "caller \(caller): deadlock?")
            }
        }
        XCTAssertEqual(hits, [Int](repeating: calls, count: callers * count))
    }

    func testChunksPerThreadCutsFinerChunksAtTheDocumentedBoundaries() {
        // threads × chunksPerThread chunks (capped by minimumChunk and count), each one of chunkRange's, run once.
        for (threads, perThread, count, minimum, expected) in [
            (2, 4, 1000, 1, 8), (3, 8, 1000, 1, 24), (2, 4, 1000, 200, 5), (2, 8, 6, 1, 6), (1, 8, 1000, 1, 1),
        ] {
            let lock = NSLock()
            var ranges: [Range<Int>] = []
            Parallel.forEachChunk(of: count, threads: threads, minimumChunk: minimum, chunksPerThread: perThread) {
                range in
                lock.lock()
                ranges.append(range)
                lock.unlock()
            }
            let documented = (0..<expected).map { Parallel.chunkRange($0, of: count, chunks: expected) }
            XCTAssertEqual(
                ranges.sorted { $0.lowerBound < $1.lowerBound }, documented,
                "threads \(threads) × \(perThread), count \(count), minimum \(minimum)")
        }
    }

    func testAbsurdThreadAndChunkCountsStillPartitionOnce() {
        // No overflow in threads × chunksPerThread; at most one chunk an index.
        for (threads, perThread) in [(Int.max, Int.max), (Int.max, 1), (3, Int.max), (1 << 40, 1 << 40)] {
            var hits = [Int](repeating: 0, count: 1000)
            hits.withUnsafeMutableBufferPointer { buffer in
                let shared = UncheckedSendable(buffer)
                Parallel.forEachChunk(of: 1000, threads: threads, chunksPerThread: perThread) { range in
                    for i in range { shared.value[i] += 1 }
                }
            }
            XCTAssertEqual(hits, [Int](repeating: 1, count: 1000), "threads \(threads) × \(perThread)")
            XCTAssertEqual(
                Parallel.chunkCount(of: 1000, threads: threads, minimumChunk: 1, chunksPerThread: perThread), 1000)
        }
    }

    func testChunksPerThreadNeverRunsMoreThanThreadsChunksAtOnce() {
        // Many short chunks, each recording how many chunks were running when it started; on the pool and, nested
        // inside a chunk (the pool busy), on the concurrentPerform fallback. With more cores than `threads` both
        // must still keep to `threads` at a time.
        let lock = NSLock()
        var running = 0, most = 0
        func chunk() {
            lock.lock()
            running += 1
            most = Swift.max(most, running)
            lock.unlock()
            usleep(300)
            lock.lock()
            running -= 1
            lock.unlock()
        }
        for threads in [2, 3] {
            most = 0
            Parallel.forEachChunk(of: 64, threads: threads, chunksPerThread: 8) { _ in chunk() }
            XCTAssertLessThanOrEqual(most, threads, "pool, \(threads) threads")
            XCTAssertGreaterThanOrEqual(most, 1)
            most = 0
            Parallel.forEachChunk(of: 2, threads: 2) { outer in
                guard outer.lowerBound == 0 else { return }
                Parallel.forEachChunk(of: 64, threads: threads, chunksPerThread: 8) { _ in chunk() }
            }
            // The outer call's second chunk does not count: it returns at once.
            XCTAssertLessThanOrEqual(most, threads, "fallback, \(threads) threads")
        }
    }

    func testLongRunOfTinyCallsThroughThePool() {
        // Back-to-back two-chunk calls with almost no work: the hand-off path (spinning worker, or parked and
        // woken) must never lose or repeat a chunk.
        var sums = [Int](repeating: 0, count: 2)
        sums.withUnsafeMutableBufferPointer { buffer in
            let shared = UncheckedSendable(buffer)
            for call in 0..<20_000 {
                if call % 1000 == 999 { usleep(500) }  // let a spinning worker give up and park now and then
                Parallel.forEachChunk(of: 2, threads: 2) { range in
                    for i in range { shared.value[i] += 1 }
                }
            }
        }
        XCTAssertEqual(sums, [20_000, 20_000])
    }
}
