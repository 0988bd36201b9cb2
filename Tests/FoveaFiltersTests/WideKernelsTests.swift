import XCTest

@testable import FoveaFilters

/// The AVX2 and AVX-512 row loops (`CFoveaKernels`) must give the same bits as the portable Swift loops they replace, for
/// every kernel shape the correlation engine and the median route to them, with tails of every length.
final class WideKernelsTests: XCTestCase {
    override func tearDown() {
        WideKernels.cap(at: 2)
        super.tearDown()
    }

    /// Runs `body` with the portable loops and then with every wider level the CPU has (AVX2, AVX-512 BW);
    /// skipped where it has none.
    private func allPaths<R: Hashable>(_ body: () -> R) throws -> [R] {
        WideKernels.cap(at: 0)
        XCTAssertFalse(WideKernels.available)
        var results = [body()]
        for level in 1...2 where WideKernels.cap(at: level) == level { results.append(body()) }
        guard results.count > 1 else { throw XCTSkip("no AVX2 on this CPU: only the portable loops run") }
        return results
    }

    private func bits(_ image: Image<Float>) -> [UInt32] { image.samples.map(\.bitPattern) }

    private static let kernels: [(String, Kernel)] = [
        ("sobel x", .sobel(dx: 1, dy: 0)), ("sobel y", .sobel(dx: 0, dy: 1)),
        ("sobel 5", .sobel(dx: 1, dy: 1, size: 5)),
        ("laplacian 1", .laplacian(size: 1)), ("laplacian 3", .laplacian(size: 3)),
        ("gaussian 7", .gaussian(sigmaX: 1, width: 7)),
        ("gaussian 5×3", .gaussian(sigmaX: 1.1, sigmaY: 0.7, width: 5, height: 3)),
        ("gaussian 11", .gaussian(sigmaX: 2)),
        ("[1,0,-1] rows", Kernel(rows: [[1, 0, -1], [1, 0, -1], [1, 0, -1]])),
        ("its transpose", Kernel(rows: [[1, 1, 1], [0, 0, 0], [-1, -1, -1]])), ("dense 3×3", Fixtures.k3),
        ("dense 4×4", Fixtures.k4), ("5×2 anchored", Fixtures.k52),
        ("sobel anchored", Kernel(row: [-1, 0, 1], column: [1, 2, 1], anchorX: 0, anchorY: 2)),
        ("general 3×3 separable", Kernel(row: [0.3, -1.2, 2], column: [1, 0.5, 0.25], anchorX: 2)),
    ]

    private static let borders: [BorderMode] = [.reflect101, .replicate, .constant(.sample(7)), .wrap]

    func testCorrelationGivesTheSameBitsOnBothPaths() throws {
        let shapes = [
            (67, 9, ChannelLayout.gray), (16, 5, .gray), (131, 6, .rgb), (5, 4, .gray), (50, 4, .gray),
            (77, 5, .rgba), (70, 5, .grayAlpha), (64, 3, .gray), (83, 4, .gray),
        ]
        for (w, h, layout) in shapes {
            let u8 = try Image<UInt8>(width: w, height: h, layout: layout) { x, y, c in
                UInt8((x * 37 + y * 11 + c * 5) % 256)
            }
            let f32 = try Image<Float>(width: w, height: h, layout: layout) { x, y, c in
                Float((x * 37 + y * 11 + c * 5) % 256) * 0.37 - 20 + (x % 3 == 0 ? 1e-3 : 0)
            }
            for (name, kernel) in Self.kernels {
                for border in Self.borders {
                    let a = try allPaths {
                        bits(u8.correlated(with: kernel, border: border, threads: 1, as: Float.self))
                    }
                    XCTAssertEqual(Set(a).count, 1, "u8 \(name) \(border) \(w)×\(h) \(layout)")
                    for region in [FilterRegion.same, .valid] {
                        let b = try allPaths {
                            bits(f32.correlated(with: kernel, border: border, region: region, threads: 1))
                        }
                        XCTAssertEqual(Set(b).count, 1, "f32 \(name) \(border) \(region) \(w)×\(h) \(layout)")
                    }
                    // Float in, UInt8 out: the rows go through a Float row buffer and are rounded and saturated.
                    let bytes = try allPaths {
                        f32.correlated(with: kernel, border: border, threads: 1, as: UInt8.self).samples
                    }
                    XCTAssertEqual(Set(bytes).count, 1, "f32 → u8 \(name) \(border) \(w)×\(h) \(layout)")
                }
            }
        }
    }

