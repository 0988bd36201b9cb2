import Foundation
import XCTest

@testable import FoveaImage

final class ImageResizeTests: XCTestCase {
    /// Every resize case of one library and input against the fixture, within `tolerance` (in sample units).
    func check<S: PixelSample>(
        _ type: S.Type, library: String, input: String, tolerance: Double, expectedCases: Int,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let fixtures = try ResizeFixtures.load()
        let image = try fixtures.input(input, as: S.self)
        var checked = 0
        for c in fixtures.index.cases where c.library == library && c.op == "resize" && c.input == input {
            for threads in [1, 2] {
                let out = try image.resized(
                    width: c.width, height: c.height, filter: c.resampleFilter, antialias: c.antialias, threads: threads
                )
                let expected = fixtures.output(c, as: S.self)
                XCTAssertEqual(out.samples.count, expected.count, c.label, file: file, line: line)
                let worst = largestDifference(out.samples, expected)
                XCTAssertLessThanOrEqual(
                    worst.value, tolerance, "\(c.label): sample \(worst.index)", file: file, line: line)
            }
            checked += 1
        }
        XCTAssertEqual(checked, expectedCases, "cases of \(library) \(input)", file: file, line: line)
    }

    // MARK: - Pillow (antialiased, the default)

    func testUInt8GrayMatchesPillowExactly() throws {
        try check(UInt8.self, library: "pillow", input: "gray_u8", tolerance: 0, expectedCases: 32)
    }

    func testUInt8RGBMatchesPillowExactly() throws {
        try check(UInt8.self, library: "pillow", input: "rgb_u8", tolerance: 0, expectedCases: 32)
    }

    func testUInt8RGBAMatchesPillowsPremultipliedResizeExactly() throws {
        try check(UInt8.self, library: "pillow", input: "rgba_u8", tolerance: 0, expectedCases: 32)
    }

    func testUInt16StaysSixteenBitAndMatchesPillowsFloatPathWithinOneLevel() throws {
        try check(UInt16.self, library: "pillow", input: "gray_u16", tolerance: 1, expectedCases: 32)
        try check(UInt16.self, library: "pillow", input: "rgb_u16", tolerance: 1, expectedCases: 32)
    }

    func testFloatMatchesPillowsFloatPath() throws {
        try check(Float.self, library: "pillow", input: "gray_f32", tolerance: 1e-5, expectedCases: 32)
    }

    // MARK: - OpenCV (antialias: false, and area)

    func testUInt8MatchesOpenCVWithinOneLevel() throws {
        try check(UInt8.self, library: "opencv", input: "gray_u8", tolerance: 1, expectedCases: 32)
        try check(UInt8.self, library: "opencv", input: "rgb_u8", tolerance: 1, expectedCases: 32)
    }

    func testUInt16MatchesOpenCVWithinOneLevel() throws {
        try check(UInt16.self, library: "opencv", input: "gray_u16", tolerance: 1, expectedCases: 32)
        try check(UInt16.self, library: "opencv", input: "rgb_u16", tolerance: 1, expectedCases: 32)
    }

    func testFloatMatchesOpenCV() throws {
        try check(Float.self, library: "opencv", input: "gray_f32", tolerance: 1e-4, expectedCases: 32)
    }

    // MARK: - The convention, worked by hand

