import Foundation
import FoveaCodecs
import XCTest

/// `--shard K/N` and `--shard auto` on the batch commands, the shard manifests and `fovea shards status`
/// (Sources/fovea/Sharding.swift, Shards.swift).
final class ShardingTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = try CLIRunner.temporaryDirectory(self).path
        try FileManager.default.createDirectory(atPath: root + "/in/sub", withIntermediateDirectories: true)
        // Names whose byte order differs from a case-insensitive or locale order: "B" < "a" < "sub/…" < "ä".
        for (index, name) in ["a.png", "B.png", "sub/c.png", "ä.png", "sub/D.png", "e.png", "f.png"].enumerated() {
            let image = try Image<UInt8>(width: 9, height: 7, layout: .rgb) { x, y, c in
                UInt8((x * 29 + y * 13 + c * 70 + index * 41) % 256)
            }
            try ImageFile.write(.uint8(image), to: root + "/in/" + name)
        }
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRun.Result {
        try ProcessRun.run(arguments, environment: environment, timeout: 120)
    }

    /// Every visible file below `folder` with its bytes.
    private func contents(_ folder: String) throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for relative in FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [] {
            var isFolder: ObjCBool = false
            let path = folder + "/" + relative
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                !(relative as NSString).lastPathComponent.hasPrefix(".")
            else { continue }
            result[relative] = try AtomicFile.read(path)
        }
        return result
    }

    func testTheUnionOfTheShardsIsTheUnshardedRunForEveryBatchCommand() throws {
        let commands: [(String, [String])] = [
            ("convert", ["convert", root + "/in", "OUT", "--to", "jpg"]),
            ("filter", ["filter", "gaussian", root + "/in", "OUT", "--sigma", "1.5"]),
            ("augment", ["augment", root + "/in", "OUT", "--copies", "2", "--seed", "5"]),
        ]
        for (name, template) in commands {
            let whole = root + "/\(name)-whole"
            let parts = root + "/\(name)-parts"
            let unsharded = try run(template.map { $0 == "OUT" ? whole : $0 })
            XCTAssertEqual(unsharded.status, 0, unsharded.stderr)
            for k in 1...3 {
                let shard = try run(
                    template.map { $0 == "OUT" ? parts : $0 } + ["--shard", "\(k)/3", "--jobs", "\(k)"])
                XCTAssertEqual(shard.status, 0, shard.stderr)
            }
            let expected = try contents(whole)
            XCTAssertEqual(expected.count, name == "augment" ? 14 : 7, name)
            XCTAssertEqual(try contents(parts), expected, "\(name): the shards' union differs from the unsharded run")
        }
    }

    func testShardsFollowTheByteOrderOfRelativePaths() throws {
        // Sorted bytewise: B.png, a.png, e.png, f.png, sub/D.png, sub/c.png, ä.png → shard 1/3 gets 0, 3, 6.
        let result = try run(["convert", root + "/in", root + "/out", "--to", "pgm", "--shard", "1/3", "--dry-run"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let inputs = result.stdout.split(separator: "\n").compactMap { $0.components(separatedBy: " → ").first }
            .filter { $0.hasPrefix(root) }.map { String($0.dropFirst(root.count + 4)) }
        XCTAssertEqual(inputs, ["B.png", "f.png", "ä.png"])
    }

    func testAutoReadsSlurmKubernetesAndMPIVariablesAndSaysWhichItUsed() throws {
        let cases: [([String: String], String, String)] = [
            (
                ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_COUNT": "3"], "auto",
                "shard 2/3 from Slurm job array"
            ),
            (["JOB_COMPLETION_INDEX": "2", "FOVEA_SHARD_COUNT": "3"], "auto", "shard 3/3 from Kubernetes Indexed Job"),
            (["JOB_COMPLETION_INDEX": "0"], "auto/3", "shard 1/3 from Kubernetes Indexed Job"),
            (["OMPI_COMM_WORLD_RANK": "1", "OMPI_COMM_WORLD_SIZE": "3"], "auto", "shard 2/3 from Open MPI"),
            (["PMI_RANK": "0", "PMI_SIZE": "3"], "auto", "shard 1/3 from MPI"),
        ]
        let none = ["SLURM_ARRAY_TASK_ID": "", "JOB_COMPLETION_INDEX": "", "OMPI_COMM_WORLD_RANK": "", "PMI_RANK": ""]
        for (environment, flag, message) in cases {
            let environment = none.merging(environment) { _, new in new }
            let result = try run(
                ["convert", root + "/in", root + "/out", "--to", "pgm", "--shard", flag, "--dry-run"],
                environment: environment)
            XCTAssertEqual(result.status, 0, "\(environment): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(environment): \(result.stderr)")
        }
        let errors: [([String: String], String, String)] = [
            ([:], "auto", "--shard auto found no job runner"),
            (["JOB_COMPLETION_INDEX": "1"], "auto", "pass --shard auto/N"),
            (
                ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_COUNT": "3"], "auto",
                "gives shard 8 of 3, which does not exist"
            ),
            (
                ["OMPI_COMM_WORLD_RANK": "x", "OMPI_COMM_WORLD_SIZE": "3"], "auto",
                "OMPI_COMM_WORLD_RANK=x is not a whole number"
            ),
        ]
        // The test process may itself run under a job runner: its variables are removed (empty = unset).
        let cleared = [
            "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX",
            "FOVEA_SHARD_COUNT", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMI_SIZE",
        ]
        for (environment, flag, message) in errors {
            let full = Dictionary(uniqueKeysWithValues: cleared.map { ($0, "") }).merging(environment) { _, new in new }
            let result = try run(
                ["convert", root + "/in", root + "/out", "--to", "pgm", "--shard", flag], environment: full)
            XCTAssertEqual(result.status, 64, "\(environment): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(environment): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out"))
    }

    func testStatusOfAFolderThatDoesNotExistSaysSo() throws {
        let missing = try run(["shards", "status", root + "/nope"])
        XCTAssertEqual(missing.status, 64, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no such folder: \(root)/nope"), missing.stderr)
        let unsharded = try run(["shards", "status", root + "/in"])
        XCTAssertEqual(unsharded.status, 64, unsharded.stderr)
        XCTAssertTrue(unsharded.stderr.contains("\(root)/in holds no shard manifests"), unsharded.stderr)
    }

    func testAReRunOfAShardDoesOnlyWhatIsMissingAndStatusSaysWhichShardsAreComplete() throws {
        try Data("broken".utf8).write(to: URL(fileURLWithPath: root + "/in/zz-broken.png"))
        let out = root + "/out"
        let first = try run(["convert", root + "/in", out, "--to", "pgm", "--shard", "1/2"])
        XCTAssertEqual(first.status, 1, first.stderr)  // B, e, sub/D, zz-broken (inputs 0, 2, 4, 6 of 8) are shard 1
        var status = try run(["shards", "status", out])
        XCTAssertEqual(status.status, 1, status.stdout)
        XCTAssertTrue(status.stdout.contains("2 shards (convert): 0 complete, 1 incomplete, 1 missing"), status.stdout)
        XCTAssertTrue(
            status.stdout.contains(
                "shard 1/2: incomplete, 3 of 4 inputs done, 1 failed (first: \(root)/in/zz-broken.png"), status.stdout)
        XCTAssertTrue(status.stdout.contains("shard 2/2: missing"), status.stdout)

        // Mend the broken file; the re-run converts it alone and keeps the three done files as they were.
        let done = try contents(out)
        try FileManager.default.copyItem(atPath: root + "/in/a.png", toPath: root + "/fixed.png")
        try FileManager.default.removeItem(atPath: root + "/in/zz-broken.png")
        try FileManager.default.moveItem(atPath: root + "/fixed.png", toPath: root + "/in/zz-broken.png")
        let again = try run(["convert", root + "/in", out, "--to", "pgm", "--shard", "1/2"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("converted 1 file, skipped 3 existing"), again.stderr)
        XCTAssertEqual(try contents(out).filter { done[$0.key] != nil }, done)
        let second = try run(["convert", root + "/in", out, "--to", "pgm", "--shard", "2/2"])
        XCTAssertEqual(second.status, 0, second.stderr)
        status = try run(["shards", "status", out])
        XCTAssertEqual(status.status, 0, status.stdout)
        XCTAssertTrue(status.stdout.contains("2 shards (convert): 2 complete, 0 incomplete, 0 missing"), status.stdout)
        let none = try run(["shards", "status", root + "/in"])
        XCTAssertEqual(none.status, 64, none.stderr)
    }
}
