import Foundation
import FoveaCodecs
import XCTest

/// The recipes of docs/scale-out/ run here as far as this machine allows: the Slurm array script once per
/// array index with Slurm's variables, the Kubernetes Job's container command once per completion index.
final class ShardingRecipeTests: XCTestCase {
    private func makeTree(_ root: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/raw/sub", withIntermediateDirectories: true)
        for (index, name) in ["a.pgm", "b.pgm", "sub/c.pgm", "d.pgm", "e.pgm", "sub/f.pgm"].enumerated() {
            let image = Image<UInt8>.assumingValid(
                width: 4, height: 3, layout: .gray, samples: (0..<12).map { UInt8($0 * 9 + index) })
            try ImageFile.write(.uint8(image), to: root + "/raw/" + name)
        }
    }

    private func script(_ name: String) -> String {
        CLIRunner.repositoryRoot.appendingPathComponent("docs/scale-out/" + name).path
    }

    private func runBash(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTheSlurmArrayScriptConvertsEveryShard() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        try makeTree(root)
        let text = try String(contentsOfFile: script("slurm-convert.sbatch"), encoding: .utf8)
        XCTAssertTrue(text.contains("#SBATCH --array=0-3"), "the script's array has 4 tasks")
        for task in 0..<4 {
            let result = try runBash(
                [script("slurm-convert.sbatch")],
                environment: [
                    "FOVEA": CLIRunner.executable.path, "IN": root + "/raw", "OUT": root + "/png",
                    "SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4",
                    "SLURM_CPUS_PER_TASK": "1",
                ])
            XCTAssertEqual(result.status, 0, result.output)
            XCTAssertTrue(result.output.contains("shard \(task + 1)/4 from Slurm job array"), result.output)
        }
        let status = try CLIRunner.run(["shards", "status", root + "/png"])
        XCTAssertEqual(status.status, 0, status.stdout)
        XCTAssertTrue(status.stdout.contains("4 shards (convert): 4 complete"), status.stdout)
        XCTAssertEqual(
            (FileManager.default.enumerator(atPath: root + "/png")?.allObjects as? [String] ?? []).filter {
                $0.hasSuffix(".png")
            }.count, 6)
    }

    func testTheKubernetesJobsCommandConvertsEveryCompletionIndex() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        try makeTree(root)
        let manifest = try String(contentsOfFile: script("k8s-indexed-job.yaml"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("completionMode: Indexed"))
        XCTAssertTrue(manifest.contains("completions: 4"))
        XCTAssertTrue(manifest.contains("value: \"4\""), "FOVEA_SHARD_COUNT must equal completions")
        // The container's command, with the volume's paths replaced by this test's folders.
        guard let line = manifest.split(separator: "\n").first(where: { $0.contains("command: [\"fovea\"") }),
            let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]")
        else { return XCTFail("no container command in the manifest") }
        let words = line[line.index(after: open)..<close].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        XCTAssertEqual(words.first, "fovea")
        let arguments = words.dropFirst().map { $0.replacingOccurrences(of: "/data", with: root) }
        for index in 0..<4 {
            let result = try ProcessRun.run(
                Array(arguments),
                environment: [
                    "JOB_COMPLETION_INDEX": "\(index)", "FOVEA_SHARD_COUNT": "4",
                    "SLURM_ARRAY_TASK_ID": "", "OMPI_COMM_WORLD_RANK": "", "PMI_RANK": "",
                ], timeout: 120)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stderr.contains("shard \(index + 1)/4 from Kubernetes Indexed Job"), result.stderr)
        }
        let status = try CLIRunner.run(["shards", "status", root + "/png"])
        XCTAssertEqual(status.status, 0, status.stdout)
    }
}
