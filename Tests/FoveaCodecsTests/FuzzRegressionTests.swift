import Foundation
import XCTest

@testable import FoveaCodecs

/// Inputs the libFuzzer harnesses (`make fuzz`) once crashed on, kept as regression tests.
/// Run these under `make asan` too: two of the original failures were memory errors, not traps.
final class FuzzRegressionTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz/regressions")

    func regression(_ target: String, _ prefix: String) throws -> [UInt8] {
        let directory = Self.root.appendingPathComponent(target)
        let name = try XCTUnwrap(
            FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasPrefix(prefix) })
        return try [UInt8](Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// An IDX header announcing 0x3D000000 images of 0×0 pixels once allocated a billion empty images.
    func testIDXWithABillionEmptyImagesHitsThePixelLimit() throws {
        let bytes = try regression("idx", "idx-crash-74d0")
        XCTAssertEqual(Array(bytes[0..<8]), [0, 0, 8, 3, 0x3D, 0, 0, 0])
        XCTAssertThrowsError(try IDX.decodeImages(bytes)) { error in
            guard case CodecError.pixelLimitExceeded = error else { return XCTFail("got \(error)") }
        }
    }

    /// A JPEG with an EXIF orientation was read after libjpeg had freed its saved markers
    /// (heap-use-after-free under ASan). The orientation is now read before the pixels.
    func testJPEGWithExifDecodesWithoutTouchingFreedMarkers() throws {
        // Both are 16×8 RGB; Pillow reads orientation 3 (180°, size kept) and 6 (90° turn, so 8×16 upright).
        for (target, prefix, width, height) in [("jpeg", "jpeg-crash-062e", 16, 8), ("any", "any-crash-0fe3", 8, 16)] {
            let image = try ImageFile.decode(try regression(target, prefix))
            XCTAssertEqual([image.width, image.height], [width, height], prefix)
            XCTAssertEqual(image.layout, .rgb)
        }
    }

    /// A float NPY array holding NaNs must survive an encode → decode round trip bit for bit.
    func testNPYWithNaNsRoundTripsBitForBit() throws {
        let bytes = try regression("npy", "npy-crash-51ad")
        let array = try NPY.decode(bytes)
        let encoded = NPY.encode(array)
        XCTAssertEqual(NPY.encode(try NPY.decode(encoded)), encoded)
    }
}
