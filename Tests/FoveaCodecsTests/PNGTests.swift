import XCTest

@testable import FoveaCodecs

final class PNGTests: XCTestCase {
    func testGrayAtEveryBitDepthDecodesToTheFormulaScaledLikePillow() throws {
        for bits in [1, 2, 4, 8, 16] { try assertDecodesToExpected("png/gray\(bits).png") }
    }

    func testSixteenBitGrayStaysSixteenBitAndUnGammaed() throws {
        let image = try PNG.decode(try Fixtures.bytes("png/gray16.png"))
        XCTAssertEqual(image.sampleType, .uint16)
        // Pixel (1, 0) = (1·2311) mod 65536.
        guard case .uint16(let gray) = image else { return XCTFail("not 16-bit") }
        XCTAssertEqual(gray[x: 1, y: 0], 2311)
    }

    func testSixteenBitDecodesToEightBitWhenAsked() throws {
        let image = try PNG.decode(try Fixtures.bytes("png/rgb16.png"), options: DecodingOptions(convertTo8Bit: true))
        guard case .uint16(let wide) = try Fixtures.expected("png/rgb16.png") else { return XCTFail("expected 16-bit") }
        XCTAssertEqual(image, .uint8(wide.converted(to: UInt8.self)))
    }

    func testGrayAlphaRGBAndRGBAAtEightAndSixteenBits() throws {
        for name in ["graya8", "graya16", "rgb8", "rgb16", "rgba8", "rgba16"] { try assertDecodesToExpected("png/\(name).png") }
    }

    func testPaletteAtEveryBitDepthDecodesToRGB() throws {
        for bits in [1, 2, 4, 8] { try assertDecodesToExpected("png/palette\(bits).png") }
    }

    func testPaletteWithTransparencyDecodesToRGBAWithOpaqueEntriesPastTheTRNSChunk() throws {
        for bits in [1, 2, 4, 8] { try assertDecodesToExpected("png/palette\(bits)_trns.png") }
    }

    func testGrayWithTRNSGainsAlphaZeroWhereTheKeyMatchesAtEveryBitDepth() throws {
        for name in ["gray1", "gray2", "gray4", "gray8", "gray8_adam7", "gray16", "gray16_adam7"] {
            try assertDecodesToExpected("png/trns_\(name).png")
        }
        try assertDecodesToExpected("png/gray8_trns.png")
    }

    func testRGBWithTRNSGainsAlphaLikeLibpngsTRNSToAlpha() throws {
        for name in ["rgb8", "rgb8_adam7", "rgb8_unused", "rgb16", "rgb16_adam7", "rgb16_unused"] {
            try assertDecodesToExpected("png/trns_\(name).png")
        }
    }

    func testTRNSKeyMatchesTheStoredSampleNotTheScaledOne() throws {
        // 4-bit key v[3, 5] = (5·7 + 3·13 + 15) mod 16 = 89 mod 16 = 9, scaled to 9·17 = 153 with alpha 0.
        guard case .uint8(let image) = try PNG.decode(try Fixtures.bytes("png/trns_gray4.png")) else {
            return XCTFail("not 8-bit")
        }
        XCTAssertEqual(image.layout, .grayAlpha)
        XCTAssertEqual(image[x: 5, y: 3, channel: 0], 153)
        XCTAssertEqual(image[x: 5, y: 3, channel: 1], 0)
        XCTAssertEqual(image[x: 0, y: 0, channel: 1], 255)
    }

    func testInfoReportsTheAlphaATRNSColourAdds() throws {
        XCTAssertEqual(try PNG.info(try Fixtures.bytes("png/trns_rgb16.png")).channels, 4)
        XCTAssertEqual(try PNG.info(try Fixtures.bytes("png/trns_gray2.png")).channels, 2)
        XCTAssertEqual(try PNG.info(try Fixtures.bytes("png/gray8.png")).channels, 1)
    }

    func testIHDRCompressionOrFilterMethodOtherThanZeroIsRefused() throws {
        for name in ["bad/png_ihdr_compression1.png", "bad/png_ihdr_filter1.png"] {
            let message = assertThrows(PNGError.self, { try PNG.decode(try Fixtures.bytes(name)) })
            XCTAssertTrue(message.contains("IHDR"), "\(name): \(message)")
            assertThrows(PNGError.self, { try PNG.info(try Fixtures.bytes(name)) })
        }
    }

    func testCompressedDataPastTheImageIsAWarningAndIsNotInflated() throws {
        // Each file's zlib stream goes on for 32 MiB of zeros after the image data (direct path, Adam7, palette).
        for name in ["gray8", "rgb8_adam7", "palette8"] {
            let rel = "png/extra_idat_\(name).png"
            let decoded = try ImageFile.decodeWithMetadata(try Fixtures.bytes(rel))
            XCTAssertEqual(decoded.image, try Fixtures.expected(rel), rel)
            XCTAssertEqual(decoded.warnings, [.extraCompressedData], rel)
        }
        XCTAssertEqual(try ImageFile.decodeWithMetadata(try Fixtures.bytes("png/rgb8.png")).warnings, [])
    }

