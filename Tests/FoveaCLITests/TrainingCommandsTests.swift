import Foundation
import XCTest

import FoveaCodecs

/// `fovea train`, `eval`, `predict`, `summary` and `kernels` run as a user would, on 120 bundled digits.
final class TrainingCommandsTests: XCTestCase {
    /// Writes the first 120 bundled digits as an IDX pair in `directory`; returns the image file's path.
    private func smallDigits(in directory: URL) throws -> String {
        let fixtures = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist")
        let images = try IDX.readImages(fixtures.appendingPathComponent("mnist4k-images-idx3-ubyte.gz").path)
        let labels = try IDX.readLabels(fixtures.appendingPathComponent("mnist4k-labels-idx1-ubyte.gz").path)
        let path = directory.appendingPathComponent("small-images-idx3-ubyte").path
        try IDX.writeImages(Array(images.prefix(120)), to: path)
        try IDX.writeLabels(
            Array(labels.prefix(120)), to: directory.appendingPathComponent("small-labels-idx1-ubyte").path)
        // Two digits as PNG files for `predict`.
        for index in 0..<2 {
            try ImageFile.write(AnyImage(images[index]), to: directory.appendingPathComponent("digit\(index).png").path)
        }
        return path
    }

    func testTrainWritesModelsMetricsAndPlotThenEvalPredictSummaryAndKernelsReadThem() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try smallDigits(in: directory)
        let train = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "mlp", "--epochs", "2", "--batch-size", "16", "--val-split", "0.25",
                "--out", "m.fovea", "--metrics", "m.csv", "--plot", "curves.png", "--threads", "1",
            ],
            in: directory)
        XCTAssertEqual(train.status, 0, train.stderr)
        // Not a terminal: one plain line per epoch.
        XCTAssertEqual(train.stderr.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.count, 2, train.stderr)
        // A quarter of each class held out: about 30 of the 120 (rounded per class).
        let counts =
            train.stderr.split(separator: "\n").first { $0.contains("training and") }?
            .split(separator: " ").compactMap { Int($0) } ?? []
        XCTAssertEqual(counts.count, 4, train.stderr)  // parameters, training, validation, classes
        if counts.count == 4 {
            XCTAssertEqual(counts[1] + counts[2], 120)
            XCTAssertTrue((25...35).contains(counts[2]), "\(counts[2]) validation samples")
        }
        XCTAssertTrue(train.stdout.hasPrefix("trained 2 epochs; model: m.fovea"), train.stdout)
        for file in ["m.fovea", "m.best.fovea", "m.csv", "curves.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), file)
        }
        let csv = try String(contentsOf: directory.appendingPathComponent("m.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 3)
        XCTAssertTrue(csv.hasPrefix("epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate"))
        let plot = try ImageFile.read(directory.appendingPathComponent("curves.png").path)
        XCTAssertEqual([plot.width, plot.height], [1100, 420])

        let eval = try CLIRunner.run(["eval", "--model", "m.fovea", "--data", data, "--json"], in: directory)
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["samples"] as? Int, 120)
        XCTAssertNotNil(object["accuracy"] as? Double)
        XCTAssertNotNil(object["loss"] as? Double)
        XCTAssertEqual((object["confusion"] as? [[Int]])?.count, 10)

        let predict = try CLIRunner.run(
            ["predict", "--model", "m.fovea", "digit0.png", "digit1.png", "--top", "3", "--tta", "3"], in: directory)
        XCTAssertEqual(predict.status, 0, predict.stderr)
        let lines = predict.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let first = lines.first ?? ""
        XCTAssertTrue(first.hasPrefix("digit0.png: "), predict.stdout)
        XCTAssertEqual(first.split(separator: ",").count, 3, "three classes with probabilities")

        // An unreadable image is reported; the others are still classified, with the same output as alone.
        try Data("not an image".utf8).write(to: directory.appendingPathComponent("broken.png"))
        let mixed = try CLIRunner.run(
            ["predict", "--model", "m.fovea", "broken.png", "digit1.png", "--top", "3", "--tta", "3"], in: directory)
        XCTAssertEqual(mixed.status, 1, mixed.stderr)
        XCTAssertTrue(mixed.stderr.contains("broken.png"), mixed.stderr)
        XCTAssertEqual(mixed.stdout.split(separator: "\n").map(String.init), [String(lines.last ?? "")])

        let summary = try CLIRunner.run(["summary", "m.fovea"], in: directory)
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stdout.contains("trained 2 epochs"), summary.stdout)

        let kernels = try CLIRunner.run(["kernels", "--model", "m.fovea", "k.png"], in: directory)
        XCTAssertNotEqual(kernels.status, 0, "an MLP has no convolution")
        XCTAssertTrue(kernels.stderr.contains("no convolution"), kernels.stderr)
    }

    func testSummaryOfLeNet5CountsItsParameters() throws {
        let result = try CLIRunner.run(["summary", "lenet5"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("61,706"), result.stdout)
    }

    func testMissingLabelFileIsReportedWithThePath() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let images = directory.appendingPathComponent("lonely-images-idx3-ubyte").path
        try IDX.writeImages(
            [
                Image<UInt8>.assumingValid(
                    width: 28, height: 28, layout: .gray, samples: .init(repeating: 0, count: 784))
            ], to: images)
        let result = try CLIRunner.run(["train", "--data", images, "--epochs", "1"], in: directory)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("\(images): no label file given"), result.stderr)
    }

    func testResumeContinuesFromTheCheckpointAndRefusesOtherOptions() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try smallDigits(in: directory)
        let arguments = [
            "train", "--data", data, "--model", "mlp", "--epochs", "2", "--out", "r.fovea", "--metrics", "r.csv",
            "--threads", "1", "--resume",
        ]
        let first = try CLIRunner.run(arguments, in: directory)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("no checkpoint at r.fovea; starting from epoch 1"), first.stderr)
        let model = try Data(contentsOf: directory.appendingPathComponent("r.fovea"))

        let again = try CLIRunner.run(arguments, in: directory)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("resuming after epoch 2 of 2 from r.fovea"), again.stderr)
        XCTAssertEqual(
            try Data(contentsOf: directory.appendingPathComponent("r.fovea")), model, "nothing left to train")
        let csv = try String(contentsOf: directory.appendingPathComponent("r.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 3, csv)

        let other = try CLIRunner.run(arguments + ["--lr", "0.01"], in: directory)
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("--lr 0.001 (now 0.01)"), other.stderr)
    }

    func testRangeFlagsOfFoveaAugmentMakeACustomPolicy() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try smallDigits(in: directory)
        let custom = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "mlp", "--epochs", "1", "--augment", "digits", "--rotate=-5:5",
                "--out", "c.fovea", "--threads", "1",
            ],
            in: directory)
        XCTAssertEqual(custom.status, 0, custom.stderr)
        XCTAssertTrue(custom.stderr.contains("augment custom"), custom.stderr)
        let preset = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "mlp", "--epochs", "1", "--augment", "digits", "--out", "p.fovea",
                "--threads", "1",
            ],
            in: directory)
        XCTAssertTrue(preset.stderr.contains("augment digits"), preset.stderr)
        let wrongFlag = try CLIRunner.run(["train", "--data", data, "--preset", "classic"], in: directory)
        XCTAssertEqual(wrongFlag.status, 64)
        XCTAssertTrue(wrongFlag.stderr.contains("--augment PRESET"), wrongFlag.stderr)
    }

    func testBadOptionsAreUsageErrors() throws {
        let result = try CLIRunner.run(["train", "--data", "x", "--model", "nonet"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("unknown --model nonet"), result.stderr)
        let split = try CLIRunner.run(["train", "--data", "x", "--val-split", "1"])
        XCTAssertEqual(split.status, 64)
    }
}
