import XCTest

@testable import FoveaFilters

final class ImageCorrelationTests: XCTestCase {
    /// The course's vertical-edge example: 6×6 image, 3×3 kernel, 'valid' output.
    func testVerticalEdgeCourseExampleValid() throws {
        let rows: [[Float]] = [
            [3, 0, 1, 2, 7, 4], [1, 5, 8, 9, 3, 1], [2, 7, 2, 5, 1, 3],
            [0, 1, 3, 1, 7, 8], [4, 2, 1, 6, 2, 8], [2, 4, 5, 2, 3, 9],
        ]
        let image = try Image<Float>(width: 6, height: 6, layout: .gray, samples: rows.flatMap { $0 })
        let kernel = Kernel(rows: [[1, 0, -1], [1, 0, -1], [1, 0, -1]])
        let out = image.correlated(with: kernel, region: .valid)
        XCTAssertEqual(out.width, 4)
        XCTAssertEqual(out.height, 4)
        XCTAssertEqual(out.samples, [-5, -4, 0, 8, -10, -2, 2, 3, 0, -2, -4, -7, -3, -2, -3, -16])
        // The separable form of the same kernel gives the same numbers.
        XCTAssertEqual(image.correlated(with: .verticalEdge, region: .valid).samples, out.samples)
        // Signed output from 8-bit input keeps the negative values.
        let bytes = try Image<UInt8>(width: 6, height: 6, layout: .gray, samples: rows.flatMap { $0 }.map { UInt8($0) })
        XCTAssertEqual(
            bytes.correlated(with: kernel, region: .valid, as: Int16.self).samples,
            [-5, -4, 0, 8, -10, -2, 2, 3, 0, -2, -4, -7, -3, -2, -3, -16])
    }

    /// The course's 3×3 (0…8) correlated with [[0,1],[2,3]] example (an even kernel).
    func testEvenKernelCourseExampleValid() throws {
        let image = try Image<Float>(width: 3, height: 3, layout: .gray, samples: (0..<9).map { Float($0) })
        let out = image.correlated(with: Kernel(rows: [[0, 1], [2, 3]]), region: .valid)
        XCTAssertEqual(out.width, 2)
        XCTAssertEqual(out.samples, [19, 25, 37, 43])
    }

    func testConvolutionFlipsTheKernel() throws {
        let image = try Image<Float>(width: 3, height: 3, layout: .gray, samples: (0..<9).map { Float($0) })
        // Convolving with [[0,1],[2,3]] is correlating with [[3,2],[1,0]]: 0·3+1·2+3·1+4·0 = 5, …
        let out = image.convolved(with: Kernel(rows: [[0, 1], [2, 3]]), region: .valid)
        XCTAssertEqual(out.samples, [5, 11, 23, 29])
    }

    func testValidOutputIsEmptyWhenTheKernelIsLarger() throws {
        let image = try Image<UInt8>(width: 2, height: 5, layout: .gray, repeating: 1)
        let out = image.correlated(with: .box(width: 3, height: 3), region: .valid)
        XCTAssertEqual(out.width, 0)
        XCTAssertEqual(out.height, 3)
        XCTAssertTrue(out.samples.isEmpty)
    }

    func testFilter2DMatchesOpenCVForEveryBorderUInt8() throws {
        let input = try Fixtures.grayU8
        let borders: [(String, BorderMode)] = [
            ("constant", .constant(.sample(0))), ("replicate", .replicate), ("reflect", .reflect),
            ("reflect101", .reflect101), ("wrap", .wrap), ("constant7", .constant(.sample(7))),
        ]
        for (name, border) in borders {
            let expected = try Fixtures.image("filter2d_k3_\(name)_u8_to_u8", as: UInt8.self)
            assertMatches(input.correlated(with: Fixtures.k3, border: border), expected, tolerance: 1, name)
        }
    }

    func testFilter2DMatchesOpenCVForEveryBorderFloat() throws {
        let input = try Fixtures.grayF32
        let borders: [(String, BorderMode)] = [
            ("constant", .constant(.sample(0))), ("replicate", .replicate), ("reflect", .reflect),
            ("reflect101", .reflect101), ("wrap", .wrap), ("constant0.25", .constant(.sample(0.25))),
        ]
        for (name, border) in borders {
            let expected = try Fixtures.image("filter2d_k3_\(name)_f32_to_f32", as: Float.self)
            assertMatches(input.correlated(with: Fixtures.k3, border: border), expected, name)
        }
    }

