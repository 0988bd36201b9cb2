import XCTest

@testable import FoveaNN

final class MetricsTests: XCTestCase {
    let outputs = try! Tensor(shape: [3, 3], scalars: [0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.2, 0.3, 0.5])

    func testAccuracyAndTopK() {
        // Predictions 1, 0, 2; labels 1, 1, 0: one right; top-2 adds sample 1 (0.3 is second).
        XCTAssertEqual(Metrics.accuracy(outputs: outputs, labels: [1, 1, 0]), 1.0 / 3)
        XCTAssertEqual(Metrics.topKAccuracy(outputs: outputs, labels: [1, 1, 0], k: 2), 2.0 / 3)
        XCTAssertEqual(Metrics.topKAccuracy(outputs: outputs, labels: [1, 1, 0], k: 3), 1)
    }

    func testConfusionMatrixCountsActualByPredicted() {
        var matrix = ConfusionMatrix(classes: 3)
        matrix.add(outputs: outputs, labels: [1, 1, 0])
        XCTAssertEqual(matrix.counts, [[0, 0, 1], [1, 1, 0], [0, 0, 0]])
        XCTAssertEqual(matrix.total, 3)
        XCTAssertEqual(matrix.accuracy, 1.0 / 3)
    }

    func testEpochStatisticsWeightBatchesBySize() {
        var epoch = EpochStatistics()
        epoch.add(StepResult(loss: 1, correct: 3, batchSize: 4))
        epoch.add(loss: 4, correct: 0, samples: 2)
        // (1·4 + 4·2) / 6 = 2; 3 of 6 correct.
        XCTAssertEqual(epoch.meanLoss, 2)
        XCTAssertEqual(epoch.accuracy, 0.5)
    }
}
