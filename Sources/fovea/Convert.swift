import ArgumentParser
import Foundation
import FoveaCodecs

/// `fovea convert IN OUT`: one file, or a directory tree into another directory.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert images between PNG, JPEG, PNM, IDX and NPY.",
        discussion: """
            A file converts to OUT, whose extension picks the format (.png .jpg .pgm .ppm .npy .gz). A directory \
            converts every file below it into the same relative path under OUT with --to's extension. Outputs \
            are written atomically and never replace an input. Every file is attempted; failures are listed \
            at the end and make the exit status 1. JPEG and PNM cannot hold alpha, so it is dropped (not \
            composited); .pgm output is gray and .ppm output is RGB.
            """)

    /// Output formats for directory conversion.
    enum Target: String, ExpressibleByArgument, CaseIterable {
        case png, jpg, pgm, ppm
    }

    @Argument(help: "Input file or directory.")
    var input: String

    @Argument(help: "Output file (format from its extension) or directory.")
    var output: String

    @Option(help: "JPEG quality, 1 (smallest) to 100 (best).")
    var quality: Int = 90

    @Option(help: "Bits per sample for PNG and PNM output: 8 or 16 (default: the input's).")
    var bitDepth: Int?

    @Flag(help: "Convert to gray with the BT.601 weights (alpha kept where the output format holds it).")
    var gray = false

    @Option(help: "Output format when converting a directory.")
    var to: Target?

    @Flag(help: "Leave outputs that already exist untouched.")
    var skipExisting = false

    @Option(help: "Files converted in parallel.")
    var jobs: Int = Parallel.defaultThreadCount
}

extension Convert {
    func validate() throws {
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be 1...100, got \(quality)") }
        if let bitDepth, bitDepth != 8, bitDepth != 16 {
            throw ValidationError("--bit-depth must be 8 or 16, got \(bitDepth)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue, to == nil {
            throw ValidationError("\(input) is a directory: choose the output format with --to png|jpg|pgm|ppm")
        }
        if to == nil, ImageFormat.fileExtension(of: output) == "pbm" {
            throw ValidationError("PBM output is not supported; write .pgm (gray) instead")
        }
    }

    func run() throws {
        let job = try BatchJob.plan(input: input, output: output, newExtension: to?.rawValue)
        let settings = Settings(quality: quality, bitDepth: bitDepth, gray: gray)
        let report = job.run(jobs: jobs, skipExisting: skipExisting) { item in try settings.convert(item) }
        report.printSummary(verb: "converted")
        if !report.failures.isEmpty { throw ExitCode.failure }
    }

    /// The per-file work, shared by the worker threads.
    struct Settings: Sendable {
        var quality: Int
        var bitDepth: Int?
        var gray: Bool

        func convert(_ item: BatchItem) throws {
            let ext = ImageFormat.fileExtension(of: item.output)
            guard let format = ImageFormat(fileExtension: ext) else {
                throw ImageFileError(path: item.output, reason: CodecError.unknownFileExtension(ext))
            }
            var image: AnyImage
            do { image = try ImageFile.read(item.input) } catch let error as ImageFileError where error.path == item.input {
                throw error.reason  // the batch report prints the input path itself
            }
            var layout = image.layout
            if gray || ext == "pgm" || format == .idx { layout = layout.hasAlpha ? .grayAlpha : .gray }
            if ext == "ppm" { layout = layout.hasAlpha ? .rgba : .rgb }
            if format == .jpeg || format == .pnm || format == .idx { layout = layout.withoutAlpha }
            if layout != image.layout { image = Self.converted(image, to: layout) }
            if format == .idx { image = .uint8(image.converted(to: UInt8.self)) }
            var options = EncodingOptions(jpegQuality: quality, bitDepth: format == .jpeg ? nil : bitDepth)
            options.gzip = item.output.hasSuffix(".gz")
            try ImageFile.write(image, to: item.output, format: format, options: options)
        }

        static func converted(_ image: AnyImage, to layout: ChannelLayout) -> AnyImage {
            switch image {
            case .uint8(let i): .uint8(i.converted(to: layout))
            case .uint16(let i): .uint16(i.converted(to: layout))
            case .float32(let i): .float32(i.converted(to: layout))
            }
        }
    }
}
