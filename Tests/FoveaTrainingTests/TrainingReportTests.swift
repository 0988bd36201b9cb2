import XCTest

@testable import FoveaTraining

final class TrainingReportTests: XCTestCase {
    private let record = EpochRecord(
        epoch: 3, trainLoss: 0.25, trainAccuracy: 0.9, validationLoss: 0.5, validationAccuracy: 0.875,
        learningRate: 0.01)

    func testMetricsRowsFollowTheHeader() {
        XCTAssertEqual(
            TrainingReport.metricsHeader,
            "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds,data_wait_seconds")
        XCTAssertEqual(
            TrainingReport.metricsRow(record, EpochTiming(seconds: 12.5, dataWaitSeconds: 0.25, samplesPerSecond: 1)),
            "3,0.250000,0.900000,0.500000,0.875000,0.01,12.500,0.250")
        var noValidation = record
        noValidation.validationLoss = nil
        noValidation.validationAccuracy = nil
        XCTAssertEqual(TrainingReport.metricsRow(noValidation, nil), "3,0.250000,0.900000,,,0.01,,")
    }

    func testResumedMetricsKeepRecordedEpochsAndDropLaterOnes() {
        var first = record
        first.epoch = 1
        let existing = TrainingReport.metricsHeader + "\n1,old,row\n2,killed,epoch\n"
        let resumed = TrainingReport.resumedMetrics(existing: existing, history: [first])
        XCTAssertEqual(resumed, TrainingReport.metricsHeader + "\n1,old,row\n")
        let rebuilt = TrainingReport.resumedMetrics(existing: nil, history: [first])
        XCTAssertEqual(rebuilt, TrainingReport.metricsHeader + "\n1,0.250000,0.900000,0.500000,0.875000,0.01,,\n")
    }

    func testProgressBarShowsBatchesEtaLossAccuracyAndThroughput() {
        let progress = BatchProgress(
            epoch: 2, batchesDone: 10, batchCount: 40, runningLoss: 0.5, runningAccuracy: 0.8, elapsedSeconds: 5,
            samplesDone: 640)
        // 0.5 s per batch × 30 batches left = 15 s; 640 samples / 5 s = 128 samples/s.
        XCTAssertEqual(
            TrainingReport.progressBar(progress, epochs: 5, barWidth: 8),
            "epoch 2/5 [##------] 10/40  eta 0:15  loss 0.5000  acc 80.00%  128 samples/s")
    }

    func testDurationsReadAsMinutesAndSeconds() {
        XCTAssertEqual(TrainingReport.duration(7), "0:07")
        XCTAssertEqual(TrainingReport.duration(125.4), "2:05")
        XCTAssertEqual(TrainingReport.duration(3725), "1:02:05")
    }

    func testCurvesImageHasTwoPanels() {
        let image = TrainingReport.curves([record])
        XCTAssertEqual([image.width, image.height], [1100, 420])
        XCTAssertEqual(image.layout, .rgb)
    }
}
