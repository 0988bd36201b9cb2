import XCTest

@testable import FoveaCodecs

final class PNMTests: XCTestCase {
    func testBitmapsDecodeBlackOneToZeroAndWhiteToTwoFiftyFive() throws {
        try assertDecodesToExpected("pnm/bitmap_ascii.pbm")
        try assertDecodesToExpected("pnm/bitmap.pbm")
    }

    func testGrayMapsDecodeLikePillowIncludingRescaledMaxvals() throws {
        for name in ["gray_ascii.pgm", "gray.pgm", "gray_maxval100.pgm", "gray16.pgm", "gray_ascii_maxval1000.pgm"] {
            try assertDecodesToExpected("pnm/\(name)")
        }
    }

    func testPixmapsDecodeIncludingSixteenBitMaxval() throws {
        for name in ["rgb_ascii.ppm", "rgb.ppm", "rgb_maxval4095.ppm"] { try assertDecodesToExpected("pnm/\(name)") }
    }

    func testEncodeRoundTripsBinaryAndASCIIAtEightAndSixteenBits() throws {
        for layout in [ChannelLayout.gray, .rgb] {
            for ascii in [false, true] {
                let narrow = randomImage(UInt8.self, width: 9, height: 4, layout: layout, seed: 7)
                XCTAssertEqual(
                    try PNM.decode(try PNM.encode(narrow, ascii: ascii)), .uint8(narrow), "\(layout) ascii \(ascii)")
                let wide = randomImage(UInt16.self, width: 3, height: 5, layout: layout, seed: 8)
                XCTAssertEqual(
                    try PNM.decode(try PNM.encode(wide, ascii: ascii)), .uint16(wide), "\(layout) ascii \(ascii)")
            }
        }
    }

    func testEncodeWritesTheStandardHeader() throws {
        let image = try Image(width: 2, height: 1, layout: .gray, samples: [7, 255] as [UInt8])
        XCTAssertEqual(try PNM.encode(image), Array("P5\n2 1\n255\n".utf8) + [7, 255])
        XCTAssertEqual(String(decoding: try PNM.encode(image, ascii: true), as: UTF8.self), "P2\n2 1\n255\n7 255\n")
    }

    func testEncodeRejectsAlpha() {
        let image = randomImage(UInt8.self, width: 2, height: 2, layout: .grayAlpha, seed: 1)
        assertThrows(CodecError.self, { try PNM.encode(image) }) { $0 == .unsupportedLayout(.grayAlpha, format: .pnm) }
    }

    func testTruncatedRasterThrowsWithTheByteCounts() throws {
        let message = assertThrows(PNMError.self, { try PNM.decode(try Fixtures.bytes("bad/truncated.ppm")) }) {
            $0 == .truncated(expected: 105, available: 50, headerEnd: 11)
        }
        XCTAssertTrue(message.contains("105 needed"), message)
    }

    func testMalformedHeadersThrowTypedErrors() {
        assertThrows(PNMError.self, { try PNM.decode(Array("P7\n1 1\n255\n".utf8)) }) { $0 == .badMagic }
        assertThrows(PNMError.self, { try PNM.decode(Array("P5\nx 1\n255\n".utf8)) }) {
            $0 == .badHeaderField("width", atByte: 3)
        }
        assertThrows(PNMError.self, { try PNM.decode(Array("P5 1 1 70000\n\0".utf8)) }) {
            $0 == .maxvalOutOfRange(70000)
        }
        assertThrows(PNMError.self, { try PNM.decode(Array("P5 0 1 255\n".utf8)) }) {
            $0 == .emptyImage(width: 0, height: 1)
        }
        assertThrows(PNMError.self, { try PNM.decode(Array("P2 2 1 100\n5 200\n".utf8)) }) {
            $0 == .sampleOutOfRange(value: 200, maxval: 100, atByte: 13)
        }
        assertThrows(PNMError.self, { try PNM.decode(Array("P1 2 1\n0x".utf8)) }) { $0 == .badSample(atByte: 8) }
        assertThrows(CodecError.self, { try PNM.decode([]) }) { $0 == .emptyInput }
    }

    func testAbsurdDimensionsAreRejectedBeforeAllocating() {
        assertThrows(CodecError.self, { try PNM.decode(Array("P5 100000 100000 255\n".utf8)) }) {
            $0 == .pixelLimitExceeded(dimensions: [100000, 100000], limit: DecodingOptions.defaultPixelLimit)
        }
    }
}
