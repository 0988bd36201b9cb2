import XCTest

@testable import FoveaFilters

final class ImageGradientsTests: XCTestCase {
    func testSobelMatchesOpenCVForEverySizeAndOrder() throws {
        let input = try Fixtures.grayU8
        let cases: [(Int, Int, Int)] = [
            (1, 0, 1), (0, 1, 1), (1, 0, 3), (0, 1, 3), (1, 0, 5), (0, 1, 5), (1, 0, 7), (0, 1, 7),
            (2, 0, 3), (1, 1, 3), (0, 2, 5), (1, 0, -1), (0, 1, -1),
        ]
        for (dx, dy, k) in cases {
            assertMatches(
                input.correlated(with: .sobel(dx: dx, dy: dy, size: k), as: Float.self),
                try Fixtures.image("sobel_dx\(dx)_dy\(dy)_k\(k)_u8_to_f32", as: Float.self), "dx \(dx) dy \(dy) k \(k)")
        }
    }

    func testSobelSignedAndFloatInputsMatchOpenCV() throws {
        let input = try Fixtures.grayU8
        XCTAssertEqual(
            input.correlated(with: .sobel(dx: 1, dy: 0), as: Int16.self),
            try Fixtures.signed("sobel_dx1_dy0_k3_u8_to_s16"))
        XCTAssertEqual(
            input.correlated(with: .sobel(dx: 0, dy: 1), as: Int16.self),
            try Fixtures.signed("sobel_dx0_dy1_k3_u8_to_s16"))
        assertMatches(
            try Fixtures.grayF32.gradients().x, try Fixtures.image("sobel_dx1_dy0_k3_f32_to_f32", as: Float.self), "f32"
        )
        assertMatches(
            input.correlated(with: .sobel(dx: 1, dy: 0), border: .replicate, as: Float.self),
            try Fixtures.image("sobel_dx1_dy0_k3_replicate_u8_to_f32", as: Float.self), "replicate")
        assertMatches(
            try Fixtures.rgbU8.gradients().x, try Fixtures.image("sobel_dx1_dy0_k3_rgb_u8_to_f32", as: Float.self),
            "rgb")
    }

    func testScharrMatchesOpenCV() throws {
        let g = try Fixtures.grayU8.gradients(using: .scharr)
        assertMatches(g.x, try Fixtures.image("scharr_dx1_dy0_u8_to_f32", as: Float.self), "x")
        assertMatches(g.y, try Fixtures.image("scharr_dx0_dy1_u8_to_f32", as: Float.self), "y")
    }

    func testLaplacianMatchesOpenCV() throws {
        let input = try Fixtures.grayU8
        assertMatches(input.laplacian(size: 1), try Fixtures.image("laplacian_k1_u8_to_f32", as: Float.self), "k1")
        assertMatches(input.laplacian(size: 3), try Fixtures.image("laplacian_k3_u8_to_f32", as: Float.self), "k3")
        assertMatches(input.laplacian(size: 5), try Fixtures.image("laplacian_k5_u8_to_f32", as: Float.self), "k5")
        XCTAssertEqual(
            input.correlated(with: .laplacian(size: 1), as: Int16.self), try Fixtures.signed("laplacian_k1_u8_to_s16"))
        assertMatches(
            try Fixtures.grayF32.laplacian(size: 3), try Fixtures.image("laplacian_k3_f32_to_f32", as: Float.self),
            "f32")
    }

    func testMagnitudeMatchesOpenCV() throws {
        assertMatches(
            try Fixtures.grayU8.gradientMagnitude(), try Fixtures.image("magnitude_sobel3_u8_to_f32", as: Float.self),
            "L2")
    }

    func testL1MagnitudeByHand() throws {
        let x = try Image<Float>(width: 2, height: 1, layout: .gray, samples: [3, -1])
        let y = try Image<Float>(width: 2, height: 1, layout: .gray, samples: [-4, 0])
        XCTAssertEqual(Image<Float>.magnitude(x: x, y: y, norm: .l1).samples, [7, 1])
        XCTAssertEqual(Image<Float>.magnitude(x: x, y: y, norm: .l2).samples, [5, 1])
    }

    func testDirectionMatchesOpenCVPhaseInDegrees() throws {
        let expected = try Fixtures.image("phase_degrees_sobel3_u8_to_f32", as: Float.self)
        let actual = try Fixtures.grayU8.gradientDirection()
        XCTAssertEqual(actual.samples.count, expected.samples.count)
        // OpenCV's phase uses a polynomial atan (error ≲ 0.01°); compare on the circle.
        var worst: Float = 0
        for (a, e) in zip(actual.samples, expected.samples) {
            let d = abs(a - e)
            worst = max(worst, min(d, 360 - d))
        }
        XCTAssertLessThan(worst, 0.02)
    }

    func testDirectionConventionByHand() throws {
        // +x → 0°, +y (down) → 90°, −x → 180°, −y (up) → 270°; zero → 0.
        let x = try Image<Float>(width: 5, height: 1, layout: .gray, samples: [1, 0, -1, 0, 0])
        let y = try Image<Float>(width: 5, height: 1, layout: .gray, samples: [0, 1, 0, -1, 0])
        XCTAssertEqual(Image<Float>.direction(x: x, y: y).samples, [0, 90, 180, 270, 0])
        // Negative zeros count as zero: (−0, +0) is 0°, not 180°.
        let nx = try Image<Float>(width: 2, height: 1, layout: .gray, samples: [-0.0, -0.0])
        let ny = try Image<Float>(width: 2, height: 1, layout: .gray, samples: [0, -0.0])
        XCTAssertEqual(Image<Float>.direction(x: nx, y: ny).samples, [0, 0])
    }
}
