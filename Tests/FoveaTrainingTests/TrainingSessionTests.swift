import Foundation
import XCTest

@testable import FoveaTraining

final class TrainingSessionTests: XCTestCase {
    /// The first `count` bundled digits (about `count / 10` per class).
    private func digits(_ count: Int = 300) throws -> any Dataset {
        let all = try DatasetSource.open(
            repositoryRoot.appendingPathComponent("Fixtures/mnist/mnist4k-images-idx3-ubyte.gz").path)
        return DatasetSubset(all, indices: Array(0..<count))
    }

    private struct Interrupted: Error {}

    func testShortTrainingRunLowersTheLoss() throws {
        let directory = try makeTemporaryDirectory(self)
        let options = TrainingOptions(
            architecture: "lenet5", epochs: 3, batchSize: 16, optimizer: .adam, learningRate: 0.003,
            validationFraction: 0.2, seed: 4)
        let session = try TrainingSession(options: options, dataset: try digits(), threads: 2)
        XCTAssertEqual(session.loop.training.dataset.count + (session.loop.validation?.dataset.count ?? 0), 300)
        try session.run(checkpointPath: directory.appendingPathComponent("m.fovea").path)
        let losses = session.state.history.map(\.trainLoss)
        XCTAssertEqual(losses.count, 3)
        XCTAssertLessThan(losses[2], 0.7 * losses[0], "training loss per epoch: \(losses)")
        XCTAssertLessThan(losses[0], 2.5, "starts near ln 10 ≈ 2.3")
        let validation = try XCTUnwrap(session.state.history.last?.validationAccuracy)
        XCTAssertGreaterThan(validation, 0.3, "well above chance (0.1) after three short epochs")
    }

    func testResumingAfterAnInterruptionEndsWithTheUninterruptedModel() throws {
        let directory = try makeTemporaryDirectory(self)
        let options = TrainingOptions(
            architecture: "lenet5", epochs: 3, batchSize: 32, optimizer: .momentum, schedule: .plateau,
            augmentationName: "digits", augmentation: .digits, validationFraction: 0.2, seed: 9, normalize: true)
        let whole = directory.appendingPathComponent("whole.fovea").path
        try TrainingSession(options: options, dataset: try digits(150), threads: 1).run(checkpointPath: whole)

        let resumed = directory.appendingPathComponent("resumed.fovea").path
        let first = try TrainingSession(options: options, dataset: try digits(150), threads: 2)
        XCTAssertThrowsError(
            try first.run(
                checkpointPath: resumed,
                onEpoch: { record, _ in
                    if record.epoch == 1 { throw Interrupted() }
                }))
        let checkpoint = try Checkpoint.load(from: resumed)
        XCTAssertEqual(checkpoint.metadata["epoch"], "1")
        let second = try TrainingSession(
            options: options, dataset: try digits(150), threads: 2, resumingFrom: checkpoint)
        try second.run(checkpointPath: resumed)

        let a = try Checkpoint.load(from: whole)
        let b = try Checkpoint.load(from: resumed)
        XCTAssertEqual(a.metadata, b.metadata, "same history, schedule state, step and normalisation")
        XCTAssertEqual(a.tensors.map(\.name), b.tensors.map(\.name))
        XCTAssertEqual(a.tensors.map(\.tensor), b.tensors.map(\.tensor), "bit-identical weights")
        XCTAssertEqual(try a.makeOptimizer()?.step, try b.makeOptimizer()?.step)
        let bestA = try Checkpoint.load(from: TrainingSession.bestCheckpointPath(for: whole))
        let bestB = try Checkpoint.load(from: TrainingSession.bestCheckpointPath(for: resumed))
        XCTAssertEqual(bestA.metadata, bestB.metadata)
        XCTAssertEqual(bestA.tensors.map(\.tensor), bestB.tensors.map(\.tensor))
    }

