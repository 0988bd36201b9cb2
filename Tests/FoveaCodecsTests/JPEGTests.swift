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

    // MARK: - Decoding a part

    /// Photo-like test pictures: smooth colour ramps with noise and sharp edges, so chroma upsampling matters.
    private static func picture(width: Int, height: Int, layout: ChannelLayout, seed: UInt64) throws -> Image<UInt8> {
        var state = seed
        return try Image<UInt8>(width: width, height: height, layout: layout) { x, y, c in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Int(state >> 59)
            let edge = (x / 7 + y / 5) % 3 == 0 ? 90 : 0
            return UInt8(truncatingIfNeeded: (x * (3 + c) + y * (5 - c) + edge + noise) % 256)
        }
    }

    /// Every rectangle decoded in part holds exactly the whole decode's pixels, whatever its offsets and size,
    /// for 4:2:0, 4:2:2, 4:4:4 and gray files (libjpeg's fancy upsampling near the part's edges included).
    func testAPartHoldsTheWholeDecodesPixelsAtEverySubsampling() throws {
        var state: UInt64 = 11
        func below(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
        let kinds: [(ChannelLayout, ChromaSubsampling)] = [
            (.rgb, .chroma420), (.rgb, .chroma422), (.rgb, .chroma444), (.gray, .chroma420),
        ]
        var parts = 0
        for trial in 0..<48 {
            let (layout, subsampling) = kinds[trial % kinds.count]
            let width = 9 + below(300)
            let height = 9 + below(240)
            let picture = try Self.picture(width: width, height: height, layout: layout, seed: UInt64(trial))
            let bytes = try JPEG.encode(picture, quality: 70 + below(30), subsampling: subsampling)
            guard case .uint8(let whole) = try JPEG.decode(bytes) else { return XCTFail("JPEG decodes to 8 bits") }
            for _ in 0..<12 {
                let w = 1 + below(width)
                let h = 1 + below(height)
                let wanted = PixelRect(x: below(width - w + 1), y: below(height - h + 1), width: w, height: h)
                let part = try XCTUnwrap(try JPEG.decodePart(bytes, options: .init()) { _, _ in wanted })
                let r = part.region
                let label = "\(width)×\(height) \(layout) \(subsampling): \(wanted) decoded as \(r)"
                XCTAssertTrue(
                    r.x <= wanted.x && r.y <= wanted.y && r.x + r.width >= wanted.x + wanted.width
                        && r.y + r.height >= wanted.y + wanted.height, label)
                XCTAssertEqual(
                    try part.window.cropped(x: wanted.x - r.x, y: wanted.y - r.y, width: w, height: h),
                    try whole.cropped(x: wanted.x, y: wanted.y, width: w, height: h), label)
                if r.width < width || r.height < height { parts += 1 }
            }
        }
        XCTAssertGreaterThan(parts, 300, "most rectangles decode in part")
    }

    /// Progressive, arithmetic-coded, CMYK and YCCK files decode whole when a part is asked for.
    func testFilesAPartCannotBeTrustedForDecodeWhole() throws {
        for name in ["rgb_progressive", "rgb_arithmetic", "cmyk", "ycck"] {
            let bytes = try Fixtures.bytes("jpeg/\(name).jpg")
            let whole = try JPEG.decode(bytes)
            let part = try XCTUnwrap(
                try JPEG.decodePart(bytes, options: .init()) { w, h in
                    PixelRect(x: 1, y: 1, width: w / 2, height: h / 2)
                })
            XCTAssertEqual(part.region, PixelRect(x: 0, y: 0, width: whole.width, height: whole.height), name)
            XCTAssertEqual(AnyImage.uint8(part.window), whole, name)
        }
    }

    /// Decoding with a plan equals decoding whole and applying the plan, bit for bit, on every kind of file and
    /// for resizes with centre crops, crops and cover fits; errors included.
    func testDecodingWithAPlanEqualsDecodingWholeThenApplyingIt() throws {
        let plans = [
            GeometryPlan(resize: .shorterSide(40), centerCrop: PixelSize(width: 32, height: 32)),
            GeometryPlan(resize: .shorterSide(25), filter: .bicubic, centerCrop: PixelSize(width: 20, height: 24)),
            GeometryPlan(resize: .size(width: 30, height: 17), fit: .cover, filter: .lanczos3),
            GeometryPlan(crop: PixelRect(x: 5, y: 9, width: 30, height: 21), resize: .shorterSide(12)),
            GeometryPlan(centerCrop: PixelSize(width: 13, height: 11)),
            GeometryPlan(resize: .shorterSide(30), fit: .pad, centerCrop: PixelSize(width: 20, height: 20)),
            GeometryPlan(resize: .shorterSide(30), filter: .nearest, centerCrop: PixelSize(width: 20, height: 20)),
            GeometryPlan(resize: .shorterSide(30), antialias: false, centerCrop: PixelSize(width: 20, height: 20)),
        ]
        var files = try ["rgb_420", "rgb_422", "rgb_444", "rgb_progressive", "gray", "cmyk", "ycck", "rgb_arithmetic"]
            .map { try Fixtures.bytes("jpeg/\($0).jpg") }
        files += try (1...8).map { try Fixtures.bytes("jpeg/exif\($0).jpg") }
        for (i, subsampling) in [ChromaSubsampling.chroma420, .chroma422, .chroma444].enumerated() {
            let picture = try Self.picture(width: 97 + 31 * i, height: 75 + 13 * i, layout: .rgb, seed: UInt64(i))
            files.append(try JPEG.encode(picture, quality: 90, subsampling: subsampling))
        }
        for (f, bytes) in files.enumerated() {
            for plan in plans {
                let label = "file \(f), \(plan)"
                let expected = Result { try plan.apply(to: try JPEG.decode(bytes)) }
                let got = Result { try ImageFile.decodeWithMetadata(bytes, applying: plan).image }
                switch (expected, got) {
                case (.success(let e), .success(let g)): XCTAssertEqual(g, e, label)
                case (.failure(let e), .failure(let g)): XCTAssertEqual("\(g)", "\(e)", label)
                default: XCTFail("\(label): \(expected) but \(got)")
                }
            }
        }
    }

    /// A file cut short fails decoded in part as decoded whole, even where the part ends above the cut.
    func testATruncatedFileFailsDecodedInPartAsWhole() throws {
        let picture = try Self.picture(width: 200, height: 160, layout: .rgb, seed: 3)
        let bytes = Array(try JPEG.encode(picture, quality: 90).dropLast(400))
        let plan = GeometryPlan(crop: PixelRect(x: 0, y: 0, width: 40, height: 20))
        XCTAssertThrowsError(try JPEG.decode(bytes)) {
            XCTAssertEqual($0 as? JPEGError, .truncated(atByte: bytes.count))
        }
        XCTAssertThrowsError(try ImageFile.decodeWithMetadata(bytes, applying: plan)) {
            XCTAssertEqual($0 as? JPEGError, .truncated(atByte: bytes.count))
        }
    }
}