    func testFilter2DMatchesOpenCVForOutputTypes() throws {
        let input = try Fixtures.grayU8
        assertMatches(
            input.correlated(with: Fixtures.k3, as: Float.self),
            try Fixtures.image("filter2d_k3_reflect101_u8_to_f32", as: Float.self), "u8→f32")
        let signed = input.correlated(with: Fixtures.k3.scaled(by: 8), as: Int16.self)
        let expected = try Fixtures.signed("filter2d_k3x8_reflect101_u8_to_s16")
        XCTAssertEqual(signed.width, expected.width)
        XCTAssertTrue(signed.samples.contains { $0 < 0 }, "signed output keeps negative values")
        XCTAssertLessThanOrEqual(zip(signed.samples, expected.samples).map { abs(Int($0) - Int($1)) }.max() ?? 99, 1)
        assertMatches(
            try Fixtures.grayU16.correlated(with: Fixtures.k3),
            try Fixtures.image("filter2d_k3_reflect101_u16_to_u16", as: UInt16.self), tolerance: 1, "u16")
    }

    func testEvenAndAnchoredKernelsMatchOpenCV() throws {
        let input = try Fixtures.grayF32
        assertMatches(
            input.correlated(with: Fixtures.k4),
            try Fixtures.image("filter2d_k4_reflect101_f32_to_f32", as: Float.self),
            "4×4")
        assertMatches(
            input.correlated(with: Fixtures.k52),
            try Fixtures.image("filter2d_k52_anchor1_0_reflect101_f32_to_f32", as: Float.self), "5×2 anchor (1,0)")
        assertMatches(
            try Fixtures.grayU8.correlated(with: Fixtures.k52, border: .replicate, as: Float.self),
            try Fixtures.image("filter2d_k52_anchor1_0_replicate_u8_to_f32", as: Float.self), "5×2 replicate")
    }

    func testFilter2DWorksPerChannelOnRGB() throws {
        let input = try Fixtures.rgbU8
        assertMatches(
            input.correlated(with: Fixtures.k3),
            try Fixtures.image("filter2d_k3_reflect101_rgb_u8_to_u8", as: UInt8.self), tolerance: 1, "rgb")
        assertMatches(
            input.correlated(with: Fixtures.k4, as: Float.self),
            try Fixtures.image("filter2d_k4_reflect101_rgb_u8_to_f32", as: Float.self), "rgb 4×4")
    }

    func testDenseEdgeKernelsAgreeWithTheirSeparableForms() throws {
        // The dense 3×3 paths that skip zero columns / rows against the two-pass engine.
        let input = try Fixtures.rgbU8
        let vertical = Kernel(rows: [[1, 0, -1], [1, 0, -1], [1, 0, -1]])
        XCTAssertEqual(
            input.correlated(with: vertical, as: Float.self), input.correlated(with: .verticalEdge, as: Float.self))
        XCTAssertEqual(
            input.correlated(with: vertical.transposed, as: Float.self),
            input.correlated(with: .horizontalEdge, as: Float.self))
        let sobel = Kernel(rows: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
        XCTAssertEqual(
            input.correlated(with: sobel, as: Int16.self), input.correlated(with: .sobel(dx: 1, dy: 0), as: Int16.self))
    }

    func testEmptyAndSinglePixelImagesAreAccepted() throws {
        for (w, h) in [(0, 0), (0, 3), (1, 1), (1, 5)] {
            let image = try Image<UInt8>(width: w, height: h, layout: .gray, repeating: 9)
            XCTAssertEqual(image.gaussianBlurred(sigma: 1).samples, image.samples)
            XCTAssertEqual(
                image.correlated(with: .sobel(dx: 1, dy: 0), as: Int16.self).samples.allSatisfy { $0 == 0 }, true)
            XCTAssertEqual(image.gradientMagnitude().samples.count, w * h)
            XCTAssertEqual(image.medianFiltered(size: 5).samples, image.samples)
            XCTAssertEqual(image.cannyEdges(low: 1, high: 2).samples, [UInt8](repeating: 0, count: w * h))
        }
    }

    func testResultDoesNotDependOnThreadCount() throws {
        let image = try Image<UInt8>(width: 67, height: 53, layout: .rgb) { x, y, c in
            UInt8((x * 7 + y * 13 + c * 5) % 251)
        }
        for kernel in [Fixtures.k3, Fixtures.k4, Kernel.gaussian(sigmaX: 1.3)] {
            let one = image.correlated(with: kernel, threads: 1, as: Float.self)
            for t in [2, 3, 7] {
                XCTAssertEqual(image.correlated(with: kernel, threads: t, as: Float.self), one, "threads \(t)")
            }
        }
        let gray = image.converted(to: .gray)
        for t in [2, 3] {
            XCTAssertEqual(image.gaussianBlurred(sigma: 1.2, threads: t), image.gaussianBlurred(sigma: 1.2, threads: 1))
            XCTAssertEqual(image.gradientMagnitude(threads: t), image.gradientMagnitude(threads: 1))
            XCTAssertEqual(image.medianFiltered(size: 5, threads: t), image.medianFiltered(size: 5, threads: 1))
            XCTAssertEqual(
                gray.cannyEdges(low: 20, high: 60, threads: t), gray.cannyEdges(low: 20, high: 60, threads: 1))
        }
    }
}