    /// The fused separable 3×3 row (AVX-512) starts each row's loop where its middle source row is 64-byte aligned,
    /// so where the loop meets the row's two ends moves from row to row with the row stride, and it leaves out a
    /// factor of exactly 1 (Sobel's [1, 2, 1], a [1, 0, −1] row): NaN, infinities, signed zeros, subnormals and
    /// overflowing sums must keep the bits of the portable passes at every level, over widths whose rows start at
    /// every alignment, and bands of any length split anywhere by the thread count.
    func testFusedSeparable3x3KeepsTheBitsOfSpecialValuesAtEveryRowAlignment() throws {
        let specials: [Float] = [
            .nan, .infinity, -.infinity, -0.0, 0, .leastNormalMagnitude / 4, -.leastNonzeroMagnitude, -3e38, 3e38, 0.1,
            -7.25,
        ]
        let kernels: [(String, Kernel)] = [
            ("sobel x", .sobel(dx: 1, dy: 0)), ("sobel y", .sobel(dx: 0, dy: 1)),
            ("unit antisymmetric row", Kernel(row: [1, 0, -1], column: [1, 2, 1])),
            ("unit symmetric row", Kernel(row: [1, 0.5, 1], column: [-1, 0, 1], anchorX: 2)),
            ("scharr x", Kernel(row: [-1, 0, 1], column: [3, 10, 3])),
        ]
        for (w, layout) in [(64, ChannelLayout.gray), (67, .gray), (81, .gray), (100, .gray), (45, .rgb), (29, .rgba)] {
            let image = try Image<Float>(width: w, height: 7, layout: layout) { x, y, c in
                let hash = (x &* 2_654_435_761 ^ y &* 40_503 ^ c &* 977) >> 7
                return hash % 5 == 0 ? specials[hash / 5 % specials.count] : Float(hash % 200) * 0.37 - 30
            }
            for (name, kernel) in kernels {
                for border in Self.borders {
                    let results = try allPaths { bits(image.correlated(with: kernel, border: border, threads: 1)) }
                    XCTAssertEqual(Set(results).count, 1, "\(name) \(border) \(w) \(layout)")
                }
            }
        }
        // Bands of 32 rows or more, each one C call starting in the middle of the image (1024-sample rows).
        let tall = try Image<Float>(width: 1024, height: 100, layout: .gray) { x, y, _ in
            let hash = (x &* 2_654_435_761 ^ y &* 40_503) >> 7
            return hash % 5 == 0 ? specials[hash / 5 % specials.count] : Float(hash % 200) * 0.37 - 30
        }
        for (name, kernel) in kernels {
            let results = try allPaths { [1, 2, 3].map { bits(tall.correlated(with: kernel, threads: $0)) } }
            XCTAssertEqual(Set(results.flatMap { $0 }).count, 1, "\(name) 1024×100 at 1, 2 and 3 threads")
        }
    }

