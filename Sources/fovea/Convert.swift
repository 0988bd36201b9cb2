import ArgumentParser
import Dispatch
import Foundation
import FoveaCodecs
import FoveaCore

/// `fovea convert IN OUT`: one file, a stack, or a directory tree into another directory.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert images between PNG, JPEG, WebP, PNM, IDX and NPY.",
        discussion: """
            A file converts to OUT, whose extension picks the format (.png .jpg .webp .pgm .ppm .npy .gz). A directory \
            converts every file below it into the same relative path under OUT with --to's extension. A stack \
            (an IDX file, or an N×H×W[×C] .npy) converts whole: to .npy or IDX as one stack, or to PNG, JPEG or \
            PNM as one numbered file per image (name-00000.png, name-00001.png, …).

            The whole plan is checked before anything is written: two inputs that would write one output \
            (a.jpg and a.png into a.png: pass --keep-extension), an output that is an input, or an output \
            format that cannot be written are usage errors (exit 64). --dry-run prints the plan. Outputs are \
            written atomically (at most --jobs files are decoded and encoded at once; as many more may be \
            waiting for the disk to confirm their write). Every file is attempted; failures are listed at the \
            end and make the exit status 1. JPEG and PNM cannot hold alpha, so it is dropped (not composited); \
            .pgm output is gray and .ppm output is RGB.
            """)

    @Argument(help: "Input file, stack or directory.")
    var input: String

    @Argument(help: "Output file (format from its extension) or directory.")
    var output: String

    @Option(help: "JPEG and lossy WebP quality, 1 (smallest) to 100 (best).")
    var quality: Int = 90

    @Flag(help: "Write WebP lossless (exact) instead of lossy at --quality.")
    var lossless = false

    @Option(help: "PNG compression: fast (about 10× Pillow's speed, ≤ 10 % larger), default, best (smallest).")
    var pngCompression: PNGCompression = .default

    @Option(help: "Bits per sample for PNG and PNM output: 8 or 16 (default: the input's).")
    var bitDepth: Int?

    @Flag(help: "Convert to gray with the BT.601 weights (alpha kept where the output format holds it).")
    var gray = false

    @Option(help: "Output format when converting a directory (or a file into a directory).")
    var to: OutputExtension?

    @Flag(help: "With --to, append the new extension instead of replacing the old one (a.jpg → a.jpg.png).")
    var keepExtension = false

    @OptionGroup var geometry: GeometryFlags

    @OptionGroup var batch: BatchOptions
}

extension PNGCompression: ExpressibleByArgument {}

