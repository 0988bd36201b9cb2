import Foundation
import XCTest

@testable import FoveaAugment

final class AugmentationParametersTests: XCTestCase {
    let photometric = AugmentationPolicy.classic
        .overriding(AugmentationStep(.brightness(.uniform(0.8, 1.2))))
        .overriding(AugmentationStep(.contrast(.reciprocal(1.2))))
        .overriding(AugmentationStep(.saturation(.uniform(0.5, 1.5))))
        .overriding(AugmentationStep(.hue(.symmetric(0.1))))
        .overriding(AugmentationStep(.gamma(.reciprocal(1.3))))
        .overriding(AugmentationStep(.grayscale, probability: 0.3))
        .overriding(AugmentationStep(.gaussianBlur(sigma: .uniform(0.1, 1.5)), probability: 0.5))
        .overriding(AugmentationStep(.erasing(RandomErasing(fill: .random)), probability: 0.7))
        .overriding(AugmentationStep(.gaussianNoise(standardDeviation: .uniform(0.01, 0.03))))

    func testReplayFromAJSONRecordIsBitIdentical() throws {
        let image = try Image<Float>(width: 31, height: 17, layout: .rgb) { x, y, c in Float(x * y + c) / 600 }
        for index in 0..<5 {
            var rng = RandomStream(seed: 3, 1, UInt64(index))
            let parameters = photometric.sample(width: 31, height: 17, using: &rng)
            let first = parameters.apply(to: image)
            let decoded = try JSONDecoder().decode(
                AugmentationParameters.self, from: JSONEncoder().encode(parameters))
            XCTAssertEqual(decoded, parameters)
            XCTAssertEqual(decoded.apply(to: image), first)
            XCTAssertEqual(photometric.augment(image, seed: 3, epoch: 1, index: index), first)
        }
    }

    func testMaskIsWarpedWithNearestAndNeverBlended() throws {
        let mask = try Image<UInt8>(width: 20, height: 20, layout: .gray) { x, y, _ in x < 10 ? 1 : (y < 10 ? 2 : 3) }
        var rng = RandomStream(seed: 8)
        let parameters = AugmentationPolicy.classic.sample(width: 20, height: 20, using: &rng)
        let warped = parameters.apply(toMask: mask, fill: 255)
        XCTAssertTrue(Set(warped.samples).isSubset(of: [1, 2, 3, 255]))
        let inverse = try XCTUnwrap(parameters.transform.inverted())
        // Every output pixel holds the label of the source pixel nearest its preimage (or the fill).
        for y in 0..<20 {
            for x in 0..<20 {
                let p = inverse.apply(to: ImagePoint(x: Double(x), y: Double(y)))
                let sx = Int((p.x + 0.5).rounded(.down))
                let sy = Int((p.y + 0.5).rounded(.down))
                XCTAssertEqual(warped[x: x, y: y], mask.sample(x: sx, y: sy) ?? 255, "(\(x), \(y))")
            }
        }
    }

    func testKeypointsFollowTheImageContent() throws {
        // A bright 3×3 block centred on (12, 7) in a 33×33 image: after warping, the brightest output pixel
        // lies within a pixel of the transformed keypoint.
        let image = try Image<Float>(width: 33, height: 33, layout: .gray) { x, y, _ in
            abs(x - 12) <= 1 && abs(y - 7) <= 1 ? 1 : 0
        }
        for index in 0..<10 {
            var rng = RandomStream(seed: 21, 0, UInt64(index))
            let parameters = AugmentationPolicy.digits.sample(width: 33, height: 33, using: &rng)
            let out = parameters.apply(to: image)
            let point = parameters.apply(to: [ImagePoint(x: 12, y: 7)])[0]
            let brightest = out.samples.indices.max { out.samples[$0] < out.samples[$1] }!
            XCTAssertEqual(Double(brightest % 33), point.x, accuracy: 1.0)
            XCTAssertEqual(Double(brightest / 33), point.y, accuracy: 1.0)
        }
    }

