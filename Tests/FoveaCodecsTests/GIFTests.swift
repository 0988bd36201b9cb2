import XCTest

@testable import FoveaCodecs

final class GIFTests: XCTestCase {
    func testFirstFrameDecodesLikePillowInterlacedOrNot() throws {
        for name in ["palette", "palette_not_interlaced", "animated"] { try assertDecodesToExpected("gif/\(name).gif") }
    }

    func testTransparentIndexBecomesAlphaZero() throws {
        try assertDecodesToExpected("gif/transparent.gif")
        guard case .uint8(let image) = try GIF.decode(try Fixtures.bytes("gif/transparent.gif")) else {
            return XCTFail()
        }
        XCTAssertTrue(image.samples.enumerated().contains { $0.offset % 4 == 3 && $0.element == 0 })
    }

    func testAnIdentityGrayPaletteDecodesToGrayAsInPillow() throws {
        try assertDecodesToExpected("gif/gray.gif")
    }

    func testInfoCountsFramesWithoutDecodingThem() throws {
        let info = try GIF.info(try Fixtures.bytes("gif/animated.gif"))
        XCTAssertEqual([info.width, info.height, info.channels, info.imageCount], [37, 29, 3, 3])
        XCTAssertEqual(try GIF.info(try Fixtures.bytes("gif/transparent.gif")).channels, 4)
    }

    func testTruncatedFilesAreTypedErrorsAndGIFIsReadOnly() throws {
        assertThrows(GIFError.self, { try GIF.decode(try Fixtures.bytes("bad/gif_truncated.gif")) })
        assertThrows(GIFError.self, { try GIF.decode(Array("GIF89a".utf8)) })
        let image = try ImageFile.decode(try Fixtures.bytes("gif/palette.gif"))
        assertThrows(CodecError.self, { try ImageFile.encode(image, as: .gif) }) { $0 == .readOnlyFormat(.gif) }
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("gif/gray.gif")), .gif)
    }
}
