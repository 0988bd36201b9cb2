import XCTest

@testable import FoveaFilters

final class CannyTests: XCTestCase {
    func testCannyMatchesOpenCVWithL1Gradient() throws {
        XCTAssertEqual(
            try Fixtures.grayU8.cannyEdges(low: 50, high: 150), try Fixtures.image("canny_50_150_l1_u8", as: UInt8.self)
        )
        XCTAssertEqual(
            try Fixtures.grayU8.cannyEdges(low: 20, high: 60), try Fixtures.image("canny_20_60_l1_u8", as: UInt8.self))
    }

    func testCannyMatchesOpenCVWithL2Gradient() throws {
        XCTAssertEqual(
            try Fixtures.grayU8.cannyEdges(low: 50, high: 150, norm: .l2),
            try Fixtures.image("canny_50_150_l2_u8", as: UInt8.self))
    }

    func testCannyOnColorUsesTheStrongestChannelLikeOpenCV() throws {
        XCTAssertEqual(
            try Fixtures.rgbU8.cannyEdges(low: 50, high: 150),
            try Fixtures.image("canny_50_150_l1_rgb_u8", as: UInt8.self))
    }

    /// 97 rows: up to 6 bands of 16 (8 per thread with 2 threads or more, so always 6 here), each tracing its own rows and
    /// initializing its own rows of the map, then the boundaries on one thread; edges cross every boundary. Every
    /// thread count must give OpenCV's edges.
    func testCannyMatchesOpenCVForEveryBandSplit() throws {
        let image = try Fixtures.image("input_gray_u8_131x97", as: UInt8.self)
        let weak = try Fixtures.image("canny_20_60_l1_u8_131x97", as: UInt8.self)
        let strong = try Fixtures.image("canny_50_150_l1_u8_131x97", as: UInt8.self)
        for threads in [1, 2, 3, 4, 6, 8] {
            XCTAssertEqual(image.cannyEdges(low: 20, high: 60, threads: threads), weak, "20/60, \(threads) threads")
            XCTAssertEqual(image.cannyEdges(low: 50, high: 150, threads: threads), strong, "50/150, \(threads) threads")
        }
    }

    /// 2 to 5 bands (images of 32 to 95 rows cut from the fixture): every split gives the one-band edges, which
    /// the tests above pin to OpenCV; so does an absurd thread count.
    func testCannyGivesTheOneBandEdgesForTwoToFiveBands() throws {
        let image = try Fixtures.image("input_gray_u8_131x97", as: UInt8.self)
        for height in [32, 47, 48, 64, 80, 95] {
            let part = try image.cropped(x: 0, y: 0, width: image.width, height: height)
            let oneBand = part.cannyEdges(low: 20, high: 60, threads: 1)
            XCTAssertGreaterThan(oneBand.samples.filter { $0 == 255 }.count, height, "\(height) rows: edges to trace")
            for threads in [2, 3, Int.max] {
                XCTAssertEqual(
                    part.cannyEdges(low: 20, high: 60, threads: threads), oneBand, "\(height) rows, \(threads)")
            }
        }
    }

    func testCannyFindsAVerticalStepOnce() throws {
        // A step from 0 to 200 between columns 4 and 5: one edge column, nothing on flat areas.
        let image = try Image<UInt8>(width: 10, height: 6, layout: .gray) { x, _, _ in x < 5 ? 0 : 200 }
        let edges = image.cannyEdges(low: 100, high: 300)
        for y in 0..<6 {
            let row = (0..<10).map { edges[x: $0, y: y] }
            XCTAssertEqual(row.filter { $0 == 255 }.count, 1, "row \(y): \(row)")
        }
        XCTAssertEqual(image.cannyEdges(sigma: 1, low: 20, high: 60).samples.filter { $0 == 255 }.count, 6)
    }
}
