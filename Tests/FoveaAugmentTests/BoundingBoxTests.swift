import XCTest

@testable import FoveaAugment

final class BoundingBoxTests: XCTestCase {
    func testQuarterTurnMovesABoxWhereWorkedOutByHand() throws {
        // 10×10 image, centre (4.5, 4.5); 90° counter-clockwise sends (x, y) to (y, 9 − x).
        // Box x 1…3, y 2…6 → x 2…6, y 6…8.
        let t = FoveaAugment.AffineTransform.rotation(degrees: 90, about: .center(width: 10, height: 10))
        let box = BoundingBox(xMin: 1, yMin: 2, xMax: 3, yMax: 6, label: 7)
        let moved = try XCTUnwrap(box.transformed(by: t, clippingTo: 10, height: 10))
        XCTAssertEqual(moved, BoundingBox(xMin: 2, yMin: 6, xMax: 6, yMax: 8, label: 7))
    }

    func testRotatedBoxBecomesTheEnclosingBoxOfItsCorners() throws {
        // A 2×2 box centred on (5, 5) turned 45° about its centre: corners at distance √2 along the axes.
        let t = FoveaAugment.AffineTransform.rotation(degrees: 45, about: ImagePoint(x: 5, y: 5))
        let moved = try XCTUnwrap(
            BoundingBox(xMin: 4, yMin: 4, xMax: 6, yMax: 6).transformed(by: t, clippingTo: 20, height: 20))
        XCTAssertEqual(moved.xMin, 5 - 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(moved.xMax, 5 + 2.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(moved.yMin, 5 - 2.0.squareRoot(), accuracy: 1e-12)
    }

    func testBoxesAreClippedToTheImageAndDroppedWhenOutside() {
        let box = BoundingBox(xMin: 1, yMin: 1, xMax: 3, yMax: 3)
        let clipped = box.transformed(by: .translation(x: 8, y: 0), clippingTo: 10, height: 10)
        XCTAssertEqual(clipped, BoundingBox(xMin: 9, yMin: 1, xMax: 9.5, yMax: 3))
        XCTAssertNil(box.transformed(by: .translation(x: 20, y: 0), clippingTo: 10, height: 10))
        XCTAssertNil(box.transformed(by: .translation(x: 0, y: -3.5), clippingTo: 10, height: 10))
    }
}
