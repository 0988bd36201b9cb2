import XCTest

@testable import FoveaTraining

/// A one-parameter "model" whose state depends on every batch it sees, in order: w ← w·0.5 + lr·mean(x).
private final class RunningMeanTarget: TrainingTarget {
    var weight: Double = 0
    var learningRate: Double = 1
    var epochsFinished: [Int] = []

    func trainStep(on batch: Batch) throws -> BatchResult {
        let mean = batch.inputs.reduce(0.0) { $0 + Double($1) } / Double(batch.inputs.count)
        let loss = abs(weight - mean)
        weight = weight * 0.5 + learningRate * mean
        return BatchResult(loss: loss, correct: batch.labels.filter { $0 == 0 }.count)
    }

    func evaluate(_ batch: Batch) throws -> BatchResult {
        BatchResult(loss: weight, correct: batch.labels.filter { $0 == 1 }.count)
    }

    func finishEpoch(_ record: EpochRecord) {
        epochsFinished.append(record.epoch)
        if record.epoch == 2 { learningRate /= 10 }  // a step schedule
    }
}

final class TrainingLoopTests: XCTestCase {
    private func loop() throws -> TrainingLoop {
        let images = (0..<30).map { constantImage(UInt8($0 * 8), width: 2, height: 2) }
        let dataset = try InMemoryDataset(images: images, labels: (0..<30).map { $0 % 2 }, source: "ramp")
        let split = try DatasetSplit.stratified(labels: dataset.labels, validationFraction: 0.2, seed: 3)
        let format = InputFormat(channels: 1, width: 2, height: 2)
        let jitter: SampleTransform = { image, rng in
            let offset = Float(rng.uniform(0, 0.1))
            return Image.assumingValid(width: 2, height: 2, layout: .gray, samples: image.samples.map { $0 + offset })
        }
        return TrainingLoop(
            training: DataLoader(
                dataset: DatasetSubset(dataset, indices: split.training), format: format, batchSize: 7, shuffle: true,
                seed: 11, transform: jitter, workers: 2),
            validation: DataLoader(
                dataset: DatasetSubset(dataset, indices: split.validation), format: format, batchSize: 4,
                shuffle: false, seed: 11))
    }

    func testResumingAfterAnEpochReproducesTheUninterruptedRun() throws {
        let uninterrupted = RunningMeanTarget()
        let all = try loop().run(uninterrupted, epochs: 0..<4)

        let first = RunningMeanTarget()
        let before = try loop().run(first, epochs: 0..<2)
        let restored = RunningMeanTarget()  // as if loaded from the checkpoint written after epoch 2
        restored.weight = first.weight
        restored.learningRate = first.learningRate
        let after = try loop().run(restored, epochs: 2..<4)

        XCTAssertEqual(before + after, all)
        XCTAssertEqual(restored.weight, uninterrupted.weight)
        XCTAssertEqual(all.map(\.epoch), [1, 2, 3, 4])
        XCTAssertEqual(all.map(\.learningRate), [1, 1, 0.1, 0.1])
        XCTAssertEqual(uninterrupted.epochsFinished, [1, 2, 3, 4])
    }

    func testRaisingTheCancellationFlagStopsBeforeTheNextBatchAndDiscardsTheEpoch() throws {
        let target = RunningMeanTarget()
        let flag = CancellationFlag()
        var batchesSeen: [Int] = []
        var epochsSeen: [Int] = []
        XCTAssertThrowsError(
            try loop().run(
                target, epochs: 0..<4, cancellation: flag,
                onBatch: { progress in
                    batchesSeen.append(progress.epoch)
                    // Raise it in the middle of the second epoch (4 batches of 7 per epoch).
                    if progress.epoch == 2 && progress.batchesDone == 2 { flag.raise() }
                },
                onEpoch: { record, _ in epochsSeen.append(record.epoch) })
        ) { error in
            XCTAssertEqual(error as? TrainingInterrupted, TrainingInterrupted(epoch: 2, completedEpochs: 1))
        }
        XCTAssertEqual(epochsSeen, [1], "the interrupted epoch is not reported as finished")
        XCTAssertEqual(batchesSeen.filter { $0 == 2 }.count, 2, "no batch runs after the flag is raised")
        XCTAssertEqual(target.epochsFinished, [1])
    }

    func testRecordsAverageOverSamplesAndValidateEachEpoch() throws {
        let target = RunningMeanTarget()
        var progress: [BatchProgress] = []
        var timings: [EpochTiming] = []
        let records = try loop().run(
            target, epochs: 0..<1, onBatch: { progress.append($0) }, onEpoch: { timings.append($1) })
        // 24 training samples (12 per class) in batches of 7: 4 batches; half the labels are 0 ("correct").
        XCTAssertEqual(progress.map(\.batchesDone), [1, 2, 3, 4])
        XCTAssertEqual(progress.last?.samplesDone, 24)
        XCTAssertEqual(records[0].trainAccuracy, 0.5)
        // Validation: 6 samples, 3 of class 1, all evaluated at the final weight.
        XCTAssertEqual(records[0].validationAccuracy, 0.5)
        XCTAssertEqual(records[0].validationLoss ?? .nan, target.weight, accuracy: 1e-12)
        XCTAssertEqual(timings.count, 1)
        XCTAssertGreaterThanOrEqual(timings[0].dataWaitSeconds, 0)
    }
}
