import XCTest

@testable import FoveaAugment

final class AffineTransformTests: XCTestCase {
    typealias Transform = FoveaAugment.AffineTransform

    func assertClose(_ p: ImagePoint, _ x: Double, _ y: Double, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(p.x, x, accuracy: 1e-12, file: file, line: line)
        XCTAssertEqual(p.y, y, accuracy: 1e-12, file: file, line: line)
    }

    func testRotationMatchesOpenCVGetRotationMatrix2DWorkedByHand() {
        // getRotationMatrix2D((10, 20), 30, 1): α = cos 30° = 0.8660254, β = sin 30° = 0.5,
        // M = [[α, β, (1 − α)·10 − β·20], [−β, α, β·10 + (1 − α)·20]] = [[α, 0.5, −8.660254], [−0.5, α, 7.679492]].
        let t = Transform.rotation(degrees: 30, about: ImagePoint(x: 10, y: 20))
        XCTAssertEqual(t.m00, 0.8660254037844387, accuracy: 1e-15)
        XCTAssertEqual(t.m01, 0.5, accuracy: 1e-15)
        XCTAssertEqual(t.m02, -8.660254037844387, accuracy: 1e-12)
        XCTAssertEqual(t.m10, -0.5, accuracy: 1e-15)
        XCTAssertEqual(t.m11, 0.8660254037844387, accuracy: 1e-15)
        XCTAssertEqual(t.m12, 7.679491924311227, accuracy: 1e-12)
    }

    func testQuarterTurnAboutTheCentreIsCounterClockwiseOnScreen() {
        // 5×5 image, centre (2, 2). Counter-clockwise with y down: the right-middle pixel goes to the top-middle,
        // the top-middle to the left-middle, the top-left corner to the bottom-left corner.
        let t = Transform.rotation(degrees: 90, about: .center(width: 5, height: 5))
        XCTAssertEqual(t.apply(to: ImagePoint(x: 4, y: 2)), ImagePoint(x: 2, y: 0))
        XCTAssertEqual(t.apply(to: ImagePoint(x: 2, y: 0)), ImagePoint(x: 0, y: 2))
        XCTAssertEqual(t.apply(to: ImagePoint(x: 0, y: 0)), ImagePoint(x: 0, y: 4))
        XCTAssertEqual(t.apply(to: ImagePoint(x: 2, y: 2)), ImagePoint(x: 2, y: 2))
    }

    func testTranslationScalingShearAndFlipsFollowTheirDefinitions() {
        assertClose(Transform.translation(x: 3, y: -2).apply(to: ImagePoint(x: 1, y: 1)), 4, -1)
        // Scaling about (1, 1): (2, 2) is one unit right and down, so it goes to (1 + 2, 1 + 0.5).
        assertClose(
            Transform.scaling(x: 2, y: 0.5, about: ImagePoint(x: 1, y: 1)).apply(to: ImagePoint(x: 2, y: 2)), 3, 1.5)
        assertClose(Transform.scaling(3).apply(to: ImagePoint(x: 1, y: -2)), 3, -6)
        // x-shear by 45°: x' = x + tan 45°·(y − 0) — the point one row down moves one column right.
        assertClose(Transform.shear(xDegrees: 45).apply(to: ImagePoint(x: 0, y: 1)), 1, 1)
        assertClose(
            Transform.shear(yDegrees: 45, about: ImagePoint(x: 2, y: 0)).apply(to: ImagePoint(x: 3, y: 0)), 3, 1)
        assertClose(
            Transform.shear(xDegrees: 20, about: ImagePoint(x: 5, y: 7)).apply(to: ImagePoint(x: 5, y: 7)), 5, 7)
        XCTAssertEqual(Transform.horizontalFlip(width: 5).apply(to: ImagePoint(x: 0, y: 3)), ImagePoint(x: 4, y: 3))
        XCTAssertEqual(Transform.verticalFlip(height: 4).apply(to: ImagePoint(x: 1, y: 1)), ImagePoint(x: 1, y: 2))
    }

    func testThenAppliesTheReceiverFirst() {
        let shift = Transform.translation(x: 1, y: 0)
        let double = Transform.scaling(2)
        XCTAssertEqual(shift.then(double).apply(to: .origin), ImagePoint(x: 2, y: 0))
        XCTAssertEqual(double.then(shift).apply(to: .origin), ImagePoint(x: 1, y: 0))
        XCTAssertEqual(shift.concatenating(double), shift.then(double))
        let p = ImagePoint(x: 3.5, y: -1.25)
        let a = Transform.rotation(degrees: 33, about: ImagePoint(x: 1, y: 2))
        let b = Transform.shear(xDegrees: 12).then(.scaling(x: 1.3, y: 0.7))
        let composed = a.then(b).apply(to: p)
        let stepwise = b.apply(to: a.apply(to: p))
        assertClose(composed, stepwise.x, stepwise.y)
    }

    func testInverseUndoesTheTransform() throws {
        let t = Transform.rotation(degrees: 123, about: ImagePoint(x: 50, y: 40))
            .then(.shear(xDegrees: -17)).then(.scaling(x: 0.6, y: 1.7)).then(.translation(x: 3, y: -9))
        let inverse = try XCTUnwrap(t.inverted())
        for p in [ImagePoint(x: 0, y: 0), ImagePoint(x: 223, y: 17.5), ImagePoint(x: -40, y: 99)] {
            let back = inverse.apply(to: t.apply(to: p))
            XCTAssertEqual(back.x, p.x, accuracy: 1e-9)
            XCTAssertEqual(back.y, p.y, accuracy: 1e-9)
        }
        let identity = t.then(inverse)
        for (value, expected) in [
            (identity.m00, 1.0), (identity.m01, 0), (identity.m02, 0),
            (identity.m10, 0), (identity.m11, 1), (identity.m12, 0),
        ] {
            XCTAssertEqual(value, expected, accuracy: 1e-12)
        }
    }

    func testSingularTransformsHaveNoInverse() {
        XCTAssertNil(Transform.scaling(x: 0, y: 1).inverted())
        XCTAssertNil(Transform(m00: 1, m01: 2, m02: 0, m10: 2, m11: 4, m12: 0).inverted())
        XCTAssertNil(Transform(m00: .infinity, m01: 0, m02: 0, m10: 0, m11: 1, m12: 0).inverted())
    }

    func testRightAngleRotationsUseExactSinesAndCosines() {
        XCTAssertEqual(Transform.rotation(degrees: 90), Transform(m00: 0, m01: 1, m02: 0, m10: -1, m11: 0, m12: 0))
        XCTAssertEqual(Transform.rotation(degrees: -180).m00, -1)
        XCTAssertEqual(Transform.rotation(degrees: 450), Transform.rotation(degrees: 90))
        XCTAssertEqual(Transform.rotation(degrees: 0), .identity)
    }
}
