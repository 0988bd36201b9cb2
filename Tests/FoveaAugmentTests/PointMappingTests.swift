import XCTest

@testable import FoveaAugment

/// The per-pixel warps (perspective, displacement field) give the same bits at every vector level as the
/// portable Swift path (level 0), and the portable path is what OpenCV is checked against elsewhere
/// (HomographyTests, ElasticDistortionTests).
final class PointMappingTests: XCTestCase {
    override func tearDown() {
        WarpVectorLoops.cap(at: 2)
        super.tearDown()
    }

    func randomImage(width: Int, height: Int, layout: ChannelLayout, seed: UInt64) -> Image<UInt8> {
        var rng = RandomStream(seed: seed)
        let samples = (0..<(width * height * layout.channelCount)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        return Image.assumingValid(width: width, height: height, layout: layout, samples: samples)
    }

    /// Inverse homographies: mild perspectives about the centre, a strong one whose horizon crosses the output,
    /// and an affine map written as a full matrix with a tiny perspective row.
    func inverses(width: Int, height: Int, seed: UInt64) -> [Homography] {
        var rng = RandomStream(seed: seed)
        var result: [Homography] = []
        let w = Double(width)
        let h = Double(height)
        let corners = [
            ImagePoint(x: 0, y: 0), ImagePoint(x: w - 1, y: 0), ImagePoint(x: w - 1, y: h - 1),
            ImagePoint(x: 0, y: h - 1),
        ]
        for spread in [0.05, 0.2, 0.45] {
            let moved = corners.map { p in
                ImagePoint(
                    x: p.x + (rng.nextUnit() * 2 - 1) * spread * w, y: p.y + (rng.nextUnit() * 2 - 1) * spread * h)
            }
            if let m = Homography.mapping(moved, to: corners) { result.append(m) }
        }
        result.append(Homography(m00: 1, m01: 0.2, m02: -3, m10: 0.1, m11: 1, m12: 2, m20: 0.02, m21: -0.03, m22: 1))
        result.append(
            Homography(m00: 0.9, m01: 0.1, m02: 1.5, m10: -0.1, m11: 1.1, m12: 0.5, m20: 1e-9, m21: 0, m22: 1))
        return result
    }

    func testPerspectiveWarpsAreBitIdenticalAtEveryVectorLevel() throws {
        let borders: [BorderMode] = [.black, .constant(.normalized(0.5)), .replicate, .reflect101, .wrap]
        let sizes = [(37, 29), (64, 48), (2, 2), (1, 5), (17, 1), (131, 67)]
        for (n, (width, height)) in sizes.enumerated() {
            for layout in [ChannelLayout.gray, .grayAlpha, .rgb, .rgba] {
                let image = randomImage(width: width, height: height, layout: layout, seed: UInt64(n))
                for (k, inverse) in inverses(width: width, height: height, seed: UInt64(10 + n)).enumerated() {
                    for interpolation in [Interpolation.bilinear, .nearest] {
                        let border = borders[(k + n) % borders.count]
                        func run(_ level: Int) -> Image<UInt8> {
                            WarpVectorLoops.cap(at: level)
                            return image.resampled(
                                .projective(inverse), width: width + 3, height: height + 1,
                                interpolation: interpolation, border: border, threads: 1)
                        }
                        let portable = run(0)
                        for level in 1...2 {
                            XCTAssertEqual(
                                run(level), portable,
                                "\(width)×\(height) \(layout) matrix \(k) \(interpolation) L\(level)")
                        }
                    }
                }
            }
        }
    }

    func testDisplacementWarpsAreBitIdenticalAtEveryVectorLevel() throws {
        for (n, (width, height)) in [(40, 30), (33, 7), (3, 3)].enumerated() {
            var rng = RandomStream(seed: UInt64(100 + n))
            // Displacements up to ±6 pixels, so the border rule runs along every edge.
            let dx = (0..<(width * height)).map { _ in Float(rng.nextUnit() * 12 - 6) }
            let dy = (0..<(width * height)).map { _ in Float(rng.nextUnit() * 12 - 6) }
            for layout in [ChannelLayout.gray, .rgb, .rgba] {
                let image = randomImage(width: width, height: height, layout: layout, seed: UInt64(200 + n))
                for border in [BorderMode.black, .reflect101] {
                    func run(_ level: Int) -> Image<UInt8> {
                        WarpVectorLoops.cap(at: level)
                        return image.resampled(
                            .displacement(dx: dx, dy: dy), width: width, height: height, interpolation: .bilinear,
                            border: border, threads: 1)
                    }
                    let portable = run(0)
                    for level in 1...2 {
                        XCTAssertEqual(run(level), portable, "\(width)×\(height) \(layout) L\(level)")
                    }
                }
            }
        }
    }

    func testPositionsMatchTheScalarMappingAtEveryVectorLevel() {
        // The vector positions themselves, including the horizon (w = 0 exactly at x = 50) and far-away points.
        let mapping = ProjectiveMapping(
            inverse: Homography(m00: 3e8, m01: 1, m02: 0, m10: 0, m11: 1, m12: 0, m20: 0.02, m21: 0, m22: -1),
            offset: 1 << 31)
        let count = 83
        var u = [Int64](repeating: 0, count: count)
        var v = [Int64](repeating: 0, count: count)
        for level in 0...2 {
            WarpVectorLoops.cap(at: level)
            for y in [0, 7] {
                mapping.positions(row: y, count: count, u: &u, v: &v)
                for x in 0..<count {
                    let (pu, pv) = mapping.point(x, y)
                    XCTAssertEqual(u[x], pu, "u(\(x), \(y)) L\(level)")
                    XCTAssertEqual(v[x], pv, "v(\(x), \(y)) L\(level)")
                }
            }
        }
    }
}
