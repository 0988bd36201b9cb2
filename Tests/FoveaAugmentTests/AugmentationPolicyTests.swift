import Foundation
import XCTest

@testable import FoveaAugment

final class AugmentationPolicyTests: XCTestCase {
    func draws(_ policy: AugmentationPolicy, count: Int = 2000, width: Int = 28, height: Int = 28)
        -> [AugmentationParameters]
    {
        (0..<count).map { i in
            var rng = RandomStream(seed: 7, 0, UInt64(i))
            return policy.sample(width: width, height: height, using: &rng)
        }
    }

    func testClassicPresetDrawsFromTheCourseTable() {
        let all = draws(.classic)
        XCTAssertTrue(all.allSatisfy { $0.rotationDegrees >= 0 && $0.rotationDegrees < 360 })
        XCTAssertTrue(all.allSatisfy { abs($0.translationX) <= 10 && abs($0.translationY) <= 10 })
        XCTAssertTrue(all.allSatisfy { $0.scale >= 1 / 1.6 && $0.scale <= 1.6 })
        XCTAssertTrue(all.allSatisfy { $0.stretch >= 1 / 1.3 && $0.stretch <= 1.3 })
        XCTAssertTrue(all.allSatisfy { abs($0.shearXDegrees) <= 20 })
        let flipped = Double(all.filter(\.horizontalFlip).count) / Double(all.count)
        XCTAssertEqual(flipped, 0.5, accuracy: 0.05)  // Bernoulli(0.5): σ = 0.011
        let meanLogScale = all.map { log($0.scale) }.reduce(0, +) / Double(all.count)
        XCTAssertEqual(meanLogScale, 0, accuracy: 0.03)
        XCTAssertLessThan(all.map(\.rotationDegrees).min()!, 5)
        XCTAssertGreaterThan(all.map(\.rotationDegrees).max()!, 355)
    }

    func testClassicMatrixIsTheCompositionAboutTheCentre() {
        var rng = RandomStream(seed: 11, 2, 3)
        let p = AugmentationPolicy.classic.sample(width: 224, height: 224, using: &rng)
        let c = ImagePoint.center(width: 224, height: 224)
        var expected = FoveaAugment.AffineTransform.identity
        if p.horizontalFlip { expected = expected.then(.horizontalFlip(width: 224)) }
        expected = expected.then(.scaling(x: p.stretch, y: 1 / p.stretch, about: c))
            .then(.scaling(p.scale, about: c)).then(.shear(xDegrees: p.shearXDegrees, about: c))
            .then(.rotation(degrees: p.rotationDegrees, about: c)).then(
                .translation(x: p.translationX, y: p.translationY))
        for (a, b) in [
            (p.transform.m00, expected.m00), (p.transform.m01, expected.m01), (p.transform.m02, expected.m02),
            (p.transform.m10, expected.m10), (p.transform.m11, expected.m11), (p.transform.m12, expected.m12),
        ] {
            XCTAssertEqual(a, b, accuracy: 1e-9)
        }
    }

    func testDigitsPresetNeverFlipsAndStaysMild() {
        let all = draws(.digits)
        XCTAssertFalse(all.contains { $0.horizontalFlip || $0.verticalFlip })
        XCTAssertTrue(all.allSatisfy { abs($0.rotationDegrees) <= 12 && abs($0.shearXDegrees) <= 8 })
        XCTAssertTrue(all.allSatisfy { abs($0.translationX) <= 2.5 && abs($0.translationY) <= 2.5 })
        XCTAssertTrue(
            all.allSatisfy { $0.scale >= 1 / 1.1 && $0.scale <= 1.1 && $0.stretch >= 1 / 1.08 && $0.stretch <= 1.08 })
    }

    func testNonePresetReturnsTheImageUnchanged() throws {
        let image = try Image<UInt8>(width: 6, height: 5, layout: .rgb) { x, y, c in UInt8(x * 40 + y + c) }
        XCTAssertEqual(AugmentationPolicy.none.augment(image, seed: 1, epoch: 2, index: 3), image)
    }

    func testPresetsAreFoundByNameAndUnknownNamesAreListed() throws {
        XCTAssertEqual(try AugmentationPolicy.preset(named: "classic"), .classic)
        XCTAssertEqual(try AugmentationPolicy.preset(named: "digits"), .digits)
        XCTAssertEqual(try AugmentationPolicy.preset(named: "none"), .none)
        XCTAssertThrowsError(try AugmentationPolicy.preset(named: "mnist")) { error in
            XCTAssertEqual(
                String(describing: error),
                "unknown augmentation preset 'mnist'; known presets: classic, digits, none, randaugment, trivialaugment"
            )
        }
    }

