import XCTest

@testable import FoveaCodecs

final class ExifOrientationTests: XCTestCase {
    /// A 3×2 image whose pixel values are 10·y + x:  [0 1 2; 10 11 12].
    private let image = Image.assumingValid(
        width: 3, height: 2, layout: .gray, samples: [0, 1, 2, 10, 11, 12] as [UInt8])

    func testEachOrientationMapsPixelsAsTheExifSpecificationSays() {
        let expected: [Int: (Int, Int, [UInt8])] = [
            1: (3, 2, [0, 1, 2, 10, 11, 12]),
            2: (3, 2, [2, 1, 0, 12, 11, 10]),  // mirror left-right
            3: (3, 2, [12, 11, 10, 2, 1, 0]),  // rotate 180°
            4: (3, 2, [10, 11, 12, 0, 1, 2]),  // mirror top-bottom
            5: (2, 3, [0, 10, 1, 11, 2, 12]),  // transpose
            6: (2, 3, [10, 0, 11, 1, 12, 2]),  // rotate 90° clockwise
            7: (2, 3, [12, 2, 11, 1, 10, 0]),  // transverse
            8: (2, 3, [2, 12, 1, 11, 0, 10]),  // rotate 90° counter-clockwise
        ]
        for (orientation, (width, height, samples)) in expected {
            let turned = image.applyingExifOrientation(orientation)
            XCTAssertEqual(turned.width, width, "orientation \(orientation)")
            XCTAssertEqual(turned.height, height, "orientation \(orientation)")
            XCTAssertEqual(turned.samples, samples, "orientation \(orientation)")
        }
    }

    func testParsesBigAndLittleEndianTIFFAndRejectsMalformedOnes() {
        let little: [UInt8] = [
            0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
        ]
        let big: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 3, 0, 0, 0, 0, 0, 0]
        XCTAssertEqual(little.withUnsafeBufferPointer { ExifOrientation.parse($0) }, 6)
        XCTAssertEqual(big.withUnsafeBufferPointer { ExifOrientation.parse($0) }, 3)
        var outOfRange = little
        outOfRange[18] = 9
        XCTAssertNil(outOfRange.withUnsafeBufferPointer { ExifOrientation.parse($0) })
        var badOffset = little
        badOffset[4] = 200
        XCTAssertNil(badOffset.withUnsafeBufferPointer { ExifOrientation.parse($0) })
        XCTAssertNil(Array(little.prefix(12)).withUnsafeBufferPointer { ExifOrientation.parse($0) })
    }
}
