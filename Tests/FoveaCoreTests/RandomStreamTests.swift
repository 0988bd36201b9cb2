import XCTest

@testable import FoveaCore

final class RandomStreamTests: XCTestCase {
    func testSplitMixFinaliserMatchesTheReferenceValues() {
        // Reference: SplitMix64 seeded with 0 produces mix(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF first
        // (Vigna's splitmix64.c; the same value appears in Java's SplittableRandom tests).
        XCTAssertEqual(RandomStream.mix(0x9E37_79B9_7F4A_7C15), 0xE220_A839_7B1D_CDAF)
    }

    func testStreamsDependOnlyOnTheirCoordinates() {
        var a = RandomStream(seed: 7, 2, 100)
        var b = RandomStream(seed: 7, 2, 100)
        let drawnA = (0..<5).map { _ in a.next() }
        let drawnB = (0..<5).map { _ in b.next() }
        XCTAssertEqual(drawnA, drawnB)
        var c = RandomStream(seed: 7, 2, 101)
        XCTAssertNotEqual(drawnA[0], c.next())
        var d = RandomStream(seed: 7, 100, 2)  // order of coordinates matters
        XCTAssertNotEqual(drawnA[0], d.next())
    }

    func testUnitDrawsStayInRangeAndLookUniform() {
        var rng = RandomStream(seed: 1)
        var histogram = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let u = rng.nextUnit()
            XCTAssert(u >= 0 && u < 1)
            histogram[Int(u * 10)] += 1
        }
        // Each bin expects 10,000 with standard deviation ≈ 95; 6σ bounds.
        for count in histogram { XCTAssert(abs(count - 10_000) < 570, "bin count \(count)") }
    }

    func testNormalDrawsHaveUnitVariance() {
        var rng = RandomStream(seed: 3)
        let n = 50_000
        let draws = (0..<n).map { _ in rng.normal() }
        let mean = draws.reduce(0, +) / Double(n)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        XCTAssertEqual(mean, 0, accuracy: 0.03)  // σ/√n ≈ 0.0045
        XCTAssertEqual(variance, 1, accuracy: 0.04)
    }
}
