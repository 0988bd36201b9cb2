import XCTest

@testable import FoveaAugment

final class ImageResizeTests: XCTestCase {
    func testUInt8ResizesMatchOpenCVWithinOneLevel() throws {
        let fixtures = try OpenCVFixtures.load()
        var checked = 0
        for c in fixtures.index.cases where c.kind == "resize" && c.input == "rgb_u8" {
            let out = try fixtures.rgb.resized(width: c.width, height: c.height, interpolation: c.interpolationMode)
            XCTAssertEqual(out.samples.count, c.length, c.name)
            let worst = maxDifference(out.samples, fixtures.bytes(c))
            XCTAssertLessThanOrEqual(worst.value, 1, "\(c.name): sample \(worst.index)")
            checked += 1
        }
        XCTAssertEqual(checked, 5)
    }

    func testFloatResizesMatchOpenCVWithin1e4() throws {
        let fixtures = try OpenCVFixtures.load()
        var checked = 0
        for c in fixtures.index.cases where c.kind == "resize" && c.input == "gray_f32" {
            let out = try fixtures.gray.resized(width: c.width, height: c.height, interpolation: c.interpolationMode)
            XCTAssertEqual(out.samples.count, c.length / 4, c.name)
            let worst = maxDifference(out.samples, fixtures.floats(c))
            XCTAssertLessThanOrEqual(worst.value, 1e-4, "\(c.name): sample \(worst.index)")
            checked += 1
        }
        XCTAssertEqual(checked, 5)
    }

    func testAreaHalvingAveragesTwoByTwoBlocks() throws {
        let image = try Image<Float>(width: 4, height: 2, layout: .gray, samples: [1, 2, 3, 5, 3, 4, 7, 9])
        XCTAssertEqual(try image.resized(width: 2, height: 1, interpolation: .area).samples, [2.5, 6])
    }

    func testNearestDoublingRepeatsEveryPixel() throws {
        let image = try Image<UInt8>(width: 2, height: 2, layout: .gray, samples: [1, 2, 3, 4])
        XCTAssertEqual(
            try image.resized(width: 4, height: 4, interpolation: .nearest).samples,
            [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    func testSameSizeResizeIsACopy() throws {
        let image = try Image<UInt8>(width: 3, height: 2, layout: .rgb) { x, y, c in UInt8(x + 7 * y + 50 * c) }
        XCTAssertEqual(try image.resized(width: 3, height: 2, interpolation: .bicubic), image)
    }

    func testNonPositiveSizesThrow() throws {
        let image = try Image<UInt8>(width: 3, height: 2, layout: .gray, repeating: 0)
        XCTAssertThrowsError(try image.resized(width: 0, height: 2))
    }
}
