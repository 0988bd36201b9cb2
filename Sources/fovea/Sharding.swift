import ArgumentParser
import Foundation
import FoveaCodecs
import FoveaCore

/// `--shard K/N`: this process does input i (counted in the byte order of relative paths) when
/// `i mod N = K − 1`. Output names and random streams do not depend on N, so the union of the N shards'
/// outputs is the unsharded run's, byte for byte.
struct Shard: Sendable, Equatable, Codable {
    /// K − 1.
    var index: Int
    /// N.
    var count: Int

    static let whole = Shard(index: 0, count: 1)

    /// Largest N accepted.
    static let maximumCount = 1_000_000

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    func contains(_ i: Int) -> Bool { i % count == index }

    /// "K/N" for messages and file names.
    var name: String { "\(index + 1)/\(count)" }

    /// Parses "K/N" with 1 ≤ K ≤ N. - Throws: `ValidationError` naming the flag.
    init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1], (1...Self.maximumCount).contains(n),
            (1...n).contains(k)
        else {
            throw ValidationError(
                "--shard takes K/N with 1 ≤ K ≤ N ≤ \(Self.maximumCount) (for example 2/4), auto or auto/N, got '\(text)'"
            )
        }
        self.init(index: k - 1, count: n)
    }

    /// The shard `--shard TEXT` selects: "K/N", or "auto" / "auto/N", read from the job runner's variables:
    /// - Slurm job arrays: `SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` (default 0) of `SLURM_ARRAY_TASK_COUNT`;
    /// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` of N from `auto/N` or `FOVEA_SHARD_COUNT`
    ///   (set it to the Job's `completions`);
    /// - MPI (`mpirun`): `OMPI_COMM_WORLD_RANK` of `OMPI_COMM_WORLD_SIZE` (Open MPI), or `PMI_RANK` of `PMI_SIZE`.
    /// `source` says which was used. - Throws: `ValidationError` when none is present or the values are invalid.
    static func resolve(_ text: String, environment: [String: String]) throws -> (shard: Shard, source: String?) {
        guard text == "auto" || text.hasPrefix("auto/") else { return (try Shard(parsing: text), nil) }
        var given: Int? = nil
        if text.hasPrefix("auto/") {
            guard let n = Int(text.dropFirst(5)), (1...maximumCount).contains(n) else {
                throw ValidationError("--shard auto/N needs a count N in 1…\(maximumCount), got '\(text)'")
            }
            given = n
        }
        func number(_ name: String) throws -> Int? {
            guard let value = environment[name] else { return nil }
            guard let n = Int(value.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--shard auto: \(name)=\(value) is not a whole number")
            }
            return n
        }
        func make(_ index: Int, _ count: Int?, _ source: String) throws -> (Shard, String?) {
            guard let count = given ?? count else {
                throw ValidationError("--shard auto: \(source) gives no shard count; pass --shard auto/N")
            }
            guard (1...maximumCount).contains(count), (0..<count).contains(index) else {
                throw ValidationError(
                    "--shard auto: \(source) gives shard \(index + 1) of \(count), which does not exist")
            }
            return (Shard(index: index, count: count), source)
        }
        if let task = try number("SLURM_ARRAY_TASK_ID") {
            let minimum = try number("SLURM_ARRAY_TASK_MIN") ?? 0
            return try make(
                task - minimum, try number("SLURM_ARRAY_TASK_COUNT"),
                "Slurm job array (SLURM_ARRAY_TASK_ID=\(task), SLURM_ARRAY_TASK_MIN=\(minimum))")
        }
        if let index = try number("JOB_COMPLETION_INDEX") {
            return try make(
                index, try number("FOVEA_SHARD_COUNT"), "Kubernetes Indexed Job (JOB_COMPLETION_INDEX=\(index))")
        }
        if let rank = try number("OMPI_COMM_WORLD_RANK") {
            return try make(rank, try number("OMPI_COMM_WORLD_SIZE"), "Open MPI (OMPI_COMM_WORLD_RANK=\(rank))")
        }
        if let rank = try number("PMI_RANK") {
            return try make(rank, try number("PMI_SIZE"), "MPI (PMI_RANK=\(rank))")
        }
        throw ValidationError(
            "--shard auto found no job runner: set by Slurm arrays (SLURM_ARRAY_TASK_ID), Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX) or mpirun (OMPI_COMM_WORLD_RANK, PMI_RANK); or pass --shard K/N"
        )
    }
}

