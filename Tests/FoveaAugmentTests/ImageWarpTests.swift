import XCTest

@testable import FoveaAugment

final class ImageWarpTests: XCTestCase {
    /// A 5×4 RGB image whose samples are all distinct: value = 10·y + x + 100·channel (mod 256).
    func ramp() throws -> Image<UInt8> {
        try Image(width: 5, height: 4, layout: .rgb) { x, y, c in UInt8((10 * y + x + 100 * c) % 256) }
    }

    func testIdentityWarpIsBitExactForEveryInterpolation() throws {
        let image = try ramp()
        for interpolation in Interpolation.allCases {
            XCTAssertEqual(try image.warped(by: .identity, interpolation: interpolation), image, "\(interpolation)")
        }
        let float = image.converted(to: Float.self)
        XCTAssertEqual(try float.warped(by: .identity, interpolation: .bicubic), float)
    }

    func testIntegerTranslationShiftsPixelsAndFillsBorder() throws {
        let image = try ramp()
        let out = try image.warped(
            by: .translation(x: 2, y: -1), interpolation: .bicubic, border: .constant(.normalized(1)))
        for y in 0..<4 {
            for x in 0..<5 {
                for c in 0..<3 {
                    let sx = x - 2
                    let sy = y + 1
                    let expected = sx >= 0 && sy < 4 ? image[x: sx, y: sy, channel: c] : 255
                    XCTAssertEqual(out[x: x, y: y, channel: c], expected, "(\(x), \(y), \(c))")
                }
            }
        }
    }

    func testQuarterTurnsOfASquareImageMoveEveryPixelWhereWorkedOutByHand() throws {
        // 3×3 gray, values 0...8 row by row. Counter-clockwise on screen by 90°: the top row becomes the left
        // column read upwards, so the output rows are [2,5,8], [1,4,7], [0,3,6].
        let image = try Image<Float>(width: 3, height: 3, layout: .gray, samples: (0..<9).map(Float.init))
        let center = ImagePoint.center(width: 3, height: 3)
        let ccw = try image.warped(by: .rotation(degrees: 90, about: center), interpolation: .bilinear)
        XCTAssertEqual(ccw.samples, [2, 5, 8, 1, 4, 7, 0, 3, 6])
        let half = try image.warped(by: .rotation(degrees: 180, about: center), interpolation: .bicubic)
        XCTAssertEqual(half.samples, [8, 7, 6, 5, 4, 3, 2, 1, 0])
        let cw = try image.warped(by: .rotation(degrees: 270, about: center))
        XCTAssertEqual(cw.samples, [6, 3, 0, 7, 4, 1, 8, 5, 2])
        let minus90 = try image.warped(by: .rotation(degrees: -90, about: center))
        XCTAssertEqual(minus90, cw)
    }

    func testFlipsMirrorRowsAndColumnsExactly() throws {
        let image = try ramp()
        let h = try image.warped(by: .horizontalFlip(width: 5))
        let v = try image.warped(by: .verticalFlip(height: 4), interpolation: .bicubic)
        for y in 0..<4 {
            for x in 0..<5 {
                for c in 0..<3 {
                    XCTAssertEqual(h[x: x, y: y, channel: c], image[x: 4 - x, y: y, channel: c])
                    XCTAssertEqual(v[x: x, y: y, channel: c], image[x: x, y: 3 - y, channel: c])
                }
            }
        }
    }

    func testRotationOfANonSquareImageUsesTheOutputSizeAsked() throws {
        // 90° of a 5×4 image into a 4×5 canvas: map the centre (2, 1.5) to (1.5, 2).
        let image = try ramp()
        let t = AffineTransform.rotation(degrees: 90, about: .center(width: 5, height: 4))
            .then(.translation(x: -0.5, y: 0.5))
        let out = try image.warped(by: t, outputWidth: 4, outputHeight: 5, interpolation: .bilinear)
        // Counter-clockwise: output (x, y) comes from source (4 − y, x).
        for y in 0..<5 {
            for x in 0..<4 { XCTAssertEqual(out[x: x, y: y, channel: 1], image[x: 4 - y, y: x, channel: 1]) }
        }
    }

