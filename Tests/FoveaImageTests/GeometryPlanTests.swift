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

    /// The centre crop of a resize is computed by parts (only the kept outputs, from the source window the
    /// filter reaches): it must equal the whole resize followed by the crop, bit for bit, for every filter,
    /// layout and sample type, whole image or only a window of it at hand.
    func testResizeByPartsEqualsTheWholeResizeCroppedBitForBit() throws {
        var random = SplitMix(seed: 7)
        let filters: [ResampleFilter] = [.bilinear, .bicubic, .lanczos3, .nearest, .area]
        let layouts: [ChannelLayout] = [.gray, .rgb, .rgba, .grayAlpha]
        var windows = 0
        for trial in 0..<160 {
            let width = 8 + random.below(90)
            let height = 8 + random.below(90)
            let layout = layouts[trial % layouts.count]
            var plan = GeometryPlan(filter: filters[trial % filters.count], antialias: trial % 7 != 3)
            if trial % 3 == 0 {
                let w = 4 + random.below(width - 4)
                let h = 4 + random.below(height - 4)
                plan.crop = PixelRect(
                    x: random.below(width - w + 1), y: random.below(height - h + 1), width: w, height: h)
            }
            let baseWidth = plan.crop?.width ?? width
            let baseHeight = plan.crop?.height ?? height
            switch trial % 4 {
            case 0: plan.resize = .shorterSide(2 + random.below(min(baseWidth, baseHeight) + 20))
            case 1:
                plan.resize = .size(width: 2 + random.below(2 * baseWidth), height: 2 + random.below(2 * baseHeight))
                plan.fit = .cover
            default:
                plan.resize = .size(width: 2 + random.below(2 * baseWidth), height: 2 + random.below(2 * baseHeight))
            }
            let resized = try GeometryPlan(crop: plan.crop, resize: plan.resize, fit: plan.fit).outputSize(
                width: width, height: height)
            plan.centerCrop = PixelSize(
                width: 1 + random.below(resized.width), height: 1 + random.below(resized.height))
            let bytes = try Image<UInt8>(width: width, height: height, layout: layout) { _, _, _ in
                UInt8(truncatingIfNeeded: random.next())
            }
            try checkByParts(plan, bytes, &random, &windows)
            try checkByParts(plan, bytes.converted(to: UInt16.self), &random, &windows)
            try checkByParts(plan, bytes.converted(to: Float.self), &random, &windows)
        }
        XCTAssertGreaterThan(windows, 300)
    }

    /// `plan` on `image` against the steps one after another, then on windows holding the source region.
    private func checkByParts<S: PixelSample>(
        _ plan: GeometryPlan, _ image: Image<S>, _ random: inout SplitMix, _ windows: inout Int
    ) throws {
        var base = image
        if let crop = plan.crop {
            base = try base.cropped(x: crop.x, y: crop.y, width: crop.width, height: crop.height)
        }
        let steps = try plan.steps(width: image.width, height: image.height)
        var expected = try base.resized(
            width: steps.resized.width, height: steps.resized.height, region: steps.region, filter: plan.filter,
            antialias: plan.antialias, threads: 1)
        if let c = plan.centerCrop {
            expected = try expected.cropped(
                x: steps.centerCropOrigin.width, y: steps.centerCropOrigin.height, width: c.width, height: c.height)
        }
        let label = "\(plan) on \(image.width)×\(image.height) \(image.layout) \(S.self)"
        XCTAssertEqual(try plan.apply(to: image, threads: 1 + windows % 2), expected, label)
        let needed = try plan.sourceRegion(width: image.width, height: image.height)
        for _ in 0..<2 {
            let x0 = needed.x - random.below(needed.x + 1)
            let y0 = needed.y - random.below(needed.y + 1)
            let x1 = needed.x + needed.width + random.below(image.width - needed.x - needed.width + 1)
            let y1 = needed.y + needed.height + random.below(image.height - needed.y - needed.height + 1)
            let region = PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
            let window = try image.cropped(x: x0, y: y0, width: region.width, height: region.height)
            let out = try plan.apply(to: window, at: region, ofWidth: image.width, height: image.height)
            XCTAssertEqual(out, expected, "\(label), window \(region) (needs \(needed))")
            windows += 1
        }
        if needed.width > 1 {
            let short = PixelRect(x: needed.x + 1, y: needed.y, width: needed.width - 1, height: needed.height)
            let window = try image.cropped(x: short.x, y: short.y, width: short.width, height: short.height)
            XCTAssertThrowsError(try plan.apply(to: window, at: short, ofWidth: image.width, height: image.height)) {
                XCTAssertEqual($0 as? GeometryError, .regionMissesSource(needed: needed, region: short), label)
            }
        }
    }

    /// A 256 → 224 centre crop of a photo-sized image needs far less than the whole image.
    func testSourceRegionOfAShorterSideResizeAndCentreCrop() throws {
        let plan = GeometryPlan(resize: .shorterSide(256), centerCrop: PixelSize(width: 224, height: 224))
        // 967×664 → 372×256, kept columns 74..<298, rows 16..<240: a bilinear tap reaches scale = 2.59 pixels.
        let region = try plan.sourceRegion(width: 967, height: 664)
        XCTAssertLessThan(region.width, 967 * 7 / 10)
        XCTAssertLessThan(region.height, 664 * 95 / 100)
        XCTAssertEqual(
            try GeometryPlan(resize: .shorterSide(256), fit: .pad).sourceRegion(width: 967, height: 664),
            PixelRect(x: 0, y: 0, width: 967, height: 664))
    }
}

/// SplitMix64: a small seeded generator for the tests' random images and geometry.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (`bound` ≥ 1).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
