import Foundation
import XCTest

@testable import FoveaAugment

/// Fixtures/augment/photometric, made by make_photometric.py with Pillow, NumPy (torchvision's formulas)
/// and OpenCV.
private struct PhotometricFixtures {
    struct Case: Decodable {
        var op: String
        var parameter: Double
        var input: String
        var offset: Int
        var length: Int

        var adjustment: PhotometricAdjustment? {
            switch op {
            case "brightness": .brightness(factor: parameter)
            case "contrast": .contrast(factor: parameter)
            case "saturation": .saturation(factor: parameter)
            case "hue": .hue(shift: parameter)
            case "gamma": .gamma(exponent: parameter)
            case "grayscale": .grayscale
            case "blur": .gaussianBlur(sigma: parameter)
            case "sharpness": .sharpness(factor: parameter)
            case "posterize": .posterize(bits: Int(parameter))
            case "solarize": .solarize(threshold: parameter / 255)
            case "autocontrast", "equalize": op == "equalize" ? .equalize : .autocontrast
            default: nil
            }
        }
    }

    struct Index: Decodable {
        var width: Int
        var height: Int
        var cases: [Case]
    }

    let index: Index
    let expected: [UInt8]
    let inputs: [String: Image<UInt8>]

    static func load() throws -> PhotometricFixtures {
        let folder = AugmentFixtureFolder("photometric")
        let index = try folder.index(Index.self)
        let expected = try folder.bytes("expected.bin")
        let rgb = try folder.bytes("input_rgb_u8.raw")
        let gray = try folder.bytes("input_gray_u8.raw")
        return PhotometricFixtures(
            index: index, expected: expected,
            inputs: [
                "rgb": try Image(width: index.width, height: index.height, layout: .rgb, samples: rgb),
                "gray": try Image(width: index.width, height: index.height, layout: .gray, samples: gray),
            ])
    }
}

final class PhotometricAdjustmentTests: XCTestCase {
    func testEveryOperationIsWithinOneLevelOfPillowTorchvisionAndOpenCV() throws {
        let fixtures = try PhotometricFixtures.load()
        XCTAssertEqual(fixtures.index.cases.count, 60)
        for c in fixtures.index.cases {
            let adjustment = try XCTUnwrap(c.adjustment, c.op)
            var input = try XCTUnwrap(fixtures.inputs[c.input])
            if c.op == "autocontrast" {  // the script stretches img // 2 + 40, which does not span 0…255
                input = try Image(
                    width: input.width, height: input.height, layout: input.layout,
                    samples: input.samples.map { $0 / 2 + 40 })
            }
            let out = input.adjusted(adjustment)
            let expected = Array(fixtures.expected[c.offset..<(c.offset + c.length)])
            XCTAssertEqual(out.samples.count, expected.count)
            let worst = zip(out.samples, expected).map { abs(Int($0) - Int($1)) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1, "\(c.op) \(c.parameter) on \(c.input): off by \(worst) levels")
        }
    }

    func testBrightnessAndContrastFollowTheFormulaAndSkipAlpha() throws {
        let image = try Image<UInt8>(width: 1, height: 1, layout: .rgba, samples: [100, 0, 255, 77])
        // v' = 1.5 v, clamped: 100 → 150, 0 → 0, 255 → 255; alpha 77 untouched.
        XCTAssertEqual(image.adjusted(.brightness(factor: 1.5)).samples, [150, 0, 255, 77])
        // Mean luma of the one pixel: (19595·100 + 7471·255 + 2¹⁵) >> 16 = 59; v' = 59 + 0.5 (v − 59):
        // 79.5 → 80, 29.5 → 30, 157.
        XCTAssertEqual(image.adjusted(.contrast(factor: 0.5)).samples, [80, 30, 157, 77])
        // Float images clamp to 0…1 as torchvision does.
        let float = try Image<Float>(width: 2, height: 1, layout: .gray, samples: [0.25, 0.75])
        XCTAssertEqual(float.adjusted(.brightness(factor: 2)).samples, [0.5, 1])
        // Mean 0.5: 0.5 + 3 (v − 0.5) = −0.25 → 0 and 1.25 → 1.
        XCTAssertEqual(float.adjusted(.contrast(factor: 3)).samples, [0, 1])
    }

    func testHueOfPrimariesTurnsByThirds() throws {
        let red = try Image<Float>(width: 1, height: 1, layout: .rgb, samples: [1, 0, 0])
        XCTAssertEqual(red.adjusted(.hue(shift: 1.0 / 3)).samples.map { ($0 * 1000).rounded() / 1000 }, [0, 1, 0])
        XCTAssertEqual(red.adjusted(.hue(shift: -1.0 / 3)).samples.map { ($0 * 1000).rounded() / 1000 }, [0, 0, 1])
        XCTAssertEqual(red.adjusted(.hue(shift: 0.5)).samples.map { ($0 * 1000).rounded() / 1000 }, [0, 1, 1])
        let grey = try Image<UInt8>(width: 1, height: 1, layout: .rgba, samples: [90, 90, 90, 3])
        XCTAssertEqual(grey.adjusted(.hue(shift: 0.2)).samples, [90, 90, 90, 3])
    }

    func testGrayscaleKeepsTheChannelCountAndAlpha() throws {
        // (19595·200 + 38470·100 + 7471·50 + 2¹⁵) >> 16 = 124.
        let image = try Image<UInt8>(width: 1, height: 1, layout: .rgba, samples: [200, 100, 50, 9])
        let gray = image.adjusted(.grayscale)
        XCTAssertEqual(gray.layout, .rgba)
        XCTAssertEqual(gray.samples, [124, 124, 124, 9])
        let single = try Image<UInt8>(width: 2, height: 1, layout: .gray, samples: [3, 4])
        XCTAssertEqual(single.adjusted(.grayscale), single)
        XCTAssertEqual(single.adjusted(.saturation(factor: 0)), single)
    }

