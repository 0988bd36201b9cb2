import Foundation
import XCTest

@testable import FoveaAugment

final class RandomResizedCropTests: XCTestCase {
    func testDrawAndResizeMatchTorchvisionSamplingAndPillowExactly() throws {
        let fixtures = try GeometricFixtures.load()
        let cases = fixtures.cases("resizedCrop")
        XCTAssertEqual(cases.count, 6)
        for c in cases {
            let settings = RandomResizedCrop(
                width: try XCTUnwrap(c.outputWidth), height: try XCTUnwrap(c.outputHeight),
                scale: try XCTUnwrap(c.scale?.first)...(try XCTUnwrap(c.scale?.last)),
                ratio: try XCTUnwrap(c.ratio?.first)...(try XCTUnwrap(c.ratio?.last)))
            let policy = AugmentationPolicy(steps: [AugmentationStep(.resizedCrop(settings))])
            var rng = RandomStream(seed: c.seed)
            let parameters = policy.sample(width: fixtures.input.width, height: fixtures.input.height, using: &rng)
            let crop = try XCTUnwrap(parameters.resizedCrop)
            XCTAssertEqual([crop.x, crop.y, crop.width, crop.height], c.crop, "seed \(c.seed)")
            XCTAssertEqual(parameters.outputWidth, c.outputWidth)
            let out = parameters.apply(to: fixtures.input)
            XCTAssertEqual(
                out.samples, fixtures.expected(c).samples,
                "seed \(c.seed): Pillow's crop + BILINEAR resize, bit for bit")
        }
    }

    func testWholeImageScaleAndAspectGiveExactlyThePlainResize() throws {
        var rng = RandomStream(seed: 9)
        let image = try Image<UInt8>(width: 300, height: 200, layout: .rgb) { x, y, c in
            UInt8((x * 7 + y * 3 + c * 50) % 256)
        }
        let settings = RandomResizedCrop(width: 150, height: 90, scale: 1...1, ratio: 1.5...1.5)
        let parameters = AugmentationPolicy(steps: [AugmentationStep(.resizedCrop(settings))]).sample(
            width: 300, height: 200, using: &rng)
        XCTAssertEqual(
            parameters.resizedCrop, ResizedCrop(x: 0, y: 0, width: 300, height: 200, outputWidth: 150, outputHeight: 90)
        )
        XCTAssertEqual(parameters.apply(to: image), try image.resized(width: 150, height: 90, filter: .bilinear))
        var bicubic = AugmentationPolicy(steps: [AugmentationStep(.resizedCrop(settings))])
        bicubic.interpolation = .bicubic
        let p2 = bicubic.sample(width: 300, height: 200, using: &rng)
        XCTAssertEqual(p2.apply(to: image), try image.resized(width: 150, height: 90, filter: .bicubic))
    }

    func testDrawnAreaAndAspectFollowTheirDistributionsOverManyDraws() {
        // 4000 draws on a 1000×1000 image with the defaults: no attempt fails often, so the first attempt's
        // area fraction is U(0.08, 1) truncated to crops that fit; log-aspect is symmetric about 0.
        let settings = RandomResizedCrop(width: 8, height: 8)
        var rng = RandomStream(seed: 2024)
        var logAspects: [Double] = []
        var areas: [Double] = []
        var positionsInside = true
        for _ in 0..<4000 {
            let crop = settings.draw(width: 1000, height: 1000, using: &rng)
            logAspects.append(log(Double(crop.width) / Double(crop.height)))
            areas.append(Double(crop.width * crop.height) / 1e6)
            positionsInside =
                positionsInside && crop.x >= 0 && crop.y >= 0 && crop.x + crop.width <= 1000
                && crop.y + crop.height <= 1000
        }
        XCTAssertTrue(positionsInside)
        let meanLog = logAspects.reduce(0, +) / 4000
        XCTAssertEqual(meanLog, 0, accuracy: 0.01, "log-uniform aspect over [ln ¾, ln 4/3] is symmetric")
        XCTAssertLessThanOrEqual(logAspects.max() ?? 0, log(4.0 / 3) + 0.01)
        XCTAssertGreaterThanOrEqual(logAspects.min() ?? 0, log(3.0 / 4) - 0.01)
        // Crops with area > 0.75 and a skewed aspect do not fit (w or h > 1000) and are redrawn, which lowers
        // the mean below U(0.08, 1)'s 0.54; the floor stays at 0.08.
        let meanArea = areas.reduce(0, +) / 4000
        XCTAssertGreaterThan(meanArea, 0.45)
        XCTAssertLessThan(meanArea, 0.54)
        XCTAssertGreaterThanOrEqual(areas.min() ?? 0, 0.079)
        // Uniform placement: over the draws, the crop's left edge is on average about half its slack.
        var rng2 = RandomStream(seed: 7)
        let fixed = RandomResizedCrop(width: 4, height: 4, scale: 0.25...0.25, ratio: 1...1)
        let xs = (0..<4000).map { _ in Double(fixed.draw(width: 100, height: 100, using: &rng2).x) }
        XCTAssertEqual(xs.reduce(0, +) / 4000, 25, accuracy: 0.8, "left edge uniform over 0…50")
        XCTAssertEqual(xs.min(), 0)
        XCTAssertEqual(xs.max(), 50)
    }