    func testResumingWithOtherOptionsOrClassesIsRefused() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory.appendingPathComponent("m.fovea").path
        let options = TrainingOptions(architecture: "mlp", epochs: 1, batchSize: 64, validationFraction: 0.1, seed: 1)
        try TrainingSession(options: options, dataset: try digits(), threads: 1).run(checkpointPath: path)
        var other = options
        other.learningRate = 0.5
        XCTAssertThrowsError(
            try TrainingSession(
                options: other, dataset: try digits(), threads: 1, resumingFrom: try Checkpoint.load(from: path))
        ) { error in
            guard case .optionsDiffer = error as? TrainingError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--lr 0.001 (now 0.5)"), "\(error)")
        }
        let letters = try InMemoryDataset(
            images: (0..<20).map { _ in constantImage(9, width: 28, height: 28) }, labels: (0..<20).map { $0 % 2 },
            classNames: ["a", "b"], source: "letters")
        XCTAssertThrowsError(
            try TrainingSession(
                options: options, dataset: letters, threads: 1, resumingFrom: try Checkpoint.load(from: path))
        ) { error in
            guard case .classesDiffer = error as? TrainingError else { return XCTFail("\(error)") }
        }
    }

    func testTrainedModelEvaluatesAndPredictsLikeTraining() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory.appendingPathComponent("m.fovea").path
        let options = TrainingOptions(architecture: "mlp", epochs: 2, batchSize: 32, validationFraction: 0.2, seed: 2)
        let session = try TrainingSession(options: options, dataset: try digits(), threads: 1)
        try session.run(checkpointPath: path)
        let validation = try XCTUnwrap(session.loop.validation?.dataset)

        let trained = try TrainedModel(contentsOf: path)
        XCTAssertEqual(trained.classNames, (0...9).map(String.init))
        let report = try trained.evaluate(on: validation, threads: 2)
        XCTAssertEqual(report.samples, validation.count)
        XCTAssertEqual(report.accuracy, try XCTUnwrap(session.state.history.last?.validationAccuracy), accuracy: 1e-12)
        XCTAssertEqual(report.loss, try XCTUnwrap(session.state.history.last?.validationLoss), accuracy: 1e-6)

        let images = try (0..<3).map { try validation.image(at: $0) }
        for views in [1, 4] {
            let probabilities = try trained.predict(images, views: views, threads: 1)
            XCTAssertEqual(probabilities.count, 3)
            for row in probabilities {
                XCTAssertEqual(row.count, 10)
                XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-4)
            }
        }
    }

    func testAnExplicitValidationSetIsUsedWholeAndItsLabelsChecked() throws {
        let options = TrainingOptions(architecture: "mlp", epochs: 1, validationFraction: 0.5, seed: 3)
        let all = try DatasetSource.open(
            repositoryRoot.appendingPathComponent("Fixtures/mnist/mnist4k-images-idx3-ubyte.gz").path)
        let session = try TrainingSession(
            options: options, dataset: DatasetSubset(all, indices: Array(0..<200)),
            validation: DatasetSubset(all, indices: Array(200..<250)), threads: 1)
        XCTAssertEqual(session.loop.training.dataset.count, 200)
        XCTAssertEqual(session.loop.validation?.dataset.count, 50)

        let strange = try InMemoryDataset(
            images: [constantImage(0, width: 28, height: 28)], labels: [12], source: "odd.idx")
        XCTAssertThrowsError(
            try TrainingSession(
                options: options, dataset: DatasetSubset(all, indices: Array(0..<200)), validation: strange, threads: 1)
        ) {
            XCTAssertEqual(
                $0 as? DataError, .unknownClass(name: "12", known: (0...9).map(String.init), source: "odd.idx[0]"))
        }
    }

    func testBestCheckpointSitsBesideTheLastOne() {
        XCTAssertEqual(TrainingSession.bestCheckpointPath(for: "/x/model.fovea"), "/x/model.best.fovea")
        XCTAssertEqual(TrainingSession.bestCheckpointPath(for: "/x/model"), "/x/model.best")
    }

    // MARK: Divergence, early stopping, restore-best, extension, transfer, bad samples

    func testADivergingRunStopsAtTheFirstNonFiniteLossAndKeepsTheLastFiniteCheckpoint() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory.appendingPathComponent("m.fovea").path
        var options = TrainingOptions(architecture: "lenet5", epochs: 1, batchSize: 16, optimizer: .adam, seed: 1)
        try TrainingSession(options: options, dataset: try digits(100), threads: 1).run(checkpointPath: path)
        let finite = try Data(contentsOf: URL(fileURLWithPath: path))
        let best = try Data(contentsOf: URL(fileURLWithPath: TrainingSession.bestCheckpointPath(for: path)))
        // The same run extended by an epoch with a rate of 1e10: the weights blow up after one step.
        options.epochs = 2
        options.learningRate = 1e10
        var resumed = options
        resumed.learningRate = 0.001
        let session = try TrainingSession(
            options: options, dataset: try digits(100), threads: 1,
            resumingFrom: nil)
        XCTAssertThrowsError(try session.run(checkpointPath: directory.appendingPathComponent("fresh.fovea").path)) {
            error in
            guard let diverged = error as? TrainingDiverged else { return XCTFail("\(error)") }
            XCTAssertEqual(diverged.epoch, 1)
            XCTAssertEqual(diverged.batch, 2, "the first step's loss is finite; the weights it leaves are not")
            XCTAssertTrue("\(error)".contains("at epoch 1, batch 2"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("fresh.fovea").path))
        XCTAssertEqual(session.state.bestEpoch, nil, "a NaN model is never best")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), finite)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: TrainingSession.bestCheckpointPath(for: path))), best)
    }

    func testEarlyStoppingEndsTheRunAndSurvivesAResume() throws {
        let directory = try makeTemporaryDirectory(self)
        // A rate so small that validation accuracy cannot change: epoch 1 is the best, and with patience 2 the
        // run ends after epoch 3 (Keras: stop once `wait` reaches the patience).
        var options = TrainingOptions(
            architecture: "mlp", epochs: 8, batchSize: 32, optimizer: .sgd, learningRate: 1e-9,
            validationFraction: 0.2, seed: 5)
        options.earlyStopPatience = 2
        let whole = directory.appendingPathComponent("whole.fovea").path
        let session = try TrainingSession(options: options, dataset: try digits(120), threads: 1)
        try session.run(checkpointPath: whole)
        XCTAssertEqual(session.state.completedEpochs, 3)
        XCTAssertEqual(session.state.stoppedEarlyAfter, 3)
        XCTAssertEqual(session.state.bestEpoch, 1)

        let resumed = directory.appendingPathComponent("resumed.fovea").path
        XCTAssertThrowsError(
            try TrainingSession(options: options, dataset: try digits(120), threads: 2).run(
                checkpointPath: resumed, onEpoch: { record, _ in if record.epoch == 2 { throw Interrupted() } }))
        let second = try TrainingSession(
            options: options, dataset: try digits(120), threads: 2, resumingFrom: try Checkpoint.load(from: resumed))
        XCTAssertEqual(second.state.epochsWithoutImprovement, 1, "the patience counter is in the checkpoint")
        try second.run(checkpointPath: resumed)
        XCTAssertEqual(try Checkpoint.load(from: whole).metadata, try Checkpoint.load(from: resumed).metadata)
        XCTAssertEqual(
            try Checkpoint.load(from: whole).tensors.map(\.tensor),
            try Checkpoint.load(from: resumed).tensors.map(\.tensor))
        // Resuming a stopped run trains nothing more.
        let again = try TrainingSession(
            options: options, dataset: try digits(120), threads: 1, resumingFrom: try Checkpoint.load(from: whole))
        try again.run(checkpointPath: whole)
        XCTAssertEqual(again.state.completedEpochs, 3)
    }

    func testRestoreBestPutsTheBestEpochsWeightsInTheFinalModelAlsoAtTheLastEpoch() throws {
        let directory = try makeTemporaryDirectory(self)
        // Validation loss as the monitor, with a rate that makes the loss rise after the first epoch.
        var options = TrainingOptions(
            architecture: "mlp", epochs: 3, batchSize: 8, optimizer: .sgd, learningRate: 30, validationFraction: 0.3,
            seed: 2)
        options.monitor = .valLoss
        options.restoreBest = true
        let path = directory.appendingPathComponent("m.fovea").path
        let session = try TrainingSession(options: options, dataset: try digits(120), threads: 1)
        try session.run(checkpointPath: path)
        let state = session.state
        XCTAssertEqual(state.completedEpochs, 3, "no early stopping: the run reaches its last epoch")
        let losses = state.history.compactMap(\.validationLoss)
        let bestEpoch = try XCTUnwrap(state.bestEpoch)
        XCTAssertEqual(losses[bestEpoch - 1], losses.min(), "best = smallest validation loss: \(losses)")
        XCTAssertNotEqual(bestEpoch, 3, "this run's best epoch is not its last (losses \(losses))")
        XCTAssertEqual(state.restoredEpoch, bestEpoch)
        let final = try Checkpoint.load(from: path)
        let best = try Checkpoint.load(from: TrainingSession.bestCheckpointPath(for: path))
        XCTAssertEqual(final.tensors.map(\.tensor), best.tensors.map(\.tensor))
        XCTAssertEqual(try TrainingState(metadata: final.metadata)?.completedEpochs, 3)
    }

    func testResumingWithMoreEpochsExtendsAFinishedRunLikeALongerOne() throws {
        let directory = try makeTemporaryDirectory(self)
        let short = TrainingOptions(architecture: "mlp", epochs: 2, batchSize: 32, validationFraction: 0.2, seed: 8)
        let long = short.with(epochs: 4)
        let extended = directory.appendingPathComponent("extended.fovea").path
        try TrainingSession(options: short, dataset: try digits(120), threads: 1).run(checkpointPath: extended)
        let more = try TrainingSession(
            options: long, dataset: try digits(120), threads: 1, resumingFrom: try Checkpoint.load(from: extended))
        try more.run(checkpointPath: extended)
        XCTAssertEqual(more.state.completedEpochs, 4)
        // Without a schedule, 2 + 2 epochs are the 4-epoch run exactly.
        let direct = directory.appendingPathComponent("direct.fovea").path
        try TrainingSession(options: long, dataset: try digits(120), threads: 2).run(checkpointPath: direct)
        XCTAssertEqual(
            try Checkpoint.load(from: extended).tensors.map(\.tensor),
            try Checkpoint.load(from: direct).tensors.map(\.tensor))
        XCTAssertThrowsError(
            try TrainingSession(
                options: short.with(epochs: 3), dataset: try digits(120), threads: 1,
                resumingFrom: try Checkpoint.load(from: extended))
        ) { error in
            XCTAssertTrue("\(error)".contains("completed 4 epochs, more than --epochs 3"), "\(error)")
        }
    }

    func testExtendingAFinishedRestoreBestRunContinuesFromTheBestWeightsAndRestoresTheBestOfTheWholeRun() throws {
        let directory = try makeTemporaryDirectory(self)
        // Validation loss with a rate that makes it rise after the first epoch: the best epoch is not the last.
        var short = TrainingOptions(
            architecture: "mlp", epochs: 3, batchSize: 8, optimizer: .sgd, learningRate: 30, validationFraction: 0.3,
            seed: 2)
        short.monitor = .valLoss
        short.restoreBest = true
        let long = short.with(epochs: 5)
        let path = directory.appendingPathComponent("m.fovea").path
        let first = try TrainingSession(options: short, dataset: try digits(120), threads: 1)
        try first.run(checkpointPath: path)
        let firstBest = try XCTUnwrap(first.state.bestEpoch)
        XCTAssertEqual(first.state.restoredEpoch, firstBest)
        XCTAssertNotEqual(firstBest, 3)
        let bestWeights = try Checkpoint.load(from: TrainingSession.bestCheckpointPath(for: path)).tensors.map(\.tensor)

        // The extension starts from the weights the finished run's model holds: the best epoch's.
        let copy = directory.appendingPathComponent("copy.fovea").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let extended = try TrainingSession(
            options: long, dataset: try digits(120), threads: 1, resumingFrom: try Checkpoint.load(from: path))
        XCTAssertEqual(extended.state.completedEpochs, 3)
        XCTAssertEqual(extended.model.parameters.map(\.tensor), bestWeights)
        try extended.run(checkpointPath: path)
        let state = extended.state
        XCTAssertEqual(state.completedEpochs, 5)
        XCTAssertEqual(state.history.map(\.epoch), [1, 2, 3, 4, 5])
        XCTAssertEqual(
            Array(state.history.prefix(3)), first.state.history, "the first three epochs are kept as they were")
        // Best over all five epochs, and the final model holds it (or the last epoch's, when that is the best).
        let losses = state.history.compactMap(\.validationLoss)
        let best = try XCTUnwrap(state.bestEpoch)
        XCTAssertEqual(losses[best - 1], losses.min(), "\(losses)")
        let final = try Checkpoint.load(from: path)
        XCTAssertEqual(
            final.tensors.map(\.tensor),
            try Checkpoint.load(from: TrainingSession.bestCheckpointPath(for: path)).tensors.map(\.tensor))
        XCTAssertEqual(state.restoredEpoch, best == 5 ? nil : best)

        // Interrupting the extension after epoch 4 and resuming ends with the same files, byte for byte.
        XCTAssertThrowsError(
            try TrainingSession(
                options: long, dataset: try digits(120), threads: 2, resumingFrom: try Checkpoint.load(from: copy)
            ).run(checkpointPath: copy, onEpoch: { record, _ in if record.epoch == 4 { throw Interrupted() } }))
        try TrainingSession(
            options: long, dataset: try digits(120), threads: 2, resumingFrom: try Checkpoint.load(from: copy)
        ).run(checkpointPath: copy)
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: copy)), try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func testInitialisingFromABackboneLoadsMatchingLayersAndFrozenOnesStayBitIdentical() throws {
        let directory = try makeTemporaryDirectory(self)
        let backbonePath = directory.appendingPathComponent("backbone.fovea").path
        let pretrain = TrainingOptions(architecture: "lenet5", epochs: 1, batchSize: 32, validationFraction: 0, seed: 1)
        try TrainingSession(options: pretrain, dataset: try digits(100), threads: 1).run(checkpointPath: backbonePath)
        let backbone = try Backbone(contentsOf: backbonePath)

        // Three classes: a new head (dense3 of another shape), everything else loaded; convolutions frozen.
        let three = try InMemoryDataset(
            images: (0..<30).map { constantImage(UInt8($0 * 8), width: 28, height: 28) },
            labels: (0..<30).map { $0 % 3 },
            classNames: ["a", "b", "c"], source: "three")
        var options = TrainingOptions(architecture: "lenet5", epochs: 2, batchSize: 8, validationFraction: 0, seed: 3)
        options.frozenLayers = ["conv1", "conv2"]
        let session = try TrainingSession(options: options, dataset: three, threads: 1, initializingFrom: backbone)
        let origin = try XCTUnwrap(session.state.origin)
        XCTAssertEqual(origin.loadedLayers, ["conv1", "conv2", "dense1", "dense2"])
        XCTAssertEqual(origin.initializedLayers, ["dense3"])
        let path = directory.appendingPathComponent("tuned.fovea").path
        try session.run(checkpointPath: path)

        let before = Dictionary(uniqueKeysWithValues: backbone.checkpoint.tensors.map { ($0.name, $0.tensor) })
        let after = Dictionary(
            uniqueKeysWithValues: try Checkpoint.load(from: path).tensors.map { ($0.name, $0.tensor) })
        for name in ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"] {
            XCTAssertEqual(after[name], before[name], "\(name) is frozen")
        }
        XCTAssertNotEqual(after["dense1.weight"], before["dense1.weight"], "loaded but trained")
        XCTAssertEqual(try TrainingState(metadata: try Checkpoint.load(from: path).metadata)?.origin, origin)

        options.frozenLayers = ["conv9"]
        XCTAssertThrowsError(
            try TrainingSession(options: options, dataset: three, threads: 1, initializingFrom: backbone)
        ) {
            XCTAssertTrue("\($0)".contains("--freeze conv9: the model has no such layer"), "\($0)")
        }
    }

    func testAnInputSizeBuildsTheNetworkForItAndIsRecordedForEvaluation() throws {
        let directory = try makeTemporaryDirectory(self)
        var options = TrainingOptions(
            architecture: "lenet5", epochs: 1, batchSize: 32, validationFraction: 0.2, seed: 2)
        options.inputSize = PixelSize(width: 36, height: 32)
        let session = try TrainingSession(options: options, dataset: try digits(100), threads: 1)
        XCTAssertEqual(session.model.inputShape, [1, 32, 36], "[C, H, W] from a width × height")
        XCTAssertEqual(session.format, InputFormat(channels: 1, width: 36, height: 32))
        let path = directory.appendingPathComponent("m.fovea").path
        try session.run(checkpointPath: path)
        // The size is in the checkpoint: in its options (resuming needs the same) and in the network it rebuilds.
        let trained = try TrainedModel(contentsOf: path)
        XCTAssertEqual(trained.state?.options.inputSize, PixelSize(width: 36, height: 32))
        XCTAssertEqual(trained.format, session.format)
        // Evaluating the 28×28 validation digits resizes them as training did: the same loss and accuracy.
        let validation = try XCTUnwrap(session.loop.validation?.dataset)
        let report = try trained.evaluate(on: validation, threads: 2)
        XCTAssertEqual(report.accuracy, try XCTUnwrap(session.state.history.last?.validationAccuracy), accuracy: 1e-12)
        XCTAssertEqual(report.loss, try XCTUnwrap(session.state.history.last?.validationLoss), accuracy: 1e-6)

        var other = options
        other.inputSize = nil
        XCTAssertThrowsError(
            try TrainingSession(
                options: other.with(epochs: 2), dataset: try digits(100), threads: 1,
                resumingFrom: try Checkpoint.load(from: path))
        ) { XCTAssertTrue("\($0)".contains("--input-size 36x32 (now off)"), "\($0)") }
    }

    func testAFixedInputArchitectureTakesOtherDataOnlyWithItsOwnInputSize() throws {
        let options = TrainingOptions(architecture: "alexnet", epochs: 1, batchSize: 2, validationFraction: 0, seed: 1)
        XCTAssertThrowsError(try TrainingSession(options: options, dataset: try digits(4), threads: 1)) {
            XCTAssertTrue("\($0)".contains("alexnet takes 227×227 inputs only, but"), "\($0)")
            XCTAssertTrue("\($0)".contains("is 28×28; pass --input-size 227x227"), "\($0)")
        }
        var other = options
        other.inputSize = PixelSize(width: 64, height: 64)
        XCTAssertThrowsError(try TrainingSession(options: other, dataset: try digits(4), threads: 1)) {
            XCTAssertTrue("\($0)".contains("--input-size 64x64: alexnet takes 227×227 inputs only"), "\($0)")
        }
    }

    func testMixUpAndCutMixRunsAreBitIdenticalAcrossThreadsWorkersAndAResume() throws {
        let directory = try makeTemporaryDirectory(self)
        var options = TrainingOptions(
            architecture: "lenet5", epochs: 3, batchSize: 16, validationFraction: 0.2, seed: 6)
        options.mixing = BatchMixing(mixupAlpha: 0.4, cutmixAlpha: 1, probability: 0.9)
        let one = directory.appendingPathComponent("one.fovea").path
        try TrainingSession(options: options, dataset: try digits(120), threads: 1, workers: 1).run(checkpointPath: one)
        let two = directory.appendingPathComponent("two.fovea").path
        XCTAssertThrowsError(
            try TrainingSession(options: options, dataset: try digits(120), threads: 2, workers: 3).run(
                checkpointPath: two, onEpoch: { record, _ in if record.epoch == 2 { throw Interrupted() } }))
        try TrainingSession(
            options: options, dataset: try digits(120), threads: 2, workers: 3,
            resumingFrom: try Checkpoint.load(from: two)
        ).run(checkpointPath: two)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: one)), try Data(contentsOf: URL(fileURLWithPath: two)))
        XCTAssertEqual(
            try TrainingState(metadata: try Checkpoint.load(from: one).metadata)?.options.mixing, options.mixing)

        // Mixing changes the run, and a resume with other mixing settings is refused.
        var plain = options
        plain.mixing = nil
        let unmixed = directory.appendingPathComponent("plain.fovea").path
        try TrainingSession(options: plain, dataset: try digits(120), threads: 2).run(checkpointPath: unmixed)
        XCTAssertNotEqual(
            try Checkpoint.load(from: one).tensors.map(\.tensor),
            try Checkpoint.load(from: unmixed).tensors.map(\.tensor))
        XCTAssertThrowsError(
            try TrainingSession(
                options: plain.with(epochs: 4), dataset: try digits(120), threads: 1,
                resumingFrom: try Checkpoint.load(from: one))
        ) { XCTAssertTrue("\($0)".contains("--mixup 0.4 (now 0.0)"), "\($0)") }
    }

    func testSkippedBadSamplesAreTheSameSetForAnyWorkerCountAndRecorded() throws {
        let directory = try makeTemporaryDirectory(self)
        struct Flaky: Dataset {
            let base: any Dataset
            var count: Int { base.count }
            var classCount: Int { base.classCount }
            var classNames: [String] { base.classNames }
            func label(at index: Int) -> Int { base.label(at: index) }
            func image(at index: Int) throws -> AnyImage {
                if index % 9 == 4 { throw DataError.unreadableImage(path: "s\(index)", reason: "broken") }
                return try base.image(at: index)
            }
            func sourceDescription(at index: Int) -> String { "s\(index)" }
        }
        var options = TrainingOptions(architecture: "mlp", epochs: 2, batchSize: 16, validationFraction: 0.2, seed: 4)
        XCTAssertThrowsError(try TrainingSession(options: options, dataset: Flaky(base: try digits(90)), threads: 1)) {
            XCTAssertEqual(
                $0 as? DataError, .unreadableImage(path: "s4", reason: "broken"), "fail: the first bad sample")
        }
        options.badSamples = .skip
        var models: [[Tensor]] = []
        for (workers, threads) in [(1, 1), (3, 2)] {
            let path = directory.appendingPathComponent("m\(workers).fovea").path
            let session = try TrainingSession(
                options: options, dataset: Flaky(base: try digits(90)), threads: threads, workers: workers)
            XCTAssertEqual(session.skippedSamples.map(\.source), (0..<10).map { "s\($0 * 9 + 4)" })
            XCTAssertEqual(session.loop.training.dataset.count + (session.loop.validation?.dataset.count ?? 0), 80)
            try session.run(checkpointPath: path)
            let state = try XCTUnwrap(try TrainingState(metadata: try Checkpoint.load(from: path).metadata))
            XCTAssertEqual(state.skippedSamples, (0..<10).map { "s\($0 * 9 + 4)" })
            models.append(try Checkpoint.load(from: path).tensors.map(\.tensor))
        }
        XCTAssertEqual(models[0], models[1], "same model whatever the worker and thread counts")
    }
}
