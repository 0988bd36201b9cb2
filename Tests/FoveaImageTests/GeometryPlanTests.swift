import XCTest

@testable import FoveaImage

final class GeometryPlanTests: XCTestCase {
    /// Pillow's ImageOps.fit (cover), contain and pad against the fixture, exactly (8-bit).
    func testCoverContainAndPadMatchPillowsImageOps() throws {
        let fixtures = try ResizeFixtures.load()
        var checked = 0
        for c in fixtures.index.cases where ["cover", "contain", "pad"].contains(c.op) {
            let image = try fixtures.input(c.input, as: UInt8.self)
            let target = c.op == "contain" ? nil : PixelSize(width: c.width, height: c.height)
            // contain's fixture size is the contained size; ask for the box it came from (recorded in the name).
            let box = target ?? Self.containBox(for: c, in: fixtures)
            let plan = GeometryPlan(
                resize: .size(width: box.width, height: box.height), fit: ResizeFit(rawValue: c.op) ?? .stretch,
                filter: c.resampleFilter)
            let out = try plan.apply(to: image)
            XCTAssertEqual(
                PixelSize(width: out.width, height: out.height), PixelSize(width: c.width, height: c.height), c.label)
            XCTAssertEqual(
                try plan.outputSize(width: image.width, height: image.height),
                PixelSize(width: out.width, height: out.height))
            let worst = largestDifference(out.samples, fixtures.output(c, as: UInt8.self))
            XCTAssertEqual(worst.value, 0, "\(c.label): sample \(worst.index)")
            checked += 1
        }
        XCTAssertEqual(checked, 48)
    }

    /// The fixture script asks contain for the boxes in order; find this case's box by its position.
    static func containBox(for c: ResizeFixtures.Case, in fixtures: ResizeFixtures) -> PixelSize {
        let boxes = [
            PixelSize(width: 16, height: 16), PixelSize(width: 30, height: 12), PixelSize(width: 12, height: 30),
            PixelSize(width: 64, height: 48),
        ]
        let contains = fixtures.index.cases.filter {
            $0.op == "contain" && $0.input == c.input && $0.filter == c.filter
        }
        let position = contains.firstIndex { $0.offset == c.offset } ?? 0
        return boxes[position]
    }

    func testShorterSideKeepsTheAspectRatioWithTorchvisionsTruncation() throws {
        // torchvision Resize(256) on 500×375: long side int(256 · 500 / 375) = int(341.33) = 341.
        XCTAssertEqual(
            try GeometryPlan(resize: .shorterSide(256)).outputSize(width: 500, height: 375),
            PixelSize(width: 341, height: 256))
        XCTAssertEqual(
            try GeometryPlan(resize: .shorterSide(256)).outputSize(width: 375, height: 500),
            PixelSize(width: 256, height: 341))
        // int(224 · 333 / 200) = int(372.96) = 372 (truncated, not rounded).
        XCTAssertEqual(
            try GeometryPlan(resize: .shorterSide(224)).outputSize(width: 200, height: 333),
            PixelSize(width: 224, height: 372))
    }

    func testCenterCropRoundsHalfToEvenAsTorchvision() throws {
        // 341×256 → 224×224: left = round(117 / 2) = round(58.5) = 58 (ties to even), top = round(16) = 16.
        let image = try Image<Float>(width: 341, height: 256, layout: .gray) { x, y, _ in Float(x + 1000 * y) }
        let out = try GeometryPlan(centerCrop: PixelSize(width: 224, height: 224)).apply(to: image)
        XCTAssertEqual(out.width, 224)
        XCTAssertEqual(out[x: 0, y: 0], 58 + 16_000)
        // Margin 3: round(1.5) = 2; margin 5: round(2.5) = 2.
        let seven = try Image<UInt8>(width: 7, height: 9, layout: .gray) { x, y, _ in UInt8(x + 10 * y) }
        XCTAssertEqual(
            try GeometryPlan(centerCrop: PixelSize(width: 4, height: 4)).apply(to: seven)[x: 0, y: 0], 2 + 20)
    }

    func testOpsRunInTheOrderCropResizeCenterCrop() throws {
        let image = try Image<Float>(width: 40, height: 30, layout: .rgb) { x, y, c in Float(x + y + c) }
        let plan = GeometryPlan(
            crop: PixelRect(x: 4, y: 2, width: 20, height: 10), resize: .size(width: 40, height: 20),
            centerCrop: PixelSize(width: 10, height: 10))
        let manual = try image.cropped(x: 4, y: 2, width: 20, height: 10).resized(width: 40, height: 20)
            .cropped(x: 15, y: 5, width: 10, height: 10)
        XCTAssertEqual(try plan.apply(to: image), manual)
    }

    func testPadFillsTheBorderWithThePadValueAndTransparentAlpha() throws {
        let image = try Image<UInt8>(width: 4, height: 2, layout: .rgba, repeating: 200)
        let out = try GeometryPlan(resize: .size(width: 4, height: 4), fit: .pad, padValue: 0.5).apply(to: image)
        XCTAssertEqual(out.pixel(x: 0, y: 0), [128, 128, 128, 0])  // round((4 − 2) · 0.5) = 1 row above
        XCTAssertEqual(out.pixel(x: 0, y: 1), [200, 200, 200, 200])
        XCTAssertEqual(out.pixel(x: 0, y: 3), [128, 128, 128, 0])
    }

    func testBadGeometryIsATypedErrorBeforeAnyPixelIsTouched() throws {
        let image = try Image<UInt8>(width: 10, height: 8, layout: .gray, repeating: 0)
        XCTAssertThrowsError(try GeometryPlan(crop: PixelRect(x: 5, y: 0, width: 6, height: 8)).apply(to: image)) {
            XCTAssertEqual(
                $0 as? GeometryError,
                .cropOutside(PixelRect(x: 5, y: 0, width: 6, height: 8), imageWidth: 10, imageHeight: 8))
        }
        XCTAssertThrowsError(try GeometryPlan(resize: .size(width: 0, height: 3)).apply(to: image))
        XCTAssertThrowsError(try GeometryPlan(centerCrop: PixelSize(width: 11, height: 2)).apply(to: image)) {
            XCTAssertEqual(
                $0 as? GeometryError,
                .centerCropTooLarge(PixelSize(width: 11, height: 2), imageWidth: 10, imageHeight: 8))
        }
        XCTAssertThrowsError(
            try GeometryPlan(resize: .size(width: 1 << 40, height: 1 << 40)).apply(to: image, pixelLimit: 1000)
        ) {
            XCTAssertEqual($0 as? GeometryError, .tooManyPixels(width: 1 << 40, height: 1 << 40, limit: 1000))
        }
    }
}
