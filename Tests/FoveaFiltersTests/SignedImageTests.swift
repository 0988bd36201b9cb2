import XCTest

@testable import FoveaFilters

final class SignedImageTests: XCTestCase {
    func testAbsoluteSaturatedIsConvertScaleAbs() throws {
        let image = try SignedImage(width: 4, height: 1, layout: .gray, samples: [-300, -7, 0, 256])
        XCTAssertEqual(image.absoluteSaturated().samples, [255, 7, 0, 255])
    }

    func testFloatImageKeepsValues() throws {
        let image = try SignedImage(width: 2, height: 1, layout: .gray, samples: [-32768, 32767])
        XCTAssertEqual(image.floatImage().samples, [-32768, 32767])
        XCTAssertEqual(image[x: 1, y: 0], 32767)
    }

    func testSampleCountMismatchThrows() {
        XCTAssertThrowsError(try SignedImage(width: 2, height: 2, layout: .rgb, samples: [1, 2, 3])) { error in
            XCTAssertEqual(error as? ImageError, .sampleCountMismatch(expected: 12, actual: 3))
        }
    }
}
