import XCTest

@testable import FoveaAugment

final class RandomErasingTests: XCTestCase {
    func testDrawsFollowTorchvisionsDistribution() throws {
        // 100×80 image, default scale 0.02…0.33 and ratio 0.3…3.3: every rectangle fits strictly inside, its
        // area is near the drawn fraction (rounding of h and w), its aspect within the ratio range, and the
        // mean area fraction of the accepted draws is close to the uniform mean 0.175 (attempts that do not
        // fit are redrawn, which trims the largest areas a little).
        let settings = RandomErasing()
        var fractions: [Double] = []
        var lefts = 0.0
        var misses = 0
        for i in 0..<4000 {
            var rng = RandomStream(seed: 5, UInt64(i))
            guard let e = settings.draw(width: 100, height: 80, using: &rng) else {
                misses += 1
                continue
            }
            XCTAssertTrue(e.width < 100 && e.height < 80 && e.width >= 1 && e.height >= 1)
            XCTAssertTrue(e.x >= 0 && e.y >= 0 && e.x + e.width <= 100 && e.y + e.height <= 80)
            let aspect = Double(e.height) / Double(e.width)
            XCTAssertTrue(aspect > 0.3 * 0.7 && aspect < 3.3 / 0.7, "aspect \(aspect)")
            fractions.append(Double(e.width * e.height) / 8000)
            // The corner is uniform over the free positions: its mean relative position is 0.5.
            lefts += Double(e.x) / Double(100 - e.width)
        }
        XCTAssertEqual(misses, 0)
        XCTAssertTrue(fractions.allSatisfy { $0 > 0.012 && $0 < 0.36 })
        let mean = fractions.reduce(0, +) / Double(fractions.count)
        XCTAssertEqual(mean, 0.175, accuracy: 0.01)
        XCTAssertEqual(lefts / Double(fractions.count), 0.5, accuracy: 0.02)
    }

    func testRectangleTooBigForTheImageErasesNothing() {
        var rng = RandomStream(seed: 1)
        XCTAssertNil(RandomErasing(scale: 0.9...1).draw(width: 10, height: 10, using: &rng))
    }

    func testErasingFillsColourChannelsOnly() throws {
        let image = try Image<UInt8>(width: 4, height: 3, layout: .grayAlpha, repeating: 200)
        let out = image.erased(Erasure(x: 1, y: 1, width: 2, height: 5, fill: .constant(0.2)))
        // Rows 1–2 (clipped at the bottom), columns 1–2: grey 0.2·255 = 51, alpha stays 200.
        for y in 0..<3 {
            for x in 0..<4 {
                let inside = (1...2).contains(x) && (1...2).contains(y)
                XCTAssertEqual(out[x: x, y: y, channel: 0], inside ? 51 : 200)
                XCTAssertEqual(out[x: x, y: y, channel: 1], 200)
            }
        }
        let random = image.erased(Erasure(x: 0, y: 0, width: 4, height: 3, fill: .random, seed: 3))
        XCTAssertEqual(random, image.erased(Erasure(x: 0, y: 0, width: 4, height: 3, fill: .random, seed: 3)))
        XCTAssertGreaterThan(Set(stride(from: 0, to: 24, by: 2).map { random.samples[$0] }).count, 6)
    }

    func testIntegerBelowIsUniform() {
        var rng = RandomStream(seed: 2)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[rng.integer(below: 7)] += 1 }
        // Each count is Binomial(70000, 1/7): mean 10000, σ ≈ 93.
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 400 }, "\(counts)")
    }
}
