import XCTest

@testable import FoveaFilters

final class ImageSmoothingTests: XCTestCase {
    func testGaussian7x7MatchesOpenCVForEveryBorder() throws {
        let borders: [(String, BorderMode)] = [
            ("constant", .constant(.sample(0))), ("replicate", .replicate), ("reflect", .reflect),
            ("reflect101", .reflect101), ("wrap", .wrap),
        ]
        for (name, border) in borders {
            assertMatches(
                try Fixtures.grayU8.gaussianBlurred(sigma: 1, size: 7, border: border),
                try Fixtures.image("gaussian_7x7_s1_\(name)_u8", as: UInt8.self), tolerance: 1, name)
            assertMatches(
                try Fixtures.grayF32.gaussianBlurred(sigma: 1, size: 7, border: border),
                try Fixtures.image("gaussian_7x7_s1_\(name)_f32", as: Float.self), name)
        }
    }

    func testGaussianSizeFromSigmaFollowsOpenCVPerSampleType() throws {
        assertMatches(
            try Fixtures.grayU8.gaussianBlurred(sigma: 1.5),
            try Fixtures.image("gaussian_auto_s1.5_u8", as: UInt8.self), tolerance: 1, "u8 σ 1.5 (11×11)")
        assertMatches(
            try Fixtures.grayF32.gaussianBlurred(sigma: 1.5),
            try Fixtures.image("gaussian_auto_s1.5_f32", as: Float.self), "f32 σ 1.5 (13×13)")
        assertMatches(
            try Fixtures.grayU8.gaussianBlurred(sigma: 1, sigmaY: 2),
            try Fixtures.image("gaussian_auto_sx1_sy2_u8", as: UInt8.self), tolerance: 1, "σx 1 σy 2")
        assertMatches(
            try Fixtures.grayF32.gaussianBlurred(sigma: 0.8, sigmaY: 2, size: KernelSize(width: 3, height: 9)),
            try Fixtures.image("gaussian_3x9_sx0.8_sy2_f32", as: Float.self), "3×9")
    }

    func testGaussianSigmaFromSizeUsesOpenCVsFixedKernels() throws {
        assertMatches(
            try Fixtures.grayU8.gaussianBlurred(sigma: 0, size: 5),
            try Fixtures.image("gaussian_5x5_s0_u8", as: UInt8.self), tolerance: 1, "5×5")
        assertMatches(
            try Fixtures.grayF32.gaussianBlurred(sigma: 0, size: 7),
            try Fixtures.image("gaussian_7x7_s0_f32", as: Float.self), "7×7")
        assertMatches(
            try Fixtures.grayF32.gaussianBlurred(sigma: 0, size: 9),
            try Fixtures.image("gaussian_9x9_s0_f32", as: Float.self), "9×9 (σ from size)")
    }

    func testGaussianOnRGBAndUInt16() throws {
        assertMatches(
            try Fixtures.rgbU8.gaussianBlurred(sigma: 1.2, size: 5),
            try Fixtures.image("gaussian_5x5_s1.2_rgb_u8", as: UInt8.self), tolerance: 1, "rgb")
        assertMatches(
            try Fixtures.grayU16.gaussianBlurred(sigma: 1, size: 7),
            try Fixtures.image("gaussian_7x7_s1_u16", as: UInt16.self), tolerance: 1, "u16")
    }

    func testGaussianOfAConstantImageIsTheConstant() throws {
        let image = try Image<UInt8>(width: 9, height: 4, layout: .rgba, repeating: 77)
        XCTAssertEqual(image.gaussianBlurred(sigma: 2).samples, image.samples)
    }

    func testBoxBlurMatchesOpenCV() throws {
        assertMatches(
            try Fixtures.grayU8.boxBlurred(size: 5), try Fixtures.image("box_5x5_u8", as: UInt8.self), tolerance: 1,
            "5×5")
        assertMatches(
            try Fixtures.grayU8.boxBlurred(size: KernelSize(width: 4, height: 3)),
            try Fixtures.image("box_4x3_u8", as: UInt8.self), tolerance: 1, "4×3")
        assertMatches(
            try Fixtures.grayF32.boxBlurred(size: 3), try Fixtures.image("box_3x3_f32", as: Float.self), "3×3")
        assertMatches(
            try Fixtures.grayF32.correlated(with: .box(width: 3, height: 3, normalized: false)),
            try Fixtures.image("boxsum_3x3_f32", as: Float.self), "sum 3×3")
    }

    func testSharpenByHand() throws {
        // Centre of a 3×3 image: 5·5 − (2 + 4 + 6 + 8) = 5; corners reflect (reflect-101).
        let image = try Image<Float>(width: 3, height: 3, layout: .gray, samples: (1...9).map { Float($0) })
        XCTAssertEqual(image.sharpened()[x: 1, y: 1], 5)
        // Pixel (0,0) = 1: neighbours with reflect-101 are right 2, left 2, below 4, above 4 → 5 − 12 = −7.
        XCTAssertEqual(image.sharpened()[x: 0, y: 0], -7)
        let bytes = try Image<UInt8>(width: 3, height: 3, layout: .gray, samples: (1...9).map { UInt8($0) })
        XCTAssertEqual(bytes.sharpened()[x: 0, y: 0], 0, "saturated")
    }
}
