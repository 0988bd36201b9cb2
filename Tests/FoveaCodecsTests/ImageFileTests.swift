import XCTest

@testable import FoveaCodecs

final class ImageFileTests: XCTestCase {
    func testReadDetectsTheFormatFromMagicBytesNotTheName() throws {
        let directory = try temporaryDirectory(self)
        let misnamed = directory + "/actually-a-png.jpg"
        try AtomicFile.write(try Fixtures.bytes("png/rgb8.png"), to: misnamed)
        XCTAssertEqual(try ImageFile.read(misnamed), try Fixtures.expected("png/rgb8.png"))
        XCTAssertEqual(try ImageFile.info(misnamed).format, .png)
    }

    func testWriteRoundTripsLosslessFormatsBitExact() throws {
        let directory = try temporaryDirectory(self)
        let rgb = AnyImage(randomImage(UInt8.self, width: 11, height: 7, layout: .rgb, seed: 21))
        let gray16 = AnyImage(randomImage(UInt16.self, width: 5, height: 9, layout: .gray, seed: 22))
        for name in ["a.png", "a.ppm", "a.npy"] {
            try ImageFile.write(rgb, to: directory + "/" + name)
            XCTAssertEqual(try ImageFile.read(directory + "/" + name), rgb, name)
        }
        for name in ["b.png", "b.pgm", "b.npy"] {
            try ImageFile.write(gray16, to: directory + "/" + name)
            XCTAssertEqual(try ImageFile.read(directory + "/" + name), gray16, name)
        }
        let gray8 = AnyImage(randomImage(UInt8.self, width: 4, height: 4, layout: .gray, seed: 23))
        try ImageFile.write(gray8, to: directory + "/c-idx3-ubyte.gz")
        XCTAssertEqual(try ImageFile.read(directory + "/c-idx3-ubyte.gz"), gray8)
    }

    func testBitDepthOptionConvertsOnWrite() throws {
        let gray16 = randomImage(UInt16.self, width: 5, height: 3, layout: .gray, seed: 4)
        let bytes = try ImageFile.encode(.uint16(gray16), as: .png, options: EncodingOptions(bitDepth: 8))
        XCTAssertEqual(try ImageFile.decode(bytes), .uint8(gray16.converted(to: UInt8.self)))
        assertThrows(
            CodecError.self, { try ImageFile.encode(.uint16(gray16), as: .png, options: EncodingOptions(bitDepth: 12)) }
        ) {
            $0 == .invalidOption(name: "bit depth", value: 12, allowed: 8...16)
        }
    }

    func testIDXImageIndexPicksAnImageOfTheStack() throws {
        let bytes = try Fixtures.bytes("idx/images-idx3-ubyte.gz")
        XCTAssertEqual(
            try ImageFile.decode(bytes, options: DecodingOptions(imageIndex: 2)),
            try Fixtures.expected("idx/images-idx3-ubyte#2"))
        assertThrows(IDXError.self, { try ImageFile.decode(bytes, options: DecodingOptions(imageIndex: 3)) }) {
            $0 == .imageIndexOutOfRange(index: 3, count: 3)
        }
    }

    func testInfoCoversEveryFormat() throws {
        XCTAssertEqual(
            try ImageFile.info(Fixtures.path("png/gray16.png")),
            ImageInfo(format: .png, width: 13, height: 11, channels: 1, bitDepth: 16))
        XCTAssertEqual(
            try ImageFile.info(Fixtures.path("jpeg/gray.jpg")),
            ImageInfo(format: .jpeg, width: 37, height: 29, channels: 1, bitDepth: 8))
        XCTAssertEqual(
            try ImageFile.info(Fixtures.path("pnm/rgb_maxval4095.ppm")),
            ImageInfo(format: .pnm, width: 7, height: 5, channels: 3, bitDepth: 12))
        XCTAssertEqual(
            try ImageFile.info(Fixtures.path("idx/images-idx3-ubyte.gz")),
            ImageInfo(format: .idx, width: 5, height: 4, channels: 1, bitDepth: 8, imageCount: 3))
        XCTAssertEqual(
            try ImageFile.info(Fixtures.path("npy/f4_rgb.npy")),
            ImageInfo(format: .npy, width: 5, height: 6, channels: 3, bitDepth: 32))
    }