    /// Float 3×3 dense kernels read the middle of each row straight from the source and only the ends from a
    /// padded copy (`dense3x3FloatBand`); UInt16 samples holding the same integers take the copying path
    /// (`denseBand`) over the same Float values, so both must give the same bits, at every level, for every
    /// border, anchor, region, channel count and tail length, and at any thread count.
    func testCopyFree3x3MatchesTheCopyingPathBitForBit() throws {
        let kernels: [(String, Kernel)] = [
            ("laplacian 1", .laplacian(size: 1)), ("laplacian 3", .laplacian(size: 3)),
            ("[1,0,-1] rows", Kernel(rows: [[1, 0, -1], [1, 0, -1], [1, 0, -1]])),
            ("its transpose", Kernel(rows: [[1, 1, 1], [0, 0, 0], [-1, -1, -1]])), ("dense 3×3", Fixtures.k3),
            ("anchor 0,0", Kernel(rows: [[0, 1, 0], [1, -4, 1], [0, 1, 0]], anchorX: 0, anchorY: 0)),
            ("anchor 2,1", Kernel(rows: [[1, 2, 0], [-1, 0.5, 3], [0, -2, 1]], anchorX: 2, anchorY: 1)),
        ]
        let shapes = [
            (34, 3, ChannelLayout.gray), (35, 4, .gray), (50, 5, .gray), (67, 9, .gray), (100, 6, .gray),
            (257, 4, .gray), (131, 6, .rgb), (40, 5, .rgba), (29, 3, .grayAlpha), (16, 5, .gray), (5, 4, .gray),
        ]
        for (w, h, layout) in shapes {
            let u16 = try Image<UInt16>(width: w, height: h, layout: layout) { x, y, c in
                UInt16((x * 7919 + y * 104_729 + c * 31) % 1000)
            }
            let f32 = try Image<Float>(width: w, height: h, layout: layout) { x, y, c in
                Float((x * 7919 + y * 104_729 + c * 31) % 1000)
            }
            for (name, kernel) in kernels {
                for border in Self.borders {
                    for region in [FilterRegion.same, .valid] {
                        let label = "\(name) \(border) \(region) \(w)×\(h) \(layout)"
                        let copying = try allPaths {
                            bits(
                                u16.correlated(with: kernel, border: border, region: region, threads: 1, as: Float.self)
                            )
                        }
                        let copyFree = try allPaths {
                            bits(f32.correlated(with: kernel, border: border, region: region, threads: 1))
                        }
                        XCTAssertEqual(Set(copying + copyFree).count, 1, label)
                    }
                }
            }
        }
        // Bands split across threads (a 1024-sample row makes bands of 8 rows).
        let tall = try Image<Float>(width: 1024, height: 37, layout: .gray) { x, y, _ in
            Float((x * 37 + y * 11) % 256) * 0.37 - 20
        }
        for (name, kernel) in kernels {
            let results = try allPaths {
                [1, 2, 3, 5].map { bits(tall.correlated(with: kernel, threads: $0)) }
            }
            XCTAssertEqual(Set(results.flatMap { $0 }).count, 1, "\(name) 1024×37 at 1, 2, 3 and 5 threads")
        }
    }

