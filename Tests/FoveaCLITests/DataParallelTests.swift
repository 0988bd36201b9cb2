import Foundation
import XCTest

/// `mpirun -n R fovea train …` (Open MPI, on this machine's loopback): the model file equals a plain run's for
/// R = 1, 2, 3, `--resume` under another R continues exactly, and a failing or interrupted job ends every rank.
/// Skipped (with a message) where mpirun is not installed; under CI (`CI=true`) a missing mpirun fails instead,
/// because `make deps` installs Open MPI there.
final class DataParallelTests: XCTestCase {
    /// mpirun's path, or `nil` when it is not on PATH.
    static let mpirun: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
        .split(separator: ":").map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    private func requireMPI() throws -> String {
        if let mpirun = Self.mpirun { return mpirun }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail("mpirun is not installed, but CI must run the multi-rank tests (make deps installs openmpi-bin)")
        }
        throw XCTSkip(
            "mpirun not found (install openmpi-bin and libopenmpi-dev, or run make deps): multi-rank tests skipped")
    }

    /// What a launcher run left: its status, its output, and whether it ended before `timeout` seconds.
    struct Launch {
        var status: Int32
        var stdout: String
        var stderr: String
        var finishedInTime: Bool
    }

    /// Runs `mpirun -n ranks fovea ARGUMENTS` in `directory`; after `timeout` seconds it is sent SIGTERM (mpirun
    /// then ends its ranks) and reported as not finished in time. `whileRunning` is called once it started.
    private func launch(
        ranks: Int, _ arguments: [String], in directory: URL, timeout: TimeInterval = 120,
        whileRunning: (Process) -> Void = { _ in }
    ) throws -> Launch {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try requireMPI())
        process.arguments =
            [
                "--allow-run-as-root", "--oversubscribe", "--mca", "btl_tcp_if_include", "lo", "-n", String(ranks),
                CLIRunner.executable.path,
            ] + arguments
        process.currentDirectoryURL = directory
        // Under `make asan` the ranks keep AddressSanitizer's memory checks but not its exit-time leak check:
        // Open MPI unloads its plugins in MPI_Finalize, so LeakSanitizer reports their leftovers from unknown
        // modules that no suppression can name. This test process keeps its own leak check.
        var environment = ProcessInfo.processInfo.environment
        let asanOptions = environment["ASAN_OPTIONS"].map { $0 + ":" } ?? ""
        environment["ASAN_OPTIONS"] = asanOptions + "detect_leaks=0"
        process.environment = environment
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = CLIRunner.PipeDrain(err.fileHandleForReading)
        let outData = CLIRunner.PipeDrain(out.fileHandleForReading)
        whileRunning(process)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let inTime = !process.isRunning
        if !inTime { process.terminate() }
        process.waitUntilExit()
        return Launch(
            status: process.terminationStatus, stdout: String(decoding: outData.wait(), as: UTF8.self),
            stderr: String(decoding: errData.wait(), as: UTF8.self), finishedInTime: inTime)
    }

    /// Processes still running a command line that mentions `marker` (ranks that outlived their job).
    private func survivors(_ marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.compactMap { pid in
            guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: bytes.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(marker) && !line.contains("xctest") ? "\(pid): \(line)" : nil
        }
    }

    /// 120 digits; batches of 24 (3 groups of 8), augmented, 20 % held out: every rank count from 1 to 3 holds
    /// whole groups, validation batches are shared too, and the last training batch (23 samples) is short.
    private func arguments(_ data: String, out: String, epochs: Int) -> [String] {
        [
            "train", "--data", data, "--model", "lenet5", "--epochs", String(epochs), "--batch-size", "24",
            "--augment", "digits", "--val-split", "0.2", "--seed", "3", "--threads", "1", "--out", out, "--resume",
        ]
    }

    func testModelFileIsByteIdenticalToAPlainRunForOneTwoAndThreeRanks() throws {
        _ = try requireMPI()
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, name: "d", in: directory)
        let plain = try CLIRunner.run(
            arguments(data, out: "plain.fovea", epochs: 2) + ["--metrics", "plain.csv"], in: directory)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let expected = try Data(contentsOf: directory.appendingPathComponent("plain.fovea"))
        for ranks in 1...3 {
            let run = try launch(
                ranks: ranks, arguments(data, out: "r\(ranks).fovea", epochs: 2) + ["--metrics", "r\(ranks).csv"],
                in: directory)
            XCTAssertTrue(run.finishedInTime, "mpirun -n \(ranks) did not finish")
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(
                try Data(contentsOf: directory.appendingPathComponent("r\(ranks).fovea")), expected,
                "mpirun -n \(ranks) wrote another model file than a plain fovea train")
            // Rank 0 alone reports: one summary line, one line per epoch.
            XCTAssertEqual(run.stdout.components(separatedBy: "trained 2 epochs").count - 1, 1, run.stdout)
            XCTAssertEqual(run.stderr.components(separatedBy: "epoch 2/2").count - 1, 1, run.stderr)
            let metrics = try String(contentsOf: directory.appendingPathComponent("r\(ranks).csv"), encoding: .utf8)
            XCTAssertEqual(metrics.split(separator: "\n").count, 3, metrics)
        }
    }

    func testMixUpAndCutMixBatchesAreSharedWithoutChangingTheModel() throws {
        _ = try requireMPI()
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, name: "d", in: directory)
        let mixing = ["--mixup", "0.2", "--cutmix", "1.0"]
        let plain = try CLIRunner.run(arguments(data, out: "plain.fovea", epochs: 1) + mixing, in: directory)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let run = try launch(ranks: 2, arguments(data, out: "r2.fovea", epochs: 1) + mixing, in: directory)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(
            try Data(contentsOf: directory.appendingPathComponent("r2.fovea")),
            try Data(contentsOf: directory.appendingPathComponent("plain.fovea")))
    }

    func testResumingUnderAnotherRankCountContinuesExactly() throws {
        _ = try requireMPI()
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, name: "d", in: directory)
        for epochs in [1, 3] {
            let plain = try CLIRunner.run(arguments(data, out: "plain.fovea", epochs: epochs), in: directory)
            XCTAssertEqual(plain.status, 0, plain.stderr)
        }
        // One epoch on 2 ranks, then the run extended to 3 epochs on 3 ranks.
        for (ranks, epochs) in [(2, 1), (3, 3)] {
            let run = try launch(ranks: ranks, arguments(data, out: "mpi.fovea", epochs: epochs), in: directory)
            XCTAssertTrue(run.finishedInTime)
            XCTAssertEqual(run.status, 0, run.stderr)
        }
        XCTAssertEqual(
            try Data(contentsOf: directory.appendingPathComponent("mpi.fovea")),
            try Data(contentsOf: directory.appendingPathComponent("plain.fovea")))
    }

    func testAnUnknownFlagEndsEveryRankWithTheUsageStatus() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let run = try launch(ranks: 2, ["train", "--data", "x", "--no-such-flag"], in: directory, timeout: 60)
        XCTAssertTrue(run.finishedInTime, "a usage error left mpirun waiting: \(run.stderr)")
        XCTAssertEqual(run.status, 64, run.stderr)
        XCTAssertTrue(run.stderr.contains("--no-such-flag"), run.stderr)
    }

    func testAFailureOnRankZeroAloneEndsTheOtherRanks() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, name: "d", in: directory)
        // Only rank 0 creates output folders; here it cannot (a file is in the way), while ranks 1 and 2 go
        // on to the first batch and wait for it.
        try Data("x".utf8).write(to: directory.appendingPathComponent("taken"))
        let marker = "fails-\(UUID().uuidString).fovea"
        let run = try launch(
            ranks: 3, arguments(data, out: marker, epochs: 2) + ["--metrics", "taken/m.csv"], in: directory, timeout: 60
        )
        XCTAssertTrue(run.finishedInTime, "the other ranks kept waiting for rank 0: \(run.stderr)")
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("taken"), run.stderr)
        XCTAssertEqual(survivors(marker), [])
    }

    func testCtrlCEndsEveryRankAndTheRunResumesExactly() throws {
        _ = try requireMPI()
        let directory = try CLIRunner.temporaryDirectory(self)
        let data = try TrainingFixtures.idx(120, name: "d", in: directory)
        let reference = try CLIRunner.run(arguments(data, out: "ref.fovea", epochs: 12), in: directory)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        let marker = "ctrl-c-\(UUID().uuidString).fovea"
        let model = directory.appendingPathComponent(marker)
        let run = try launch(ranks: 2, arguments(data, out: marker, epochs: 12), in: directory, timeout: 60) { mpirun in
            // SIGINT to mpirun, as a terminal's Ctrl-C: once the first checkpoint is on disk.
            let deadline = Date().addingTimeInterval(50)
            while mpirun.isRunning && Date() < deadline && !FileManager.default.fileExists(atPath: model.path) {
                usleep(5_000)
            }
            if mpirun.isRunning { mpirun.interrupt() }
        }
        XCTAssertTrue(run.finishedInTime, "Ctrl-C left mpirun running: \(run.stderr)")
        XCTAssertNotEqual(run.status, 0, "interrupted before the end, the job must not report success")
        XCTAssertEqual(survivors(marker), [])
        let resumed = try launch(ranks: 3, arguments(data, out: marker, epochs: 12), in: directory)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try Data(contentsOf: model), try Data(contentsOf: directory.appendingPathComponent("ref.fovea")))
    }
}