    func testErrorsNameTheFileAndTheProblem() throws {
        let directory = try temporaryDirectory(self)
        let empty = directory + "/empty.png"
        try AtomicFile.write([], to: empty)
        let message = assertThrows(CodecError.self, { try ImageFile.read(empty) }) { $0 == .emptyInput }
        XCTAssertEqual(message, "\(empty): empty input: 0 bytes")
        let text = directory + "/notes.png"
        try AtomicFile.write(Array("hello world".utf8), to: text)
        assertThrows(CodecError.self, { try ImageFile.read(text) }) {
            $0 == .unrecognizedFormat(leadingBytes: Array("hello wo".utf8))
        }
        assertThrows(FileIOError.self, { try ImageFile.read(directory + "/missing.png") }) {
            $0 == .cannotOpen(errno: ENOENT)
        }
        assertThrows(FileIOError.self, { try ImageFile.read(directory) }) { $0 == .isDirectory }
        let truncated = directory + "/cut.png"
        try AtomicFile.write(Array(try Fixtures.bytes("png/rgb8.png").prefix(60)), to: truncated)
        let cut = assertThrows(PNGError.self, { try ImageFile.read(truncated) }) { $0 == .truncated(atByte: 60) }
        XCTAssertEqual(cut, "\(truncated): PNG truncated at byte 60")
    }

    func testWriteNeedsAKnownExtensionOrAnExplicitFormat() throws {
        let directory = try temporaryDirectory(self)
        let image = AnyImage(randomImage(UInt8.self, width: 2, height: 2, layout: .gray, seed: 1))
        assertThrows(CodecError.self, { try ImageFile.write(image, to: directory + "/x.xcf") }) {
            $0 == .unknownFileExtension("xcf")
        }
        try ImageFile.write(image, to: directory + "/x.xcf", format: .pnm)
        XCTAssertEqual(try ImageFile.info(directory + "/x.xcf").format, .pnm)
    }

    func testJPEGWriteDropsToEightBitsAndRefusesAlpha() throws {
        let rgba = AnyImage(randomImage(UInt8.self, width: 8, height: 8, layout: .rgba, seed: 2))
        assertThrows(CodecError.self, { try ImageFile.encode(rgba, as: .jpeg) }) {
            $0 == .unsupportedLayout(.rgba, format: .jpeg)
        }
        let wide = AnyImage(randomImage(UInt16.self, width: 8, height: 8, layout: .gray, seed: 2))
        XCTAssertEqual(try ImageFile.decode(try ImageFile.encode(wide, as: .jpeg)).sampleType, .uint8)
    }

    func testRandomlyCorruptedFilesOfEveryFormatThrowOrDecodeButNeverCrash() throws {
        let names = [
            "png/rgb8_filters.png", "png/palette4_trns_adam7.png", "png/gray16.png", "jpeg/rgb_progressive.jpg",
            "jpeg/cmyk.jpg", "jpeg/rgb_arithmetic.jpg", "jpeg/exif6.jpg", "pnm/rgb_ascii.ppm", "pnm/bitmap.pbm",
            "idx/images-idx3-ubyte.gz", "npy/u2_rgb_fortran.npy",
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        var thrown = 0
        for name in names {
            let original = try Fixtures.bytes(name)
            for _ in 0..<60 {
                var bytes = original
                for _ in 0...next(4) { bytes[next(bytes.count)] = UInt8(next(256)) }
                if next(3) == 0 { bytes.removeLast(next(bytes.count)) }
                do { _ = try ImageFile.decode(bytes, options: DecodingOptions(pixelLimit: 1 << 22)) } catch {
                    thrown += 1
                }
            }
        }
        XCTAssertGreaterThan(thrown, 0, "some corruptions must be detected")
    }
}