    /// The UInt8 Gaussian's 16-bit fixed-point passes (`FixedPointGaussian`) run 16 lanes (AVX2) or 32 (AVX-512 BW)
    /// in C: every level must give the bytes of a plain scalar model of the documented arithmetic, for the
    /// Gaussians' 3, 5 and 7 taps, longer and asymmetric kernels, 1–4 channels and every tail length.
    func testFixedPointGaussianMatchesAScalarModelAtEveryLevel() throws {
        let kernels: [(String, Kernel)] = [
            ("σ 0.8", .gaussian(sigmaX: 0.8, for: .uint8)), ("σ 1, 7×7", .gaussian(sigmaX: 1, width: 7)),
            ("5×3", .gaussian(sigmaX: 1.1, sigmaY: 0.6, width: 5, height: 3)),
            ("σ 2", .gaussian(sigmaX: 2, for: .uint8)),
            ("asymmetric", Kernel(row: [0.1, 0.5, 0.4], column: [0.2, 0.3, 0.1, 0.4])),
            ("wide", Kernel(row: [Float](repeating: 1 / 9, count: 9), column: [0.25, 0.5, 0.25])),
        ]
        let shapes = [
            (16, 9, ChannelLayout.gray), (17, 4, .gray), (31, 5, .gray), (32, 3, .gray), (33, 6, .gray),
            (70, 8, .gray), (11, 5, .rgb), (23, 4, .rgba), (9, 7, .grayAlpha), (131, 5, .rgb),
        ]
        for (w, h, layout) in shapes {
            let c = layout.channelCount
            let image = try Image<UInt8>(width: w, height: h, layout: layout) { x, y, k in
                UInt8(truncatingIfNeeded: (x &* 2_654_435_761 ^ y &* 40_503 ^ k &* 977) >> 9)
            }
            for (name, kernel) in kernels {
                let rowFactor = try XCTUnwrap(kernel.rowFactor), columnFactor = try XCTUnwrap(kernel.columnFactor)
                let rw = try XCTUnwrap(FixedPointGaussian.quantize8(rowFactor)).map(Int.init)
                let cw = try XCTUnwrap(FixedPointGaussian.quantize16(columnFactor)).map(Int.init)
                let ax = kernel.anchorX, ay = kernel.anchorY
                // The scalar model, replicated border: h = Σ rw·p (mod 2¹⁶), out = (128 + Σ ⌊h·cw / 2¹⁶⌋) >> 8.
                func sample(_ x: Int, _ y: Int, _ k: Int) -> Int {
                    Int(image.samples[(min(max(y, 0), h - 1) * w + min(max(x, 0), w - 1)) * c + k])
                }
                var expected = [UInt8](repeating: 0, count: w * h * c)
                for y in 0..<h {
                    for x in 0..<w {
                        for k in 0..<c {
                            var s = 128
                            for (j, cj) in cw.enumerated() {
                                var row = 0
                                for (i, ri) in rw.enumerated() { row += ri * sample(x + i - ax, y + j - ay, k) }
                                s += ((row & 0xFFFF) * cj) >> 16
                            }
                            expected[(y * w + x) * c + k] = UInt8((s & 0xFFFF) >> 8)
                        }
                    }
                }
                let results = try allPaths {
                    FixedPointGaussian.blur(image, kernel: kernel, border: .replicate, threads: 1)?.samples ?? []
                }
                for (level, result) in results.enumerated() {
                    XCTAssertEqual(result, expected, "\(name) \(w)×\(h) \(layout) level \(level)")
                }
                for border in Self.borders {
                    let banded = try allPaths {
                        FixedPointGaussian.blur(image, kernel: kernel, border: border, threads: 3)?.samples ?? []
                    }
                    XCTAssertEqual(Set(banded).count, 1, "\(name) \(border) \(w)×\(h) \(layout)")
                }
            }
        }
    }

    /// Canny's C loops (the Sobel pair, the suppression with its seed list) and the gradient magnitude that shares
    /// the Sobel pair: the same bytes and bits at every level, for integer and fractional samples, gray and
    /// RGB, both norms, one band and several, and widths that leave every tail (16-lane, 8-lane, scalar).
    func testCannyAndTheSobelPairGiveTheSameResultsAtEveryLevel() throws {
        let shapes = [
            (67, 23, ChannelLayout.gray), (16, 17, .gray), (8, 5, .gray), (7, 19, .gray), (31, 33, .gray),
            (24, 18, .gray), (45, 20, .rgb), (33, 34, .rgba), (130, 40, .gray),
        ]
        for (w, h, layout) in shapes {
            // Smooth ramps plus hashed texture, so every direction, threshold band and tracing path occurs.
            let u8 = try Image<UInt8>(width: w, height: h, layout: layout) { x, y, c in
                let ramp = (x * 23 + y * 9 + c * 40) % 256
                let noise = (x &* 2_654_435_761 ^ y &* 40_503 ^ c &* 977) >> 9 & 63
                return UInt8((ramp + noise) % 256)
            }
            let f32 = try Image<Float>(width: w, height: h, layout: layout) { x, y, c in
                Float(u8[x: x, y: y, channel: c]) * 0.37 + (x % 3 == 0 ? 0.013 : 0)
            }
            for norm in [GradientNorm.l1, .l2] {
                for threads in [1, 3] {
                    let edges = try allPaths { u8.cannyEdges(low: 60, high: 180, norm: norm, threads: threads).samples }
                    XCTAssertEqual(Set(edges).count, 1, "canny u8 \(norm) \(w)×\(h) \(layout) \(threads) threads")
                    let fractional = try allPaths {
                        f32.cannyEdges(low: 20, high: 70, norm: norm, threads: threads).samples
                    }
                    XCTAssertEqual(Set(fractional).count, 1, "canny f32 \(norm) \(w)×\(h) \(layout) \(threads) threads")
                    XCTAssertTrue(fractional[0].contains(255) && fractional[0].contains(0), "no f32 edges: \(w)×\(h)")
                    XCTAssertTrue(edges[0].contains(255) && edges[0].contains(0), "no edges to compare: \(w)×\(h)")
                }
                let magnitudes = try allPaths { bits(f32.gradientMagnitude(norm: norm, threads: 2)) }
                XCTAssertEqual(Set(magnitudes).count, 1, "magnitude \(norm) \(w)×\(h) \(layout)")
            }
        }
    }

