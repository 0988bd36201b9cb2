import Foundation
import FoveaCodecs
import XCTest

/// A property of the whole CLI: every subcommand, given random values for its flags (NaN, ±inf, 0, negatives,
/// huge numbers, empty and odd strings, paths of its own inputs), ends with exit 0, 1 or 64 and a message —
/// never a signal, never a hang, never a changed input file.
///
/// The flags of each subcommand are read from its `--help`, so a flag added later is covered without editing
/// this test. The random choices come from a fixed seed: a failure names its case number and command line,
/// which replay alike.
final class CLIPropertyTests: XCTestCase {
    /// Cases run; the figure RELIABILITY.md quotes.
    static let caseCount = 240
    /// Seconds a case may take before it counts as a hang (it is then interrupted and must stop cleanly).
    static let timeout: TimeInterval = 60

    /// Values tried for options: each is passed as `--flag=value`, so values starting with '-' stay values.
    static func values(inputs: [String]) -> [String] {
        [
            "nan", "-nan", "inf", "-inf", "+inf", "0", "-0", "-1", "1", "2", "3", "7", "0.5", "-0.5", "1e-30",
            "1e10", "-1e10", "1e308", "-1e308", "4294967296", "9223372036854775807", "-9223372036854775808",
            "99999999999999999999", "", " ", "abc", "1:2", "-3:3", "5:1", "nan:1", "0:inf", "2/3", "1/1", "0/0",
            "3/2", "auto", "1,0,-1;1,0,-1;1,0,-1", "nan,1;1,1", "1;2,3", "28x28", "0x0", "-4x4", "99999x99999",
            "out/side.png", "out/side.jsonl", "out/", ".", "/", "é漢字", String(repeating: "9", count: 400),
        ] + inputs
    }

