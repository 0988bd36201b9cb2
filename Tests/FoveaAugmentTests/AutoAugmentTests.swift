import XCTest

@testable import FoveaAugment

final class AutoAugmentTests: XCTestCase {
    func testMagnitudeBinsAreTorchvisions() {
        // RandAugment, bin 9 of 31 (t = 9/30 = 0.3): shear 0.09, translate 150/331·224·0.3 = 30.45 px,
        // rotate 9°, factors 0.27, posterize 8 − round(9/7.5) = 7 bits, solarize 255·0.7 = 178.5.
        let ra = { (op: AutoAugmentOperation) in op.magnitude(bin: 9, bins: 31, wide: false, width: 224, height: 100) }
        XCTAssertEqual(ra(.shearX), 0.09, accuracy: 1e-12)
        XCTAssertEqual(ra(.translateX), 150.0 / 331.0 * 224 * 0.3, accuracy: 1e-9)
        XCTAssertEqual(ra(.translateY), 150.0 / 331.0 * 100 * 0.3, accuracy: 1e-9)
        XCTAssertEqual(ra(.rotate), 9, accuracy: 1e-12)
        XCTAssertEqual(ra(.brightness), 0.27, accuracy: 1e-12)
        XCTAssertEqual(ra(.posterize), 7)
        XCTAssertEqual(ra(.solarize), 178.5, accuracy: 1e-9)
        // TrivialAugmentWide: bin 30 is the top (0.99, 32 px, 135°); posterize is 8 − round(b / 5): bins 0…2 → 8,
        // 3…7 → 7, 8 → 6, 30 → 2.
        let ta = { (op: AutoAugmentOperation, bin: Int) in
            op.magnitude(bin: bin, bins: 31, wide: true, width: 224, height: 224)
        }
        XCTAssertEqual(ta(.shearY, 30), 0.99, accuracy: 1e-12)
        XCTAssertEqual(ta(.translateX, 30), 32, accuracy: 1e-12)
        XCTAssertEqual(ta(.rotate, 30), 135, accuracy: 1e-12)
        XCTAssertEqual([0, 2, 3, 7, 8, 30].map { ta(.posterize, $0) }, [8, 8, 7, 7, 6, 2])
        XCTAssertEqual(ta(.solarize, 0), 255)
        XCTAssertEqual(ta(.solarize, 30), 0)
    }

    func testRandAugmentDrawsEachOpUniformlyWithFairSigns() {
        // 14 ops: over 2·7000 draws each op appears ≈ 1000 times (σ ≈ 30); rotations are ±9° with even odds.
        var counts = [String: Int]()
        var positive = 0
        var negative = 0
        for i in 0..<7000 {
            var rng = RandomStream(seed: 3, UInt64(i))
            var parameters = AugmentationParameters(inputWidth: 32, inputHeight: 32)
            for _ in 0..<2 {
                var probe = rng
                let op = AutoAugmentOperation.allCases[probe.integer(below: 14)]
                counts[op.rawValue, default: 0] += 1
                let before = parameters.rotationDegrees
                parameters.drawAutoAugment(
                    magnitudeBin: 9, bins: 31, wide: false, about: .center(width: 32, height: 32), using: &rng)
                if op == .rotate {
                    let angle = parameters.rotationDegrees - before
                    XCTAssertEqual(abs(angle), 9, accuracy: 1e-12)
                    if angle > 0 { positive += 1 } else { negative += 1 }
                }
            }
        }
        XCTAssertEqual(counts.count, 14)
        XCTAssertTrue(counts.values.allSatisfy { abs($0 - 1000) < 130 }, "\(counts)")
        XCTAssertEqual(Double(positive) / Double(positive + negative), 0.5, accuracy: 0.06)
    }

    func testTrivialAugmentDrawsBinsUniformly() {
        // Rotation magnitudes are 4.5° × bin: over the draws that picked rotate, bins are uniform on 0…30.
        var bins = [Int](repeating: 0, count: 31)
        for i in 0..<40_000 {
            var rng = RandomStream(seed: 9, UInt64(i))
            let p = AugmentationPolicy.trivialAugment.sample(width: 16, height: 16, using: &rng)
            guard p.rotationDegrees != 0 else { continue }
            let bin = Int((abs(p.rotationDegrees) / 4.5).rounded())
            XCTAssertEqual(abs(p.rotationDegrees), Double(bin) * 4.5, accuracy: 1e-9)
            bins[bin] += 1
        }
        // ≈ 40000/14 ≈ 2857 rotations over bins 1…30 (bin 0 is no rotation): ≈ 92 each, σ ≈ 9.6.
        XCTAssertTrue(bins[1...].allSatisfy { abs($0 - 92) < 40 }, "\(bins)")
    }

    func testRandAugmentReplaysFromJSONBitForBit() throws {
        let image = try Image<UInt8>(width: 20, height: 14, layout: .rgb) { x, y, c in
            UInt8((x * 13 + y * 7 + c * 50) % 256)
        }
        for i in 0..<20 {
            var rng = RandomStream(seed: 1, UInt64(i))
            let p = AugmentationPolicy.randAugment.sample(width: 20, height: 14, using: &rng)
            let decoded = try JSONDecoder().decode(AugmentationParameters.self, from: JSONEncoder().encode(p))
            XCTAssertEqual(decoded.apply(to: image), p.apply(to: image))
        }
    }
}
