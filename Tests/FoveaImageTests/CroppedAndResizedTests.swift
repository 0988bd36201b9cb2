import XCTest

@testable import FoveaImage

/// `croppedAndResized` against its definition, `cropped(...)` then `resized(...)`, bit for bit.
final class CroppedAndResizedTests: XCTestCase {
    /// Crops of a 23×19 image: touching each edge, each corner, interior, whole rows and columns, one pixel, the
    /// whole image and an empty one.
    let crops = [
        (0, 0, 23, 19), (0, 4, 9, 7), (14, 3, 9, 11), (5, 0, 8, 6), (6, 12, 10, 7), (0, 0, 5, 4), (18, 15, 5, 4),
        (0, 13, 23, 6), (22, 0, 1, 19), (7, 8, 1, 1), (3, 5, 12, 9), (4, 4, 0, 3),
    ]
    /// Output sizes: growing, shrinking, growing one axis while shrinking the other (both pass orders); the
    /// crop's own size is covered by the 1×1 crop to 1×1 and the whole image to 23×19.
    let targets = [(40, 33), (61, 47), (3, 2), (30, 4), (2, 25), (1, 1), (23, 19)]
    let filters: [(ResampleFilter, Bool)] = [
        (.bilinear, true), (.bicubic, true), (.lanczos3, true), (.nearest, true), (.area, true),
        (.bilinear, false), (.bicubic, false), (.nearest, false),
    ]

    func check<S: PixelSample>(
        _ image: Image<S>, threads: [Int] = [1, 2], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for (x, y, w, h) in crops {
            for (tw, th) in targets {
                for (filter, antialias) in filters {
                    let label = "\(S.self) \(image.layout) (\(x), \(y)) \(w)×\(h) → \(tw)×\(th) \(filter) \(antialias)"
                    for t in threads {
                        let direct = Result {
                            try image.croppedAndResized(
                                x: x, y: y, width: w, height: h, toWidth: tw, toHeight: th, filter: filter,
                                antialias: antialias, threads: t)
                        }
                        let twoSteps = Result {
                            try image.cropped(x: x, y: y, width: w, height: h).resized(
                                width: tw, height: th, filter: filter, antialias: antialias, threads: t)
                        }
                        switch (direct, twoSteps) {
                        case (.success(let a), .success(let b)):
                            XCTAssertEqual(a, b, "\(label), \(t) threads", file: file, line: line)
                        case (.failure(let a), .failure(let b)):
                            XCTAssertEqual(a as? ImageError, b as? ImageError, label, file: file, line: line)
                        default:
                            XCTFail(
                                "\(label): \(direct) but crop then resize gives \(twoSteps)", file: file, line: line)
                        }
                    }
                }
            }
        }
    }

    func pattern(_ x: Int, _ y: Int, _ c: Int) -> Int { (x * 37 + y * 101 + c * 59 + (x * y) % 7 * 31) % 256 }

    func testUInt8EqualsCropThenResize() throws {
        for layout in [ChannelLayout.gray, .grayAlpha, .rgb, .rgba] {
            let image = try Image<UInt8>(width: 23, height: 19, layout: layout) { x, y, c in
                UInt8(pattern(x, y, c))
            }
            try check(image)
        }
    }

    func testUInt16EqualsCropThenResize() throws {
        for layout in [ChannelLayout.gray, .rgb, .rgba] {
            let image = try Image<UInt16>(width: 23, height: 19, layout: layout) { x, y, c in
                UInt16(pattern(x, y, c) * 256 + (x + y) % 7 * 17)
            }
            try check(image)
        }
    }

    func testFloatEqualsCropThenResize() throws {
        for layout in [ChannelLayout.gray, .rgb, .rgba] {
            let image = try Image<Float>(width: 23, height: 19, layout: layout) { x, y, c in
                Float(pattern(x, y, c)) / 255 - 0.25
            }
            try check(image)
        }
    }

