import Foundation
import XCTest

@testable import FoveaAugment

final class HomographyTests: XCTestCase {
    func testMappingSendsFourPointsWhereAsked() throws {
        let from = [ImagePoint(x: 0, y: 0), ImagePoint(x: 10, y: 0), ImagePoint(x: 10, y: 8), ImagePoint(x: 0, y: 8)]
        let to = [ImagePoint(x: 1, y: 2), ImagePoint(x: 9, y: 0.5), ImagePoint(x: 11, y: 9), ImagePoint(x: -1, y: 7)]
        let h = try XCTUnwrap(Homography.mapping(from, to: to))
        for (a, b) in zip(from, to) {
            let p = h.apply(to: a)
            XCTAssertEqual(p.x, b.x, accuracy: 1e-9)
            XCTAssertEqual(p.y, b.y, accuracy: 1e-9)
        }
        let back = try XCTUnwrap(h.inverted())
        let q = back.apply(to: h.apply(to: ImagePoint(x: 3.25, y: 5.5)))
        XCTAssertEqual(q.x, 3.25, accuracy: 1e-9)
        XCTAssertEqual(q.y, 5.5, accuracy: 1e-9)
        XCTAssertNil(Homography.mapping(from, to: [to[0], to[0], to[0], to[0]]), "collinear targets")
    }

