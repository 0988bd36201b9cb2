import XCTest

@testable import FoveaCodecs

final class BMPTests: XCTestCase {
    func testPaletteFilesDecodeToRGBOrToGrayWhenThePaletteIsTheGrayRampAsInPillow() throws {
        for bits in [1, 4, 8] {
            try assertDecodesToExpected("bmp/palette\(bits).bmp")
            try assertDecodesToExpected("bmp/gray\(bits).bmp")
        }
    }

    func testTrueColourBottomUpTopDownAnd32BitFiles() throws {
        for name in ["rgb24", "rgb24_topdown", "rgb32", "rgba32_v5", "pillow_rgb24"] {
            try assertDecodesToExpected("bmp/\(name).bmp")
        }
    }

    func testThe32BitBIRGBFourthByteIsPaddingButABitfieldsAlphaMaskIsAlpha() throws {
        XCTAssertEqual(try BMP.decode(try Fixtures.bytes("bmp/rgb32.bmp")).layout, .rgb)
        XCTAssertEqual(try BMP.decode(try Fixtures.bytes("bmp/rgba32_v5.bmp")).layout, .rgba)
    }

    func testInfoReadsTheHeaders() throws {
        XCTAssertEqual(
            try BMP.info(try Fixtures.bytes("bmp/palette4.bmp")),
            ImageInfo(format: .bmp, width: 13, height: 11, channels: 3, bitDepth: 4))
        XCTAssertEqual(try BMP.info(try Fixtures.bytes("bmp/gray1.bmp")).channels, 1)
    }

    func testWritesTwentyFourBitFilesThatRoundTripRGBExactly() throws {
        let rgb = randomImage(UInt8.self, width: 19, height: 7, layout: .rgb, seed: 9)
        let bytes = try BMP.encode(rgb)
        XCTAssertEqual(Array(bytes[28..<30]), [24, 0], "bits per pixel")
        XCTAssertEqual(try BMP.decode(bytes), .uint8(rgb))
        let gray = randomImage(UInt8.self, width: 5, height: 3, layout: .gray, seed: 2)
        XCTAssertEqual(try BMP.decode(try BMP.encode(gray)), .uint8(gray.converted(to: .rgb)))
    }

    func testRLEAndTruncatedFilesAreTypedErrors() throws {
        assertThrows(BMPError.self, { try BMP.decode(try Fixtures.bytes("bad/bmp_rle8.bmp")) }) {
            $0 == .unsupportedCompression(1)
        }
        assertThrows(BMPError.self, { try BMP.decode(try Fixtures.bytes("bad/bmp_truncated.bmp")) })
        assertThrows(
            CodecError.self,
            { try BMP.decode(try Fixtures.bytes("bmp/rgb24.bmp"), options: DecodingOptions(pixelLimit: 10)) })
        XCTAssertNil(ImageFormat.detect(Array("BMx".utf8)))
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("bmp/rgb24.bmp")), .bmp)
    }
}