    /// The worked example of the doc comment: 4 → 2 puts output centres at source 1.0 and 3.0, halfway
    /// between pixels, so bilinear averages pairs — with and without antialiasing (scale 2: the stretched
    /// triangle has support 2, weights ¼ ¾ ¾ ¼ around each centre, which also gives pair means here only
    /// when neighbours agree, so the antialiased case uses a two-level image).
    func testHalfPixelCentresOnTheWorkedExample() throws {
        let row = try Image<Float>(width: 4, height: 1, layout: .gray, samples: [0, 4, 8, 12])
        XCTAssertEqual(try row.resized(width: 2, height: 1, filter: .bilinear, antialias: false).samples, [2, 10])
        // Antialiased (Pillow): centre 1.0, support 2 → taps at 0, 1, 2 with triangle weights 0.25, 0.75, 0.75,
        // 0.25 over x − centre + ½ = −0.5, 0.5, 1.5 … scaled by ½: 0.75, 0.75, 0.25 (pixel 3 is beyond the
        // support) → (0.75·0 + 0.75·4 + 0.25·8) / 1.75 = 20/7.
        let antialiased = try row.resized(width: 2, height: 1, filter: .bilinear).samples
        XCTAssertEqual(antialiased[0], 20 / 7, accuracy: 1e-6)
        XCTAssertEqual(antialiased[1], (0.25 * 4 + 0.75 * 8 + 0.75 * 12) / 1.75, accuracy: 1e-6)
        // Upscaling 2 → 4: centres at source −0.25, 0.25, 0.75, 1.25 in index units; clamped at the edges.
        let two = try Image<Float>(width: 2, height: 1, layout: .gray, samples: [0, 8])
        XCTAssertEqual(try two.resized(width: 4, height: 1, filter: .bilinear, antialias: false).samples, [0, 2, 6, 8])
        XCTAssertEqual(try two.resized(width: 4, height: 1, filter: .bilinear).samples, [0, 2, 6, 8])
    }

    func testNearestPicksThePixelUnderEachCentre() throws {
        let row = try Image<UInt8>(width: 5, height: 1, layout: .gray, samples: [10, 20, 30, 40, 50])
        // Pillow: floor((i + ½)·2.5) = 1, 3; OpenCV INTER_NEAREST: floor(i·2.5) = 0, 2.
        XCTAssertEqual(try row.resized(width: 2, height: 1, filter: .nearest).samples, [20, 40])
        XCTAssertEqual(try row.resized(width: 2, height: 1, filter: .nearest, antialias: false).samples, [10, 30])
    }

    func testAreaHalvingAveragesTwoByTwoBlocks() throws {
        let image = try Image<Float>(width: 4, height: 2, layout: .gray, samples: [1, 2, 3, 5, 3, 4, 7, 9])
        XCTAssertEqual(try image.resized(width: 2, height: 1, filter: .area).samples, [2.5, 6])
    }

    func testTransparentColourDoesNotBleedIntoOpaqueNeighbours() throws {
        // A red opaque pixel next to a fully transparent green one: premultiplied, the result is pure red.
        let image = try Image<UInt8>(width: 2, height: 1, layout: .rgba, samples: [255, 0, 0, 255, 0, 255, 0, 0])
        let out = try image.resized(width: 1, height: 1, filter: .bilinear)
        XCTAssertEqual(out.samples, [255, 0, 0, 128])
    }

    func testSameSizeIsTheImageItself() throws {
        let image = try Image<UInt16>(width: 3, height: 2, layout: .rgb) { x, y, c in UInt16(x * 1000 + y * 77 + c) }
        for filter in ResampleFilter.allCases {
            XCTAssertEqual(try image.resized(width: 3, height: 2, filter: filter), image)
        }
    }

    func testFloatIsNotClamped() throws {
        let image = try Image<Float>(width: 4, height: 1, layout: .gray, samples: [0, 0, 1, 1])
        let out = try image.resized(width: 8, height: 1, filter: .bicubic)
        XCTAssertLessThan(out.samples.min() ?? 0, 0)  // bicubic undershoots before the step
        XCTAssertGreaterThan(out.samples.max() ?? 0, 1)
    }

    func testResultsDoNotDependOnThreadCount() throws {
        let image = try Image<UInt8>(width: 301, height: 203, layout: .rgb) { x, y, c in
            UInt8((x * 7 + y * 13 + c * 5) % 256)
        }
        for filter in ResampleFilter.allCases {
            for antialias in [true, false] {
                let one = try image.resized(width: 97, height: 61, filter: filter, antialias: antialias, threads: 1)
                for threads in [2, 3, 8] {
                    XCTAssertEqual(
                        try image.resized(
                            width: 97, height: 61, filter: filter, antialias: antialias, threads: threads), one,
                        "\(filter) antialias \(antialias) threads \(threads)")
                }
            }
        }
    }