    func testBoxesFollowTheMatrixAndDropWhenOutside() throws {
        var parameters = AugmentationParameters(inputWidth: 10, inputHeight: 10)
        parameters.transform = .rotation(degrees: 90, about: .center(width: 10, height: 10))
        let boxes = [
            BoundingBox(xMin: 1, yMin: 2, xMax: 3, yMax: 6, label: 1),
            BoundingBox(xMin: 30, yMin: 30, xMax: 40, yMax: 40, label: 2),
        ]
        XCTAssertEqual(parameters.apply(to: boxes), [BoundingBox(xMin: 2, yMin: 6, xMax: 6, yMax: 8, label: 1)])
    }

    func testUInt8AndFloatImagesGetTheSameGeometry() throws {
        let bytes = try Image<UInt8>(width: 16, height: 12, layout: .gray) { x, y, _ in UInt8((x * 16 + y * 5) % 256) }
        var rng = RandomStream(seed: 4)
        let parameters = AugmentationPolicy.classic.sample(width: 16, height: 12, using: &rng)
        let a = parameters.apply(to: bytes).converted(to: Float.self)
        let b = parameters.apply(to: bytes.converted(to: Float.self))
        XCTAssertLessThanOrEqual(maxDifference(a.samples, b.samples).value, 1.0 / 255 + 1e-6)
    }

    func testSingularRecordGivesAnAllBorderImage() throws {
        var parameters = AugmentationParameters(inputWidth: 3, inputHeight: 2, border: .constant(.normalized(1)))
        parameters.transform = .scaling(0)
        let out = parameters.apply(to: try Image<UInt8>(width: 3, height: 2, layout: .gray, repeating: 9))
        XCTAssertEqual(out.samples, [255, 255, 255, 255, 255, 255])
    }
}