extension Convert {
    func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be 1...100, got \(quality)") }
        if let bitDepth, bitDepth != 8, bitDepth != 16 {
            throw ValidationError("--bit-depth must be 8 or 16, got \(bitDepth)")
        }
        var isDirectory: ObjCBool = false
        let packs = DatasetPacking.applies(input: input, output: output)
        if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue, to == nil,
            !packs
        {
            let formats = ImageFormat.outputExtensions.joined(separator: "|")
            throw ValidationError(
                "\(input) is a directory: choose the output format with --to \(formats), "
                    + "or name one .npy or IDX file to pack it")
        }
        if packs {
            if to != nil { throw ValidationError("packing \(input) into \(output) writes one stack: drop --to") }
            if batch.shard != nil || batch.skipExisting {
                throw ValidationError("packing a dataset into one file takes neither --shard nor --skip-existing")
            }
        }
        if keepExtension && to == nil { throw ValidationError("--keep-extension goes with --to") }
    }

    func run() throws {
        let settings = Settings(
            quality: quality, lossless: lossless, pngCompression: pngCompression, bitDepth: bitDepth, gray: gray,
            decoding: batch.decoding, geometry: try geometry.plan())
        if DatasetPacking.applies(input: input, output: output) {
            return try DatasetPacking(output: output).run(
                input: input, settings: settings, jobs: batch.jobs, dryRun: batch.dryRun)
        }
        let tree = try InputTree(input)
        let plan = try OutputPlan.mirroring(tree, into: output, newExtension: to?.name, keepExtension: keepExtension)
        try plan.validate()
        for path in plan.items.flatMap(\.outputs) { try Self.checkWritable(path) }
        let shard = try batch.resolvedShard()
        if batch.dryRun { return print(plan.restricted(to: shard).description) }
        // Each output is fsynced before its rename; the folders' own fsyncs are batched (RELIABILITY.md). At
        // most --jobs files decode, resize and encode at once; twice as many threads run, so a file waiting for
        // its fsync does not hold back the next one's work.
        let directorySync = AtomicFile.DirectorySyncSet()
        let gate = ComputeGate(limit: batch.jobs)
        let report = try batch.run(
            plan, shard: shard, command: "convert", manifestFolder: tree.outputFolder(output),
            threads: 2 * batch.jobs, directorySync: directorySync
        ) { [settings] in try settings.convert($0, directorySync: directorySync, gate: gate) }
        report.printSummary(verb: "converted")
        if !report.failures.isEmpty { throw ExitCode.failure }
    }

    /// Refuses, as a usage error, an output whose extension names no format `convert` writes.
    static func checkWritable(_ path: String) throws {
        let ext = ImageFormat.fileExtension(of: path)
        if ext == "pbm" { throw ValidationError("\(path): PBM output is not supported; write .pgm (gray) instead") }
        guard let format = ImageFormat(fileExtension: ext) else {
            throw ValidationError("\(path): \(CodecError.unknownFileExtension(ext))")
        }
        if format == .gif {
            throw ValidationError("\(path): \(CodecError.readOnlyFormat(.gif)) (for a folder: --to png)")
        }
    }

    /// The per-file work, shared by the worker threads.
    struct Settings: Sendable {
        var quality: Int
        var lossless: Bool
        var pngCompression: PNGCompression
        var bitDepth: Int?
        var gray: Bool
        var decoding: DecodingOptions
        var geometry = GeometryPlan()

        /// Converts every image of `item.input` into `item.outputs`; returns how many images were written.
        /// Reading, geometry and encoding run inside `gate`, and only the writes (which wait for the disk) outside;
        /// the outputs' directory `fsync`s are left to `directorySync`'s flush.
        func convert(_ item: BatchItem, directorySync: AtomicFile.DirectorySyncSet, gate: ComputeGate) throws -> Int {
            let (files, count) = try gate.run { () throws -> ([(path: String, bytes: [UInt8])], Int) in
                let (images, format, options) = try prepare(item)
                return (try encodeStack(images, to: item.outputs, format: format, options: options), images.count)
            }
            for file in files {
                try AtomicFile.write(file.bytes, to: file.path, deferringDirectorySyncTo: directorySync)
            }
            return count
        }

        /// The images of `item.input` after the geometry flags, fitted to the output format, with the format
        /// and the encoding options of `item.output`.
        func prepare(_ item: BatchItem) throws -> (images: [AnyImage], format: ImageFormat, options: EncodingOptions) {
            let ext = ImageFormat.fileExtension(of: item.output)
            guard let format = ImageFormat(fileExtension: ext) else {
                throw ImageFileError(path: item.output, reason: CodecError.unknownFileExtension(ext))
            }
            // The geometry is applied while reading: a JPEG then decodes only the part the output depends on.
            let (stack, profile) = try readStackWithProfile(item.input, options: decoding, applying: geometry)
            let images = stack.map { prepared($0, for: format, extension: ext) }
            var options = EncodingOptions(
                jpegQuality: quality, bitDepth: format == .jpeg || format == .webp ? nil : bitDepth,
                webpQuality: quality,
                lossless: lossless)
            // Fovea does not color-manage: the input's ICC profile goes into PNG/JPEG/WebP/TIFF outputs as it is,
            // unless the conversion changed the color model it describes (RGB to gray, CMYK decoded to RGB).
            options.iccProfile = profile.flatMap { icc in
                images.allSatisfy { ICCProfileInfo.describes(icc, layout: $0.layout) } ? icc : nil
            }
            options.pngCompression = pngCompression
            options.gzip = item.output.hasSuffix(".gz")
            return (images, format, options)
        }

        /// `image` in the layout and sample type the output format and flags ask for.
        func prepared(_ image: AnyImage, for format: ImageFormat, extension ext: String) -> AnyImage {
            Convert.fitted(image, for: format, extension: ext, gray: gray)
        }
    }

    /// `image` in a layout and sample type `format` (written as `.ext`) holds: gray for `gray`, .pgm and IDX,
    /// RGB for .ppm, alpha dropped (not composited) where the format has none, 8-bit for IDX. Shared with
    /// `augment --to`.
    static func fitted(_ image: AnyImage, for format: ImageFormat, extension ext: String, gray: Bool) -> AnyImage {
        var image = image
        var layout = image.layout
        if gray || ext == "pgm" || format == .idx { layout = layout.hasAlpha ? .grayAlpha : .gray }
        if ext == "ppm" { layout = layout.hasAlpha ? .rgba : .rgb }
        if !format.storesAlpha { layout = layout.withoutAlpha }
        if layout != image.layout { image = image.converted(to: layout) }
        if format == .idx { image = .uint8(image.converted(to: UInt8.self)) }
        return image
    }
}

