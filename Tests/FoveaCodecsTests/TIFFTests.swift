import XCTest

@testable import FoveaCodecs

final class TIFFTests: XCTestCase {
    func testStripsDecodeExactlyWithEveryCompression() throws {
        for compression in ["none", "lzw", "deflate", "packbits"] {
            for name in ["gray8", "rgb8", "rgba8", "gray16", "grayf32"] {
                try assertDecodesToExpected("tiff/\(name)_\(compression).tif")
            }
        }
    }

    func testTilesSeparatePlanesPredictorsAndByteOrdersDecodeExactly() throws {
        for name in [
            "rgb8_tiled_deflate", "gray16_tiled", "rgb16_deflate_predictor", "rgba16_separate", "rgb8_separate_tiled",
            "rgbf32_deflate", "grayf32_tiled_bigendian", "gray16_bigendian",
        ] {
            try assertDecodesToExpected("tiff/\(name).tif")
        }
    }

    func testFloatSamplesKeepSignedZeroInfinitiesAndTinyValues() throws {
        guard case .float32(let image) = try TIFF.decode(try Fixtures.bytes("tiff/grayf32_none.tif")) else {
            return XCTFail("not float")
        }
        XCTAssertEqual(image[x: 0, y: 0].bitPattern, (-0.0 as Float).bitPattern)
        // Pixel (7, 0): (7 − 11.5)·0.25 + 1e-30 = −1.125 (1e-30 vanishes next to it in float32).
        XCTAssertEqual(image[x: 7, y: 0], -1.125)
    }

    func testMinIsWhitePaletteAndBilevelDecodeLikePillow() throws {
        for name in ["gray8_miniswhite", "palette8", "bilevel"] { try assertDecodesToExpected("tiff/\(name).tif") }
    }

    func testInfoCountsPagesAndReportsTheICCProfile() throws {
        let pages = try TIFF.info(try Fixtures.bytes("tiff/three_pages.tif"))
        XCTAssertEqual(pages.imageCount, 3)
        XCTAssertEqual([pages.width, pages.height, pages.channels, pages.bitDepth], [23, 19, 1, 8])
        try assertDecodesToExpected("tiff/three_pages.tif")
        let icc = try TIFF.info(try Fixtures.bytes("tiff/rgb8_icc.tif")).iccProfile
        XCTAssertEqual(icc, ICCProfileInfo(size: 588, name: "sRGB built-in"))
        XCTAssertEqual(try TIFF.info(try Fixtures.bytes("tiff/gray16_tiled.tif")).bitDepth, 16)
    }

    func testRoundTripIsExactForEverySampleTypeAndLayout() throws {
        for (index, layout) in ChannelLayout.allCases.enumerated() {
            let narrow = randomImage(UInt8.self, width: 31, height: 9, layout: layout, seed: UInt64(index + 11))
            XCTAssertEqual(try TIFF.decode(try TIFF.encode(narrow)), .uint8(narrow), "\(layout) 8-bit")
            let wide = randomImage(UInt16.self, width: 17, height: 5, layout: layout, seed: UInt64(index + 21))
            XCTAssertEqual(try TIFF.decode(try TIFF.encode(wide)), .uint16(wide), "\(layout) 16-bit")
            let low = randomImage(UInt16.self, width: 13, height: 4, layout: layout, seed: UInt64(index + 31))
            let high = randomImage(UInt16.self, width: 13, height: 4, layout: layout, seed: UInt64(index + 41))
            // Arbitrary finite bit patterns (exponent kept below all-ones, so no NaN or infinity).
            let patterns: [Float] = zip(high.samples, low.samples).map { h, l in
                Float(bitPattern: (UInt32(h) << 16 | UInt32(l)) & 0xFF7F_FFFF)
            }
            let float = Image<Float>.assumingValid(width: 13, height: 4, layout: layout, samples: patterns)
            guard case .float32(let decoded) = try TIFF.decode(try TIFF.encode(float)) else {
                return XCTFail("not float")
            }
            XCTAssertEqual(decoded.samples.map { $0.bitPattern }, patterns.map { $0.bitPattern }, "\(layout) float")
        }
    }

    func testEncodedFilesUseDeflateAndCarryTheProfile() throws {
        let image = randomImage(UInt8.self, width: 8, height: 8, layout: .rgb, seed: 1)
        let profile = try Fixtures.bytes("icc/srgb.icc")
        let bytes = try TIFF.encode(image, iccProfile: profile)
        XCTAssertEqual(try TIFF.info(bytes).iccProfile, ICCProfileInfo(profile))
        XCTAssertEqual(try TIFF.decodeWithMetadata(bytes).iccProfile, profile)
    }

    func testDamagedFilesAreTypedErrorsAndAbsurdSizesHitThePixelLimit() throws {
        assertThrows(TIFFError.self, { try TIFF.decode(try Fixtures.bytes("bad/tiff_truncated.tif")) })
        assertThrows(
            CodecError.self,
            { try TIFF.decode(try Fixtures.bytes("bad/tiff_huge.tif"), options: DecodingOptions(pixelLimit: 1 << 20)) })
        assertThrows(TIFFError.self, { try TIFF.decode([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]) })
        assertThrows(TIFFError.self, { try TIFF.decode(Array("II*".utf8)) })
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("tiff/gray16_bigendian.tif")), .tiff)
        XCTAssertEqual(ImageFormat(fileExtension: "TIF"), .tiff)
    }
}
