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
}
