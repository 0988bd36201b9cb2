import Foundation
import XCTest

@_spi(Testing) @testable import FoveaCodecs

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
        for name in ["graya8", "graya16", "rgb8", "rgb16", "rgba8", "rgba16"] {
            try assertDecodesToExpected("png/\(name).png")
        }
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

    func testPaethRunsAreUndoneAtEveryWidthThroughEveryPath() throws {
        // Runs of 3 to 9 Paeth rows between other filters: the whole-stream path undoes four Paeth rows at once
        // (eight for 8-bit gray), at widths on both sides of its 8-pixel blocks.
        for name in ["gray8", "graya8", "rgb8", "rgba8", "gray16", "rgb16"] {
            for width in [1, 2, 7, 9, 16, 17, 33] {
                let rel = "png/\(name)_paeth_runs_w\(width).png"
                let bytes = try Fixtures.bytes(rel)
                let expected = try Fixtures.expected(rel)
                for path in [PNG.DecodePath.fastest, .rowByRow, .libpng] {
                    XCTAssertEqual(try PNG.decode(bytes, path: path).image, expected, "\(rel) through \(path)")
                }
            }
        }
    }

    func testEveryPNGFixtureDecodesAlikeWholeStreamAndRowByRow() throws {
        // Every PNG the repository holds, good and bad (conformance fixtures, corrupt files, fuzz regressions): the
        // whole-stream path gives the row-by-row path's image and warnings, or its error, and libpng's image.
        let folders = [
            "Fixtures/codecs/png", "Fixtures/codecs/bad", "Fixtures/corrupt", "Fixtures/fuzz/regressions/png",
        ]
        var compared = 0
        for folder in folders {
            let directory = Fixtures.root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() {
                let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
                guard bytes.starts(with: PNG.signature) else { continue }
                let label = "\(folder)/\(name)"
                let whole = Result { try PNG.decode(bytes, path: .fastest) }
                let rows = Result { try PNG.decode(bytes, path: .rowByRow) }
                switch (whole, rows) {
                case (.success(let a), .success(let b)):
                    XCTAssertEqual(a.image, b.image, label)
                    XCTAssertEqual(a.warnings, b.warnings, label)
                    if case .success(let c) = Result(catching: { try PNG.decode(bytes, path: .libpng) }) {
                        XCTAssertEqual(a.image, c.image, "\(label): libpng")
                    }
                case (.failure(let a), .failure(let b)):
                    XCTAssertEqual(String(describing: a), String(describing: b), label)
                default:
                    XCTFail("\(label): whole stream \(whole), row by row \(rows)")
                }
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 100)
    }

    func testPaethEncodedImagesOfManySizesRoundTripThroughTheWholeStreamPath() throws {
        // The default encoder filters every row with Paeth, so these are all wavefront work, edges included.
        for (index, layout) in ChannelLayout.allCases.enumerated() {
            for width in [1, 2, 3, 5, 8, 9, 15, 16, 17, 31, 40] {
                for height in [1, 2, 4, 5, 8, 9, 12, 17] {
                    let seed = UInt64(index * 10_000 + width * 100 + height)
                    let image = randomImage(UInt8.self, width: width, height: height, layout: layout, seed: seed)
                    let decoded = try PNG.decode(try PNG.encode(image), path: .fastest).image
                    XCTAssertEqual(decoded, .uint8(image), "\(layout) \(width)×\(height)")
                }
            }
        }
    }

    func testInfoReadsTheHeaderWithoutDecoding() throws {
        let info = try PNG.info(try Fixtures.bytes("png/palette4_trns_adam7.png"))
        XCTAssertEqual(
            info, ImageInfo(format: .png, width: 13, height: 11, channels: 4, bitDepth: 4, progressive: true))
    }

    func testEncodeRoundTripsEveryLayoutAndCompressionBitExactThroughBothDecoders() throws {
        for compression in PNGCompression.allCases {
            for (index, layout) in ChannelLayout.allCases.enumerated() {
                let narrow = randomImage(UInt8.self, width: 17, height: 9, layout: layout, seed: UInt64(index + 1))
                let wide = randomImage(UInt16.self, width: 5, height: 12, layout: layout, seed: UInt64(index + 11))
                for (image, bytes) in [
                    (AnyImage.uint8(narrow), try PNG.encode(narrow, compression: compression)),
                    (.uint16(wide), try PNG.encode(wide, compression: compression)),
                ] {
                    let label = "\(compression) \(layout) \(image.sampleType)"
                    XCTAssertEqual(try PNG.decode(bytes), image, "\(label): Fovea's unfilter")
                    XCTAssertEqual(
                        try PNG.decode(bytes, path: .libpng).image, image, "\(label): libpng's png_read_image")
                }
            }
        }
    }

    func testEncodedFilesArePngcheckClean() throws {
        let pngcheck = ["/usr/bin/pngcheck", "/usr/local/bin/pngcheck", "/opt/homebrew/bin/pngcheck"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let pngcheck else { throw XCTSkip("pngcheck is not installed (make deps installs it)") }
        let directory = try temporaryDirectory(self)
        let profile = try Fixtures.bytes("icc/srgb.icc")
        for compression in PNGCompression.allCases {
            for layout in ChannelLayout.allCases {
                let image = randomImage(UInt16.self, width: 300, height: 70, layout: layout, seed: 4)
                let path = "\(directory)/\(compression)-\(layout).png"
                try AtomicFile.write(try PNG.encode(image, compression: compression, iccProfile: profile), to: path)
                let process = Process()
                process.executableURL = URL(fileURLWithPath: pngcheck)
                process.arguments = ["-q", path]
                try process.run()
                process.waitUntilExit()
                XCTAssertEqual(process.terminationStatus, 0, "pngcheck rejects \(path)")
            }
        }
    }

    func testEncodeEmbedsTheICCProfileAndInfoReportsIt() throws {
        let profile = try Fixtures.bytes("icc/srgb.icc")
        let bytes = try PNG.encode(
            randomImage(UInt8.self, width: 4, height: 4, layout: .rgb, seed: 1), iccProfile: profile)
        XCTAssertEqual(try PNG.info(bytes).iccProfile, ICCProfileInfo(size: 588, name: "sRGB built-in"))
        XCTAssertEqual(try PNG.decodeWithMetadata(bytes).iccProfile, profile)
    }

    func testBestIsSmallerThanDefaultAndDefaultSmallerThanFastOnASmoothImage() throws {
        let samples = (0..<(256 * 256 * 3)).map { i in
            UInt8(truncatingIfNeeded: (i / 3 % 256) + (i / 768) / 3 + (i % 3) * 40)
        }
        let image = Image<UInt8>.assumingValid(width: 256, height: 256, layout: .rgb, samples: samples)
        let sizes = try PNGCompression.allCases.map { try PNG.encode(image, compression: $0).count }
        XCTAssertLessThan(sizes[2], sizes[1], "best < default")
        XCTAssertLessThanOrEqual(sizes[1], sizes[0], "default <= fast")
    }

    func testEncodeRefusesAnEmptyImage() {
        let empty = Image<UInt8>.assumingValid(width: 0, height: 3, layout: .gray, samples: [])
        assertThrows(PNGError.self, { try PNG.encode(empty) }) { $0 == .emptyImage(width: 0, height: 3) }
    }

    func testTruncatedFileThrowsTruncatedAtItsLength() throws {
        let bytes = try Fixtures.bytes("png/rgb8.png")
        for length in [12, 40, bytes.count / 2, bytes.count - 5] {
            assertThrows(PNGError.self, { try PNG.decode(Array(bytes.prefix(length))) }) {
                $0 == .truncated(atByte: length)
            }
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
