import ArgumentParser
import Foundation
import FoveaCodecs
import FoveaTraining

/// `fovea augment IN OUT`: seeded, replayable augmented copies of an image, a directory tree or an IDX file.
struct Augment: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write seeded, replayable augmented copies of images.",
        discussion: """
            IN is an image file, a directory tree (its subfolders, such as one per class, are mirrored) or an \
            IDX file; OUT mirrors it in the input's format (for a file input, an OUT without an extension is a \
            directory). With --copies 1 outputs keep their names; with more, \
            copy k of name.ext is name_k.ext (k from 0), and an IDX output holds copy k of image i at i·N + k. \
            Copy k of input i (i = position in the sorted list of all inputs) is drawn from the stream \
            (seed, k, i), so results do not depend on --jobs or --shard. Range flags add to or override the \
            preset: `--preset none --rotate 90:90` only rotates by 90°, `--preset none --flip 1` only mirrors. \
            Write negative ranges with '=': --rotate=-15:15. --to writes every output in one format (GIF \
            inputs need it: Fovea reads GIF but does not write it, so --to png). Every file is attempted; failures are listed at \
            the end and make the exit status 1.
            """)

    @Argument(help: "Input: an image file, a directory tree or an IDX file.")
    var input: String

    @Argument(help: "Output: a file, a directory mirroring the input tree, or an IDX file.")
    var output: String

    @Option(help: "Augmented copies per input image.")
    var copies: Int = 1

    @Option(help: "Seed of every random draw.")
    var seed: UInt64 = 0

    @Option(help: "Starting policy: \(AugmentationPolicy.presetNames.joined(separator: ", ")).")
    var preset = "classic"

    @Option(help: "Output format of every output (a directory input, or a file into a directory), as convert's --to.")
    var to: OutputExtension?

    @Flag(help: "With --to, append the new extension instead of replacing the old one (a.jpg → a.jpg.png).")
    var keepExtension = false

    @OptionGroup var policy: AugmentationFlags

    @OptionGroup var geometry: GeometryFlags

    @OptionGroup var batch: BatchOptions

    @Option(
        help: ArgumentHelp(
            "Write a PNG contact sheet: up to 8 inputs, one per row, the original then its copies.",
            valueName: "grid.png"))
    var preview: String?

    @Option(help: ArgumentHelp("Write the drawn parameters of every output as JSON lines.", valueName: "out.jsonl"))
    var manifest: String?

    @Option(
        help: ArgumentHelp(
            "Re-apply a --manifest instead of drawing (--seed, --preset and the range flags are then unused): every output is reproduced byte for byte.",
            valueName: "params.jsonl"))
    var replay: String?

    @Option(
        help: ArgumentHelp(
            "IDX input only: its label file, repeated to match the copies in --labels-output.", valueName: "labels.gz"))
    var labels: String?

    @Option(
        help: ArgumentHelp("IDX input only: where to write the labels of the output stack.", valueName: "labels.gz"))
    var labelsOutput: String?
}

extension Augment {
    /// Largest `--copies` accepted (a bigger figure is almost certainly a typo, and would overflow index arithmetic).
    static let maximumCopies = 100_000

    func validate() throws {
        guard AugmentationPolicy.presetNames.contains(preset) else {
            throw ValidationError(
                "unknown --preset \(preset); choose one of \(AugmentationPolicy.presetNames.joined(separator: ", "))")
        }
        guard (1...Self.maximumCopies).contains(copies) else {
            throw ValidationError("--copies must be 1…\(Self.maximumCopies), got \(copies)")
        }
        guard (labels == nil) == (labelsOutput == nil) else {
            throw ValidationError("--labels and --labels-output go together (IDX input: labels in, labels out)")
        }
        if keepExtension && to == nil { throw ValidationError("--keep-extension goes with --to") }
        if let preview, ImageFormat(fileExtension: ImageFormat.fileExtension(of: preview)) != .png {
            throw ValidationError("--preview writes a PNG contact sheet: name it .png, got \(preview)")
        }
    }