    /// A generator of the case's choices (SplitMix64, so the sequence is the same everywhere).
    struct Choices {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }
    }

    /// An option of a subcommand's help: `--name` and whether it takes a value.
    struct Option: Hashable {
        var name: String
        var takesValue: Bool
    }

    /// The options a subcommand's help lists (not --help or --version).
    static func options(of subcommand: String) throws -> [Option] {
        let help = try ProcessRun.run([subcommand, "--help"], timeout: timeout)
        var found: [Option] = []
        for line in help.stdout.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("--"), line.hasPrefix("  ") else { continue }
            let words = trimmed.split(separator: " ", maxSplits: 2)
            guard let first = words.first else { continue }
            let name = String(first)
            if name == "--help" || name == "--version" { continue }
            let takesValue = words.count > 1 && words[1].hasPrefix("<")
            let option = Option(name: name, takesValue: takesValue)
            if !found.contains(option) { found.append(option) }
        }
        return found
    }

    func testEverySubcommandSurvivesRandomFlagValues() throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let inputs = root.appendingPathComponent("inputs").path
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        // Inputs: one digit PNG, a stack of 40 digits with its labels, and a model trained on them.
        let digits = Array(
            try IDX.readImages(
                CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist/mnist4k-images-idx3-ubyte.gz").path
            )
            .prefix(40))
        let labels = Array(
            try IDX.readLabels(
                CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist/mnist4k-labels-idx1-ubyte.gz").path
            )
            .prefix(40))
        let png = inputs + "/digit.png"
        let stack = inputs + "/digits-images-idx3-ubyte"
        let model = inputs + "/model.fovea"
        try ImageFile.write(.uint8(digits[0]), to: png)
        try IDX.writeImages(digits, to: stack)
        try IDX.writeLabels(labels, to: inputs + "/digits-labels-idx1-ubyte")
        let trained = try ProcessRun.run(
            ["train", "--data", stack, "--epochs", "1", "--out", model, "--batch-size", "8"], timeout: Self.timeout)
        XCTAssertEqual(trained.status, 0, trained.stderr)
        try? FileManager.default.removeItem(atPath: inputs + "/model.best.fovea")
        let inputFiles = try FileManager.default.contentsOfDirectory(atPath: inputs).sorted().map { inputs + "/" + $0 }
        let fingerprint = { try inputFiles.map { try AtomicFile.read($0) } }
        let original = try fingerprint()

        let subcommands = try Self.subcommands()
        XCTAssertTrue(
            subcommands.isSuperset(of: [
                "info", "convert", "filter", "augment", "train", "eval", "predict", "summary", "kernels",
            ]))
        var optionsOf: [String: [Option]] = [:]
        for subcommand in subcommands { optionsOf[subcommand] = try Self.options(of: subcommand) }
        let values = Self.values(inputs: [png, stack, model])
        var choices = Choices(state: 20_261_201)
        var statuses: [Int32: Int] = [:]
        for number in 0..<Self.caseCount {
            let subcommand = choices.pick(Array(subcommands).sorted())
            let work = root.appendingPathComponent("case-\(number)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            var arguments =
                [subcommand] + Self.positionals(subcommand, png: png, stack: stack, model: model, choices: &choices)
            for _ in 0..<(1 + choices.next() % 3) {
                guard let option = optionsOf[subcommand].flatMap({ $0.isEmpty ? nil : choices.pick($0) }) else { break }
                arguments.append(option.takesValue ? "\(option.name)=\(choices.pick(values))" : option.name)
            }
            if subcommand == "train" && !arguments.contains(where: { $0.hasPrefix("--epochs") }) {
                arguments += ["--epochs", "1"]
            }
            let started = Date()
            let result = try ProcessRun.run(arguments, in: work, timeout: Self.timeout)
            if Date().timeIntervalSince(started) > 3 {
                print("slow case \(number) (\(Int(Date().timeIntervalSince(started))) s): \(arguments)")
            }
            let quoted = arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }
            let line = "case \(number): fovea \(quoted.joined(separator: " "))"
            XCTAssertFalse(result.signalled, "\(line) died of signal \(result.status)\n\(result.stderr.suffix(2000))")
            if result.timedOut {
                // Interrupted after the time limit: it must stop cleanly (130), as Ctrl-C would.
                XCTAssertEqual(
                    result.status, 130, "\(line) did not stop cleanly when interrupted\n\(result.stderr.suffix(500))")
            } else {
                XCTAssertTrue(
                    [0, 1, 64].contains(result.status), "\(line) exited \(result.status)\n\(result.stderr.suffix(2000))"
                )
            }
            if result.status != 0 {
                XCTAssertFalse(
                    result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(line): no message")
            }
            XCTAssertEqual(try fingerprint(), original, "\(line) changed an input file")
            statuses[result.status, default: 0] += 1
            try? FileManager.default.removeItem(at: work)
        }
        let summary = statuses.keys.sorted().map { "exit \($0): \(statuses[$0] ?? 0)" }.joined(separator: ", ")
        print("CLI property test: \(Self.caseCount) cases over \(subcommands.count) subcommands; \(summary); 0 signals")
    }

    /// The subcommands `fovea --help` lists, except `demo` (a whole training run into the current folder, tried
    /// by its own tests) and `help`.
    static func subcommands() throws -> Set<String> {
        let help = try ProcessRun.run(["--help"], timeout: timeout)
        var names = Set<String>()
        var inList = false
        for line in help.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("SUBCOMMANDS:") { inList = true; continue }
            guard inList else { continue }
            // "  name    abstract"; wrapped abstracts continue further right.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else {
                if !line.isEmpty && !line.hasPrefix("   ") { inList = false }
                continue
            }
            names.insert(String(name))
        }
        return names.subtracting(["demo", "help"])
    }

    /// The positional arguments (and required options) a valid call of `subcommand` needs.
    static func positionals(_ subcommand: String, png: String, stack: String, model: String, choices: inout Choices)
        -> [String]
    {
        switch subcommand {
        case "info": return [choices.pick([png, stack])]
        case "convert": return [choices.pick([png, stack]), choices.pick(["out/c.png", "out/c.npy", "out/"])]
        case "filter":
            let operation = choices.pick([
                "gaussian", "box", "sharpen", "sobel-x", "sobel", "laplacian", "canny", "median", "custom", "blur",
            ])
            return [operation, choices.pick([png, stack]), choices.pick(["out/f.png", "out/f.npy"])]
        case "augment": return [choices.pick([png, stack]), choices.pick(["out/a.png", "out/a-idx3-ubyte", "out/"])]
        case "train": return ["--data", stack, "--out", "out/m.fovea"]
        case "eval": return ["--model", model, "--data", stack]
        case "predict": return ["--model", model, choices.pick([png, stack])]
        case "summary":
            return [choices.pick(["lenet5", "mlp", "vgg-small", "resnet-small", "alexnet", "vgg16", "nonsense"])]
        case "kernels": return ["--model", model, "out/k.png"]
        case "export": return [model, choices.pick(["out/m.onnx", "out/m.npz"])]
        default: return []
        }
    }
}

/// Runs `fovea` with both pipes read concurrently and a time limit (then SIGINT, and SIGKILL 10 s later).
enum ProcessRun {
    struct Result {
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
    }

    static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil, timeout: TimeInterval
    ) throws -> Result {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        if let environment {
            // Added to the test's own environment; an empty value removes the variable.
            var merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            for (name, value) in environment where value.isEmpty { merged[name] = nil }
            process.environment = merged
        }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        let collected = Collected()
        for (pipe, isError) in [(out, false), (err, true)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isError: isError)
                group.leave()
            }
        }
        var timedOut = false
        if group.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGINT)
            if group.wait(timeout: .now() + 10) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                group.wait()
            }
        }
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: collected.text(isError: false), stderr: collected.text(isError: true))
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()
        func set(_ data: Data, isError: Bool) {
            lock.lock()
            if isError { err = data } else { out = data }
            lock.unlock()
        }
        func text(isError: Bool) -> String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: isError ? err : out, as: UTF8.self)
        }
    }
}
