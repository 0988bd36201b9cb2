import XCTest

@testable import FoveaCodecs

final class JPEGTests: XCTestCase {
    func testBaselineRGBAtEverySubsamplingDecodesExactlyLikePillow() throws {
        for name in ["rgb_420", "rgb_422", "rgb_444"] { try assertDecodesToExpected("jpeg/\(name).jpg") }
    }

    func testProgressiveDecodesExactlyLikePillow() throws {
        try assertDecodesToExpected("jpeg/rgb_progressive.jpg")
    }

    func testGrayscaleDecodesToOneChannelLikePillow() throws {
        try assertDecodesToExpected("jpeg/gray.jpg")
    }

    func testAdobeCMYKDecodesToRGBLikePillowsConvert() throws {
        try assertDecodesToExpected("jpeg/cmyk.jpg")
    }

    func testAdobeYCCKDecodesToRGBLikePillowsConvert() throws {
        try assertDecodesToExpected("jpeg/ycck.jpg")
    }

    func testArithmeticCodedDecodesLikePillow() throws {
        try assertDecodesToExpected("jpeg/rgb_arithmetic.jpg")
        XCTAssertEqual(
            try JPEG.decode(try Fixtures.bytes("jpeg/rgb_arithmetic.jpg")),
            try JPEG.decode(try Fixtures.bytes("jpeg/rgb_420.jpg")), "same coefficients as the Huffman-coded original")
    }

    func testEveryExifOrientationIsAppliedLikePillowsExifTranspose() throws {
        for orientation in 1...8 { try assertDecodesToExpected("jpeg/exif\(orientation).jpg") }
    }

    func testExifOrientationIsLeftAloneWhenAsked() throws {
        let options = DecodingOptions(applyExifOrientation: false)
        let upright = try JPEG.decode(try Fixtures.bytes("jpeg/exif1.jpg"), options: options)
        let rotated = try JPEG.decode(try Fixtures.bytes("jpeg/exif6.jpg"), options: options)
        XCTAssertEqual(rotated, upright, "same pixels stored, only the tag differs")
        XCTAssertEqual(rotated.width, 16)
    }

    func testInfoReportsProgressiveAndOrientationFromTheHeader() throws {
        XCTAssertEqual(
            try JPEG.info(try Fixtures.bytes("jpeg/rgb_progressive.jpg")),
            ImageInfo(format: .jpeg, width: 37, height: 29, channels: 3, bitDepth: 8, progressive: true))
        XCTAssertEqual(
            try JPEG.info(try Fixtures.bytes("jpeg/exif6.jpg")),
            ImageInfo(format: .jpeg, width: 16, height: 8, channels: 3, bitDepth: 8, orientation: 6))
    }

    func testEncodeDecodeIsCloseAtHighQualityWithoutSubsampling() throws {
        let source = try JPEG.decode(try Fixtures.bytes("jpeg/rgb_444.jpg")).converted(to: UInt8.self)
        let decoded = try JPEG.decode(try JPEG.encode(source, quality: 95, subsampling: .chroma444)).converted(
            to: UInt8.self)
        XCTAssertLessThan(meanAbsoluteDifference(source, decoded), 1.0)  // Pillow: 0.39 on this image
    }

