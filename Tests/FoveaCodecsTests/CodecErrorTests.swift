import XCTest

@testable import FoveaCodecs

/// The messages of ``CodecError`` that do not belong to one format.
final class CodecErrorTests: XCTestCase {
    func testThePixelLimitMessageGivesAnImageAsWidthByHeightLikeInfo() throws {
        // 30 wide, 20 high: stored [height, width] = [20, 30]; `fovea info` says 30×20, so the limit says 30×20
        // too (it said 20×30).
        let image = try Image<UInt8>(width: 30, height: 20, layout: .gray) { x, y, _ in UInt8((x + y) % 256) }
        let png = try PNG.encode(image)
        var options = DecodingOptions()
        options.pixelLimit = 10
        XCTAssertThrowsError(try PNG.decode(png, options: options)) { error in
            XCTAssertEqual(error as? CodecError, .pixelLimitExceeded(dimensions: [20, 30], limit: 10))
            XCTAssertTrue(
                String(describing: error).hasPrefix("30×20 exceeds the pixel limit (600 > 10); "), "\(error)")
        }
        XCTAssertEqual(try ImageFile.info(of: png).width, 30)
        // A stack's shape is printed as stored: count × rows × columns.
        let stack = CodecError.pixelLimitExceeded(dimensions: [4, 20, 30], limit: 10).description
        XCTAssertTrue(stack.hasPrefix("4×20×30 exceeds the pixel limit (2400 > 10); "), stack)
    }
}