    func testMaskKeypointsAndBoxesFollowTheCrop() throws {
        // A 40×30 label mask of two halves; crop columns 10…29 (all rows) and resize to 10×15: exactly half
        // scale, so pixel centres land on the output edges' midpoints as the resizer's edge convention says.
        let mask = try Image<UInt8>(width: 40, height: 30, layout: .gray) { x, _, _ in x < 20 ? 1 : 2 }
        var parameters = AugmentationParameters(inputWidth: 40, inputHeight: 30)
        parameters.resizedCrop = ResizedCrop(x: 10, y: 0, width: 20, height: 30, outputWidth: 10, outputHeight: 15)
        parameters.outputWidth = 10
        parameters.outputHeight = 15
        let out = parameters.apply(toMask: mask)
        XCTAssertEqual(out.width, 10)
        XCTAssertEqual(out.height, 15)
        XCTAssertEqual(Set(out.samples), [1, 2], "labels are never blended")
        XCTAssertEqual(Array(out.samples[0..<10]), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2])
        // Keypoint: input column 19.5 (the boundary between labels) goes to output 4.5: (19.5 − 10 + ½)/2 − ½.
        let moved = parameters.apply(to: [ImagePoint(x: 19.5, y: 14.5), ImagePoint(x: 10, y: 0)])
        XCTAssertEqual(moved[0].x, 4.5, accuracy: 1e-12)
        XCTAssertEqual(moved[0].y, 7, accuracy: 1e-12)
        XCTAssertEqual(moved[1].x, -0.25, accuracy: 1e-12)
        XCTAssertEqual(moved[1].y, -0.25, accuracy: 1e-12)
        // Box over pixels 14…21 (edges 13.5…21.5), rows 3.5…9.5: (13.5 − 9.5)/2 − ½ = 1.5 etc.
        let boxes = parameters.apply(to: [
            BoundingBox(xMin: 13.5, yMin: 3.5, xMax: 21.5, yMax: 9.5, label: 3),
            BoundingBox(xMin: 0, yMin: 0, xMax: 5, yMax: 5, label: 4),  // outside the crop: dropped
        ])
        XCTAssertEqual(boxes, [BoundingBox(xMin: 1.5, yMin: 1.5, xMax: 5.5, yMax: 4.5, label: 3)])
    }

    func testAffineStepsActAboutTheCroppedImageCentre() throws {
        // Crop to 20×20 then flip: the flip is about the 20-pixel-wide output, exact copy of the resized crop.
        let image = try Image<UInt8>(width: 50, height: 40, layout: .gray) { x, y, _ in UInt8((x * 5 + y) % 256) }
        let policy = AugmentationPolicy(steps: [
            AugmentationStep(.horizontalFlip),
            AugmentationStep(.resizedCrop(RandomResizedCrop(width: 20, height: 20))),
        ])
        var rng = RandomStream(seed: 3)
        let parameters = policy.sample(width: 50, height: 40, using: &rng)
        XCTAssertEqual(parameters.transform, .horizontalFlip(width: 20))
        var cropOnly = parameters
        cropOnly.transform = .identity
        let flipped = try cropOnly.apply(to: image).warped(by: .horizontalFlip(width: 20))
        XCTAssertEqual(parameters.apply(to: image), flipped)
    }

    func testBadSettingsAreRefusedByValidate() {
        for (settings, reason) in [
            (RandomResizedCrop(width: 0, height: 5), "size"),
            (RandomResizedCrop(width: 5, height: 5, scale: 0...1), "scale"),
            (RandomResizedCrop(width: 5, height: 5, scale: 0.5...1.5), "scale"),
            (RandomResizedCrop(width: 5, height: 5, ratio: 0...1), "ratio"),
        ] {
            let policy = AugmentationPolicy(steps: [AugmentationStep(.resizedCrop(settings))])
            XCTAssertThrowsError(try policy.validate()) { error in
                XCTAssertTrue("\(error)".contains(reason), "\(error)")
            }
        }
        let nested = AugmentationPolicy(steps: [
            AugmentationStep(.oneOf([.resizedCrop(RandomResizedCrop(width: 4, height: 4)), .horizontalFlip]))
        ])
        XCTAssertThrowsError(try nested.validate())
    }

    func testAHandEditedCropOutsideTheImageGivesTheBorderNotACrash() throws {
        let image = try Image<UInt8>(width: 10, height: 10, layout: .gray) { _, _, _ in 200 }
        var parameters = AugmentationParameters(inputWidth: 10, inputHeight: 10)
        parameters.resizedCrop = ResizedCrop(x: 8, y: 0, width: 5, height: 5, outputWidth: 4, outputHeight: 3)
        parameters.outputWidth = 4
        parameters.outputHeight = 3
        let out = parameters.apply(to: image)
        XCTAssertEqual(out.width, 4)
        XCTAssertEqual(out.samples, [UInt8](repeating: 0, count: 12))
    }
}