final class CodableFormTests: XCTestCase {
    func testBorderAndDistributionsHaveReadableJSON() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(
            String(decoding: try encoder.encode(BorderMode.constant(.normalized(0.5))), as: UTF8.self),
            #"{"mode":"constant","value":0.5}"#)
        XCTAssertEqual(String(decoding: try encoder.encode(BorderMode.wrap), as: UTF8.self), #"{"mode":"wrap"}"#)
        XCTAssertEqual(
            String(decoding: try encoder.encode(Distribution.uniform(-10, 10)), as: UTF8.self), #"{"uniform":[-10,10]}"#
        )
        let policy = try JSONDecoder().decode(AugmentationPolicy.self, from: encoder.encode(AugmentationPolicy.classic))
        XCTAssertEqual(policy, .classic)
        XCTAssertThrowsError(try JSONDecoder().decode(BorderMode.self, from: Data(#"{"mode":"mirror"}"#.utf8)))
    }

    /// Replay records keep the border form Fovea 0.1 wrote (a normalised constant without `units`), so records
    /// written before and after `BorderValue` read the same.
    func testReplayRecordsKeepTheBorderFormOfEarlierFiles() throws {
        let record = AugmentationParameters(inputWidth: 4, inputHeight: 3, border: .constant(.normalized(0.2)))
        let text = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        XCTAssertTrue(
            text.contains(#""border":{"mode":"constant","value":0.2}"#)
                || text.contains(#""border":{"value":0.2,"mode":"constant"}"#), text)
        XCTAssertEqual(try JSONDecoder().decode(AugmentationParameters.self, from: Data(text.utf8)), record)
    }
}

final class PhotometricDrawTests: XCTestCase {
    func testColourFactorsAreDrawnUniformlyAndInTheCanonicalOrder() {
        let policy = AugmentationPolicy.none
            .overriding(AugmentationStep(.hue(.uniform(-0.1, 0.1))))
            .overriding(AugmentationStep(.brightness(.uniform(0.6, 1.4))))
            .overriding(AugmentationStep(.grayscale, probability: 0.25))
        var brightness: [Double] = []
        var hues: [Double] = []
        var grays = 0
        for i in 0..<8000 {
            var rng = RandomStream(seed: 11, UInt64(i))
            let p = policy.sample(width: 8, height: 8, using: &rng)
            guard case .brightness(let b) = p.photometric[0], case .hue(let h) = p.photometric[1] else {
                return XCTFail("order \(p.photometric)")
            }
            brightness.append(b)
            hues.append(h)
            if p.photometric.count == 3 { grays += 1 }
        }
        // U(0.6, 1.4): mean 1, variance 0.8²/12; mean of 8000 has σ ≈ 0.0026.
        let mean = brightness.reduce(0, +) / 8000
        let variance = brightness.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8000
        XCTAssertEqual(mean, 1, accuracy: 0.01)
        XCTAssertEqual(variance, 0.64 / 12, accuracy: 0.003)
        XCTAssertTrue(brightness.allSatisfy { (0.6..<1.4).contains($0) })
        XCTAssertTrue(hues.allSatisfy { (-0.1..<0.1).contains($0) })
        // Binomial(8000, 0.25): σ ≈ 39.
        XCTAssertEqual(Double(grays), 2000, accuracy: 160)
    }

    func testJPEGQualityIsAWholeNumberUniformOverBothEnds() {
        var counts = [Int: Int]()
        for i in 0..<6000 {
            var rng = RandomStream(seed: 4, UInt64(i))
            let p = AugmentationPolicy(steps: [AugmentationStep(.jpegQuality(.uniform(50, 52)))]).sample(
                width: 4, height: 4, using: &rng)
            guard case .jpeg(let q) = p.photometric[0] else { return XCTFail() }
            counts[q, default: 0] += 1
        }
        XCTAssertEqual(Set(counts.keys), [50, 51, 52])
        XCTAssertTrue(counts.values.allSatisfy { abs($0 - 2000) < 150 }, "\(counts)")
    }

    func testColourThenErasingAfterTheWarpWhateverTheStepOrder() throws {
        // Erasing listed first still runs after the rotation: the erased rectangle is axis-aligned in the output.
        let image = try Image<UInt8>(width: 16, height: 16, layout: .gray, repeating: 100)
        var parameters = AugmentationParameters(inputWidth: 16, inputHeight: 16, border: .replicate)
        parameters.erasures = [Erasure(x: 2, y: 3, width: 4, height: 5, fill: .constant(1))]
        parameters.photometric = [.brightness(factor: 0.5)]
        parameters.transform = .rotation(degrees: 45, about: .center(width: 16, height: 16))
        let out = parameters.apply(to: image)
        for y in 0..<16 {
            for x in 0..<16 {
                let erased = (2..<6).contains(x) && (3..<8).contains(y)
                XCTAssertEqual(out[x: x, y: y], erased ? 255 : 50, "(\(x), \(y))")
            }
        }
    }

    func testPoliciesWithEveryNewOperationValidateAndBadOnesDoNot() {
        let good = AugmentationPolicy(steps: [
            AugmentationStep(.saturation(.uniform(0, 2))), AugmentationStep(.hue(.symmetric(0.5))),
            AugmentationStep(.gamma(.uniform(0.5, 2))), AugmentationStep(.gaussianBlur(sigma: .uniform(0, 2))),
            AugmentationStep(.jpegQuality(.uniform(1, 100))), AugmentationStep(.erasing(RandomErasing())),
        ])
        XCTAssertNoThrow(try good.validate())
        for bad in [
            AugmentationOperation.brightness(.uniform(-1, 1)), .hue(.uniform(0, 0.6)), .gamma(.uniform(0, 1)),
            .jpegQuality(.uniform(0, 90)), .erasing(RandomErasing(scale: 0...0.5)),
        ] {
            XCTAssertThrowsError(try AugmentationPolicy(steps: [AugmentationStep(bad)]).validate(), "\(bad)")
        }
    }
}