    /// Runs `body`, making any error that does not already name a file name `path`.
    private func naming<R>(_ path: String, _ body: () throws -> R) throws -> R {
        do { return try body() } catch let error as ImageFileError { throw error } catch {
            throw ImageFileError(path: path, reason: error)
        }
    }

    func run() throws {
        let shard = try batch.resolvedShard()
        var plan = Plan(policy: try policy.makePolicy(preset: preset), seed: seed, copies: copies, shard: shard)
        plan.preset = preset
        if let replay { plan.replay = try naming(replay) { try Plan.readReplay(replay) } }
        plan.geometry = try geometry.plan()
        let tree = try InputTree(input)
        var stack: [UInt8]? = nil
        if !tree.isDirectory, let bytes = try? AtomicFile.read(input), ImageFormat.detect(bytes) == .idx {
            stack = bytes
        }
        guard labels == nil || stack != nil else { throw ValidationError("--labels applies to IDX input only") }
        if stack != nil, to != nil { throw ValidationError("\(input) is an IDX stack, augmented into IDX: drop --to") }

        var outputs =
            stack != nil
            ? OutputPlan(items: [BatchItem(input: input, output: output)])
            : try plan.outputPlan(tree, into: output, newExtension: to?.name, keepExtension: keepExtension)
        if let manifest { outputs.sideOutputs.append(("--manifest", manifest)) }
        if let preview { outputs.sideOutputs.append(("--preview", preview)) }
        if let labelsOutput { outputs.sideOutputs.append(("--labels-output", labelsOutput)) }
        if let labels { outputs.sideInputs.append(("--labels", labels)) }
        try outputs.validate()
        // Mirrored names keep the input's name and format (or take --to's); an output whose extension names a
        // format Fovea cannot write (a GIF input's .gif) is refused before any write, as convert and filter do.
        for path in outputs.items.flatMap(\.outputs) where stack == nil {
            let ext = ImageFormat.fileExtension(of: path)
            if ImageFormat(fileExtension: ext) != nil || ext == "pbm" { try Convert.checkWritable(path) }
        }
        // An output file named by the user picks its format by its extension, which must be one Fovea writes.
        var outputIsFolder: ObjCBool = false
        let existingFolder =
            FileManager.default.fileExists(atPath: output, isDirectory: &outputIsFolder) && outputIsFolder.boolValue
        if stack == nil, !tree.isDirectory, !output.hasSuffix("/"), !existingFolder,
            !URL(fileURLWithPath: output).pathExtension.isEmpty
        {
            try Convert.checkWritable(output)
        }
        if stack != nil, ImageFormat(fileExtension: ImageFormat.fileExtension(of: output)) != .idx {
            throw ValidationError("\(input) is an IDX stack: name the output .idx, -ubyte or .gz, got \(output)")
        }
        let part = stack == nil ? outputs.restricted(to: shard) : outputs
        if batch.dryRun { return print(part.description) }

        let results: Results
        if let stack {
            if batch.skipExisting && FileManager.default.fileExists(atPath: output) {
                FileHandle.standardError.write(Data("skipped: \(output) already exists\n".utf8))
                return
            }
            try part.prepare()
            results = try plan.augmentIDX(
                stack, input: input, output: output, jobs: batch.jobs, decoding: batch.decoding)
            if let labels, let labelsOutput {
                try plan.repeatLabels(from: labels, to: labelsOutput, imageCount: results.report.succeeded)
            }
        } else {
            let folder =
                tree.outputFolder(output) ?? (URL(fileURLWithPath: output).pathExtension.isEmpty ? output : nil)
            results = try plan.augmentFiles(
                part.items, indices: outputs.items, decoding: batch.decoding,
                recordSkipped: manifest != nil || preview != nil
            ) { work in
                try batch.run(outputs, shard: shard, command: "augment", manifestFolder: folder, work)
            }
        }
        if let manifest { try naming(manifest) { try results.writeManifest(to: manifest) } }
        if let preview { try naming(preview) { try results.writePreview(to: preview, copies: copies) } }
        if results.isStack && results.report.failures.isEmpty {
            let n = results.report.succeeded
            FileHandle.standardError.write(
                Data("augmented \(n) image\(n == 1 ? "" : "s") into \(n * copies) in \(output)\n".utf8))
        } else {
            results.report.printSummary(verb: "augmented")
        }
        if !results.report.failures.isEmpty { throw ExitCode.failure }
    }