    func testSubsamplingOptionSetsTheLumaSamplingFactorsInTheFrameHeader() throws {
        let source = try JPEG.decode(try Fixtures.bytes("jpeg/rgb_444.jpg")).converted(to: UInt8.self)
        let factors: [ChromaSubsampling: UInt8] = [.chroma444: 0x11, .chroma422: 0x21, .chroma420: 0x22]
        for (subsampling, factor) in factors {
            let bytes = try JPEG.encode(source, quality: 90, subsampling: subsampling)
            let sof = try XCTUnwrap((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
            // SOF0: marker, length(2), precision, height(2), width(2), count, then (id, HV, table) per component.
            XCTAssertEqual(bytes[sof + 9], 3)
            XCTAssertEqual(bytes[sof + 11], factor, "\(subsampling) luma")
            XCTAssertEqual(bytes[sof + 14], 0x11, "\(subsampling) Cb")
            XCTAssertEqual(bytes[sof + 17], 0x11, "\(subsampling) Cr")
        }
    }

    func testGrayEncodesAsGrayAndProgressiveAndArithmeticOptionsAreHonoured() throws {
        let gray = try JPEG.decode(try Fixtures.bytes("jpeg/gray.jpg")).converted(to: UInt8.self)
        let plain = try JPEG.encode(gray, quality: 80)
        let progressive = try JPEG.encode(gray, quality: 80, progressive: true)
        let arithmetic = try JPEG.encode(gray, quality: 80, arithmetic: true)
        XCTAssertEqual(try JPEG.info(plain).channels, 1)
        XCTAssertTrue(try JPEG.info(progressive).progressive)
        XCTAssertEqual(try JPEG.decode(progressive), try JPEG.decode(plain), "same coefficients, other scan order")
        XCTAssertEqual(try JPEG.decode(arithmetic), try JPEG.decode(plain), "same coefficients, other entropy coder")
    }

    func testHigherQualityGivesLargerFiles() throws {
        let source = try JPEG.decode(try Fixtures.bytes("jpeg/rgb_444.jpg")).converted(to: UInt8.self)
        XCTAssertLessThan(try JPEG.encode(source, quality: 30).count, try JPEG.encode(source, quality: 95).count)
    }

    func testEncodeRejectsAlphaAndQualityOutOfRange() {
        let rgba = randomImage(UInt8.self, width: 4, height: 4, layout: .rgba, seed: 5)
        assertThrows(CodecError.self, { try JPEG.encode(rgba) }) { $0 == .unsupportedLayout(.rgba, format: .jpeg) }
        let rgb = randomImage(UInt8.self, width: 4, height: 4, layout: .rgb, seed: 5)
        assertThrows(CodecError.self, { try JPEG.encode(rgb, quality: 0) }) {
            $0 == .invalidOption(name: "JPEG quality", value: 0, allowed: 1...100)
        }
    }

    func testTruncatedProgressiveFileThrowsTruncated() throws {
        let bytes = try Fixtures.bytes("bad/truncated_progressive.jpg")
        assertThrows(JPEGError.self, { try JPEG.decode(bytes) }) { $0 == .truncated(atByte: bytes.count) }
    }

    func testTruncationAtAnyPointThrowsAndNeverExits() throws {
        let bytes = try Fixtures.bytes("jpeg/rgb_420.jpg")
        for length in stride(from: 1, to: bytes.count - 2, by: 97) {
            XCTAssertThrowsError(try JPEG.decode(Array(bytes.prefix(length))), "prefix of \(length) bytes")
        }
    }

    func testGarbageAfterTheMarkerThrowsALibjpegError() {
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0x12, 0x34, 0x56, 0x00, 0x00]
        assertThrows(JPEGError.self, { try JPEG.decode(bytes) }) {
            if case .libjpeg = $0 { return true } else { return false }
        }
    }

    func testWrongMagicAndEmptyInputAreRejected() {
        assertThrows(JPEGError.self, { try JPEG.decode(Array("not a jpeg".utf8)) }) { $0 == .notJPEG }
        assertThrows(JPEGError.self, { try JPEG.decode([]) }) { $0 == .notJPEG }
    }

    func testAbsurdDimensionsAreRejectedBeforeAllocating() throws {
        let message = assertThrows(CodecError.self, { try JPEG.decode(try Fixtures.bytes("bad/huge.jpg")) }) {
            $0 == .pixelLimitExceeded(dimensions: [65000, 65000], limit: DecodingOptions.defaultPixelLimit)
        }
        XCTAssertTrue(message.contains("65000×65000 exceeds the pixel limit"), message)
    }

    func testGrayRawDataInputWritesTheSameFileAsScanlineInput() throws {
        // Every size around the 8×8 block edges (libjpeg pads both edges by repeating the last column and row) and
        // every coding option: the raw-data path must write libjpeg's scanline-path file byte for byte.
        let sizes = [(1, 1), (7, 9), (8, 8), (9, 7), (13, 11), (16, 17), (33, 3), (64, 24)]
        for (index, (width, height)) in sizes.enumerated() {
            let image = randomImage(UInt8.self, width: width, height: height, layout: .gray, seed: UInt64(index + 1))
            for (progressive, arithmetic, optimize) in [
                (false, false, false), (true, false, false), (false, true, false), (false, false, true),
            ] {
                for quality in [30, 90, 100] {
                    let raw = try JPEG.encode(
                        image, quality: quality, progressive: progressive, arithmetic: arithmetic,
                        optimizeHuffman: optimize, grayThroughScanlines: false)
                    let scanlines = try JPEG.encode(
                        image, quality: quality, progressive: progressive, arithmetic: arithmetic,
                        optimizeHuffman: optimize, grayThroughScanlines: true)
                    XCTAssertEqual(
                        raw, scanlines, "\(width)×\(height) q\(quality) p\(progressive) a\(arithmetic) o\(optimize)")
                }
            }
        }
    }

    func testICCProfilesWrittenByPillowAreReadFromOneOrSeveralAPP2Markers() throws {
        for (rel, profile) in [
            ("jpeg/rgb_icc.jpg", "icc/srgb.icc"), ("jpeg/gray_icc_two_markers.jpg", "icc/large.icc"),
        ] {
            let bytes = try Fixtures.bytes(rel)
            let expected = try Fixtures.bytes(profile)
            XCTAssertEqual(try JPEG.decodeWithMetadata(bytes).iccProfile, expected, rel)
            XCTAssertEqual(try ImageFile.decodeWithMetadata(bytes).iccProfile, expected, rel)
            XCTAssertEqual(
                try JPEG.info(bytes).iccProfile, ICCProfileInfo(size: expected.count, name: "sRGB built-in"), rel)
        }
        XCTAssertNil(try JPEG.decodeWithMetadata(try Fixtures.bytes("jpeg/rgb_420.jpg")).iccProfile)
        XCTAssertNil(try JPEG.info(try Fixtures.bytes("jpeg/rgb_420.jpg")).iccProfile)
    }

    func testEncodeEmbedsTheICCProfileSplitOverAsManyMarkersAsItNeeds() throws {
        let image = randomImage(UInt8.self, width: 9, height: 5, layout: .rgb, seed: 3)
        for name in ["icc/srgb.icc", "icc/large.icc"] {
            let profile = try Fixtures.bytes(name)
            let bytes = try JPEG.encode(image, iccProfile: profile)
            XCTAssertEqual(try JPEG.decodeWithMetadata(bytes).iccProfile, profile, name)
            let signature = Array("ICC_PROFILE\0".utf8)
            let markers = (0..<(bytes.count - signature.count)).filter {
                bytes[$0 - 4 >= 0 ? $0 - 4 : 0] == 0xFF && Array(bytes[$0..<($0 + signature.count)]) == signature
            }.count
            XCTAssertEqual(markers, (profile.count + 65_518) / 65_519, name)
            // The pixels are the same as without a profile: it is carried, not applied.
            XCTAssertEqual(try JPEG.decode(bytes), try JPEG.decode(try JPEG.encode(image)), name)
        }
    }

    private func meanAbsoluteDifference(_ a: Image<UInt8>, _ b: Image<UInt8>) -> Double {
        zip(a.samples, b.samples).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(a.samples.count)
    }
}