    /// The AVX2 and AVX-512 loops (CFoveaKernels' fovea_resize.h) against the portable Swift loops (level 0), bit
    /// for bit: every layout, shrinking and growing on each axis (so both of Pillow's pass orders), odd widths for
    /// the vector tails, 1 and 2 threads.
    func testEverySIMDLevelGivesThePortableLoopsBits() throws {
        defer { ResizeKernels.capSIMDLevel(at: 2) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let sizes = [(1, 1), (7, 5), (57, 43), (301, 17), (13, 260)]
        let targets = [(1, 1), (5, 7), (97, 61), (400, 30), (31, 300), (640, 9)]
        let filters: [(ResampleFilter, Bool)] = [
            (.bilinear, true), (.bicubic, true), (.lanczos3, true), (.bilinear, false), (.bicubic, false),
        ]
        for layout in [ChannelLayout.gray, .grayAlpha, .rgb, .rgba] {
            for (width, height) in sizes {
                let image = try Image<UInt8>(width: width, height: height, layout: layout) { _, _, _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return UInt8(truncatingIfNeeded: state >> 56)
                }
                for (w, h) in targets {
                    for (filter, antialias) in filters {
                        var results: [Image<UInt8>] = []
                        for level in [0, 1, 2] where ResizeKernels.capSIMDLevel(at: level) == level {
                            for threads in [1, 2] {
                                results.append(
                                    try image.resized(
                                        width: w, height: h, filter: filter, antialias: antialias, threads: threads)
                                )
                            }
                        }
                        for r in results.dropFirst() {
                            XCTAssertEqual(
                                r, results[0], "\(layout) \(width)×\(height) → \(w)×\(h) \(filter) \(antialias)")
                        }
                    }
                }
            }
        }
    }

    /// Two threads resizing at once, each reusing its own per-thread scratch block (ResizeScratch) across calls of
    /// growing and shrinking intermediate sizes and both pass orders, give exactly the bits of one thread running
    /// the same calls in turn.
    func testConcurrentCallsWithReusedScratchGiveOneThreadsBits() throws {
        let sizes = [(301, 203), (64, 64), (224, 224), (17, 400)]
        let targets = [(224, 224), (97, 61), (500, 40), (33, 320)]
        var jobs: [(Image<UInt8>, Int, Int)] = []
        for (index, (width, height)) in sizes.enumerated() {
            let image = try Image<UInt8>(width: width, height: height, layout: index % 2 == 0 ? .rgb : .gray) {
                x, y, c in UInt8((x * 7 + y * 13 + c * 5 + index) % 256)
            }
            for (w, h) in targets { jobs.append((image, w, h)) }
        }
        let expected = try jobs.map { try $0.0.resized(width: $0.1, height: $0.2, filter: .bilinear) }
        final class Mismatches: @unchecked Sendable {
            let lock = NSLock()
            var labels: [String] = []
        }
        let mismatches = Mismatches()
        let shared = UncheckedJobs(jobs: jobs, expected: expected)
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for round in 0..<20 {
                for i in 0..<shared.jobs.count {
                    // The workers walk the jobs in opposite directions, so their sizes differ at any moment.
                    let j = worker == 0 ? i : shared.jobs.count - 1 - i
                    let (image, w, h) = shared.jobs[j]
                    let out = try? image.resized(width: w, height: h, filter: .bilinear)
                    if out != shared.expected[j] {
                        mismatches.lock.lock()
                        mismatches.labels.append("worker \(worker) round \(round) job \(j)")
                        mismatches.lock.unlock()
                    }
                }
            }
        }
        XCTAssertEqual(mismatches.labels, [])
    }

    func testBadSizesThrowTypedErrors() throws {
        let image = try Image<UInt8>(width: 3, height: 2, layout: .gray, repeating: 0)
        XCTAssertThrowsError(try image.resized(width: 0, height: 2)) { error in
            XCTAssertEqual(error as? ImageError, .invalidResize(width: 0, height: 2, imageWidth: 3, imageHeight: 2))
        }
        XCTAssertThrowsError(try image.resized(width: -4, height: 2))
        XCTAssertThrowsError(try image.resized(width: Int.max, height: 2))
        let empty = try Image<UInt8>(width: 0, height: 0, layout: .gray)
        XCTAssertThrowsError(try empty.resized(width: 2, height: 2))
    }
}

/// The concurrent-scratch test's inputs and expected outputs, read (never written) by both workers.
private struct UncheckedJobs: @unchecked Sendable {
    let jobs: [(Image<UInt8>, Int, Int)]
    let expected: [Image<UInt8>]
}