    /// What to draw and for which inputs; the per-image work shared by the worker threads.
    struct Plan: Sendable {
        var policy: AugmentationPolicy
        var seed: UInt64
        var copies: Int
        var shard: Shard
        /// The preset the policy started from (recorded in the manifest).
        var preset = "classic"
        /// Recorded parameters to re-apply instead of drawing (`--replay`), by (input, copy, image in the stack).
        var replay: [ReplayKey: AugmentationParameters]? = nil
        /// Crop → resize → centre crop, applied to every decoded image before augmenting (--resize, …).
        var geometry = GeometryPlan()

        /// Where a manifest entry belongs: input `index`, copy `copy`, and the entry's `outputIndex` (the image
        /// within a stack, or the position in an IDX output).
        struct ReplayKey: Hashable, Sendable {
            var index: Int
            var copy: Int
            var part: Int?
        }

        /// A manifest entry missing from, or not fitting, the `--replay` file.
        struct ReplayMismatch: Error, CustomStringConvertible {
            var key: ReplayKey
            var width: Int
            var height: Int
            var recorded: (width: Int, height: Int)?
            var description: String {
                let which = "input \(key.index), copy \(key.copy)" + (key.part.map { ", image \($0)" } ?? "")
                guard let recorded else { return "the replay manifest has no entry for \(which)" }
                return
                    "the replay manifest's entry for \(which) was drawn for a \(recorded.width)×\(recorded.height) image, not \(width)×\(height)"
            }
        }

        /// The entries of a manifest written by --manifest, by where they belong.
        static func readReplay(_ path: String) throws -> [ReplayKey: AugmentationParameters] {
            let text = String(decoding: try AtomicFile.read(path), as: UTF8.self)
            var table: [ReplayKey: AugmentationParameters] = [:]
            for (number, line) in text.split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
                do {
                    let entry = try JSONDecoder().decode(Entry.self, from: Data(line.utf8))
                    table[ReplayKey(index: entry.index, copy: entry.copy, part: entry.outputIndex)] = entry.parameters
                } catch {
                    throw ValidationError("\(path), line \(number + 1): not a manifest entry (\(error))")
                }
            }
            return table
        }

        /// The parameters of copy `k` of input `i` (image `part` of a stack): from the replay table when
        /// replaying, else drawn from the stream (seed, k, i) (with j appended for image j of a stack).
        func parameters(input i: Int, copy k: Int, part: Int? = nil, width: Int, height: Int) throws
            -> AugmentationParameters
        {
            if let replay {
                let key = ReplayKey(index: i, copy: k, part: part)
                guard let recorded = replay[key] else {
                    throw ReplayMismatch(key: key, width: width, height: height, recorded: nil)
                }
                guard recorded.inputWidth == width, recorded.inputHeight == height else {
                    throw ReplayMismatch(
                        key: key, width: width, height: height, recorded: (recorded.inputWidth, recorded.inputHeight))
                }
                return recorded
            }
            var rng =
                part.map { RandomStream(seed: seed, UInt64(k), UInt64(i), UInt64($0)) }
                ?? RandomStream(seed: seed, UInt64(k), UInt64(i))
            return policy.sample(width: width, height: height, using: &rng)
        }

        func inShard(_ i: Int) -> Bool { shard.contains(i) }

