import Foundation
import FoveaCodecs
import XCTest

/// The headline promise, checked across processes (each process randomises Swift's hashing, so an in-process
/// test cannot see a dictionary-order leak): the same command gives byte-identical model files whatever the
/// thread count, and a run killed with SIGKILL then `--resume`d ends byte-identical to an uninterrupted one.
final class TrainingReproducibilityTests: XCTestCase {
    private func digits(in directory: URL, count: Int) throws -> String {
        let fixtures = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist")
        let images = try IDX.readImages(fixtures.appendingPathComponent("mnist4k-images-idx3-ubyte.gz").path)
        let labels = try IDX.readLabels(fixtures.appendingPathComponent("mnist4k-labels-idx1-ubyte.gz").path)
        let path = directory.appendingPathComponent("d-images-idx3-ubyte").path
        // Every tenth digit, so all classes are present.
        let picked = stride(from: 0, to: images.count, by: images.count / count).prefix(count)
        try IDX.writeImages(picked.map { images[$0] }, to: path)
        try IDX.writeLabels(picked.map { labels[$0] }, to: directory.appendingPathComponent("d-labels-idx1-ubyte").path)
        return path
    }

    private func arguments(_ data: String, out: String, threads: Int, epochs: Int = 3) -> [String] {
        [
            "train", "--data", data, "--model", "lenet5", "--epochs", String(epochs), "--batch-size", "16",
            "--optimizer", "adam", "--lr", "0.002", "--schedule", "cosine", "--augment", "digits", "--val-split", "0.2",
            "--seed", "5", "--threads", String(threads), "--out", out, "--resume",
        ]
    }

    func testSameSeedGivesByteIdenticalModelsForOneAndTwoThreadsInSeparateProcesses() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try digits(in: directory, count: 200)
        var files: [Data] = []
        for (index, threads) in [1, 2, 2].enumerated() {
            let result = try CLIRunner.run(arguments(data, out: "m\(index).fovea", threads: threads), in: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
            files.append(try Data(contentsOf: directory.appendingPathComponent("m\(index).fovea")))
        }
        XCTAssertGreaterThan(files[0].count, 100_000)
        XCTAssertEqual(files[0], files[1], "--threads 1 and --threads 2 wrote different model files")
        XCTAssertEqual(files[1], files[2], "two identical runs wrote different model files")
    }

    func testKillingTrainingAtSeveralPointsThenResumingEndsByteIdentical() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try digits(in: directory, count: 200)
        let reference = try CLIRunner.run(arguments(data, out: "ref.fovea", threads: 2, epochs: 4), in: directory)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let expected = try Data(contentsOf: directory.appendingPathComponent("ref.fovea"))

        let model = directory.appendingPathComponent("k.fovea")
        // Kill right after the first checkpoint appears (epoch 2 under way), then after a further checkpoint.
        var kills = 0
        for _ in 0..<2 {
            let before = try? Data(contentsOf: model)
            let process = Process()
            process.executableURL = CLIRunner.executable
            process.arguments = arguments(data, out: "k.fovea", threads: 2, epochs: 4)
            process.currentDirectoryURL = directory
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning && Date() < deadline && (try? Data(contentsOf: model)) == before { usleep(1_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
            // Whatever moment the kill hit, the checkpoint on disk is complete and loadable.
            let summary = try CLIRunner.run(["summary", "k.fovea"], in: directory)
            XCTAssertEqual(summary.status, 0, summary.stderr)
        }
        XCTAssertGreaterThan(kills, 0, "training finished before it could be killed")
        let resumed = try CLIRunner.run(arguments(data, out: "k.fovea", threads: 2, epochs: 4), in: directory)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(
            try Data(contentsOf: model), expected, "killed and resumed run differs from the uninterrupted one")
    }

    func testCtrlCStopsBetweenBatchesExitsWith130AndResumeMatchesAnUninterruptedRun() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try digits(in: directory, count: 200)
        let reference = try CLIRunner.run(arguments(data, out: "ref.fovea", threads: 2, epochs: 4), in: directory)
        XCTAssertEqual(reference.status, 0, reference.stderr)

        let model = directory.appendingPathComponent("i.fovea")
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments(data, out: "i.fovea", threads: 2, epochs: 4)
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline && !FileManager.default.fileExists(atPath: model.path) {
            usleep(1_000)
        }
        XCTAssertTrue(process.isRunning, "training finished before it could be interrupted")
        kill(process.processIdentifier, SIGINT)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130, stderr)
        XCTAssertTrue(stderr.contains("training interrupted during epoch"), stderr)
        XCTAssertTrue(stderr.contains("--resume"), stderr)

        let resumed = try CLIRunner.run(arguments(data, out: "i.fovea", threads: 2, epochs: 4), in: directory)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(
            try Data(contentsOf: model), try Data(contentsOf: directory.appendingPathComponent("ref.fovea")),
            "interrupted and resumed run differs from the uninterrupted one")
    }
}
