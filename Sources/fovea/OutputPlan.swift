import ArgumentParser
import Foundation
import FoveaCodecs
import FoveaCore

/// Everything a command will read and write, worked out and checked before the first write.
///
/// Every batch command (`convert`, `filter`, `augment`) builds one: the input files (sorted by relative path,
/// byte order), each with every file it will produce, plus the side outputs named by flags (`--manifest`,
/// `--preview`, `--labels-output`) and other files read (`--labels`). ``validate()`` then refuses, as a usage
/// error (exit 64) before anything is written:
/// - two inputs (or an input and a side output) that would write one file, listing them;
/// - an output that is an input, after resolving symbolic links and by device and inode (hard links);
/// - an output that is an existing directory.
/// ``prepare()`` creates every missing output folder and clears temporaries a killed run left in them.
struct OutputPlan {
    /// The work items, in input order.
    var items: [BatchItem]
    /// Files written besides the items' outputs, with the flag that names each (for messages).
    var sideOutputs: [(flag: String, path: String)] = []
    /// Files read besides the items' inputs, with the flag that names each.
    var sideInputs: [(flag: String, path: String)] = []
    /// What to suggest when two inputs collide (a flag that keeps names apart), or `nil`.
    var collisionHint: String? = nil

    /// The plan with only the items of `shard` (item i belongs to shard `i mod N`); side files are kept.
    func restricted(to shard: Shard) -> OutputPlan {
        var copy = self
        copy.items = items.enumerated().filter { shard.contains($0.offset) }.map(\.element)
        return copy
    }

