import Dispatch
import Foundation

/// One input file and every file its results go to: one output, one per image of a stack (`name-00000.png`…),
/// or one per augmented copy.
struct BatchItem: Sendable, Hashable {
    /// The file to read.
    var input: String
    /// The files to write, in the order the command produces them.
    var outputs: [String]

    /// The first (usually the only) output.
    var output: String { outputs.first ?? "" }

    init(input: String, outputs: [String]) {
        self.input = input
        self.outputs = outputs
    }

    init(input: String, output: String) { self.init(input: input, outputs: [output]) }
}

/// What happened to a batch: how many files were done or skipped, and every failure with its reason.
struct BatchReport: Sendable {
    var succeeded = 0
    var skipped = 0
    /// Images written by the succeeded files (more than the files when stacks were read or written).
    var images = 0
    var failures: [(path: String, reason: String)] = []

    /// Prints one line per failure and a summary to standard error.
    func printSummary(verb: String) {
        for failure in failures {
            FileHandle.standardError.write(Data("error: \(failure.path): \(failure.reason)\n".utf8))
        }
        var line = "\(verb) \(succeeded) file\(succeeded == 1 ? "" : "s")"
        if images != succeeded { line += " (\(images) image\(images == 1 ? "" : "s"))" }
        if skipped > 0 { line += ", skipped \(skipped) existing" }
        if !failures.isEmpty { line += ", \(failures.count) failed" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// The items of a checked ``OutputPlan``, run on worker threads.
///
/// Every item runs even when others fail; failures are collected with their reasons.
struct BatchJob: Sendable {
    var items: [BatchItem]

    /// Runs `work` for every item on up to `jobs` threads (the plan has created the output folders).
    /// When `skipExisting` is set, an item is skipped if all of its outputs exist. `work` returns how many images
    /// it wrote. Never stops early.
    func run(jobs: Int, skipExisting: Bool, _ work: @escaping @Sendable (BatchItem) throws -> Int) -> BatchReport {
        run(jobs: jobs, skipExisting: skipExisting) { item, _ in try work(item) }
    }

    /// The same, for work that also needs the item's position in `items` (to fill a result slot in input order,
    /// as dataset packing does).
    func run(
        jobs: Int, skipExisting: Bool, _ work: @escaping @Sendable (_ item: BatchItem, _ position: Int) throws -> Int
    ) -> BatchReport {
        let results = UncheckedResults(count: items.count)
        let items = self.items
        let workers = max(1, min(jobs, items.count))
        let next = AtomicCounter()
        @Sendable func drain() {
            while true {
                let index = next.increment()
                guard index < items.count else { return }
                let item = items[index]
                if skipExisting && item.outputs.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
                    results.set(index, .skipped)
                    continue
                }
                do {
                    results.set(index, .done(images: try work(item, index)))
                } catch {
                    results.set(index, .failed(String(describing: error)))
                }
            }
        }
        // Threads of their own: `DispatchQueue.concurrentPerform` runs at most one iteration per core at a time,
        // which would cap --jobs at the core count even while workers wait for the disk.
        let finished = DispatchGroup()
        for _ in 0..<workers {
            finished.enter()
            Thread {
                drain()
                finished.leave()
            }.start()
        }
        finished.wait()
        var report = BatchReport()
        for (index, outcome) in results.values.enumerated() {
            switch outcome {
            case .done(let images):
                report.succeeded += 1
                report.images += images
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
    enum Outcome { case done(images: Int), skipped, failed(String) }
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
