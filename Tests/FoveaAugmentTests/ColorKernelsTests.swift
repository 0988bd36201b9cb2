import XCTest

@testable import FoveaAugment

/// The AVX2 and AVX-512 VBMI loops of color.c against the Swift loops, byte for byte, at every SIMD level.
final class ColorKernelsTests: XCTestCase {
    override func tearDown() {
        ColorSIMD.cap(at: 2)
        super.tearDown()
    }

    /// A deterministic image whose samples cover every level (greys and saturated pixels included).
    private func image(width: Int, height: Int, layout: ChannelLayout) throws -> Image<UInt8> {
        try Image<UInt8>(width: width, height: height, layout: layout) { x, y, c in
            if x % 7 == 3 { return UInt8(truncatingIfNeeded: y * 37) }  // a grey pixel (all channels equal)
            var h = UInt64(truncatingIfNeeded: ((y * width + x) * 4 + c)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            return UInt8(truncatingIfNeeded: h >> 7)
        }
    }

    private let adjustments: [PhotometricAdjustment] = [
        .brightness(factor: 0.63), .brightness(factor: 1.37), .contrast(factor: 0.4), .contrast(factor: 1.8),
        .gamma(exponent: 0.7), .gamma(exponent: 1.45), .solarize(threshold: 0.5), .posterize(bits: 3),
        .saturation(factor: 0), .saturation(factor: 0.55), .saturation(factor: 1.7), .hue(shift: 0.13),
        .hue(shift: -0.41), .hue(shift: 0.5), .hue(shift: -0.02),
        .gaussianNoise(standardDeviation: 0.3, seed: 5), .gaussianNoise(standardDeviation: 0.02, seed: 6),
    ]

    func testEverySIMDLevelGivesTheSwiftLoopsBytes() throws {
        let shapes: [(Int, Int, ChannelLayout)] = [
            (1, 1, .rgb), (5, 1, .rgb), (7, 1, .rgb), (8, 1, .rgb), (9, 1, .rgb), (15, 1, .rgb), (16, 1, .rgb),
            (17, 1, .rgb), (33, 3, .rgb), (224, 224, .rgb), (1367, 3, .rgb), (37, 11, .rgba), (21, 13, .gray),
            (23, 9, .grayAlpha),
        ]
        for (width, height, layout) in shapes {
            let input = try image(width: width, height: height, layout: layout)
            for adjustment in adjustments {
                ColorSIMD.cap(at: 0)
                let expected = input.adjusted(adjustment)
                for level in 1...2 {
                    guard ColorSIMD.cap(at: level) == level else { continue }
                    let got = input.adjusted(adjustment)
                    XCTAssertEqual(got, expected, "\(adjustment) at level \(level) on \(width)×\(height) \(layout)")
                }
            }
            XCTAssertEqual(input, try image(width: width, height: height, layout: layout), "input left as it was")
        }
    }

    func testChainsGiveTheSameBytesAtEveryLevel() throws {
        // ColorJitter's four ops, in two orders, on an image the chain owns after the first op.
        let input = try image(width: 61, height: 47, layout: .rgb)
        let orders: [[PhotometricAdjustment]] = [
            [.brightness(factor: 1.2), .contrast(factor: 0.7), .saturation(factor: 1.3), .hue(shift: 0.08)],
            [.hue(shift: -0.07), .saturation(factor: 0.6), .contrast(factor: 1.35), .brightness(factor: 0.75)],
        ]
        for order in orders {
            ColorSIMD.cap(at: 0)
            let expected = order.reduce(input) { $0.adjusted($1) }
            for level in 1...2 {
                guard ColorSIMD.cap(at: level) == level else { continue }
                XCTAssertEqual(order.reduce(input) { $0.adjusted($1) }, expected, "\(order) at level \(level)")
            }
        }
    }

    func testAppliedRecordsRewriteOnlyTheirOwnBuffer() throws {
        // AugmentationParameters.apply runs the first colour step from the input into a new buffer and the
        // rest in place (with a flip first, every step in place): the same bytes at every level, input intact.
        let input = try image(width: 45, height: 29, layout: .rgb)
        let colour: [AugmentationStep] = [
            AugmentationStep(.brightness(.uniform(0.6, 1.4))), AugmentationStep(.contrast(.uniform(0.6, 1.4))),
            AugmentationStep(.saturation(.uniform(0.6, 1.4))), AugmentationStep(.hue(.uniform(-0.1, 0.1))),
            AugmentationStep(.gamma(.uniform(0.8, 1.2))),
        ]
        for steps in [colour, [AugmentationStep(.horizontalFlip)] + colour] {
            let policy = AugmentationPolicy(steps: steps)
            for index in 0..<4 {
                var rng = RandomStream(seed: 3, 0, UInt64(index))
                let record = policy.sample(width: input.width, height: input.height, using: &rng)
                ColorSIMD.cap(at: 0)
                let expected = record.apply(to: input)
                let flipped = record.geometry(input, interpolation: .bilinear, border: .black)
                XCTAssertEqual(expected, record.photometric.reduce(flipped) { $0.adjusted($1) })
                for level in 1...2 {
                    guard ColorSIMD.cap(at: level) == level else { continue }
                    XCTAssertEqual(record.apply(to: input), expected, "record \(index) at level \(level)")
                }
            }
        }
        XCTAssertEqual(input, try image(width: 45, height: 29, layout: .rgb), "input left as it was")
    }

    func testComposedTablesGiveTheBytesOfOneStepAtATime() throws {
        // Runs of brightness, contrast and gamma as AugmentationParameters.apply composes them on 8-bit RGB, on
        // sizes around the 16- and 32-pixel steps and the 1024-pixel chunks of the luma sum, from a shared input
        // (a new buffer) and in place: the bytes of the steps one at a time with the Swift loops.
        let runs: [[PhotometricAdjustment]] = [
            [.brightness(factor: 1.2), .contrast(factor: 0.8)],
            [.brightness(factor: 0.63), .contrast(factor: 1.37), .gamma(exponent: 0.8)],
            [.contrast(factor: 1.4), .brightness(factor: 1.0), .contrast(factor: 0.55)],
            [.gamma(exponent: 1.3), .brightness(factor: 1.9), .contrast(factor: 1.25)],
        ]
        for (width, height) in [(1, 1), (15, 1), (16, 1), (17, 1), (31, 1), (33, 2), (1023, 1), (1025, 3), (224, 224)] {
            let input = try image(width: width, height: height, layout: .rgb)
            for run in runs {
                ColorSIMD.cap(at: 0)
                let expected = run.reduce(input) { $0.adjusted($1) }
                for level in 0...2 {
                    guard ColorSIMD.cap(at: level) == level else { continue }
                    var shared = input
                    applyComposedTables(run[...], to: &shared, owned: false)
                    XCTAssertEqual(shared, expected, "\(run) from a shared image at level \(level), \(width)×\(height)")
                    // A copy in a buffer of its own.
                    var owned = try Image<UInt8>(
                        width: width, height: height, layout: .rgb, samples: input.samples.map { $0 })
                    applyComposedTables(run[...], to: &owned, owned: true)
                    XCTAssertEqual(owned, expected, "\(run) in place at level \(level), \(width)×\(height)")
                }
            }
            XCTAssertEqual(input, try image(width: width, height: height, layout: .rgb), "input left as it was")
        }
    }
}
