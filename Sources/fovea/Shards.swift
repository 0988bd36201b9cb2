import ArgumentParser
import Foundation

/// `fovea shards status OUT`: which shards of a sharded batch job into OUT are complete.
struct Shards: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report on the shards of a batch job (--shard K/N) writing into a folder.",
        subcommands: [Status.self])

    /// `fovea shards status OUT`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the shards of OUT: complete, incomplete (with failures) or missing.",
            discussion: """
                Each shard of `convert`, `filter` or `augment --shard K/N` writes OUT/.fovea-shard-K-of-N.json \
                when it ends. Exit status 0 when every shard is complete, 1 when one is incomplete or missing; a \
                re-run of such a shard does only what it has not done.
                """)

        @Argument(help: "The output folder of the sharded job.")
        var output: String

        func run() throws {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("no such folder: \(output) (give the folder a sharded batch job wrote into)")
            }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
            var byCount: [Int: [Int: ShardManifest]] = [:]
            for name in names where name.hasPrefix(".fovea-shard-") && name.hasSuffix(".json") {
                guard let manifest = ShardManifest.read(output + "/" + name) else {
                    FileHandle.standardError.write(Data("warning: \(output)/\(name) cannot be read; ignored\n".utf8))
                    continue
                }
                byCount[manifest.shardCount, default: [:]][manifest.shard] = manifest
            }
            guard !byCount.isEmpty else {
                throw ValidationError(
                    "\(output) holds no shard manifests (.fovea-shard-K-of-N.json): was it written with --shard?")
            }
            var allComplete = true
            for count in byCount.keys.sorted() {
                let shards = byCount[count] ?? [:]
                let complete = shards.values.filter(\.isComplete).count
                let missing = count - shards.count
                let commands = Set(shards.values.map(\.command)).sorted().joined(separator: ", ")
                print(
                    "\(output): \(count) shard\(count == 1 ? "" : "s") (\(commands)): \(complete) complete, "
                        + "\(shards.count - complete) incomplete, \(missing) missing")
                for k in 1...count {
                    guard let manifest = shards[k] else {
                        print("  shard \(k)/\(count): missing")
                        allComplete = false
                        continue
                    }
                    if manifest.isComplete {
                        let done = manifest.done.count
                        print("  shard \(k)/\(count): complete, \(done) inputs, \(manifest.outputs.count) outputs")
                    } else {
                        allComplete = false
                        let first = manifest.failures.first.map { " (first: \($0.input): \($0.reason))" } ?? ""
                        print(
                            "  shard \(k)/\(count): incomplete, \(manifest.done.count) of \(manifest.planned) inputs "
                                + "done, \(manifest.failures.count) failed\(first)")
                    }
                }
            }
            if !allComplete { throw ExitCode.failure }
        }
    }
}