    /// Checks the rules above. - Throws: `ValidationError` (exit 64) describing every problem found.
    func validate() throws {
        var producers: [String: [String]] = [:]  // resolved output → who writes it
        var order: [String] = []
        func add(_ path: String, by producer: String) {
            let key = Self.resolved(path)
            if producers[key] == nil { order.append(key) }
            producers[key, default: []].append(producer)
        }
        for item in items { for output in item.outputs { add(output, by: item.input) } }
        for side in sideOutputs { add(side.path, by: side.flag) }

        let clashes = order.filter { (producers[$0]?.count ?? 0) > 1 }
        if !clashes.isEmpty {
            var lines = [
                "\(clashes.count) output\(clashes.count == 1 ? "" : "s") would be written twice; nothing was written:"
            ]
            for key in clashes.prefix(10) {
                lines.append("  \(key) ← \(producers[key, default: []].joined(separator: ", "))")
            }
            if clashes.count > 10 { lines.append("  … and \(clashes.count - 10) more") }
            if let collisionHint { lines.append(collisionHint) }
            throw ValidationError(lines.joined(separator: "\n"))
        }

        let inputs =
            items.map { ($0.input, $0.input) } + sideInputs.map { ($0.path, "\($0.path) (named by \($0.flag))") }
        let inputPaths = Dictionary(inputs.map { (Self.resolved($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
        var inputFiles: [FileIdentity: String] = [:]
        for (path, shown) in inputs { if let id = FileIdentity(path: path) { inputFiles[id] = shown } }
        let outputs =
            items.flatMap { item in item.outputs.map { ($0, item.input) } } + sideOutputs.map { ($0.path, $0.flag) }
        for (output, producer) in outputs {
            let named = producer.hasPrefix("--") ? " (named by \(producer))" : ""
            if let input = inputPaths[Self.resolved(output)] ?? FileIdentity(path: output).flatMap({ inputFiles[$0] }) {
                throw ValidationError(
                    "refusing to overwrite the input \(input) with an output\(named); choose another output")
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError("the output \(output)\(named) is an existing directory")
            }
        }
    }

    /// Creates every output folder (like `mkdir -p`) and removes temporaries that killed runs left there.
    /// - Throws: a `FileError` naming the folder that cannot be created.
    func prepare() throws {
        var folders: [String] = []
        var seen = Set<String>()
        for path in items.flatMap(\.outputs) + sideOutputs.map(\.path) {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if seen.insert(folder).inserted { folders.append(folder) }
        }
        for folder in folders {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw FileError(path: folder, reason: FolderError(underlying: error))
            }
            AtomicFile.removeStaleTemporaries(inDirectory: folder)
        }
    }

    /// The plan as text, one line per input (`IN → OUT`, long numbered runs shortened), then the side outputs.
    var description: String {
        var lines: [String] = []
        for item in items {
            let outputs = item.outputs
            let shown =
                outputs.count <= 3
                ? outputs.joined(separator: ", ")
                : "\(outputs[0]) … \(outputs[outputs.count - 1]) (\(outputs.count) files)"
            lines.append("\(item.input) → \(shown)")
        }
        for side in sideOutputs { lines.append("\(side.flag) → \(side.path)") }
        let count = items.reduce(0) { $0 + $1.outputs.count } + sideOutputs.count
        let inputs = "\(items.count) input\(items.count == 1 ? "" : "s")"
        lines.append("dry run: \(inputs), \(count) output\(count == 1 ? "" : "s"); nothing written")
        return lines.joined(separator: "\n")
    }

    /// `path` made absolute, with `.`/`..` removed and the folder's symbolic links resolved (the last
    /// component is kept: a symlink there is replaced by a write, not followed).
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let folder = url.deletingLastPathComponent().resolvingSymlinksInPath()
        return folder.appendingPathComponent(url.lastPathComponent).path
    }
}

/// A folder for outputs could not be created (the reason from the file system).
struct FolderError: Error, CustomStringConvertible {
    var underlying: any Error
    var description: String {
        // Foundation wraps the system's error (or, on Linux, may hand it over as it is); errno reads best
        // through strerror.
        var error = underlying as NSError
        if let inner = error.userInfo[NSUnderlyingErrorKey] as? any Error { error = inner as NSError }
        if error.domain == NSPOSIXErrorDomain {
            return "cannot create this folder: \(systemMessage(Int32(error.code)))"
        }
        return "cannot create this folder: \(underlying)"
    }
}

/// The files below a command's input: the input itself when it is a file, or every regular, non-hidden file
/// below a directory, sorted by relative path in byte order (so every machine and file system lists them
/// alike, which `--shard` relies on).
struct InputTree {
    /// One input file and its path below the input root (its file name for a file input).
    struct File: Sendable, Hashable {
        var path: String
        var relative: String
    }

    var root: String
    var isDirectory: Bool
    var files: [File]

    /// - Throws: `ValidationError` when `input` does not exist.
    init(_ input: String) throws {
        let fm = FileManager.default
        var directory: ObjCBool = false
        guard fm.fileExists(atPath: input, isDirectory: &directory) else {
            throw ValidationError("no such file or directory: \(input)")
        }
        root = input
        isDirectory = directory.boolValue
        guard isDirectory else {
            files = [File(path: input, relative: URL(fileURLWithPath: input).lastPathComponent)]
            return
        }
        let base = URL(fileURLWithPath: input).standardizedFileURL
        var found: [File] = []
        for relative in fm.enumerator(atPath: base.path)?.allObjects as? [String] ?? [] {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let path = base.appendingPathComponent(relative).path
            var isFolder: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            found.append(File(path: path, relative: relative))
        }
        files = found.sorted { $0.relative.utf8.lexicographicallyPrecedes($1.relative.utf8) }
    }

    /// The files that are inputs when the results go into `output`: all of them, except, when `output` is a
    /// folder strictly inside this directory, the files below it, which are an earlier run's results
    /// (`convert photos photos/png --to png` run twice converts the photos again, not its own outputs).
    func inputs(writingInto output: String) -> [File] {
        guard isDirectory else { return files }
        let folder = URL(fileURLWithPath: output).standardizedFileURL.resolvingSymlinksInPath().path
        let base = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        guard folder.hasPrefix(prefix), folder.count > prefix.count else { return files }
        let nested = String(folder.dropFirst(prefix.count)) + "/"
        return files.filter { !$0.relative.hasPrefix(nested) }
    }

    /// The folder the outputs go into when `output` is one (a directory input, an existing folder or a path
    /// ending in `/`), or `nil` when `output` names a file.
    func outputFolder(_ output: String) -> String? {
        var isFolder: ObjCBool = false
        let existing = FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) && isFolder.boolValue
        guard isDirectory || existing || output.hasSuffix("/") else { return nil }
        return output.hasSuffix("/") && output.count > 1 ? String(output.dropLast()) : output
    }
}

/// How numbered outputs are named: `stem-00000.ext`, with at least five digits (more when the stack needs them).
enum NumberedName {
    static func path(stem: String, extension ext: String, index: Int, count: Int) -> String {
        let digits = max(5, String(max(count - 1, 0)).count)
        return stem + "-" + String(index).leftPadded(to: digits, with: "0") + (ext.isEmpty ? "" : "." + ext)
    }

