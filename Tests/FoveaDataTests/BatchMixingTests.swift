import Foundation
import XCTest

@testable import FoveaData

final class BatchMixingTests: XCTestCase {
    /// A batch of `labels.count` 1-channel `width × height` samples; sample i holds 10·i + p at pixel p.
    private func batch(labels: [Int], width: Int, height: Int, index: Int = 0) -> Batch {
        let size = width * height
        return Batch(
            index: index, inputs: (0..<labels.count * size).map { Float(10 * ($0 / size) + $0 % size) },
            labels: labels, sampleIndices: Array(0..<labels.count), channels: 1, height: height, width: width)
    }

    func testMixUpBlendsEachSampleWithItsMirrorAndBlendsTheTargetsAlike() {
        let mixed = BatchMixing.apply(
            .mixup(lambda: 0.25), to: batch(labels: [0, 2, 1], width: 2, height: 1), classes: 3)
        // Samples 0 and 2 swap partners; sample 1 (the middle of an odd batch) pairs with itself.
        // x′₀ = ¼·(0, 1) + ¾·(20, 21); x′₁ = (10, 11); x′₂ = ¼·(20, 21) + ¾·(0, 1).
        XCTAssertEqual(mixed.inputs, [15, 16, 10, 11, 5, 6])
        XCTAssertEqual(mixed.softTargets, [0.25, 0.75, 0, 0, 0, 1, 0.75, 0.25, 0])
        XCTAssertEqual(mixed.labels, [0, 2, 1])
    }

    func testCutMixPastesTheBoxFromTheMirrorOnEveryChannel() {
        // Two 2-channel 4×3 samples; the box is columns 1..<3, rows 0..<2 (4 of 12 pixels).
        let size = 2 * 4 * 3
        let original = Batch(
            index: 0, inputs: (0..<2 * size).map { Float($0) }, labels: [1, 0], sampleIndices: [0, 1], channels: 2,
            height: 3, width: 4)
        let mixed = BatchMixing.apply(.cutmix(lambda: 1 - 4.0 / 12, x: 1..<3, y: 0..<2), to: original, classes: 2)
        var expected = original.inputs
        for (i, j) in [(0, 1), (1, 0)] {
            for c in 0..<2 {
                for row in 0..<2 {
                    for column in 1..<3 {
                        expected[i * size + c * 12 + row * 4 + column] =
                            original.inputs[j * size + c * 12 + row * 4 + column]
                    }
                }
            }
        }
        XCTAssertEqual(mixed.inputs, expected)
        XCTAssertEqual(mixed.inputs[0 * size + 1], 25, "sample 0, channel 0, (1, 0) comes from sample 1")
        XCTAssertEqual(mixed.inputs[0 * size + 0], 0, "outside the box sample 0 keeps its own pixels")
        let (keep, cut) = (Float(1 - 4.0 / 12), Float(4.0 / 12))
        XCTAssertEqual(mixed.softTargets, [cut, keep, keep, cut])
    }

    func testCutMixBoxesFollowTimmsRandBboxAndLambdaIsTheKeptShare() {
        let mixing = BatchMixing(cutmixAlpha: 1)
        var random = RandomStream(seed: 4)
        var cutShares: [Double] = []
        for _ in 0..<4_000 {
            guard case .cutmix(let lambda, let x, let y) = mixing.draw(width: 28, height: 20, using: &random) else {
                return XCTFail("CutMix alone always cuts")
            }
            XCTAssertTrue(x.lowerBound >= 0 && x.upperBound <= 28 && y.lowerBound >= 0 && y.upperBound <= 20)
            XCTAssertEqual(lambda, 1 - Double(x.count * y.count) / 560, accuracy: 1e-15)
            cutShares.append(1 - lambda)
        }
        // Before clipping the box is about (1 − λ₀) of the area with λ₀ ~ Beta(1, 1), so E[1 − λ₀] = ½; the
        // floors and the clipping at the border only shrink it: the mean share lies well inside (0.2, 0.5).
        let mean = cutShares.reduce(0, +) / Double(cutShares.count)
        XCTAssertGreaterThan(mean, 0.2)
        XCTAssertLessThan(mean, 0.5)
    }

    func testBothMethodsAreChosenHalfTheTimeAndMixProbSkipsBatches() {
        let both = BatchMixing(mixupAlpha: 0.2, cutmixAlpha: 1, probability: 0.8)
        var random = RandomStream(seed: 6)
        var counts = (none: 0, mixup: 0, cutmix: 0)
        let n = 10_000
        var mixupLambdas: [Double] = []
        for _ in 0..<n {
            switch both.draw(width: 8, height: 8, using: &random) {
            case .none: counts.none += 1
            case .mixup(let lambda):
                counts.mixup += 1
                mixupLambdas.append(lambda)
            case .cutmix: counts.cutmix += 1
            }
        }
        // Binomial counts, five standard errors: none 0.2·n, mixup and cutmix 0.4·n each.
        XCTAssertEqual(Double(counts.none), 0.2 * Double(n), accuracy: 5 * (Double(n) * 0.2 * 0.8).squareRoot())
        XCTAssertEqual(Double(counts.mixup), 0.4 * Double(n), accuracy: 5 * (Double(n) * 0.4 * 0.6).squareRoot())
        XCTAssertEqual(Double(counts.cutmix), 0.4 * Double(n), accuracy: 5 * (Double(n) * 0.4 * 0.6).squareRoot())
        // MixUp's λ ~ Beta(0.2, 0.2): mean ½, variance 1/(4·1.4); (λ − ½)⁴ ≤ 1/16 bounds the variance's error.
        let mean = mixupLambdas.reduce(0, +) / Double(mixupLambdas.count)
        let variance = mixupLambdas.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(mixupLambdas.count - 1)
        XCTAssertEqual(mean, 0.5, accuracy: 5 * (1 / 5.6 / Double(mixupLambdas.count)).squareRoot())
        XCTAssertEqual(variance, 1 / 5.6, accuracy: 5 * (1.0 / 16 / Double(mixupLambdas.count)).squareRoot())

        var never = RandomStream(seed: 7)
        XCTAssertEqual(BatchMixing(mixupAlpha: 1, probability: 0).draw(width: 8, height: 8, using: &never), .none)
    }

    func testABatchIsMixedByItsSeedEpochAndIndexOnly() {
        let mixing = BatchMixing(mixupAlpha: 0.4, cutmixAlpha: 1)
        let b = batch(labels: [0, 1, 2, 3], width: 5, height: 4, index: 3)
        let once = mixing.mixed(b, classes: 4, seed: 1, epoch: 2)
        XCTAssertEqual(once, mixing.mixed(b, classes: 4, seed: 1, epoch: 2))
        var random = BatchMixing.stream(seed: 1, epoch: 2, batch: 3)
        XCTAssertEqual(once, BatchMixing.apply(mixing.draw(width: 5, height: 4, using: &random), to: b, classes: 4))
        let others = [
            mixing.mixed(b, classes: 4, seed: 1, epoch: 3), mixing.mixed(b, classes: 4, seed: 2, epoch: 2),
            mixing.mixed(batch(labels: [0, 1, 2, 3], width: 5, height: 4, index: 4), classes: 4, seed: 1, epoch: 2),
        ]
        for other in others { XCTAssertNotEqual(other.softTargets, once.softTargets) }
        // Every row of the targets is a probability distribution.
        for row in 0..<4 {
            let sum = (once.softTargets ?? [])[row * 4..<(row + 1) * 4].reduce(0, +)
            XCTAssertEqual(sum, 1, accuracy: 1e-6)
        }
    }
}