    /// The in-place 8-bit path at every SIMD level (AVX2, AVX-512 where the CPU has them) gives the portable
    /// loops' bits, with the crop's last row on the image's last row (where loads are padded by copying).
    func testEverySIMDLevelGivesThePortableLoopsBits() throws {
        defer { ResizeKernels.capSIMDLevel(at: 2) }
        for layout in [ChannelLayout.gray, .grayAlpha, .rgb, .rgba] {
            let image = try Image<UInt8>(width: 23, height: 19, layout: layout) { x, y, c in
                UInt8(pattern(x, y, c))
            }
            for (x, y, w, h) in crops where w > 0 {
                for (tw, th) in targets {
                    for filter in [ResampleFilter.bilinear, .bicubic, .lanczos3] {
                        var results: [Image<UInt8>] = []
                        for level in [0, 1, 2] where ResizeKernels.capSIMDLevel(at: level) == level {
                            for threads in [1, 2] {
                                results.append(
                                    try image.croppedAndResized(
                                        x: x, y: y, width: w, height: h, toWidth: tw, toHeight: th, filter: filter,
                                        threads: threads))
                            }
                        }
                        for r in results.dropFirst() {
                            XCTAssertEqual(r, results[0], "\(layout) (\(x), \(y)) \(w)×\(h) → \(tw)×\(th) \(filter)")
                        }
                    }
                }
            }
        }
    }

    /// Filter taps stop at the crop's edges, not the image's: a crop of a constant region surrounded by other
    /// values resizes to that constant (worked by hand: every tap lands inside the crop, weights sum to one).
    func testTapsStopAtTheCropsEdges() throws {
        let image = try Image<UInt8>(width: 12, height: 10, layout: .gray) { x, y, _ in
            (3..<9).contains(x) && (2..<7).contains(y) ? 100 : 250
        }
        for filter in [ResampleFilter.bilinear, .bicubic, .lanczos3] {
            let out = try image.croppedAndResized(
                x: 3, y: 2, width: 6, height: 5, toWidth: 17, toHeight: 3, filter: filter)
            XCTAssertEqual(out.samples, [UInt8](repeating: 100, count: 17 * 3), "\(filter)")
        }
    }

    /// Images under 4 samples wide, whose last rows are all too short for the 4-sample loads: each row keeps
    /// its own values. 1×5 → 2×5 bilinear is worked by hand: both outputs of a row weigh its one pixel by 1,
    /// and the same height weighs each row by 1 (Pillow's weights at scale 1 are exactly 1 and 0).
    func testNarrowImagesKeepEveryRow() throws {
        let column = try Image<UInt8>(width: 1, height: 5, layout: .gray, samples: [10, 20, 30, 40, 50])
        XCTAssertEqual(try column.resized(width: 2, height: 5).samples, [10, 10, 20, 20, 30, 30, 40, 40, 50, 50])
        let wide = try Image<UInt8>(width: 3, height: 5, layout: .gray) { x, y, _ in UInt8(10 * (y + 1) + x) }
        XCTAssertEqual(
            try wide.croppedAndResized(x: 2, y: 1, width: 1, height: 4, toWidth: 2, toHeight: 4).samples,
            [22, 22, 32, 32, 42, 42, 52, 52])
    }

    func testBadCropsAndSizesThrowTypedErrors() throws {
        let image = try Image<UInt8>(width: 4, height: 3, layout: .rgb)
        XCTAssertThrowsError(try image.croppedAndResized(x: 3, y: 0, width: 2, height: 1, toWidth: 5, toHeight: 5)) {
            XCTAssertEqual(
                $0 as? ImageError,
                .regionOutOfBounds(x: 3, y: 0, width: 2, height: 1, imageWidth: 4, imageHeight: 3))
        }
        XCTAssertThrowsError(try image.croppedAndResized(x: 1, y: 1, width: 2, height: 2, toWidth: 0, toHeight: 5)) {
            XCTAssertEqual($0 as? ImageError, .invalidResize(width: 0, height: 5, imageWidth: 2, imageHeight: 2))
        }
    }
}
