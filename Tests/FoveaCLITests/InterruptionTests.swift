import Foundation
import FoveaCodecs
import XCTest

/// `fovea convert` over a directory, killed with SIGKILL part-way: every output visible under its final name
/// must be complete (outputs are written to a hidden temporary file and renamed), and a re-run with
/// `--skip-existing` must finish exactly the rest.
final class InterruptionTests: XCTestCase {
    func makeInputs(in directory: URL, count: Int) throws -> [String: Image<UInt8>] {
        var images: [String: Image<UInt8>] = [:]
        var rng = RandomStream(seed: 11)
        for index in 0..<count {
            // Noise does not compress, so each PNG write takes a measurable moment.
            var samples = [UInt8](repeating: 0, count: 160 * 128 * 3)
            for i in stride(from: 0, to: samples.count, by: 8) {
                withUnsafeBytes(of: rng.next()) { bytes in
                    for k in 0..<min(8, samples.count - i) { samples[i + k] = bytes[k] }
                }
            }
            let image = try Image<UInt8>(width: 160, height: 128, layout: .rgb, samples: samples)
            let name = String(format: "img%03d.png", index)
            try ImageFile.write(.uint8(image), to: directory.appendingPathComponent(name).path)
            images[name] = image
        }
        return images
    }

    func testKilledBatchLeavesOnlyCompleteOutputsAndSkipExistingFinishesTheRest() throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let input = root.appendingPathComponent("in")
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let images = try makeInputs(in: input, count: 100)

        func visibleOutputs() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).filter { !$0.hasPrefix(".") }
        }
        // Kill once the batch is under way (first output visible), then again part-way through the re-run.
        for threshold in [1, 40] {
            let process = Process()
            process.executableURL = CLIRunner.executable
            process.arguments = ["convert", input.path, output.path, "--to", "png", "--jobs", "2", "--skip-existing"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while visibleOutputs().count < threshold && process.isRunning && Date() < deadline {
                usleep(2_000)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal)

            let visible = visibleOutputs()
            XCTAssertLessThan(visible.count, images.count, "the batch finished before it could be killed")
            for name in visible {
                let decoded = try ImageFile.read(output.appendingPathComponent(name).path)
                XCTAssertEqual(decoded, images[name].map(AnyImage.uint8), "\(name) is incomplete after SIGKILL")
            }
        }

        let finish = try CLIRunner.run(["convert", input.path, output.path, "--to", "png", "--skip-existing"])
        XCTAssertEqual(finish.status, 0, finish.stderr)
        let visible = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { !$0.hasPrefix(".") }
        XCTAssertEqual(Set(visible), Set(images.keys))
        for (name, image) in images {
            XCTAssertEqual(try ImageFile.read(output.appendingPathComponent(name).path), .uint8(image), name)
        }
    }
}