    func testMedianGivesTheSameBytesOnBothPaths() throws {
        let shapes = [
            (67, 9, ChannelLayout.gray), (130, 7, .gray), (64, 6, .gray), (32, 3, .gray), (31, 4, .gray), (45, 7, .rgb),
            (1, 1, .gray), (65, 5, .gray), (33, 2, .gray), (17, 5, .rgba), (200, 1, .gray), (97, 8, .grayAlpha),
        ]
        for (w, h, layout) in shapes {
            let image = try Image<UInt8>(width: w, height: h, layout: layout) { x, y, c in
                UInt8(truncatingIfNeeded: (x &* 2_654_435_761 ^ y &* 40_503 ^ c &* 977) >> 7)
            }
            for size in [3, 5] {
                let results = try allPaths { image.medianFiltered(size: size, threads: 1).samples }
                XCTAssertEqual(Set(results).count, 1, "median \(size) \(w)×\(h) \(layout)")
            }
        }
    }

    /// The 3×3 median's wide loops run two output rows per call (sharing the sorted pair of their middle rows)
    /// and an odd last row of a band alone; every level and every band split must give the plain sort's bytes.
    func testMedian3x3MatchesAPlainSortAtEveryLevelAndThreadCount() throws {
        for (w, h, layout) in [(70, 7, ChannelLayout.gray), (129, 6, .gray), (33, 5, .rgb), (41, 3, .rgba)] {
            let image = try Image<UInt8>(width: w, height: h, layout: layout) { x, y, c in
                UInt8(truncatingIfNeeded: (x &* 2_246_822_519 ^ y &* 3_266_489_917 ^ c &* 668_265_263) >> 11)
            }
            let c = layout.channelCount
            var expected = [UInt8](repeating: 0, count: w * h * c)
            for y in 0..<h {
                for x in 0..<w {
                    for k in 0..<c {
                        var window: [UInt8] = []
                        for dy in -1...1 {
                            for dx in -1...1 {
                                let sx = min(max(x + dx, 0), w - 1), sy = min(max(y + dy, 0), h - 1)
                                window.append(image.samples[(sy * w + sx) * c + k])
                            }
                        }
                        expected[(y * w + x) * c + k] = window.sorted()[4]
                    }
                }
            }
            let results = try allPaths { image.medianFiltered(size: 3, threads: 1).samples }
            for (level, result) in results.enumerated() {
                XCTAssertEqual(result, expected, "\(w)×\(h) \(layout) level \(level)")
            }
            // Bands as thread chunks would cut them, starting at odd and even rows (these images are too small
            // for `medianFiltered` to split them).
            let banded = try allPaths {
                var out = [UInt8](repeating: 0, count: w * h * c)
                image.samples.withUnsafeBufferPointer { src in
                    out.withUnsafeMutableBufferPointer { dst in
                        for rows in [0..<1, 1..<min(4, h), min(4, h)..<h] {
                            MedianFilter.band(
                                src.nonEmptyBaseAddress, width: w, height: h, channels: c, size: 3, rows: rows,
                                into: dst.nonEmptyBaseAddress, lanes: U8Lanes.self)
                        }
                    }
                }
                return out
            }
            for (level, result) in banded.enumerated() {
                XCTAssertEqual(result, expected, "\(w)×\(h) \(layout) level \(level), bands from rows 0, 1 and 4")
            }
        }
    }
}
