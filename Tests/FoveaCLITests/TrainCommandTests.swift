import CZlib
import Foundation
import XCTest

import FoveaCodecs

/// `fovea train` as a user meets it: output folders, outputs that are inputs, diverging runs, bad samples,
/// class folders, flags, memory, fixed-size architectures, early stopping, extension and transfer learning.
final class TrainCommandTests: XCTestCase {
    private func exists(_ directory: URL, _ name: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
    }

    func testOutputFoldersAreCreatedBeforeTheFirstEpoch() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, in: directory)
        let result = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "mlp", "--epochs", "1", "--out", "runs/one/model.fovea",
                "--metrics", "runs/csv/m.csv", "--plot", "runs/png/curves.png", "--threads", "1",
            ],
            in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        for file in ["runs/one/model.fovea", "runs/one/model.best.fovea", "runs/csv/m.csv", "runs/png/curves.png"] {
            XCTAssertTrue(exists(directory, file), file)
        }
    }

    func testOutputsThatNameAnInputAreRefusedBeforeAnythingIsWritten() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(60, in: directory)
        let labels = directory.appendingPathComponent("small-labels-idx1-ubyte").path
        let before = try Data(contentsOf: URL(fileURLWithPath: data))
        let labelsBefore = try Data(contentsOf: URL(fileURLWithPath: labels))
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("link").path, withDestinationPath: directory.path)
        try FileManager.default.linkItem(atPath: data, toPath: directory.appendingPathComponent("hard.fovea").path)
        let cases: [[String]] = [
            ["--out", data],
            ["--metrics", labels],
            ["--plot", "link/small-images-idx3-ubyte"],  // the data file through a symlinked folder
            ["--out", "hard.fovea"],  // a hard link to the data file
            ["--out", "x.fovea", "--metrics", "x.best.fovea"],  // two outputs in one file
        ]
        for extra in cases {
            let result = try CLIRunner.run(
                ["train", "--data", data, "--model", "mlp", "--epochs", "1", "--threads", "1"] + extra, in: directory)
            XCTAssertEqual(result.status, 64, "\(extra): \(result.stderr)")
            XCTAssertTrue(
                result.stderr.contains("refusing to overwrite") || result.stderr.contains("written twice"),
                result.stderr)
            XCTAssertFalse(exists(directory, "x.fovea"))
            XCTAssertFalse(exists(directory, "model.fovea"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: data)), before)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: labels)), labelsBefore)
    }

    func testANonFiniteLossStopsTheRunWithExitOneAndNoModelBecomesBest() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, in: directory)
        // --lr 1e10 is accepted (the only bound is "finite and positive"); the run stops at the first NaN.
        let result = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "lenet5", "--epochs", "3", "--lr", "1e10", "--batch-size", "16",
                "--out", "m.fovea", "--threads", "1",
            ],
            in: directory)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("training diverged: a non-finite number at epoch 1, batch 2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Try a smaller --lr"), result.stderr)
        XCTAssertFalse(exists(directory, "m.fovea"))
        XCTAssertFalse(exists(directory, "m.best.fovea"), "a NaN model is never best")
    }

    func testBadSamplesFailNamingTheFileOrAreSkippedTheSameWayForAnyWorkerCount() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let root = directory.appendingPathComponent("digits")
        try TrainingFixtures.folders(root, classes: [0, 1, 2], from: 90)
        // A PNG cut short: the right magic bytes, then nothing.
        let first = try XCTUnwrap(
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("1").path).first)
        let whole = try Data(contentsOf: root.appendingPathComponent("1/\(first)"))
        try whole.prefix(40).write(to: root.appendingPathComponent("1/broken.png"))
        let base = ["train", "--data", root.path, "--model", "mlp", "--epochs", "2", "--batch-size", "8"]
        let fail = try CLIRunner.run(base + ["--out", "f.fovea"], in: directory)
        XCTAssertEqual(fail.status, 1, fail.stderr)
        XCTAssertTrue(fail.stderr.contains("1/broken.png: cannot read image"), fail.stderr)
        XCTAssertTrue(fail.stderr.contains("--bad-samples skip"), fail.stderr)
        XCTAssertFalse(exists(directory, "f.fovea"), "refused before the first epoch")

        var models: [Data] = []
        for (workers, threads) in [("1", "1"), ("3", "2")] {
            let out = "s\(workers).fovea"
            let skip = try CLIRunner.run(
                base + ["--bad-samples", "skip", "--out", out, "--workers", workers, "--threads", threads],
                in: directory)
            XCTAssertEqual(skip.status, 0, skip.stderr)
            XCTAssertTrue(skip.stderr.contains("skipped unreadable sample \(root.path)/1/broken.png"), skip.stderr)
            XCTAssertTrue(skip.stderr.contains("skipped 1 unreadable"), skip.stderr)
            let model = try Data(contentsOf: directory.appendingPathComponent(out))
            XCTAssertNotNil(model.range(of: Data("skippedSamples".utf8)), "recorded in the checkpoint")
            models.append(model)
        }
        XCTAssertEqual(models[0], models[1], "the same samples dropped, the same model")
        // Resuming finds the same set (and would refuse another).
        let resumed = try CLIRunner.run(
            base + ["--bad-samples", "skip", "--out", "s1.fovea", "--resume", "--epochs", "3"], in: directory)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
    }

    func testClassFoldersAreReadRecursivelyByContentAndSkippedFilesAreCounted() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let root = directory.appendingPathComponent("digits")
        let counts = try TrainingFixtures.folders(root, classes: [0, 1], from: 60)
        let (images, _) = try TrainingFixtures.digits(2)
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("1/more/deeper"), withIntermediateDirectories: true)
        try ImageFile.write(
            AnyImage(images[0]), to: root.appendingPathComponent("1/more/deeper/scan").path, format: .png)
        try Data("not a picture".utf8).write(to: root.appendingPathComponent("0/README.txt"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("2"), withIntermediateDirectories: true)
        let result = try CLIRunner.run(
            ["train", "--data", root.path, "--model", "mlp", "--epochs", "1", "--val-split", "0", "--out", "m.fovea"],
            in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let total = (counts[0] ?? 0) + (counts[1] ?? 0) + 1
        XCTAssertTrue(result.stderr.contains("\(total) images in 2 classes"), result.stderr)
        XCTAssertTrue(
            result.stderr.contains("skipped 1 file that is not an image (\(root.path)/0/README.txt)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("empty class folder (no images, not a class): 2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(total) training and 0 validation samples, 2 classes"), result.stderr)
    }

    func testImagesDirectlyInTheDataRootAreCountedAndAloneAreAUsageError() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let root = directory.appendingPathComponent("digits")
        _ = try TrainingFixtures.folders(root, classes: [0, 1], from: 60)
        let (images, _) = try TrainingFixtures.digits(1)
        let stray = root.appendingPathComponent("stray.png").path
        try ImageFile.write(AnyImage(images[0]), to: stray)
        let arguments = ["train", "--model", "mlp", "--epochs", "1", "--val-split", "0", "--out", "m.fovea"]
        let result = try CLIRunner.run(arguments + ["--data", root.path], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("skipped 1 file outside the class folders (e.g. \(stray))"), result.stderr)

        let flat = directory.appendingPathComponent("flat")
        try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
        try ImageFile.write(AnyImage(images[0]), to: flat.appendingPathComponent("1.png").path)
        let refused = try CLIRunner.run(arguments + ["--data", flat.path], in: directory)
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("\(flat.path): 1 image (e.g. \(flat.path)/1.png) but no class subfolders"),
            refused.stderr)
    }

    func testValidationFoldersAreMatchedToTheTrainingClassesByName() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let train = directory.appendingPathComponent("train")
        try TrainingFixtures.folders(train, classes: [0, 1, 2], from: 120)
        let validation = directory.appendingPathComponent("val")
        let counts = try TrainingFixtures.folders(validation, classes: [2], from: 300)
        let result = try CLIRunner.run(
            [
                "train", "--data", train.path, "--val-data", validation.path, "--model", "mlp", "--epochs", "1",
                "--out", "m.fovea", "--metrics", "m.csv", "--threads", "1",
            ],
            in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        // Folder "2" is training class 2 (not class 0, its position in val/): the validation accuracy is the
        // fraction of its images that predict calls "2".
        let csv = try String(contentsOf: directory.appendingPathComponent("m.csv"), encoding: .utf8)
        let row = csv.split(separator: "\n")[1].split(separator: ",")
        let accuracy = try XCTUnwrap(Double(row[4]))
        let predict = try CLIRunner.run(["predict", "--model", "m.fovea", validation.path], in: directory)
        let saidTwo = predict.stdout.split(separator: "\n").filter { $0.hasSuffix("") && $0.contains(": 2 ") }.count
        XCTAssertEqual(accuracy, Double(saidTwo) / Double(counts[2] ?? 1), accuracy: 1e-4)

        let unknown = directory.appendingPathComponent("val9")
        try TrainingFixtures.folders(unknown, classes: [9], from: 60)
        let refused = try CLIRunner.run(
            [
                "train", "--data", train.path, "--val-data", unknown.path, "--model", "mlp", "--epochs", "1", "--out",
                "u.fovea",
            ],
            in: directory)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(
            refused.stderr.contains("class \"9\" is not one of the model's 3 classes (0 1 2)"), refused.stderr)
    }

    func testNumericFlagsAreCheckedAndNamed() throws {
        let cases: [([String], String)] = [
            (["--lr", "nan"], "--lr must be a finite number above 0"),
            (["--lr", "inf"], "--lr must be a finite number above 0"),
            (["--lr=-1"], "--lr must be a finite number above 0"),
            (["--lr", "0"], "--lr must be a finite number above 0"),
            (["--epochs", "0"], "--epochs must be in 1...100000"),
            (["--epochs", "1000000000"], "--epochs must be in 1...100000"),
            (["--batch-size", "0"], "--batch-size must be in 1...65536"),
            (["--batch-size", "99999999999"], "--batch-size must be in 1...65536"),
            (["--threads", "0"], "--threads must be in 1...1024"),
            (["--workers", "5000"], "--workers must be in 1...1024"),
            (["--val-split", "nan"], "--val-split must be a number in [0, 1)"),
            (["--val-split=-0.5"], "--val-split must be a number in [0, 1)"),
            (["--weight-decay", "inf"], "--weight-decay must be a number in [0, 1]"),
            (["--early-stop", "0"], "--early-stop must be in 1...100000"),
            (["--max-memory", "lots"], "--max-memory must be a positive size"),
            (["--max-memory=-5G"], "--max-memory must be a positive size"),
            (["--freeze", "conv1"], "--freeze keeps loaded weights fixed: give the model to load with --init-from"),
        ]
        for (flags, message) in cases {
            let result = try CLIRunner.run(["train", "--data", "x"] + flags)
            XCTAssertEqual(result.status, 64, "\(flags)")
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }

    func testAStepThatWouldNotFitInMemoryIsRefusedWithABatchSizeThatFits() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(60, in: directory)
        let result = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "lenet5", "--epochs", "1", "--max-memory", "10MiB", "--out",
                "m.fovea",
            ],
            in: directory)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "at --batch-size 64 needs about 22.1 MiB, more than the 10.0 MiB allowed by --max-memory"),
            result.stderr)
        XCTAssertTrue(result.stderr.contains("--batch-size 26 fits"), result.stderr)
        XCTAssertFalse(exists(directory, "m.fovea"))
        let fits = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "lenet5", "--epochs", "1", "--max-memory", "10MiB", "--batch-size",
                "26",
                "--out", "m.fovea",
            ],
            in: directory)
        XCTAssertEqual(fits.status, 0, fits.stderr)
    }

    func testFixedInputArchitecturesRefuseDataOfAnotherSize() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(20, in: directory)
        let result = try CLIRunner.run(["train", "--data", data, "--model", "vgg16", "--epochs", "1"], in: directory)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("vgg16 takes 224×224 inputs only"), result.stderr)
        XCTAssertTrue(result.stderr.contains("is 28×28"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pass --input-size 224x224"), result.stderr)  // a flag the user can pass
        XCTAssertFalse(exists(directory, "model.fovea"))
        // Another size than the architecture's is a usage error, before any data is read.
        let other = try CLIRunner.run(
            ["train", "--data", data, "--model", "vgg16", "--epochs", "1", "--input-size", "64x64"], in: directory)
        XCTAssertEqual(other.status, 64, other.stderr)
        XCTAssertTrue(other.stderr.contains("vgg16 takes 224x224 inputs only; pass --input-size 224x224"), other.stderr)
        // With its own size the data is taken (resized when read) and the run gets as far as the memory check.
        let sized = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "alexnet", "--epochs", "1", "--input-size", "227x227",
                "--batch-size", "64", "--max-memory", "1MiB",
            ],
            in: directory)
        XCTAssertEqual(sized.status, 64, sized.stderr)
        XCTAssertTrue(sized.stderr.contains("a training step of alexnet at --batch-size 64 needs about"), sized.stderr)
        XCTAssertFalse(exists(directory, "model.fovea"))
    }

    func testInputSizeResizesForTrainingAndTheModelResizesTheSameWayInEvalAndPredict() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(100, in: directory)
        let trained = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "lenet5", "--epochs", "1", "--input-size", "32x32", "--val-split",
                "0.2",
                "--seed", "3", "--out", "m.fovea",
            ],
            in: directory)
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let summary = try CLIRunner.run(["summary", "m.fovea"], in: directory)
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stdout.contains("1×32×32") || summary.stdout.contains("[1, 32, 32]"), summary.stdout)
        let eval = try CLIRunner.run(["eval", "--model", "m.fovea", "--data", data, "--json"], in: directory)
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let predict = try CLIRunner.run(["predict", "--model", "m.fovea", data, "--json"], in: directory)
        XCTAssertEqual(predict.status, 0, predict.stderr)
        XCTAssertEqual(predict.stdout.split(separator: "\n").count, 100, "one line per 28×28 digit")
        // A size whose network would not fit is refused by the memory estimate before any weight is allocated.
        let huge = try CLIRunner.run(
            ["train", "--data", data, "--model", "lenet5", "--input-size", "16384x16384", "--out", "huge.fovea"],
            in: directory)
        XCTAssertEqual(huge.status, 64, huge.stderr)
        XCTAssertTrue(huge.stderr.contains("a training step of lenet5 at --batch-size 64 needs about"), huge.stderr)
        XCTAssertFalse(exists(directory, "huge.fovea"))
        let small = try CLIRunner.run(
            ["train", "--data", data, "--model", "lenet5", "--input-size", "3x5"], in: directory)
        XCTAssertEqual(small.status, 64, small.stderr)
        XCTAssertTrue(small.stderr.contains("--input-size 3x5 is too small for lenet5: layer conv2"), small.stderr)
        for bad in ["32", "0x32", "32x", "99999x32"] {
            let result = try CLIRunner.run(["train", "--data", data, "--input-size", bad], in: directory)
            XCTAssertEqual(result.status, 64, "\(bad): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("--input-size"), result.stderr)
        }
    }

    func testMixUpAndCutMixTrainTheSameModelForAnyThreadsWorkersAndAfterAResume() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, in: directory)
        let common = [
            "train", "--data", data, "--model", "lenet5", "--batch-size", "16", "--seed", "4", "--mixup", "0.2",
            "--cutmix", "1.0", "--mix-prob", "0.8",
        ]
        let one = try CLIRunner.run(
            common + ["--epochs", "2", "--threads", "1", "--workers", "1", "--out", "a.fovea"], in: directory)
        XCTAssertEqual(one.status, 0, one.stderr)
        let first = try CLIRunner.run(
            common + ["--epochs", "1", "--threads", "2", "--workers", "3", "--out", "b.fovea"], in: directory)
        XCTAssertEqual(first.status, 0, first.stderr)
        let resumed = try CLIRunner.run(
            common + ["--epochs", "2", "--threads", "2", "--workers", "3", "--out", "b.fovea", "--resume"],
            in: directory)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(
            try Data(contentsOf: directory.appendingPathComponent("a.fovea")),
            try Data(contentsOf: directory.appendingPathComponent("b.fovea")))
        XCTAssertTrue(one.stderr.contains("mixup 0.2, cutmix 1.0 (probability 0.8)"), one.stderr)

        for (flags, message) in [
            (["--mixup", "0"], "--mixup must be a Beta parameter α in (0, 1000], not 0.0"),
            (["--cutmix", "nan"], "--cutmix must be a Beta parameter α"),
            (["--mix-prob", "0.5"], "--mix-prob is the probability of --mixup or --cutmix"),
            (["--mixup", "1", "--mix-prob", "2"], "--mix-prob must be a probability in [0, 1], not 2.0"),
        ] {
            let result = try CLIRunner.run(["train", "--data", data] + flags, in: directory)
            XCTAssertEqual(result.status, 64, result.stderr)
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }

    func testEarlyStoppingRestoreBestAndExtendingAFinishedRun() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, in: directory)
        // SGD at 1e-9 cannot change the validation accuracy: epoch 1 stays best, patience 2 ends after epoch 3.
        let stop = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "mlp", "--epochs", "10", "--optimizer", "sgd", "--lr", "1e-9",
                "--early-stop", "2", "--restore-best", "--out", "e.fovea", "--threads", "1",
            ],
            in: directory)
        XCTAssertEqual(stop.status, 0, stop.stderr)
        XCTAssertTrue(stop.stdout.contains("trained 3 epochs"), stop.stdout)
        XCTAssertTrue(
            stop.stdout.contains("stopped early after epoch 3: 2 epochs without a better val_accuracy"), stop.stdout)
        XCTAssertTrue(stop.stdout.contains("it holds the weights of epoch 1"), stop.stdout)
        // Extending the stopped restore-best run: the patience counter carries over (2 epochs without improvement
        // already), so one more epoch without a better accuracy ends it again, and the model still holds epoch 1.
        let more = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "mlp", "--epochs", "12", "--optimizer", "sgd", "--lr", "1e-9",
                "--early-stop", "2", "--restore-best", "--out", "e.fovea", "--threads", "2", "--resume",
            ],
            in: directory)
        XCTAssertEqual(more.status, 0, more.stderr)
        XCTAssertTrue(more.stderr.contains("resuming after epoch 3 of 12"), more.stderr)
        XCTAssertTrue(more.stdout.contains("trained 4 epochs"), more.stdout)
        XCTAssertTrue(
            more.stdout.contains("stopped early after epoch 4: 3 epochs without a better val_accuracy"), more.stdout)
        XCTAssertTrue(more.stdout.contains("it holds the weights of epoch 1"), more.stdout)

        // A finished 2-epoch run extended to 4 with --resume --epochs 4.
        let base = [
            "train", "--data", data, "--model", "mlp", "--batch-size", "16", "--out", "x.fovea", "--threads", "1",
        ]
        XCTAssertEqual(try CLIRunner.run(base + ["--epochs", "2"], in: directory).status, 0)
        let extended = try CLIRunner.run(base + ["--epochs", "4", "--resume", "--metrics", "x.csv"], in: directory)
        XCTAssertEqual(extended.status, 0, extended.stderr)
        XCTAssertTrue(extended.stderr.contains("resuming after epoch 2 of 4"), extended.stderr)
        XCTAssertTrue(extended.stdout.contains("trained 4 epochs"), extended.stdout)
        let help = try CLIRunner.run(["train", "--help"])
        XCTAssertTrue(help.stdout.contains("--epochs: a larger count extends the run"), help.stdout)
        XCTAssertTrue(help.stdout.contains("schedule keeps"), help.stdout)
    }

    func testInitFromLoadsMatchingLayersAndFreezeKeepsThemBitIdentical() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(100, in: directory)
        XCTAssertEqual(
            try CLIRunner.run(
                [
                    "train", "--data", data, "--model", "lenet5", "--epochs", "1", "--out", "backbone.fovea",
                    "--threads", "1",
                ],
                in: directory
            ).status, 0)
        let three = directory.appendingPathComponent("three")
        try TrainingFixtures.folders(three, classes: [3, 4, 5], from: 120)
        let tuned = try CLIRunner.run(
            [
                "train", "--data", three.path, "--model", "lenet5", "--epochs", "2", "--init-from", "backbone.fovea",
                "--freeze", "conv1,conv2", "--out", "tuned.fovea", "--threads", "1",
            ],
            in: directory)
        XCTAssertEqual(tuned.status, 0, tuned.stderr)
        XCTAssertTrue(
            tuned.stderr.contains(
                "initialised from backbone.fovea: loaded conv1, conv2, dense1, dense2; new: dense3; frozen: conv1, conv2"
            ), tuned.stderr)
        // Frozen tensors are byte-identical: conv1.weight (6·1·5·5) and bias (6), conv2.weight (16·6·5·5) and bias
        // (16) come first in both files' payloads, so the first 2,572 floats after the header match.
        func payload(_ name: String) throws -> [UInt8] {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            let header = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
            return Array(bytes[(16 + header)...])
        }
        let frozen = 4 * (150 + 6 + 2400 + 16)
        XCTAssertEqual(
            Array(try payload("tuned.fovea").prefix(frozen)), Array(try payload("backbone.fovea").prefix(frozen)))
        XCTAssertNotEqual(
            Array(try payload("tuned.fovea")[frozen..<(frozen + 400)]),
            Array(try payload("backbone.fovea")[frozen..<(frozen + 400)]),
            "dense1 was loaded and then trained")
        let summary = try CLIRunner.run(["summary", "tuned.fovea"], in: directory)
        XCTAssertTrue(
            summary.stdout.contains(
                "initialised from backbone.fovea (lenet5): loaded conv1, conv2, dense1, dense2; frozen: conv1, conv2"),
            summary.stdout)
        let wrong = try CLIRunner.run(
            ["train", "--data", three.path, "--init-from", "backbone.fovea", "--freeze", "conv7", "--out", "w.fovea"],
            in: directory)
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("--freeze conv7: the model has no such layer"), wrong.stderr)
    }

    /// A checkpoint with a right CRC around a hostile training state: a typed error (exit 1), never a trap.
    func testHostileTrainingStateIsAnErrorNotATrap() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let model = try TrainingFixtures.model(in: directory, extra: ["--schedule", "step"])
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: model)))
        func tampered(_ from: String, _ to: String) throws -> String {
            precondition(from.utf8.count == to.utf8.count, "same length keeps the header length")
            var bytes = original.dropLast(4).map { $0 }
            let needle = Array(from.utf8)
            guard
                let start = (0...(bytes.count - needle.count)).first(where: {
                    Array(bytes[$0..<($0 + needle.count)]) == needle
                })
            else { throw XCTSkip("\(from) not in the header") }
            bytes.replaceSubrange(start..<(start + needle.count), with: Array(to.utf8))
            let crc = bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
            for shift in stride(from: 0, to: 32, by: 8) {
                bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift)))
            }
            let path = directory.appendingPathComponent("hostile-\(UUID().uuidString).fovea").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        // Inside the training state (JSON in a JSON string, so its quotes are escaped), then the optimizer record
        // (its rate after one epoch of the step schedule is 0.0001).
        for (from, to, readers) in [
            (#"\"completedEpochs\":1"#, #"\"completedEpochs\":9"#, true), (#"\"every\":1"#, #"\"every\":0"#, true),
            (#"\"weightDecay\":0"#, #"\"weightDecay\":9"#, true),
            (#""learningRate":0.0001"#, #""learningRate":-0.001"#, false),
        ] {
            let path = try tampered(from, to)
            let readerCommands = [["eval", "--model", path, "--data", "train-images-idx3-ubyte"], ["summary", path]]
            for command in readers ? readerCommands : [] {
                let result = try CLIRunner.run(command, in: directory)
                XCTAssertEqual(result.status, 1, "\(to) \(command[0]): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains("out of range"), result.stderr)
            }
            try FileManager.default.copyItem(atPath: path, toPath: directory.appendingPathComponent("r.fovea").path)
            let resume = try CLIRunner.run(
                [
                    "train", "--data", "train-images-idx3-ubyte", "--model", "mlp", "--epochs", "1", "--batch-size",
                    "16",
                    "--schedule", "step", "--out", "r.fovea", "--resume",
                ],
                in: directory)
            XCTAssertEqual(resume.status, 1, resume.stderr)
            XCTAssertTrue(resume.stderr.contains("out of range"), resume.stderr)
            try FileManager.default.removeItem(atPath: directory.appendingPathComponent("r.fovea").path)
        }
    }
}
