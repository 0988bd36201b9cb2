import XCTest

@testable import FoveaNN

final class LossTests: XCTestCase {
    /// The course example: softmax([3.2, 5.1, −1.7]) ≈ [0.13, 0.87, 0.00].
    func testSoftmaxMatchesCourseExample() throws {
        let probabilities = softmax(try Tensor(shape: [1, 3], scalars: [3.2, 5.1, -1.7]))
        XCTAssertEqual(probabilities.scalars.map { ($0 * 100).rounded() / 100 }, [0.13, 0.87, 0.00])
    }

    func testCrossEntropyIsStableForHugeLogits() throws {
        let (loss, gradient) = try Loss.softmaxCrossEntropy.evaluate(
            logits: try Tensor(shape: [1, 3], scalars: [1000, 0, -1000]), targets: .labels([1]))
        XCTAssertEqual(loss, 1000, accuracy: 1e-3)
        XCTAssertEqual(gradient.scalars, [1, -1, 0])
    }

    func testCrossEntropyOfTheCourseLogits() throws {
        // −log softmax(z)_0 = log(e^3.2 + e^5.1 + e^−1.7) − 3.2, computed by hand in Double.
        let expected = log(exp(3.2) + exp(5.1) + exp(-1.7)) - 3.2
        let (loss, _) = try Loss.softmaxCrossEntropy.evaluate(
            logits: try Tensor(shape: [1, 3], scalars: [3.2, 5.1, -1.7]), targets: .labels([0]))
        XCTAssertEqual(loss, expected, accuracy: 1e-5)
    }

    func testQuadraticCostIsHalfTheSquaredErrorAveragedOverTheBatch() throws {
        let logits = try Tensor(shape: [2, 2], scalars: [1, 2, 0, 0])
        let targets = try Tensor(shape: [2, 2], scalars: [0, 0, 0, 1])
        let (loss, gradient) = try Loss.meanSquaredError.evaluate(logits: logits, targets: .values(targets))
        // Sample 0: ½(1 + 4) = 2.5; sample 1: ½·1 = 0.5; mean 1.5.
        XCTAssertEqual(loss, 1.5, accuracy: 1e-9)
        XCTAssertEqual(gradient.scalars, [0.5, 1, 0, -0.5])
    }

    func testBinaryCrossEntropyFromLogits() throws {
        let (loss, _) = try Loss.binaryCrossEntropy.evaluate(
            logits: try Tensor(shape: [1, 2], scalars: [0, 2]),
            targets: .values(try Tensor(shape: [1, 2], scalars: [1, 0])))
        // −log σ(0) − log(1 − σ(2)) = log 2 + log(1 + e²).
        XCTAssertEqual(loss, log(2) + log(1 + exp(2.0)), accuracy: 1e-5)
    }

    func testGradientsMatchFiniteDifferences() throws {
        let logits = randomTensor([5, 4], seed: 21)
        let labels = [0, 3, 1, 1, 2]
        let multiHot = Tensor(shape: [5, 4]) { index in Float((index[0] + index[1]) % 2) }
        let cases: [(Loss, Targets)] = [
            (.softmaxCrossEntropy, .labels(labels)), (.meanSquaredError, .values(multiHot)),
            (.binaryCrossEntropy, .values(multiHot)), (.binaryCrossEntropy, .labels(labels)),
        ]
        for (loss, targets) in cases {
            let (_, gradient) = try loss.evaluate(logits: logits, targets: targets)
            for i in 0..<logits.count {
                var plus = logits
                var minus = logits
                plus.scalars[i] += 1e-2
                minus.scalars[i] -= 1e-2
                let numeric =
                    (try loss.evaluate(logits: plus, targets: targets).loss
                        - loss.evaluate(logits: minus, targets: targets).loss) / 2e-2
                XCTAssertEqual(Double(gradient.scalars[i]), numeric, accuracy: 1e-3, "\(loss) [\(i)]")
            }
        }
    }

    func testLabelsOutsideTheClassesAreRejected() {
        XCTAssertThrowsError(
            try Loss.softmaxCrossEntropy.evaluate(logits: Tensor(shape: [2, 3]), targets: .labels([0, 3]))
        ) { error in
            XCTAssertTrue("\(error)".contains("label 3 of sample 1"), "\(error)")
        }
        XCTAssertThrowsError(
            try Loss.softmaxCrossEntropy.evaluate(logits: Tensor(shape: [2, 3]), targets: .labels([0])))
    }
}
