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
            try first.run(checkpointPath: resumed, onEpoch: { record, _ in
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
            try TrainingSession(options: other, dataset: try digits(), threads: 1, resumingFrom: try Checkpoint.load(from: path))
        ) { error in
            guard case .optionsDiffer = error as? TrainingError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("--lr 0.001 (now 0.5)"), "\(error)")
        }
        let letters = try InMemoryDataset(
            images: (0..<20).map { _ in constantImage(9, width: 28, height: 28) }, labels: (0..<20).map { $0 % 2 },
            classNames: ["a", "b"], source: "letters")
        XCTAssertThrowsError(
            try TrainingSession(options: options, dataset: letters, threads: 1, resumingFrom: try Checkpoint.load(from: path))
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

        let strange = try InMemoryDataset(images: [constantImage(0, width: 28, height: 28)], labels: [12], source: "odd.idx")
        XCTAssertThrowsError(
            try TrainingSession(options: options, dataset: DatasetSubset(all, indices: Array(0..<200)), validation: strange, threads: 1)
        ) {
            XCTAssertEqual($0 as? DataError, .labelOutOfRange(label: 12, classCount: 10, source: "odd.idx[0]"))
        }
    }

    func testBestCheckpointSitsBesideTheLastOne() {
        XCTAssertEqual(TrainingSession.bestCheckpointPath(for: "/x/model.fovea"), "/x/model.best.fovea")
        XCTAssertEqual(TrainingSession.bestCheckpointPath(for: "/x/model"), "/x/model.best")
    }
}
