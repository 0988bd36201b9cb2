import Foundation
import XCTest

@testable import FoveaAugment

final class ElasticDistortionTests: XCTestCase {
    func testFieldAndPullBackMatchOpenCVAndSciPy() throws {
        let fixtures = try GeometricFixtures.load()
        let cases = fixtures.cases("elastic")
        XCTAssertEqual(cases.count, 4)
        for c in cases {
            let settings = ElasticDistortion(alpha: try XCTUnwrap(c.alpha), sigma: try XCTUnwrap(c.sigma))
            var rng = RandomStream(seed: c.seed)
            let parameters = AugmentationPolicy(steps: [AugmentationStep(.elastic(settings))]).sample(
                width: 40, height: 30, using: &rng)
            let field = try XCTUnwrap(parameters.elastic)
            XCTAssertEqual(String(field.seed), c.fieldSeed)
            let (dx, dy) = field.displacements(width: 40, height: 30)
            for (k, i) in [0, 15 * 40 + 13, 30 * 40 - 1].enumerated() {
                XCTAssertEqual(Double(dx[i]), try XCTUnwrap(c.dxSample)[k], accuracy: 1e-5)
                XCTAssertEqual(Double(dy[i]), try XCTUnwrap(c.dySample)[k], accuracy: 1e-5)
            }
            let out = parameters.apply(to: fixtures.input)
            XCTAssertLessThanOrEqual(largestDifference(out, fixtures.expected(c)), 1, "seed \(c.seed): map_coordinates")
        }
    }

    func testDisplacementsHaveTheSmoothedUniformsSpread() {
        // Unsmoothed U(−1, 1) has variance 1/3; a 2-D Gaussian of σ averages about 4πσ² samples, so the field's
        // standard deviation is near α·√(1/3 / (4πσ²)) (σ = 2: 0.0814·α). Over 128×128 pixels.
        let field = ElasticField(alpha: 10, sigma: 2, seed: 4242)
        let (dx, dy) = field.displacements(width: 128, height: 128)
        for values in [dx, dy] {
            let mean = values.map(Double.init).reduce(0, +) / Double(values.count)
            let sd = (values.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / Double(values.count))
                .squareRoot()
            // The mean is α times the mean of 16384 uniforms (smoothing keeps it): standard error
            // α·√(1/3)/128 = 0.045; four of them.
            XCTAssertEqual(mean, 0, accuracy: 0.18)
            XCTAssertEqual(sd, 0.814, accuracy: 0.814 * 0.1)
        }
        XCTAssertNotEqual(dx, dy, "independent components")
        XCTAssertEqual(
            ElasticField(alpha: 10, sigma: 2, seed: 4242).displacements(width: 128, height: 128).dx, dx, "seeded")
    }

    func testFieldIsBitIdenticalAtEveryVectorLevel() {
        // Level 0 is FoveaFilters' Gaussian (checked against OpenCV above); the vector loop must give its bits,
        // for kernels shorter and far longer than the field (σ = 50: 401 taps over 28 pixels, reflected twice).
        defer { WarpVectorLoops.cap(at: 2) }
        for (width, height, sigma) in [
            (40, 30, 4.0), (28, 28, 50), (224, 19, 50), (5, 3, 0.4), (1, 1, 3), (17, 2, 1.3), (33, 65, 7.5),
        ] {
            let field = ElasticField(alpha: 34, sigma: sigma, seed: 9)
            WarpVectorLoops.cap(at: 0)
            let portable = field.displacements(width: width, height: height)
            for level in 1...2 {
                WarpVectorLoops.cap(at: level)
                let vector = field.displacements(width: width, height: height)
                XCTAssertEqual(vector.dx, portable.dx, "\(width)×\(height) σ \(sigma) L\(level)")
                XCTAssertEqual(vector.dy, portable.dy, "\(width)×\(height) σ \(sigma) L\(level)")
            }
        }
    }

    func testZeroAlphaLeavesTheImageUnchanged() throws {
        let image = try Image<UInt8>(width: 12, height: 9, layout: .rgb) { x, y, c in UInt8(x * 17 + y * 5 + c) }
        var parameters = AugmentationParameters(inputWidth: 12, inputHeight: 9)
        parameters.elastic = ElasticField(alpha: 0, sigma: 3, seed: 1)
        XCTAssertEqual(parameters.apply(to: image), image)
    }

    func testMaskAndKeypointsFollowTheField() throws {
        var parameters = AugmentationParameters(inputWidth: 40, inputHeight: 30)
        parameters.elastic = ElasticField(alpha: 6, sigma: 4, seed: 77)
        let field = parameters.displacementsOfOutput(try XCTUnwrap(parameters.elastic))
        let mask = try Image<UInt8>(width: 40, height: 30, layout: .gray) { x, _, _ in x < 20 ? 3 : 7 }
        let moved = parameters.apply(toMask: mask)
        XCTAssertTrue(Set(moved.samples).isSubset(of: [0, 3, 7]), "labels are never blended")
        // Output pixel (x, y) reads the input at (x + dx, y + dy) (nearest): so its label is 3 exactly when
        // x + dx rounds below 20.
        for (x, y) in [(18, 10), (19, 15), (20, 20), (21, 5)] {
            let (dx, _) = field.at(ImagePoint(x: Double(x), y: Double(y)))
            let sourceX = Double(x) + dx
            guard abs(sourceX - 19.5) > 0.01 else { continue }
            XCTAssertEqual(
                moved.sample(x: x, y: y, channel: 0), sourceX < 19.5 ? 3 : 7, "(\(x), \(y)) reads x = \(sourceX)")
        }
        // A keypoint q lands at p with p + d(p) = q.
        let q = ImagePoint(x: 17.3, y: 12.6)
        let p = try XCTUnwrap(parameters.apply(to: [q]).first)
        let (dx, dy) = field.at(p)
        XCTAssertEqual(p.x + dx, q.x, accuracy: 1e-6)
        XCTAssertEqual(p.y + dy, q.y, accuracy: 1e-6)
        let boxes = parameters.apply(to: [BoundingBox(xMin: 10, yMin: 10, xMax: 20, yMax: 20, label: 1)])
        XCTAssertEqual(boxes.count, 1)
        XCTAssertEqual(try XCTUnwrap(boxes.first).xMin, 10, accuracy: 6, "moved by at most about α·max|G∗Δ|")
    }

    func testBadSettingsAreRefused() {
        for settings in [
            ElasticDistortion(alpha: -1, sigma: 4), ElasticDistortion(alpha: 34, sigma: 0),
            ElasticDistortion(alpha: .nan, sigma: 4), ElasticDistortion(alpha: 34, sigma: .infinity),
        ] {
            XCTAssertThrowsError(try AugmentationPolicy(steps: [AugmentationStep(.elastic(settings))]).validate())
        }
    }
}