/// What one shard of a batch command did, written atomically into the output folder as
/// `.fovea-shard-K-of-N.json` when the shard's run ends: the inputs done, the files written and the failures.
/// A re-run of the same shard skips the inputs recorded as done whose outputs all still exist, so it does
/// only what is missing; `fovea shards status OUT` reads these files.
struct ShardManifest: Codable, Equatable {
    /// One failed input and why.
    struct Failure: Codable, Equatable {
        var input: String
        var reason: String
    }

    /// The command that wrote it (`convert`, `filter`, `augment`).
    var command: String
    /// K (1-based) and N.
    var shard: Int
    var shardCount: Int
    /// Inputs of this shard in the plan.
    var planned: Int
    /// Inputs done (this run or an earlier one), in plan order.
    var done: [String]
    /// Files written for them.
    var outputs: [String]
    var failures: [Failure]

    /// Whether every planned input of the shard is done.
    var isComplete: Bool { failures.isEmpty && done.count == planned }

    static func fileName(for shard: Shard) -> String { ".fovea-shard-\(shard.index + 1)-of-\(shard.count).json" }

    static func path(in folder: String, for shard: Shard) -> String { folder + "/" + fileName(for: shard) }

    /// The manifest at `path`, or `nil` when there is none or it cannot be read (then nothing counts as done).
    static func read(_ path: String) -> ShardManifest? {
        guard let bytes = try? AtomicFile.read(path) else { return nil }
        return try? JSONDecoder().decode(ShardManifest.self, from: Data(bytes))
    }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try AtomicFile.write(Array(try encoder.encode(self)) + [0x0A], to: path)
    }
}

extension Shard {
    /// The shard `--shard TEXT` selects (``whole`` without the flag); "auto" is resolved from the environment
    /// and said on standard error.
    static func selected(
        by text: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Shard {
        guard let text else { return .whole }
        let (resolved, source) = try resolve(text, environment: environment)
        if let source {
            FileHandle.standardError.write(Data("--shard auto: shard \(resolved.name) from \(source)\n".utf8))
        }
        return resolved
    }
}

extension BatchOptions {
    /// The shard this process does; "auto" is resolved from the environment and said on standard error.
    func resolvedShard(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Shard {
        try Shard.selected(by: shard, environment: environment)
    }

    /// Runs this shard's part of `plan` (all of it without `--shard`). With `--shard`, and a folder for the
    /// outputs, the shard's manifest there records what was done, and a re-run skips inputs it lists as done
    /// whose outputs all exist. When `work` defers its folders' `fsync`s to `directorySync`, the set is flushed
    /// after the last item (failed items or not) and before the manifest is written, so nothing is recorded as
    /// done before its rename is durable. `threads` (default `--jobs`) is how many worker threads run items.
    func run(
        _ plan: OutputPlan, shard: Shard, command: String, manifestFolder: String?, threads: Int? = nil,
        directorySync: AtomicFile.DirectorySyncSet? = nil, _ work: @escaping @Sendable (BatchItem) throws -> Int
    ) throws -> BatchReport {
        let threads = threads ?? jobs
        let part = plan.restricted(to: shard)
        try part.prepare()
        guard self.shard != nil, let folder = manifestFolder else {
            let report = BatchJob(items: part.items).run(jobs: threads, skipExisting: skipExisting, work)
            directorySync?.flush()
            return report
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = ShardManifest.path(in: folder, for: shard)
        let earlier = ShardManifest.read(path)
        let recorded = Set(earlier?.command == command ? earlier?.done ?? [] : [])
        let exists = { (item: BatchItem) in item.outputs.allSatisfy { FileManager.default.fileExists(atPath: $0) } }
        let alreadyDone = part.items.filter { recorded.contains($0.input) && exists($0) }
        let doneInputs = Set(alreadyDone.map(\.input))
        let todo = part.items.filter { !doneInputs.contains($0.input) }
        var report = BatchJob(items: todo).run(jobs: threads, skipExisting: skipExisting, work)
        directorySync?.flush()
        report.skipped += alreadyDone.count
        let failed = Set(report.failures.map(\.path))
        let done = part.items.filter { doneInputs.contains($0.input) || !failed.contains($0.input) }
        let manifest = ShardManifest(
            command: command, shard: shard.index + 1, shardCount: shard.count, planned: part.items.count,
            done: done.map(\.input), outputs: done.flatMap(\.outputs),
            failures: report.failures.map { ShardManifest.Failure(input: $0.path, reason: $0.reason) })
        try manifest.write(to: path)
        return report
    }
}