    func testGammaOnSixteenBitAndFloat() throws {
        let image = try Image<UInt16>(width: 2, height: 1, layout: .gray, samples: [16384, 65535])
        // 65535 · (16384/65535)² = 4096.06 → 4096; 65535 stays.
        XCTAssertEqual(image.adjusted(.gamma(exponent: 2)).samples, [4096, 65535])
        let float = try Image<Float>(width: 1, height: 1, layout: .gray, samples: [0.25])
        XCTAssertEqual(float.adjusted(.gamma(exponent: 0.5)).samples[0], 0.5, accuracy: 1e-6)
    }

    func testIdentityAdjustmentsReturnTheImage() throws {
        let image = try Image<UInt8>(width: 5, height: 3, layout: .rgb) { x, y, c in UInt8(x * 40 + y * 7 + c) }
        for adjustment in [
            PhotometricAdjustment.brightness(factor: 1), .contrast(factor: 1), .saturation(factor: 1),
            .hue(shift: 0), .gamma(exponent: 1), .gaussianBlur(sigma: 0), .jpeg(quality: 50),
        ] {
            XCTAssertEqual(image.adjusted(adjustment), image, "\(adjustment)")
        }
    }

    func testJPEGRunsThroughTheReencoderOnly() throws {
        let image = try Image<UInt8>(width: 2, height: 2, layout: .gray, samples: [1, 2, 3, 4])
        let reencoder: JPEGReencoder = { image, quality in
            try? Image(
                width: image.width, height: image.height, layout: image.layout,
                samples: image.samples.map { $0 &+ UInt8(quality) })
        }
        XCTAssertEqual(image.adjusted(.jpeg(quality: 10), reencoder: reencoder).samples, [11, 12, 13, 14])
        // Float images go through 8 bits and back.
        XCTAssertEqual(
            image.converted(to: Float.self).adjusted(.jpeg(quality: 10), reencoder: reencoder),
            try Image<UInt8>(width: 2, height: 2, layout: .gray, samples: [11, 12, 13, 14]).converted(to: Float.self))
        XCTAssertEqual(image.adjusted(.jpeg(quality: 10)), image)
    }
}

final class EightBitOperationTests: XCTestCase {
    func testPosterizeAndEqualizeOnFloatGoThroughEightBits() throws {
        let float = try Image<Float>(width: 3, height: 1, layout: .gray, samples: [0.1, 0.5, 0.9])
        // 0.1·255 = 25.5 → 26 = 0b00011010, top 2 bits: 0; 0.5 → 128 → 128; 0.9 → 229.5 → 230 → 192.
        XCTAssertEqual(float.adjusted(.posterize(bits: 2)).samples, [0, 128.0 / 255, 192.0 / 255])
        let bytes = try Image<UInt8>(width: 3, height: 1, layout: .gray, samples: [26, 128, 230])
        XCTAssertEqual(bytes.adjusted(.posterize(bits: 2)).samples, [0, 128, 192])
        // Three pixels, one per level: step = ⌊(3 − 1) / 255⌋ = 0, so equalize leaves them.
        XCTAssertEqual(bytes.adjusted(.equalize), bytes)
        XCTAssertEqual(float.adjusted(.equalize), float.converted(to: UInt8.self).converted(to: Float.self))
    }

    func testVectorisedRGBPathsAgreeWithTheGenericPathsUsedForRGBA() throws {
        // Packed 8-bit RGB takes the SIMD / constant-stride loops; RGBA takes the table and per-pixel paths.
        let rgba = try Image<UInt8>(width: 37, height: 11, layout: .rgba) { x, y, c in
            c == 3 ? 200 : UInt8(truncatingIfNeeded: (x &* 47 &+ y &* 29 &+ c &* 101 &+ x &* y) % 256)
        }
        let rgb = try Image<UInt8>(width: 37, height: 11, layout: .rgb) { x, y, c in rgba[x: x, y: y, channel: c] }
        for adjustment: PhotometricAdjustment in [
            .brightness(factor: 0.5), .brightness(factor: 1.37), .contrast(factor: 0.6), .contrast(factor: 1.8),
        ] {
            let a = rgb.adjusted(adjustment)
            let b = rgba.adjusted(adjustment)
            for i in 0..<rgb.pixelCount {
                XCTAssertEqual(
                    Array(a.samples[(3 * i)..<(3 * i + 3)]), Array(b.samples[(4 * i)..<(4 * i + 3)]),
                    "\(adjustment) pixel \(i)")
            }
        }
        for adjustment: PhotometricAdjustment in [
            .saturation(factor: 0.3), .saturation(factor: 1.6), .hue(shift: 0.13), .hue(shift: -0.41),
        ] {
            let a = rgb.adjusted(adjustment)
            let b = rgba.adjusted(adjustment)
            var differing = 0
            for i in 0..<rgb.pixelCount {
                for c in 0..<3 {
                    let d = abs(Int(a.samples[3 * i + c]) - Int(b.samples[4 * i + c]))
                    XCTAssertLessThanOrEqual(d, 1, "\(adjustment) pixel \(i)")
                    differing += d
                }
            }
            XCTAssertLessThan(differing, rgb.pixelCount / 20, "\(adjustment): only exact ties round differently")
        }
    }
}