/// Every image of the file at `path` (one for most formats, N for IDX and NPY stacks), with errors that
/// name the file left to the batch report (which prints the input path itself).
func readStack(_ path: String, options: DecodingOptions) throws -> [AnyImage] {
    let images: [AnyImage]
    do { images = try ImageStack.read(path, options: options) } catch let error as ImageFileError
        where error.path == path
    {
        throw error.reason
    }
    guard !images.isEmpty else { throw StackError.empty }
    return images
}

/// ``readStack(_:options:)`` with the ICC profile of a single-image input (`nil` for stacks and files without one),
/// `geometry` applied to every image (errors as `GeometryFlags.apply`'s).
func readStackWithProfile(
    _ path: String, options: DecodingOptions, applying geometry: GeometryPlan = GeometryPlan()
) throws -> (images: [AnyImage], iccProfile: [UInt8]?) {
    let read: (images: [AnyImage], iccProfile: [UInt8]?)
    do { read = try ImageStack.readWithProfile(path, options: options, applying: geometry) } catch let error
        as ImageFileError
        where error.path == path
    {
        throw error.reason
    }
    guard !read.images.isEmpty else { throw StackError.empty }
    return read
}

/// `images` encoded for `outputs`, not yet written: one file per image when there are as many outputs as images,
/// or all of them into the one output (a stack of one as a single image); each encoding error an
/// `ImageFileError` naming its output.
func encodeStack(
    _ images: [AnyImage], to outputs: [String], format: ImageFormat, options: EncodingOptions
) throws -> [(path: String, bytes: [UInt8])] {
    func encoded(_ path: String, _ body: () throws -> [UInt8]) throws -> (path: String, bytes: [UInt8]) {
        do { return (path, try body()) } catch { throw ImageFileError(path: path, reason: error) }
    }
    if outputs.count == 1, let path = outputs.first {
        if images.count == 1, let image = images.first {
            return [try encoded(path) { try ImageFile.encode(image, as: format, options: options) }]
        }
        return [try encoded(path) { try ImageStack.encode(images, as: format, options: options) }]
    }
    guard images.count == outputs.count else { throw StackError.changed(planned: outputs.count, found: images.count) }
    return try zip(images, outputs).map { image, path in
        try encoded(path) { try ImageFile.encode(image, as: format, options: options) }
    }
}

/// At most `limit` callers inside ``run(_:)`` at once: the CPU-bound part of a batch item, so that more
/// threads than `--jobs` can wait for the disk while `--jobs` of them compute.
final class ComputeGate: @unchecked Sendable {
    private let semaphore: DispatchSemaphore

    /// A gate letting `limit` (at least 1) callers in at once.
    init(limit: Int) { semaphore = DispatchSemaphore(value: max(1, limit)) }

    /// Runs `body` once fewer than `limit` other callers are inside.
    func run<T>(_ body: () throws -> T) rethrows -> T {
        semaphore.wait()
        defer { semaphore.signal() }
        return try body()
    }
}

/// A stack that cannot be written as planned.
enum StackError: Error, CustomStringConvertible {
    /// The file holds no images.
    case empty
    /// The file changed between planning and reading.
    case changed(planned: Int, found: Int)

    var description: String {
        switch self {
        case .empty: "holds no images"
        case .changed(let planned, let found): "held \(planned) images when planned but \(found) when read"
        }
    }
}

extension AnyImage {
    /// The image in `layout`, keeping its sample type.
    func converted(to layout: ChannelLayout) -> AnyImage {
        switch self {
        case .uint8(let i): .uint8(i.converted(to: layout))
        case .uint16(let i): .uint16(i.converted(to: layout))
        case .float32(let i): .float32(i.converted(to: layout))
        }
    }
}
