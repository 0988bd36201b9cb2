import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea predict`: the most probable classes of each image.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify images with a trained model.",
        discussion: """
            Prints, for each image, its top classes with their probabilities. Inputs are image files, folders \
            (every image below them, recursively, format by content; other files are skipped and counted) \
            and stacks: every image of an IDX file, or of a .npy array of N×H×W (gray) or N×H×W×C \
            (a 3-D array whose last axis is 1-4 is one H×W×C image). With --json, one JSON object per image \
            and line: {"path", "index" (the image's position in a stack, else absent), "top": [{"class", \
            "probability"}…]}. With --tta N the probabilities are averaged over N views: the image itself and \
            N-1 seeded augmented copies (the training augmentation, or the digits preset when training used \
            none) — multi-view voting as in the AlexNet recipe. With --shard K/N only input file i with \
            i mod N = K − 1 is classified (files counted in the order above: arguments in order, folders in \
            the byte order of relative paths; a stack is one input), so the N shards' lines together are the \
            unsharded run's.
            """)

    @Option(help: "The model file written by `fovea train`.")
    var model: String

    @Argument(help: "Image files (PNG, JPEG, PNM…), folders, IDX image files or .npy stacks.")
    var images: [String]

    @Option(help: "How many classes to print per image (at most the model's class count).")
    var top = 1

    @Option(help: "Views averaged per image (1 = the image alone; at most \(Predict.maximumViews)).")
    var tta = 1

    @Option(help: "Seed of the augmented views.")
    var seed: UInt64 = 0

    @Option(help: "Threads for the forward passes.")
    var threads = Parallel.defaultThreadCount

    @Flag(help: "Print one JSON object per image and line.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "Classify only shard K of N (1 ≤ K ≤ N): input file i belongs to shard i mod N + 1. 'auto' (or auto/N) reads Slurm array, Kubernetes Indexed Job or MPI variables.",
            valueName: "K/N"))
    var shard: String?

    /// The most views `--tta` may ask for.
    static let maximumViews = 1000

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1, not \(top)") }
        guard (1...Self.maximumViews).contains(tta) else {
            throw ValidationError("--tta must be in 1...\(Self.maximumViews), not \(tta)")
        }
        try NumericFlags.checkThreads(threads)
        if let shard, shard != "auto", !shard.hasPrefix("auto/") { _ = try Shard(parsing: shard) }
    }

    /// One image to classify: where it comes from and, inside a stack, its position.
    struct Input {
        var path: String
        var index: Int?
        var image: AnyImage
        var name: String { index.map { "\(path)[\($0)]" } ?? path }
    }

    func run() throws {
        Interruption.exitOnInterrupt()
        let shard = try Shard.selected(by: self.shard)
        let trained = try TrainedModel(contentsOf: model)
        // An unreadable file is reported and the others are still classified (one batch of forward passes).
        var readable: [Input] = []
        var failures = 0
        var skipped: [String] = []
        var position = 0  // of the input file, for --shard
        for argument in images {
            for path in try Self.files(for: argument, skipped: &skipped) {
                defer { position += 1 }
                guard shard.contains(position) else { continue }
                do { readable += try Self.read(path) } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                }
            }
        }
        if !skipped.isEmpty {
            let shown = skipped.prefix(3).joined(separator: ", ") + (skipped.count > 3 ? ", …" : "")
            Terminal.note(
                "skipped \(skipped.count) "
                    + (skipped.count == 1 ? "file that is not an image" : "files that are not images") + " (\(shown))")
        }
        let probabilities = try trained.predict(readable.map(\.image), views: tta, seed: seed, threads: threads)
        let shownClasses = min(top, trained.classNames.count)
        for (input, scores) in zip(readable, probabilities) {
            let ranked = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            let best = ranked.prefix(shownClasses)
            if json {
                let entries = best.map {
                    "{\"class\":\(Self.jsonString(trained.classNames[$0])),\"probability\":\(String(format: "%.6f", scores[$0]))}"
                }
                let index = input.index.map { ",\"index\":\($0)" } ?? ""
                print("{\"path\":\(Self.jsonString(input.path))\(index),\"top\":[\(entries.joined(separator: ","))]}")
            } else {
                let shown = best.map { String(format: "%@ %.4f", trained.classNames[$0], scores[$0]) }
                print("\(input.name): \(shown.joined(separator: ", "))")
            }
        }
        if failures > 0 {
            FileHandle.standardError.write(
                Data("\(failures) of \(failures + readable.count) inputs could not be classified\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The files an argument names: itself, or every regular non-hidden file below a folder (sorted, see
    /// `ImageFolderDataset.regularFiles(below:)`) that looks like an image or a stack by its first bytes; the
    /// other files are added to `skipped`.
    static func files(for argument: String, skipped: inout [String]) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            return [argument]  // reported as unreadable when read
        }
        guard isDirectory.boolValue else { return [argument] }
        let base = URL(fileURLWithPath: argument)
        let all = ImageFolderDataset.regularFiles(below: argument)
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var result: [String] = []
        for relative in all {
            let path = base.appendingPathComponent(relative).path
            if format(of: path) != nil { result.append(path) } else { skipped.append(path) }
        }
        return result
    }

    /// The format of the file at `path` by its first bytes, or `nil`.
    static func format(of path: String) -> ImageFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // A gzipped IDX file is recognised by inflating the start of its stream: read enough for that.
        return ImageFormat.detect([UInt8]((try? handle.read(upToCount: 4096)) ?? Data()))
    }

    /// The images of one file: every image of an IDX file or a .npy stack (indexed), or the one image of any
    /// other file (the stack rules of ``ImageStack``).
    static func read(_ path: String) throws -> [Input] {
        let images = try ImageStack.read(path)
        let format = Self.format(of: path)
        guard format == .idx || (format == .npy && images.count > 1) else {
            return images.map { Input(path: path, index: nil, image: $0) }
        }
        return images.enumerated().map { Input(path: path, index: $0.offset, image: $0.element) }
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
