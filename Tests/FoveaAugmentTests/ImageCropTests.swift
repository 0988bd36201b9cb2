import XCTest

@testable import FoveaAugment

final class ImageCropTests: XCTestCase {
    let image = try! Image<UInt8>(width: 5, height: 4, layout: .gray) { x, y, _ in UInt8(10 * y + x) }

    func testCenterCropLeavesTheOddPixelOnTheRightAndBottom() throws {
        let crop = try image.centerCropped(width: 2, height: 3)
        XCTAssertEqual(crop.samples, [1, 2, 11, 12, 21, 22])
    }

    func testRandomCropIsInsideDeterministicAndReachesEveryPosition() throws {
        var seen = Set<UInt8>()
        for i in 0..<200 {
            var a = RandomStream(seed: 5, UInt64(i))
            var b = RandomStream(seed: 5, UInt64(i))
            let crop = try image.randomCropped(width: 3, height: 3, using: &a)
            XCTAssertEqual(crop, try image.randomCropped(width: 3, height: 3, using: &b))
            seen.insert(crop.samples[0])
        }
        XCTAssertEqual(seen, [0, 1, 2, 10, 11, 12])  // the 3×2 possible top-left corners
    }

    func testCropsLargerThanTheImageThrow() {
        XCTAssertThrowsError(try image.centerCropped(width: 6, height: 1)) { error in
            XCTAssertEqual(error as? AugmentError, .invalidSize(width: 6, height: 1, imageWidth: 5, imageHeight: 4))
        }
    }
}
