import ArgumentParser
import Foundation
import FoveaData

/// `fovea convert DATASET_DIR out.npy` (or `out-images-idx3-ubyte.gz`): a folder of class folders packed into
/// one image stack, a label vector and the class names, for NumPy, PyTorch or MNIST-style loaders.
///
/// The folder is read as torchvision's `ImageFolder` (FoveaData's ``ImageFolderDataset``): class k is the k-th
/// subfolder name in byte order; every image below it, however deep, in byte order of its path; format by magic
/// bytes; other files skipped and counted. Outputs, beside the stack:
/// - NPY: `out.npy` (N × H × W, or N × H × W × C), `out-labels.npy` (u1, or u2 past 256 classes),
///   `out-classes.json` (`["cat", "dog", …]`, index = label);
/// - IDX: `NAME-images-idx3-ubyte[.gz]` with `NAME-labels-idx1-ubyte[.gz]` (MNIST's naming; other names get
///   `-labels` before the extension), and `NAME-classes.json`.
/// Every image must have the size, layout and sample type of the first (after `--gray`); a file that cannot
/// be read is listed and left out, and the exit status is then 1.
struct DatasetPacking {
    var stack: String
    var labels: String
    var classes: String

    /// Whether `convert IN OUT` packs: IN is a directory and OUT names a stack file (NPY or IDX), not a folder.
    static func applies(input: String, output: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue,
            !output.hasSuffix("/")
        else { return false }
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            return false
        }
        let format = ImageFormat(fileExtension: ImageFormat.fileExtension(of: output))
        return format.map(ImageStack.holdsSeveralImages) ?? false
    }

    /// The three output paths for a stack written to `output`.
    init(output: String) {
        stack = output
        let url = URL(fileURLWithPath: output)
        let folder = url.deletingLastPathComponent()
        let name = url.lastPathComponent
        if name.contains("images-idx3-ubyte") {
            labels =
                folder.appendingPathComponent(
                    name.replacingOccurrences(of: "images-idx3-ubyte", with: "labels-idx1-ubyte")
                ).path
            let stem = name.components(separatedBy: "images-idx3-ubyte").first ?? ""
            classes =
                folder.appendingPathComponent((stem.hasSuffix("-") ? String(stem.dropLast()) : stem) + "-classes.json")
                .path
        } else {
            let gz = name.hasSuffix(".gz")
            let base = gz ? String(name.dropLast(3)) : name
            let ext = (base as NSString).pathExtension
            let stem = ext.isEmpty ? base : (base as NSString).deletingPathExtension
            labels =
                folder.appendingPathComponent(stem + "-labels" + (ext.isEmpty ? "" : "." + ext) + (gz ? ".gz" : ""))
                .path
            classes = folder.appendingPathComponent(stem + "-classes.json").path
        }
    }

    /// Packs the class folders of `input` with `settings`' conversions, on `jobs` threads.
    func run(input: String, settings: Convert.Settings, jobs: Int, dryRun: Bool) throws {
        let dataset: ImageFolderDataset
        do { dataset = try ImageFolderDataset(directory: input) } catch { throw ValidationError("\(error)") }
        var plan = OutputPlan(items: dataset.files.map { BatchItem(input: $0, outputs: []) })
        plan.sideOutputs = [("OUTPUT", stack), ("labels", labels), ("class names", classes)]
        try plan.validate()
        let format = ImageFormat(fileExtension: ImageFormat.fileExtension(of: stack)) ?? .npy
        if format == .idx && dataset.classCount > 256 {
            throw ValidationError("IDX labels are bytes: \(dataset.classCount) classes do not fit; write .npy instead")
        }
        if dryRun {
            let classes = dataset.classNames.joined(separator: ", ")
            print("\(dataset.files.count) images of \(dataset.classCount) classes (\(classes)) → \(stack)")
            for side in plan.sideOutputs.dropFirst() { print("\(side.flag) → \(side.path)") }
            print("dry run: \(dataset.files.count) inputs, 3 outputs; nothing written")
            return
        }
        try plan.prepare()

        let images = PackedImages(count: dataset.files.count)
        let ext = ImageFormat.fileExtension(of: stack)
        // Every image goes to one stack, so an item has no file of its own; its position is its slot.
        let items = dataset.files.map { BatchItem(input: $0, outputs: []) }
        var report = BatchJob(items: items).run(jobs: jobs, skipExisting: false) { item, index in
            let decoded = try readStack(item.input, options: settings.decoding)
            guard decoded.count == 1, let image = decoded.first else {
                throw StackError.changed(planned: 1, found: decoded.count)
            }
            let resized = try GeometryFlags.apply(
                settings.geometry, to: image, pixelLimit: settings.decoding.pixelLimit)
            images.set(index, settings.prepared(resized, for: format, extension: ext))
            return 1
        }
        // Keep what was read, in dataset order; every image must match the first in size, layout and type.
        var kept: [AnyImage] = []
        var keptLabels: [Int] = []
        for (index, image) in images.values.enumerated() {
            guard let image else { continue }
            if let first = kept.first,
                image.width != first.width || image.height != first.height || image.layout != first.layout
                    || image.sampleType != first.sampleType
            {
                report.succeeded -= 1
                report.failures.append(
                    (
                        dataset.files[index],
                        "is \(image.width)×\(image.height) \(image.layout.rawValue) \(image.sampleType.rawValue), "
                            + "the first image \(first.width)×\(first.height) \(first.layout.rawValue) "
                            + "\(first.sampleType.rawValue): pass --resize WxH (and --gray) to pack images of "
                            + "different sizes"
                    ))
                continue
            }
            kept.append(image)
            keptLabels.append(dataset.label(at: index))
        }
        report.images = kept.count
        guard !kept.isEmpty else {
            report.printSummary(verb: "packed")
            throw ExitCode.failure
        }
        try ImageStack.write(kept, to: stack, format: format)
        if format == .idx {
            try IDX.writeLabels(keptLabels.map { UInt8($0) }, to: labels)
        } else {
            let storage: NPYArray.Storage =
                dataset.classCount <= 256
                ? .uint8(keptLabels.map { UInt8($0) }) : .uint16(keptLabels.map { UInt16($0) })
            try NPY.write(try NPYArray(shape: [keptLabels.count], storage: storage), to: labels)
        }
        let names = try JSONSerialization.data(withJSONObject: dataset.classNames, options: [.withoutEscapingSlashes])
        try AtomicFile.write(Array(names) + [0x0A], to: classes)
        report.printSummary(verb: "packed")
        var notes: [String] = []
        if !dataset.skippedFiles.isEmpty {
            let n = dataset.skippedFiles.count
            let files = n == 1 ? "file that is not a single image" : "files that are not single images"
            notes.append("skipped \(n) \(files) (by their bytes)")
        }
        if let example = dataset.looseFiles.first {
            notes.append(DatasetNotes.looseFilesNote(dataset.looseFiles.count, example: example))
        }
        if !dataset.emptyClassFolders.isEmpty {
            notes.append("empty class folders (not classes): \(dataset.emptyClassFolders.joined(separator: ", "))")
        }
        let stackShape =
            "\(kept.count)×\(kept[0].height)×\(kept[0].width)"
            + (kept[0].layout == .gray ? "" : "×\(kept[0].layout.channelCount)")
        FileHandle.standardError.write(
            Data(
                ("\(stack): \(stackShape), \(dataset.classCount) class\(dataset.classCount == 1 ? "" : "es"); "
                    + "labels \(labels), class names \(classes)\n").utf8))
        for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        if !report.failures.isEmpty { throw ExitCode.failure }
    }
}

/// Decoded images gathered by the worker threads at distinct indices.
private final class PackedImages: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [AnyImage?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ image: AnyImage) {
        lock.lock()
        values[index] = image
        lock.unlock()
    }
}
