import XCTest

@testable import FoveaCodecs

final class WebPTests: XCTestCase {
    func testLossyFilesDecodeWithinOneLevelOfPillow() throws {
        for name in ["lossy_rgb", "lossy_rgba", "lossy_rgb_icc"] {
            try assertDecodesNearExpected("webp/\(name).webp", tolerance: 1)
        }
    }

    func testLosslessFilesDecodeExactlyToTheFormula() throws {
        for name in ["lossless_rgb", "lossless_rgba"] { try assertDecodesToExpected("webp/\(name).webp") }
    }

    func testFormatIsDetectedFromTheRIFFHeader() throws {
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("webp/lossy_rgb.webp")), .webp)
        XCTAssertNil(ImageFormat.detect(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)))
        XCTAssertEqual(ImageFormat(fileExtension: "WEBP"), .webp)
    }

    func testInfoReportsSizeAlphaAndFrames() throws {
        XCTAssertEqual(
            try WebP.info(try Fixtures.bytes("webp/lossless_rgba.webp")),
            ImageInfo(format: .webp, width: 37, height: 29, channels: 4, bitDepth: 8))
        XCTAssertEqual(try WebP.info(try Fixtures.bytes("webp/animated.webp")).imageCount, 2)
    }

    func testLosslessRoundTripIsExactForEveryLayoutIncludingColourUnderTransparentPixels() throws {
        for (index, layout) in ChannelLayout.allCases.enumerated() {
            var image = randomImage(UInt8.self, width: 23, height: 7, layout: layout, seed: UInt64(index + 3))
            if layout.hasAlpha {  // some fully transparent pixels whose colour must survive
                for x in 0..<5 { image[x: x, y: 2, channel: layout.channelCount - 1] = 0 }
            }
            let decoded = try WebP.decode(try WebP.encode(image, lossless: true))
            let expected = image.converted(to: layout.hasAlpha ? .rgba : .rgb)
            XCTAssertEqual(decoded, .uint8(expected), "\(layout)")
        }
    }

    func testLossyEncodingFollowsQuality() throws {
        let image = randomImage(UInt8.self, width: 64, height: 48, layout: .rgb, seed: 5)
        let small = try WebP.encode(image, quality: 10)
        let large = try WebP.encode(image, quality: 95)
        XCTAssertLessThan(small.count, large.count)
        XCTAssertEqual(try WebP.decode(small).layout, .rgb)
        assertThrows(CodecError.self, { try WebP.encode(image, quality: 101) })
    }

    func testAnimationsAndTruncatedFilesAreTypedErrors() throws {
        assertThrows(WebPError.self, { try WebP.decode(try Fixtures.bytes("webp/animated.webp")) }) {
            $0 == .animationUnsupported(frames: 2)
        }
        assertThrows(WebPError.self, { try WebP.decode(try Fixtures.bytes("bad/webp_truncated.webp")) })
        assertThrows(WebPError.self, { try WebP.decode(Array("RIFF\u{10}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) })
    }

    func testImagesLargerThanWebPCanHoldAreRefusedWithAReason() throws {
        let wide = Image<UInt8>.assumingValid(
            width: 16384, height: 1, layout: .rgb, samples: [UInt8](repeating: 0, count: 16384 * 3))
        let message = assertThrows(WebPError.self, { try WebP.encode(wide) })
        XCTAssertTrue(message.contains("16383"), message)
    }

    func testAbsurdHeaderDimensionsHitThePixelLimitBeforeAllocating() throws {
        let bytes = try Fixtures.bytes("webp/lossy_rgb.webp")
        assertThrows(CodecError.self, { try WebP.decode(bytes, options: DecodingOptions(pixelLimit: 100)) })
    }
}