    static func paths(stem: String, extension ext: String, count: Int) -> [String] {
        (0..<count).map { path(stem: stem, extension: ext, index: $0, count: count) }
    }
}

extension OutputPlan {
    /// The plan of a command that writes one result per input image, mirroring `tree` into `output`:
    /// - a file input goes to `output` itself, or into it when `output` is an existing directory or ends in `/`;
    /// - a directory input goes to the same relative paths under `output`;
    /// - files below `output`, when it is a folder inside a directory input, are left out (earlier outputs);
    /// - the extension is replaced by `newExtension` when given (with `keepExtension`, appended instead:
    ///   `a.jpg` → `a.jpg.png`, so `a.jpg` and `a.png` do not collide);
    /// - a file holding a stack of images (IDX, NPY with N images) whose output format holds one image writes
    ///   one numbered file per image (`name-00000.png`…); to IDX or NPY it writes one stack.
    /// - Throws: `ValidationError` when a directory would go into a file.
    static func mirroring(
        _ tree: InputTree, into output: String, newExtension: String?, keepExtension: Bool
    ) throws -> OutputPlan {
        var items: [BatchItem] = []
        var outputIsDirectory: ObjCBool = false
        let outputExists = FileManager.default.fileExists(atPath: output, isDirectory: &outputIsDirectory)
        if tree.isDirectory, outputExists, !outputIsDirectory.boolValue {
            throw ValidationError("\(tree.root) is a directory, so the output \(output) must be a directory too")
        }
        let intoFolder = tree.isDirectory || output.hasSuffix("/") || (outputExists && outputIsDirectory.boolValue)
        for file in tree.inputs(writingInto: output) {
            var target = intoFolder ? URL(fileURLWithPath: output).appendingPathComponent(file.relative).path : output
            if intoFolder, let newExtension {
                let url = URL(fileURLWithPath: target)
                target = (keepExtension ? url : url.deletingPathExtension()).appendingPathExtension(newExtension).path
            }
            let count = (try? ImageStack.imageCount(atPath: file.path)) ?? 1
            let format = ImageFormat(fileExtension: ImageFormat.fileExtension(of: target))
            if count != 1, !(format.map(ImageStack.holdsSeveralImages) ?? false) {
                let url = URL(fileURLWithPath: target)
                let ext = ImageFormat.fileExtension(of: target)
                let stem = ext.isEmpty ? target : url.deletingPathExtension().path
                items.append(
                    BatchItem(input: file.path, outputs: NumberedName.paths(stem: stem, extension: ext, count: count)))
            } else {
                items.append(BatchItem(input: file.path, output: target))
            }
        }
        var plan = OutputPlan(items: items)
        if newExtension != nil, !keepExtension {
            plan.collisionHint =
                "pass --keep-extension to keep the source extension in output names "
                + "(a.jpg → a.jpg.\(newExtension ?? ""))"
        }
        return plan
    }
}
