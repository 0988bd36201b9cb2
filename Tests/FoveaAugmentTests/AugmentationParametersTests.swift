import Foundation
import XCTest

@testable import FoveaAugment

final class AugmentationParametersTests: XCTestCase {
    let photometric = AugmentationPolicy.classic
        .overriding(AugmentationStep(.brightness(.symmetric(0.1))))
        .overriding(AugmentationStep(.contrast(.reciprocal(1.2))))
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
        let image = try Image<Float>(width: 33, height: 33, layout: .gray) { x, y, _ in abs(x - 12) <= 1 && abs(y - 7) <= 1 ? 1 : 0 }
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
        let boxes = [BoundingBox(xMin: 1, yMin: 2, xMax: 3, yMax: 6, label: 1), BoundingBox(xMin: 30, yMin: 30, xMax: 40, yMax: 40, label: 2)]
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
        XCTAssertEqual(String(decoding: try encoder.encode(BorderMode.constant(.normalized(0.5))), as: UTF8.self), #"{"mode":"constant","value":0.5}"#)
        XCTAssertEqual(String(decoding: try encoder.encode(BorderMode.wrap), as: UTF8.self), #"{"mode":"wrap"}"#)
        XCTAssertEqual(String(decoding: try encoder.encode(Distribution.uniform(-10, 10)), as: UTF8.self), #"{"uniform":[-10,10]}"#)
        let policy = try JSONDecoder().decode(AugmentationPolicy.self, from: encoder.encode(AugmentationPolicy.classic))
        XCTAssertEqual(policy, .classic)
        XCTAssertThrowsError(try JSONDecoder().decode(BorderMode.self, from: Data(#"{"mode":"mirror"}"#.utf8)))
    }

    /// Replay records keep the border form Fovea 0.1 wrote (a normalised constant without `units`), so records
    /// written before and after `BorderValue` read the same.
    func testReplayRecordsKeepTheBorderFormOfEarlierFiles() throws {
        let record = AugmentationParameters(inputWidth: 4, inputHeight: 3, border: .constant(.normalized(0.2)))
        let text = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        XCTAssertTrue(text.contains(#""border":{"mode":"constant","value":0.2}"#) || text.contains(#""border":{"value":0.2,"mode":"constant"}"#), text)
        XCTAssertEqual(try JSONDecoder().decode(AugmentationParameters.self, from: Data(text.utf8)), record)
    }
}