        /// Output path of copy `k` of an input whose mirrored output is `path`.
        func copyPath(_ path: String, copy k: Int) -> String {
            guard copies > 1 else { return path }
            let url = URL(fileURLWithPath: path)
            let ext = url.pathExtension
            let stem = url.deletingPathExtension().lastPathComponent + "_\(k)"
            return url.deletingLastPathComponent().appendingPathComponent(ext.isEmpty ? stem : stem + "." + ext).path
        }

        /// Where every input's copies go: a file input to `output` (a directory when it has no extension and does
        /// not exist), a tree to the same relative paths under `output`; copy k of `name.ext` is `name_k.ext`
        /// when there is more than one copy.
        /// `newExtension` and `keepExtension` are `--to` and `--keep-extension` (as in convert); a stack input
        /// then keeps one output per copy only when that format holds stacks.
        func outputPlan(
            _ tree: InputTree, into output: String, newExtension: String? = nil, keepExtension: Bool = false
        ) throws -> OutputPlan {
            var target = output
            if !tree.isDirectory, URL(fileURLWithPath: output).pathExtension.isEmpty,
                !FileManager.default.fileExists(atPath: output)
            {
                target = output + "/"
            }
            var plan = try OutputPlan.mirroring(
                tree, into: target, newExtension: newExtension, keepExtension: keepExtension)
            if let numbered = plan.items.first(where: { $0.outputs.count > 1 }), let newExtension {
                throw ValidationError(
                    "\(numbered.input) is a stack of \(numbered.outputs.count) images: augment writes it as one "
                        + "stack, which --to \(newExtension) cannot hold; use --to npy, or split it with convert first")
            }
            // Stacks inside a tree are augmented into one stack of the same format, whatever their count.
            plan.items = plan.items.map { item in
                let mirrored = item.outputs.count == 1 ? item.output : Self.stem(ofNumbered: item)
                return BatchItem(input: item.input, outputs: (0..<copies).map { copyPath(mirrored, copy: $0) })
            }
            return plan
        }

        /// The mirrored path of a stack whose outputs the generic planner numbered.
        private static func stem(ofNumbered item: BatchItem) -> String {
            let first = URL(fileURLWithPath: item.output)
            let ext = first.pathExtension
            let name = first.deletingPathExtension().lastPathComponent
            let base = name.count > 6 ? String(name.dropLast(6)) : name  // "-00000"
            return first.deletingLastPathComponent().appendingPathComponent(ext.isEmpty ? base : base + "." + ext).path
        }

        /// Files and directory trees: every input decoded, augmented `copies` times, written in its own format
        /// (a file whose output name has an extension is written in that format). `all` is the whole plan, whose
        /// positions are the stream coordinates i; `items` is this shard's part of it. With `recordSkipped`, the
        /// inputs `--skip-existing` skipped are decoded again (nothing is written) so that the manifest and the
        /// preview still cover every output, as if the run had not been interrupted before.
        func augmentFiles(
            _ items: [BatchItem], indices all: [BatchItem], decoding: DecodingOptions, recordSkipped: Bool = false,
            runner: (@escaping @Sendable (BatchItem) throws -> Int) throws -> BatchReport
        ) throws -> Results {
            let indices = Dictionary(all.enumerated().map { ($1.input, $0) }, uniquingKeysWith: { a, _ in a })
            let previewIndices = Set(items.prefix(8).compactMap { indices[$0.input] })
            let collector = Collector()
            let plan = self
            let report = try runner { item in
                guard let i = indices[item.input] else { return 0 }
                collector.markStarted(i)
                return try plan.augmentFile(
                    item, index: i, decoding: decoding, preview: previewIndices.contains(i), collector: collector,
                    write: true)
            }
            if recordSkipped && report.skipped > 0 {
                for item in items {
                    guard let i = indices[item.input], !collector.started(i) else { continue }
                    _ = try? plan.augmentFile(
                        item, index: i, decoding: decoding, preview: previewIndices.contains(i), collector: collector,
                        write: false)
                }
            }
            return collector.results(report: report)
        }

