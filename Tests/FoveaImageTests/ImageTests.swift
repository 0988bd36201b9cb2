import XCTest

@testable import FoveaImage

final class ImageTests: XCTestCase {
    func testStorageIsRowMajorInterleavedFromTopLeft() throws {
        // 3×2 RGB; sample value encodes (x, y, c) so the index formula is checked independently.
        let image = try Image<UInt8>(width: 3, height: 2, layout: .rgb) { x, y, c in UInt8(100 * y + 10 * x + c) }
        XCTAssertEqual(image.samples.count, 18)
        XCTAssertEqual(Array(image.samples[0..<6]), [0, 1, 2, 10, 11, 12])
        XCTAssertEqual(image.samples[9], 100)  // (0, 1, red) follows the first row of 3 pixels × 3 channels
        XCTAssertEqual(image[x: 2, y: 1, channel: 2], 122)
        XCTAssertEqual(image.rowStride, 9)
    }

    func testSafeAccessReturnsNilOutsideTheImage() throws {
        let image = try Image<Float>(width: 2, height: 2, layout: .gray, repeating: 0.5)
        XCTAssertEqual(image.sample(x: 1, y: 1), 0.5)
        XCTAssertNil(image.sample(x: 2, y: 0))
        XCTAssertNil(image.sample(x: 0, y: -1))
        XCTAssertNil(image.sample(x: 0, y: 0, channel: 1))
        XCTAssertNil(image.pixel(x: -1, y: 0))
    }

    func testWrongSampleCountIsATypedError() {
        XCTAssertThrowsError(try Image<UInt8>(width: 2, height: 2, layout: .rgb, samples: [1, 2, 3])) { error in
            XCTAssertEqual(error as? ImageError, .sampleCountMismatch(expected: 12, actual: 3))
        }
    }

    func testNegativeAndOverflowingDimensionsAreRejected() {
        XCTAssertThrowsError(try Image<UInt8>(width: -1, height: 2, layout: .gray))
        XCTAssertThrowsError(try Image<UInt8>(width: Int.max / 2, height: 3, layout: .rgba)) { error in
            XCTAssertEqual(error as? ImageError, .invalidDimensions(width: Int.max / 2, height: 3))
        }
    }

    func testCropCopiesTheRequestedRectangle() throws {
        let image = try Image<UInt8>(width: 4, height: 3, layout: .gray) { x, y, _ in UInt8(10 * y + x) }
        let crop = try image.cropped(x: 1, y: 1, width: 2, height: 2)
        XCTAssertEqual(crop.width, 2)
        XCTAssertEqual(crop.samples, [11, 12, 21, 22])
    }

    func testCropOutsideTheImageThrows() throws {
        let image = try Image<UInt8>(width: 4, height: 3, layout: .gray)
        XCTAssertThrowsError(try image.cropped(x: 3, y: 0, width: 2, height: 1)) { error in
            XCTAssertEqual(
                error as? ImageError,
                .regionOutOfBounds(x: 3, y: 0, width: 2, height: 1, imageWidth: 4, imageHeight: 3))
        }
        XCTAssertThrowsError(try image.cropped(x: 0, y: 0, width: -1, height: 1))
    }

    func testChannelExtractsOnePlane() throws {
        let image = try Image<UInt8>(width: 2, height: 1, layout: .rgba, samples: [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(image.channel(3).samples, [4, 8])
        XCTAssertEqual(image.channel(3).layout, .gray)
    }

    func testAnyImageReportsItsContents() throws {
        let image = try Image<UInt16>(width: 5, height: 4, layout: .grayAlpha)
        let any = AnyImage(image)
        XCTAssertEqual(any.sampleType, .uint16)
        XCTAssertEqual(any.width, 5)
        XCTAssertEqual(any.height, 4)
        XCTAssertEqual(any.layout, .grayAlpha)
        XCTAssertEqual(any, .uint16(image))
    }
}