    func testCompressedDataPastTheImageIsNeverInflatedSoItsCorruptionGoesUnnoticed() throws {
        // 64 KiB past the image data each stream turns into garbage: inflating on would fail with a zlib error.
        for name in ["gray8", "rgb8_adam7", "palette8"] {
            let rel = "png/extra_idat_\(name)_then_corrupt.png"
            let decoded = try ImageFile.decodeWithMetadata(try Fixtures.bytes(rel))
            XCTAssertEqual(decoded.image, try Fixtures.expected(rel), rel)
            XCTAssertEqual(decoded.warnings, [.extraCompressedData], rel)
        }
    }

    func testAdam7InterlacedFilesDecodeLikeTheirPlainTwins() throws {
        for name in ["gray1", "gray8", "gray16", "rgb8", "rgb16", "rgba8", "rgba16", "palette4", "palette4_trns"] {
            try assertDecodesToExpected("png/\(name)_adam7.png")
        }
    }

    func testEveryFilterTypeIsUndoneAtEveryPixelSize() throws {
        for name in ["gray8", "graya8", "rgb8", "rgba8", "gray16", "rgb16", "rgba16", "palette4"] {
            try assertDecodesToExpected("png/\(name)_filters.png")
        }
    }

    func testInfoReadsTheHeaderWithoutDecoding() throws {
        let info = try PNG.info(try Fixtures.bytes("png/palette4_trns_adam7.png"))
        XCTAssertEqual(info, ImageInfo(format: .png, width: 13, height: 11, channels: 4, bitDepth: 4, progressive: true))
    }

    func testEncodeRoundTripsEveryLayoutBitExactAtEightAndSixteenBits() throws {
        for (index, layout) in ChannelLayout.allCases.enumerated() {
            let narrow = randomImage(UInt8.self, width: 17, height: 9, layout: layout, seed: UInt64(index + 1))
            XCTAssertEqual(try PNG.decode(try PNG.encode(narrow, compressionLevel: 9)), .uint8(narrow), "\(layout) 8-bit")
            let wide = randomImage(UInt16.self, width: 5, height: 12, layout: layout, seed: UInt64(index + 11))
            XCTAssertEqual(try PNG.decode(try PNG.encode(wide, compressionLevel: 0)), .uint16(wide), "\(layout) 16-bit")
        }
    }

    func testEncodeRejectsACompressionLevelOutsideZeroToNine() {
        let image = randomImage(UInt8.self, width: 2, height: 2, layout: .gray, seed: 3)
        assertThrows(CodecError.self, { try PNG.encode(image, compressionLevel: 10) }) {
            $0 == .invalidOption(name: "PNG compression level", value: 10, allowed: 0...9)
        }
    }

    func testTruncatedFileThrowsTruncatedAtItsLength() throws {
        let bytes = try Fixtures.bytes("png/rgb8.png")
        for length in [12, 40, bytes.count / 2, bytes.count - 5] {
            assertThrows(PNGError.self, { try PNG.decode(Array(bytes.prefix(length))) }) { $0 == .truncated(atByte: length) }
        }
    }

    func testBadIDATChecksumThrowsACRCErrorNamingTheChunk() throws {
        var bytes = try Fixtures.bytes("png/rgb8.png")
        let idat = try XCTUnwrap(firstRange(of: Array("IDAT".utf8), in: bytes))
        let length = bytes[(idat - 4)..<idat].reduce(0) { $0 << 8 | Int($1) }
        bytes[idat + 4 + length] ^= 0xFF  // first byte of the chunk's CRC
        let message = assertThrows(PNGError.self, { try PNG.decode(bytes) }) {
            if case .libpng = $0 { return true } else { return false }
        }
        XCTAssertTrue(message.contains("IDAT: CRC error"), message)
    }

    func testCorruptCompressedDataThrowsALibpngErrorNamingIDAT() throws {
        var bytes = try Fixtures.bytes("png/rgb8.png")
        let idat = try XCTUnwrap(firstRange(of: Array("IDAT".utf8), in: bytes))
        for offset in 6..<40 { bytes[idat + offset] ^= 0x5A }
        let message = assertThrows(PNGError.self, { try PNG.decode(bytes) }) {
            if case .libpng = $0 { return true } else { return false }
        }
        XCTAssertTrue(message.contains("IDAT"), message)
    }

    func testWrongSignatureAndEmptyInputAreRejected() {
        assertThrows(PNGError.self, { try PNG.decode(Array("GIF89a not a png".utf8)) }) { $0 == .notPNG }
        assertThrows(PNGError.self, { try PNG.decode([]) }) { $0 == .notPNG }
    }

    func testAbsurdDimensionsAreRejectedFromTheHeaderBeforeAllocating() throws {
        let message = assertThrows(CodecError.self, { try PNG.decode(try Fixtures.bytes("bad/huge.png")) }) {
            $0 == .pixelLimitExceeded(dimensions: [40000, 40000], limit: DecodingOptions.defaultPixelLimit)
        }
        XCTAssertTrue(message.contains("40000×40000 exceeds the pixel limit"), message)
    }

    private func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