        /// Input i of the plan augmented into `item.outputs` (or, when `write` is false, only its parameters and
        /// preview recorded); returns how many images were written.
        private func augmentFile(
            _ item: BatchItem, index i: Int, decoding: DecodingOptions, preview: Bool, collector: Collector,
            write: Bool
        ) throws -> Int {
            let bytes = try AtomicFile.read(item.input)
            guard !bytes.isEmpty else { throw CodecError.emptyInput }
            guard let format = ImageFormat.detect(bytes) else {
                throw CodecError.unrecognizedFormat(leadingBytes: Array(bytes.prefix(8)))
            }
            let images = try ImageStack.decode(bytes, options: decoding).map {
                try GeometryFlags.apply(geometry, to: $0, pixelLimit: decoding.pixelLimit)
            }
            if ImageStack.holdsSeveralImages(format), images.count != 1 || format == .idx {
                return try augmentStack(
                    images, input: item.input, index: i, outputs: item.outputs, format: format, collector: collector,
                    write: write)
            }
            guard let image = images.first else { throw StackError.empty }
            var previews: [AnyImage] = preview ? [image] : []
            for k in 0..<copies {
                let parameters = try self.parameters(input: i, copy: k, width: image.width, height: image.height)
                let path = item.outputs[k]
                let augmented = write || (preview && k < 8) ? image.augmented(by: parameters) : nil
                if write, let augmented {
                    let ext = ImageFormat.fileExtension(of: path)
                    let target = ImageFormat(fileExtension: ext) ?? format
                    try ImageFile.write(
                        Convert.fitted(augmented, for: target, extension: ext, gray: false), to: path, format: target)
                }
                collector.add(
                    Entry(
                        input: item.input, output: path, outputIndex: nil, index: i, copy: k, seed: seed,
                        preset: preset, parameters: parameters))
                if !previews.isEmpty && k < 8, let augmented { previews.append(augmented) }
            }
            if !previews.isEmpty { collector.addPreview(index: i, previews) }
            return write ? copies : 0
        }

        /// A stack found in a tree (input i of the plan): image j's copy k is drawn from (seed, k, i, j) and
        /// written to copy k's file in the input's own format.
        func augmentStack(
            _ images: [AnyImage], input: String, index i: Int, outputs: [String], format: ImageFormat,
            collector: Collector, write: Bool = true
        ) throws -> Int {
            for k in 0..<copies {
                var augmented: [AnyImage] = []
                for (j, image) in images.enumerated() {
                    let parameters = try self.parameters(
                        input: i, copy: k, part: j, width: image.width, height: image.height)
                    if write { augmented.append(image.augmented(by: parameters)) }
                    collector.add(
                        Entry(
                            input: input, output: outputs[k], outputIndex: j, index: i, copy: k, seed: seed,
                            preset: preset, parameters: parameters))
                }
                if write {
                    // The stack's own format, or the one --to named (npy for an IDX file in a tree).
                    let named = ImageFormat(fileExtension: ImageFormat.fileExtension(of: outputs[k]))
                    let target = named.flatMap { ImageStack.holdsSeveralImages($0) ? $0 : nil } ?? format
                    try ImageStack.write(augmented, to: outputs[k], format: target)
                }
            }
            return write ? images.count * copies : 0
        }

        /// The shard's labels, each repeated `copies` times (label of copy k of image i at i·copies + k).
        func repeatLabels(from input: String, to output: String, imageCount: Int) throws {
            let all = try IDX.readLabels(input)
            let selected = all.indices.filter(inShard)
            guard selected.count == imageCount else {
                throw ValidationError("\(input) holds \(all.count) labels, which does not match the image file")
            }
            try IDX.writeLabels(selected.flatMap { Array(repeating: all[$0], count: copies) }, to: output)
        }

