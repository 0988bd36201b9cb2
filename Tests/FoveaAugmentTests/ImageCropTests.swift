import XCTest

@testable import FoveaAugment

final class ImageCropTests: XCTestCase {
    let image = try! Image<UInt8>(width: 5, height: 4, layout: .gray) { x, y, _ in UInt8(10 * y + x) }

    /// torchvision's `int(round((h − th) / 2.0))`, ties to even: margins 3 and 1 give corner (round(1.5), round(0.5))
    /// = (2, 0); margins 1 and 3 give (0, 2).
    func testCenterCropRoundsTheCornerLikeTorchvision() throws {
        XCTAssertEqual(try image.centerCropped(width: 2, height: 3).samples, [2, 3, 12, 13, 22, 23])
        XCTAssertEqual(try image.centerCropped(width: 4, height: 1).samples, [20, 21, 22, 23])
        // An even margin splits evenly: 5 − 3 = 2 → corner x = 1.
        XCTAssertEqual(
            try image.centerCropped(width: 3, height: 4).samples, [1, 2, 3, 11, 12, 13, 21, 22, 23, 31, 32, 33])
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