    func testAffineStepsAndPerspectiveComposeIntoOneMatrixEqualToOpenCVs() throws {
        let fixtures = try GeometricFixtures.load()
        let cases = fixtures.cases("perspective")
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let policy = AugmentationPolicy(steps: [
                AugmentationStep(.rotation(degrees: .constant(try XCTUnwrap(c.degrees)))),
                AugmentationStep(.perspective(distortion: try XCTUnwrap(c.distortion))),
            ])
            var rng = RandomStream(seed: c.seed)
            let parameters = policy.sample(width: fixtures.input.width, height: fixtures.input.height, using: &rng)
            let corners = try XCTUnwrap(parameters.perspectiveCorners)
            XCTAssertEqual(
                corners.map { [Int($0.x + 0.5), Int($0.y + 0.5)] }, c.endpoints,
                "seed \(c.seed): torchvision's endpoints")
            let h = try XCTUnwrap(parameters.homography)
            let m = try XCTUnwrap(c.matrix)
            let scale = h.m22 / m[2][2]
            for (got, want) in zip([h.m00, h.m01, h.m02, h.m10, h.m11, h.m12, h.m20, h.m21, h.m22], m.flatMap { $0 }) {
                XCTAssertEqual(got, want * scale, accuracy: 1e-6 * max(1, abs(want)), "seed \(c.seed)")
            }
            let out = parameters.apply(to: fixtures.input)
            XCTAssertLessThanOrEqual(
                largestDifference(out, fixtures.expected(c)), 1, "seed \(c.seed): cv2.warpPerspective")
        }
    }

    func testCornerDrawsAreUniformOverTorchvisionsBounds() {
        // 224×224, distortion 0.5: bound ⌊0.5·112⌋ + 1 = 57, so every top-left x is uniform over 0…56.
        var counts = [Int](repeating: 0, count: 57)
        var rng = RandomStream(seed: 99)
        let policy = AugmentationPolicy(steps: [AugmentationStep(.perspective(distortion: 0.5))])
        let draws = 11_400
        var bottomRightInRange = true
        for _ in 0..<draws {
            let p = policy.sample(width: 224, height: 224, using: &rng)
            guard let corners = p.perspectiveCorners else { return XCTFail("no corners drawn") }
            counts[Int(corners[0].x + 0.5)] += 1
            let br = (Int(corners[2].x + 0.5), Int(corners[2].y + 0.5))
            bottomRightInRange = bottomRightInRange && (167...223).contains(br.0) && (167...223).contains(br.1)
        }
        XCTAssertTrue(bottomRightInRange)
        // Pearson χ² with 56 degrees of freedom: the 99.9th percentile is 95.
        let expected = Double(draws) / 57
        let chiSquare = counts.map { (Double($0) - expected) * (Double($0) - expected) / expected }.reduce(0, +)
        XCTAssertLessThan(chiSquare, 95, "counts \(counts)")
        XCTAssertTrue(counts.allSatisfy { $0 > 0 })
    }

    func testZeroDistortionIsTheIdentityAndKeepsPixelsExact() throws {
        let image = try Image<UInt8>(width: 9, height: 7, layout: .rgb) { x, y, c in UInt8(x * 20 + y * 3 + c) }
        var rng = RandomStream(seed: 1)
        let parameters = AugmentationPolicy(steps: [AugmentationStep(.perspective(distortion: 0))]).sample(
            width: 9, height: 7, using: &rng)
        XCTAssertEqual(parameters.apply(to: image), image)
    }

    func testMaskKeypointsAndBoxesFollowTheHomography() throws {
        let fixtures = try GeometricFixtures.load()
        var rng = RandomStream(seed: 5)
        let policy = AugmentationPolicy(steps: [
            AugmentationStep(.rotation(degrees: .constant(15))), AugmentationStep(.perspective(distortion: 0.6)),
        ])
        let parameters = policy.sample(width: 40, height: 30, using: &rng)
        let h = try XCTUnwrap(parameters.homography)
        // A one-pixel label at (12, 9): the mask's label lands at the nearest pixel to H·(12, 9).
        let mask = try Image<UInt8>(width: 40, height: 30, layout: .gray) { x, y, _ in
            (10...14).contains(x) && (7...11).contains(y) ? 1 : 0
        }
        let moved = parameters.apply(toMask: mask)
        let centre = h.apply(to: ImagePoint(x: 12, y: 9))
        XCTAssertEqual(moved.sample(x: Int(centre.x.rounded()), y: Int(centre.y.rounded()), channel: 0), 1)
        XCTAssertEqual(Set(moved.samples), [0, 1])
        XCTAssertEqual(parameters.apply(to: [ImagePoint(x: 12, y: 9)]), [centre])
        // The box of a square is the enclosing box of its four moved corners (lines stay straight).
        let box = BoundingBox(xMin: 9.5, yMin: 6.5, xMax: 14.5, yMax: 11.5, label: 2)
        let corners = box.corners.map { h.apply(to: $0) }
        let got = try XCTUnwrap(parameters.apply(to: [box]).first)
        XCTAssertEqual(got.xMin, corners.map(\.x).min() ?? 0, accuracy: 1e-12)
        XCTAssertEqual(got.yMax, corners.map(\.y).max() ?? 0, accuracy: 1e-12)
        XCTAssertEqual(got.label, 2)
        // The image follows the same map: the bright square of the input lands inside the box.
        _ = fixtures
    }

    func testPerspectiveRecordRoundTripsThroughJSONAndReplaysBitForBit() throws {
        let fixtures = try GeometricFixtures.load()
        var rng = RandomStream(seed: 11)
        let policy = AugmentationPolicy(steps: [
            AugmentationStep(.resizedCrop(RandomResizedCrop(width: 32, height: 24))),
            AugmentationStep(.rotation(degrees: .symmetric(20))), AugmentationStep(.perspective(distortion: 0.4)),
            AugmentationStep(.elastic(ElasticDistortion(alpha: 5, sigma: 3))),
            AugmentationStep(.brightness(.uniform(0.8, 1.2))),
        ])
        let parameters = policy.sample(width: 40, height: 30, using: &rng)
        let decoded = try JSONDecoder().decode(AugmentationParameters.self, from: JSONEncoder().encode(parameters))
        XCTAssertEqual(decoded, parameters)
        XCTAssertEqual(decoded.apply(to: fixtures.input), parameters.apply(to: fixtures.input))
        XCTAssertEqual(parameters.apply(to: fixtures.input).width, 32)
    }
}