    func testUInt8WarpsMatchOpenCVWithinOneLevel() throws {
        let fixtures = try OpenCVFixtures.load()
        var checked = 0
        for c in fixtures.index.cases where c.kind == "warp" && c.input == "rgb_u8" {
            let transform = try XCTUnwrap(c.transform)
            let out = try fixtures.rgb.warped(
                by: transform, outputWidth: c.width, outputHeight: c.height, interpolation: c.interpolationMode,
                border: c.borderMode)
            XCTAssertEqual(out.samples.count, fixtures.bytes(c).count, c.name)
            let worst = maxDifference(out.samples, fixtures.bytes(c))
            let allowed = c.interpolation == "nearest" ? 0 : 1
            XCTAssertLessThanOrEqual(worst.value, allowed, "\(c.name): sample \(worst.index)")
            checked += 1
        }
        XCTAssertEqual(checked, 45)
    }

    func testFloatWarpsMatchOpenCVWithin1e4() throws {
        let fixtures = try OpenCVFixtures.load()
        var checked = 0
        for c in fixtures.index.cases where c.kind == "warp" && c.input == "gray_f32" {
            let transform = try XCTUnwrap(c.transform)
            let out = try fixtures.gray.warped(
                by: transform, outputWidth: c.width, outputHeight: c.height, interpolation: c.interpolationMode,
                border: c.borderMode)
            XCTAssertEqual(out.samples.count, fixtures.floats(c).count, c.name)
            let worst = maxDifference(out.samples, fixtures.floats(c))
            XCTAssertLessThanOrEqual(worst.value, 1e-4, "\(c.name): sample \(worst.index)")
            checked += 1
        }
        XCTAssertEqual(checked, 45)
    }

    func testResultDoesNotDependOnThreadCount() throws {
        let fixtures = try OpenCVFixtures.load()
        let big = try fixtures.rgb.resized(width: 97, height: 61, interpolation: .bicubic)
        let t = AffineTransform.rotation(degrees: 17, about: .center(width: 97, height: 61)).then(
            .scaling(x: 1.1, y: 0.9))
        for interpolation in [Interpolation.nearest, .bilinear, .bicubic] {
            let one = try big.warped(by: t, interpolation: interpolation, border: .reflect, threads: 1)
            let three = try big.warped(by: t, interpolation: interpolation, border: .reflect, threads: 3)
            XCTAssertEqual(one, three, "\(interpolation)")
        }
    }

    func testSingularTransformThrows() throws {
        let image = try ramp()
        let flat = AffineTransform.scaling(x: 1, y: 0)
        XCTAssertThrowsError(try image.warped(by: flat)) { error in
            XCTAssertEqual(error as? AugmentError, .singularTransform(flat))
        }
    }

    func testHugeTransformsFillWithTheBorderInsteadOfOverflowing() throws {
        let image = try ramp()
        let far = try image.warped(by: .translation(x: 1e12, y: -3e15), border: .constant(.normalized(1)))
        XCTAssertTrue(far.samples.allSatisfy { $0 == 255 })
        let tiny = try image.warped(by: .scaling(1e-12), interpolation: .bicubic, border: .wrap)
        XCTAssertEqual(tiny.width, 5)
        let nan = AffineTransform(m00: .nan, m01: 0, m02: 0, m10: 0, m11: 1, m12: 0)
        XCTAssertThrowsError(try image.warped(by: nan))
    }

    func testSubpixelTranslationBlendsNeighboursBilinearly() throws {
        // Worked by hand: moving a 0/100 step right by a quarter pixel gives 25 at the edge pixel.
        let image = try Image<UInt8>(width: 4, height: 1, layout: .gray, samples: [0, 0, 100, 100])
        let out = try image.warped(by: .translation(x: 0.25, y: 0), border: .replicate)
        XCTAssertEqual(out.samples, [0, 0, 75, 100])
        let float = try image.converted(to: Float.self).warped(by: .translation(x: 0.25, y: 0), border: .replicate)
        XCTAssertEqual(float.samples[2], 0.75 * 100 / 255, accuracy: 1e-6)
        let wide = try Image<UInt16>(width: 4, height: 1, layout: .gray, samples: [0, 0, 40000, 40000])
        let shifted = try wide.warped(by: .translation(x: 0.25, y: 0), border: .constant(.normalized(1)))
        // Left edge: output 0 samples x = −0.25, a quarter of the border (65535) and three quarters of pixel 0
        // (0): 16383.75 → 16384. Output 2 samples x = 1.75: 0.75 · 40000 = 30000.
        XCTAssertEqual(shifted.samples, [16384, 0, 30000, 40000])
    }
}