    func testOverridingReplacesTheStepOfTheSameKindOrInsertsIt() throws {
        let policy = AugmentationPolicy.classic.overriding(AugmentationStep(.rotation(degrees: .uniform(-5, 5))))
        XCTAssertEqual(policy.steps.count, 6)
        XCTAssertEqual(policy.steps[4], AugmentationStep(.rotation(degrees: .uniform(-5, 5))))
        let rotateOnly = AugmentationPolicy.none.overriding(AugmentationStep(.rotation(degrees: .constant(90))))
        let image = try Image<UInt8>(width: 4, height: 4, layout: .gray) { x, y, _ in UInt8(4 * y + x) }
        let rotated = rotateOnly.augment(image, seed: 5, epoch: 0, index: 0)
        XCTAssertEqual(rotated, try image.warped(by: .rotation(degrees: 90, about: .center(width: 4, height: 4))))
        let withFlip = rotateOnly.overriding(AugmentationStep(.horizontalFlip, probability: 1))
        XCTAssertEqual(withFlip.steps.map(\.operation.kind), ["horizontalFlip", "rotation"])
    }

    func testOneOfPicksEachOptionAboutEquallyOften() {
        let policy = AugmentationPolicy(steps: [AugmentationStep(.oneOf([.horizontalFlip, .verticalFlip]))])
        let all = draws(policy)
        let horizontal = all.filter(\.horizontalFlip).count
        let vertical = all.filter(\.verticalFlip).count
        XCTAssertEqual(horizontal + vertical, all.count)
        XCTAssertEqual(Double(horizontal) / Double(all.count), 0.5, accuracy: 0.05)
    }

    func testAugmentIsBitIdenticalForAnyThreadCount() throws {
        let base = try Image<UInt8>(width: 23, height: 19, layout: .rgb) { x, y, c in
            UInt8((x * 11 + y * 7 + c * 50) % 256)
        }
        let policy = AugmentationPolicy.classic
        func run(threads: Int) -> [Image<UInt8>] {
            var results = [Image<UInt8>?](repeating: nil, count: 48)
            results.withUnsafeMutableBufferPointer { buffer in
                let out = UncheckedSendable(buffer.baseAddress!)
                Parallel.forEachChunk(of: 48, threads: threads) { range in
                    for i in range.reversed() {  // order within a chunk must not matter either
                        out.value[i] = policy.augment(base, seed: 99, epoch: 4, index: i)
                    }
                }
            }
            return results.map { $0! }
        }
        let one = run(threads: 1)
        XCTAssertEqual(one, run(threads: 3))
        XCTAssertEqual(one, run(threads: 8))
        XCTAssertNotEqual(one[0], one[1])
        XCTAssertNotEqual(one[0], policy.augment(base, seed: 99, epoch: 5, index: 0))
    }

    func testValidateAcceptsThePresetsAndNamesTheFirstBadStep() throws {
        for preset in [AugmentationPolicy.classic, .digits, .none] { XCTAssertNoThrow(try preset.validate()) }
        let bad = AugmentationPolicy(steps: [
            AugmentationStep(.rotation(degrees: .uniform(0, 10))),
            AugmentationStep(.scaling(.logUniform(0, 2))),
        ])
        XCTAssertThrowsError(try bad.validate()) { error in
            XCTAssertEqual(
                String(describing: error), "augmentation step 1 is invalid: scale logU(0.0, 2.0) needs positive bounds")
        }
        let probability = AugmentationPolicy(steps: [AugmentationStep(.horizontalFlip, probability: 1.5)])
        XCTAssertThrowsError(try probability.validate())
        let shear = AugmentationPolicy(steps: [AugmentationStep(.oneOf([.shearX(degrees: .uniform(-95, 0))]))])
        XCTAssertThrowsError(try shear.validate())
    }

    func testTrainingSizeCheckRefusesACropToAnotherSize() throws {
        let crop = AugmentationPolicy.digits.overriding(
            AugmentationStep(.resizedCrop(RandomResizedCrop(width: 20, height: 20))))
        XCTAssertEqual(crop.steps.first?.operation.kind, "resizedCrop", "inserted first, before the flips")
        XCTAssertThrowsError(try crop.checkKeepsSize(width: 28, height: 28)) { error in
            XCTAssertEqual(
                error as? AugmentError, .outputSizeDiffers(width: 20, height: 20, expectedWidth: 28, expectedHeight: 28)
            )
        }
        XCTAssertNoThrow(try crop.checkKeepsSize(width: 20, height: 20))
        XCTAssertNoThrow(try AugmentationPolicy.classic.checkKeepsSize(width: 28, height: 28))
    }
}
