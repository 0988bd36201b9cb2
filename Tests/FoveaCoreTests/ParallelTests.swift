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
        for threads in [2, 3, 5] {
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
}