        /// An IDX stack: augmented images in order (copy k of image i at position i·copies + k, over the shard).
        func augmentIDX(_ bytes: [UInt8], input: String, output: String, jobs: Int, decoding: DecodingOptions) throws
            -> Results
        {
            var images: [Image<UInt8>]
            do { images = try IDX.decodeImages(bytes, options: decoding) } catch {
                throw ImageFileError(path: input, reason: error)
            }
            let selected = images.indices.filter(inShard)
            // The geometry flags first (as for files), so parameters are drawn for the output size.
            if !geometry.isIdentity {
                do {
                    for i in selected { images[i] = try geometry.apply(to: images[i], pixelLimit: decoding.pixelLimit) }
                } catch { throw ImageFileError(path: input, reason: error) }
            }
            var outputs = [Image<UInt8>?](repeating: nil, count: selected.count * copies)
            var parameters = [AugmentationParameters?](repeating: nil, count: selected.count * copies)
            if replay != nil {
                // Looked up (and checked) before the parallel part, so a bad manifest is one clear error.
                for (position, i) in selected.enumerated() {
                    for k in 0..<copies {
                        parameters[position * copies + k] = try self.parameters(
                            input: i, copy: k, part: position * copies + k, width: images[i].width,
                            height: images[i].height)
                    }
                }
            }
            let plan = self
            outputs.withUnsafeMutableBufferPointer { out in
                parameters.withUnsafeMutableBufferPointer { drawn in
                    guard let outBase = out.baseAddress, let drawnBase = drawn.baseAddress else { return }
                    let out = UncheckedSendable(outBase)
                    let drawn = UncheckedSendable(drawnBase)
                    Parallel.forEachChunk(of: selected.count, threads: jobs) { range in
                        for position in range {
                            let i = selected[position]
                            for k in 0..<plan.copies {
                                let p: AugmentationParameters
                                if let recorded = drawn.value[position * plan.copies + k] {
                                    p = recorded
                                } else {
                                    var rng = RandomStream(seed: plan.seed, UInt64(k), UInt64(i))
                                    p = plan.policy.sample(
                                        width: images[i].width, height: images[i].height, using: &rng)
                                }
                                out.value[position * plan.copies + k] = p.apply(
                                    to: images[i], reencoder: JPEGArtifacts.reencoder)
                                drawn.value[position * plan.copies + k] = p
                            }
                        }
                    }
                }
            }
            var report = BatchReport()
            do {
                try IDX.writeImages(outputs.compactMap { $0 }, to: output)
                report.succeeded = selected.count
                report.images = selected.count * copies
            } catch {
                report.failures.append((output, String(describing: error)))
            }
            let collector = Collector()
            for (position, i) in selected.enumerated() {
                for k in 0..<copies {
                    let n = position * copies + k
                    guard let p = parameters[n] else { continue }
                    collector.add(
                        Entry(
                            input: input, output: output, outputIndex: n, index: i, copy: k, seed: seed, preset: preset,
                            parameters: p))
                }
                if position < 8 {
                    let copiesShown = (0..<min(copies, 8)).compactMap { outputs[position * copies + $0] }
                    collector.addPreview(index: i, ([images[i]] + copiesShown).map { AnyImage.uint8($0) })
                }
            }
            var results = collector.results(report: report)
            results.isStack = true
            return results
        }
    }

    /// One manifest line: which input, which output, and what was drawn.
    struct Entry: Codable, Sendable {
        var input: String
        var output: String
        /// Position in the output IDX stack (IDX only).
        var outputIndex: Int?
        /// Position of the input in the sorted list of all inputs (the stream coordinate i).
        var index: Int
        /// Copy number (the stream coordinate k).
        var copy: Int
        /// The run's seed: the parameters came from `RandomStream(seed: seed, copy, index)`.
        var seed: UInt64
        /// The preset the policy started from (the range flags then changed it), or `nil` in old manifests.
        var preset: String?
        var parameters: AugmentationParameters
    }

    /// Manifest entries and preview rows gathered by the workers, under a lock.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var entries: [Entry] = []
        private var previews: [(index: Int, images: [AnyImage])] = []
        private var startedInputs = Set<Int>()

        /// Records that the batch job ran input `index` (done or failed, not skipped).
        func markStarted(_ index: Int) {
            lock.lock()
            startedInputs.insert(index)
            lock.unlock()
        }

        func started(_ index: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return startedInputs.contains(index)
        }

        func add(_ entry: Entry) {
            lock.lock()
            entries.append(entry)
            lock.unlock()
        }

        func addPreview(index: Int, _ images: [AnyImage]) {
            lock.lock()
            previews.append((index, images))
            lock.unlock()
        }

        func results(report: BatchReport) -> Results {
            lock.lock()
            defer { lock.unlock() }
            return Results(
                report: report,
                entries: entries.sorted { ($0.index, $0.copy) < ($1.index, $1.copy) },
                previews: previews.sorted { $0.index < $1.index }.map(\.images))
        }
    }

    /// What a run produced, in input order.
    struct Results {
        var report: BatchReport
        var entries: [Entry]
        var previews: [[AnyImage]]
        /// Whether the input was one IDX stack (the summary counts images, not files).
        var isStack = false

        func writeManifest(to path: String) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var text = ""
            for entry in entries {
                text += String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n"
            }
            try AtomicFile.write(Array(text.utf8), to: path)
        }

        /// A contact sheet: one row per input (original, then copies), each tile letterboxed into a square.
        func writePreview(to path: String, copies: Int) throws {
            guard !previews.isEmpty else { return }
            let side = max(1, previews.flatMap { $0 }.map { max($0.width, $0.height) }.max().map { min($0, 128) } ?? 1)
            let columns = 1 + min(copies, 8)
            var tiles: [Image<Float>] = []
            for row in previews {
                for column in 0..<columns {
                    tiles.append(column < row.count ? try Self.tile(row[column], side: side) : Self.blank(side))
                }
            }
            let sheet = ImageGrid.tile(tiles, columns: columns, scale: max(1, 96 / side), spacing: 4)
            try ImageFile.write(.uint8(sheet), to: path, format: .png)
        }

        /// `image` as RGB Float, fitted into a `side × side` mid-grey square (area-shrunk when larger).
        static func tile(_ image: AnyImage, side: Int) throws -> Image<Float> {
            var rgb = image.converted(to: Float.self).converted(to: .rgb)
            guard rgb.width > 0, rgb.height > 0 else { return blank(side) }  // an empty image shows as a blank tile
            let factor = min(1, Double(side) / Double(max(rgb.width, rgb.height, 1)))
            let w = max(1, Int((Double(rgb.width) * factor).rounded()))
            let h = max(1, Int((Double(rgb.height) * factor).rounded()))
            if w != rgb.width || h != rgb.height { rgb = try rgb.resized(width: w, height: h, interpolation: .area) }
            let left = (side - w) / 2
            let top = (side - h) / 2
            return try Image<Float>(width: side, height: side, layout: .rgb) { x, y, c in
                rgb.sample(x: x - left, y: y - top, channel: c) ?? 0.5
            }
        }

        static func blank(_ side: Int) -> Image<Float> {
            Image.assumingValid(
                width: side, height: side, layout: .rgb, samples: [Float](repeating: 0.5, count: side * side * 3))
        }
    }
}

extension AnyImage {
    /// The image transformed by `parameters`, keeping its sample type.
    func augmented(by parameters: AugmentationParameters) -> AnyImage {
        switch self {
        case .uint8(let i): .uint8(parameters.apply(to: i, reencoder: JPEGArtifacts.reencoder))
        case .uint16(let i): .uint16(parameters.apply(to: i))
        case .float32(let i): .float32(parameters.apply(to: i))
        }
    }
}
