import Dispatch
import Foundation

/// One input file and where its result goes.
struct BatchItem: Sendable, Hashable {
    /// The file to read.
    var input: String
    /// The file to write.
    var output: String
}

/// What happened to a batch: how many files were done or skipped, and every failure with its reason.
struct BatchReport: Sendable {
    var succeeded = 0
    var skipped = 0
    var failures: [(path: String, reason: String)] = []

    /// Prints one line per failure and a summary to standard error.
    func printSummary(verb: String) {
        for failure in failures { FileHandle.standardError.write(Data("error: \(failure.path): \(failure.reason)\n".utf8)) }
        var line = "\(verb) \(succeeded) file\(succeeded == 1 ? "" : "s")"
        if skipped > 0 { line += ", skipped \(skipped) existing" }
        if !failures.isEmpty { line += ", \(failures.count) failed" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// A set of file-to-file jobs: a single file, or a directory tree mirrored into another directory.
///
/// Every job runs even when others fail; failures are collected with their reasons. Inputs are never
/// overwritten: a plan whose output is one of its inputs is refused.
struct BatchJob: Sendable {
    var items: [BatchItem]

    /// Errors found while planning, before any file is touched.
    enum PlanError: Error, CustomStringConvertible {
        case missingInput(String)
        case outputIsInput(String)
        case directoryToFile(input: String, output: String)

        var description: String {
            switch self {
            case .missingInput(let path): "no such file or directory: \(path)"
            case .outputIsInput(let path): "refusing to overwrite the input \(path); choose another output"
            case .directoryToFile(let input, let output):
                "\(input) is a directory, so the output \(output) must be a directory too"
            }
        }
    }

    /// Plans jobs for `input` → `output`.
    ///
    /// - A file input maps to `output` itself, or into `output` when that is an existing directory or ends in `/`.
    /// - A directory input maps every regular, non-hidden file below it (sorted) to the same relative path
    ///   under `output`, with its extension replaced by `newExtension` when given.
    static func plan(input: String, output: String, newExtension: String? = nil) throws -> BatchJob {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else { throw PlanError.missingInput(input) }
        var items: [BatchItem] = []
        if isDirectory.boolValue {
            var outputIsDirectory: ObjCBool = false
            if fm.fileExists(atPath: output, isDirectory: &outputIsDirectory), !outputIsDirectory.boolValue {
                throw PlanError.directoryToFile(input: input, output: output)
            }
            let base = URL(fileURLWithPath: input).standardizedFileURL
            let files = (fm.enumerator(atPath: base.path)?.allObjects as? [String] ?? []).sorted()
            for relative in files {
                let components = relative.split(separator: "/")
                if components.contains(where: { $0.hasPrefix(".") }) { continue }
                var fileIsDirectory: ObjCBool = false
                let path = base.appendingPathComponent(relative).path
                guard fm.fileExists(atPath: path, isDirectory: &fileIsDirectory), !fileIsDirectory.boolValue else {
                    continue
                }
                var target = URL(fileURLWithPath: output).appendingPathComponent(relative)
                if let newExtension { target = target.deletingPathExtension().appendingPathExtension(newExtension) }
                items.append(BatchItem(input: path, output: target.path))
            }
        } else {
            var target = output
            var outputIsDirectory: ObjCBool = false
            // An output that is an existing directory, or is written with a trailing slash, receives the file.
            let exists = fm.fileExists(atPath: output, isDirectory: &outputIsDirectory)
            if output.hasSuffix("/") || (exists && outputIsDirectory.boolValue) {
                var url = URL(fileURLWithPath: output).appendingPathComponent(URL(fileURLWithPath: input).lastPathComponent)
                if let newExtension { url = url.deletingPathExtension().appendingPathExtension(newExtension) }
                target = url.path
            }
            items.append(BatchItem(input: input, output: target))
        }
        let job = BatchJob(items: items)
        if let clash = job.firstOutputThatIsAnInput(outputs: { [$0.output] }) { throw PlanError.outputIsInput(clash) }
        return job
    }

    /// The first input that one of the outputs would overwrite, or `nil`. Paths are compared after resolving
    /// symbolic links, and an existing output is also compared by device and inode with every input, so neither
    /// a symlinked directory nor a hard link can turn an output into an input.
    func firstOutputThatIsAnInput(outputs: (BatchItem) -> [String]) -> String? {
        func resolved(_ path: String) -> String {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
        }
        let inputPaths = Set(items.map { resolved($0.input) })
        let inputFiles = Set(items.compactMap { FileIdentity(path: $0.input) })
        for item in items {
            for output in outputs(item) {
                if inputPaths.contains(resolved(output)) { return item.input }
                if let identity = FileIdentity(path: output), inputFiles.contains(identity) { return item.input }
            }
        }
        return nil
    }

    /// Runs `work` for every item on up to `jobs` threads, creating output directories as needed.
    /// When `skipExisting` is set, an item is skipped if all of its outputs exist: `outputs(item)`, by default
    /// just `item.output` (a command writing several files per input, such as `augment --copies`, lists them).
    /// Never stops early.
    func run(
        jobs: Int, skipExisting: Bool, outputs: @escaping @Sendable (BatchItem) -> [String] = { [$0.output] },
        _ work: @escaping @Sendable (BatchItem) throws -> Void
    ) -> BatchReport {
        let results = UncheckedResults(count: items.count)
        let items = self.items
        let workers = max(1, min(jobs, items.count))
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.increment()
                guard index < items.count else { return }
                let item = items[index]
                if skipExisting && outputs(item).allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                    results.set(index, .skipped)
                    continue
                }
                do {
                    let directory = URL(fileURLWithPath: item.output).deletingLastPathComponent()
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    try work(item)
                    results.set(index, .done)
                } catch {
                    results.set(index, .failed(String(describing: error)))
                }
            }
        }
        var report = BatchReport()
        for (index, outcome) in results.values.enumerated() {
            switch outcome {
            case .done: report.succeeded += 1
            case .skipped: report.skipped += 1
            case .failed(let reason): report.failures.append((items[index].input, reason))
            case .none: report.failures.append((items[index].input, "not processed"))
            }
        }
        return report
    }
}

/// Per-item outcomes written by worker threads at distinct indices.
private final class UncheckedResults: @unchecked Sendable {
    enum Outcome { case done, skipped, failed(String) }
    private let lock = NSLock()
    private(set) var values: [Outcome?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ outcome: Outcome) {
        lock.lock()
        values[index] = outcome
        lock.unlock()
    }
}

/// A shared counter that hands out consecutive indices to worker threads.
private final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let current = value
        value += 1
        return current
    }
}

/// A file's device and inode numbers: equal for two paths that name the same file (symlinks followed).
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    /// The identity of the file at `path`, or `nil` when it does not exist.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
