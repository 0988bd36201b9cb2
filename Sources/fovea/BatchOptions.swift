import ArgumentParser
import FoveaCodecs

/// The flags every batch command (`convert`, `filter`, `augment`) shares: how the plan is run, which part of
/// it this process does, and how much a decoder may allocate.
struct BatchOptions: ParsableArguments {
    /// Largest `--jobs` accepted.
    static let maximumJobs = 256

    @Flag(help: "Print the plan (every input and the files it would write) and write nothing.")
    var dryRun = false

    @Flag(help: "Leave inputs whose outputs all exist untouched, to finish an interrupted run.")
    var skipExisting = false

    @Option(help: "Files processed in parallel (1…\(BatchOptions.maximumJobs)).")
    var jobs: Int = Parallel.defaultThreadCount

    @Option(
        help: ArgumentHelp(
            "Do only shard K of N (1 ≤ K ≤ N): input i, counted in the byte order of relative paths, belongs to shard i mod N + 1. 'auto' (or auto/N) reads Slurm array, Kubernetes Indexed Job or MPI variables.",
            valueName: "K/N"))
    var shard: String?

    @Option(
        help: ArgumentHelp(
            "Refuse files announcing more pixels than this (IDX/NPY: all elements), before allocating.",
            valueName: "pixels"))
    var maxPixels: Int = DecodingOptions.defaultPixelLimit

    /// Largest `--max-pixels` accepted: 2^34 pixels (a 16 GiB 8-bit gray image).
    static let maximumPixelLimit = 1 << 34

    mutating func validate() throws {
        guard (1...Self.maximumJobs).contains(jobs) else {
            throw ValidationError("--jobs must be 1…\(Self.maximumJobs), got \(jobs)")
        }
        guard (1...Self.maximumPixelLimit).contains(maxPixels) else {
            throw ValidationError("--max-pixels must be 1…\(Self.maximumPixelLimit), got \(maxPixels)")
        }
        if let shard, shard != "auto", !shard.hasPrefix("auto/") { _ = try Shard(parsing: shard) }
    }

    /// Decoding options with `--max-pixels`.
    var decoding: DecodingOptions { DecodingOptions(pixelLimit: maxPixels) }
}
