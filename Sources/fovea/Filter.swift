import ArgumentParser
import Foundation
import FoveaCodecs
import FoveaFilters

/// `fovea filter OP IN OUT`: classic filters on one file or a directory tree.
struct Filter: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Filter images: Gaussian, box, sharpen, Sobel/Scharr/Prewitt, Laplacian, Canny, median, custom kernels.",
        discussion: """
            Filters follow OpenCV's conventions (correlation, not flipped; the default border is reflect101, \
            OpenCV's BORDER_DEFAULT; median and Canny replicate the edge). Every channel is filtered on its own. \
            sobel, scharr and prewitt without -x/-y give the L2 gradient magnitude; canny gives a gray 0/255 edge map.

            Output types: smoothing, sharpen, median and custom keep the input's sample type; derivatives \
            (sobel-x, laplacian, edge-vertical, ...) default to s16 for 8-bit input and f32 otherwise; magnitudes \
            are f32. Values are in the input's units (Sobel-x of an 8-bit image spans -1020...1020).

            Writing: a .npy output keeps u8, s16 and f32 results exactly (NumPy dtypes u1, i2, f4). PNG, JPEG and \
            PNM cannot hold signed or float results, so s16 and f32 results are mapped to 8 bits: |value| \
            saturated to 0...255 (OpenCV's convertScaleAbs; float inputs are first scaled by 255), or, with \
            --normalize, the image's minimum...maximum stretched linearly to 0...255.

            IN may be a directory: every file below it is filtered into the same relative path under OUT \
            (extension kept, or --to's). Every file is attempted; failures are listed and make the exit status 1.
            """)

    /// The operations, by their command-line names.
    enum Operation: String, ExpressibleByArgument, CaseIterable, Sendable {
        case gaussian, box, sharpen
        case sobelX = "sobel-x", sobelY = "sobel-y", sobel
        case scharrX = "scharr-x", scharrY = "scharr-y", scharr
        case prewittX = "prewitt-x", prewittY = "prewitt-y", prewitt
        case laplacian
        case edgeVertical = "edge-vertical", edgeHorizontal = "edge-horizontal"
        case canny, median, custom

        /// Signed first or second derivatives (default output s16 for 8-bit input).
        var isDerivative: Bool {
            [.sobelX, .sobelY, .scharrX, .scharrY, .prewittX, .prewittY, .laplacian, .edgeVertical, .edgeHorizontal]
                .contains(self)
        }

        /// Gradient magnitudes (Float output).
        var isMagnitude: Bool { [.sobel, .scharr, .prewitt].contains(self) }
    }

    /// Border modes with OpenCV's names in the help.
    enum Border: String, ExpressibleByArgument, CaseIterable, Sendable {
        case constant, replicate, reflect, reflect101, wrap
    }

    /// Result sample types.
    enum OutputType: String, ExpressibleByArgument, CaseIterable, Sendable {
        case u8, s16, f32
    }

    @Argument(help: "The filter to apply (bare sobel, scharr and prewitt give the gradient magnitude).")
    var operation: Operation

    @Argument(help: "Input file or directory.")
    var input: String

    @Argument(help: "Output file (format from its extension; .npy keeps signed and float values) or directory.")
    var output: String

    @Option(help: "Gaussian standard deviation in pixels (gaussian; canny blurs first when given).")
    var sigma: Double?

    @Option(
        help: """
            Kernel size: gaussian (odd; default from --sigma by OpenCV's rule), box (default 3), \
            sobel* (1, 3, 5, 7; default 3), laplacian (1, 3, 5, 7; default 1), median (3 or 5; default 3).
            """)
    var ksize: Int?

    @Option(
        help: """
            Border: constant (BORDER_CONSTANT, see --border-value), replicate (BORDER_REPLICATE), reflect \
            (BORDER_REFLECT), reflect101 (BORDER_REFLECT_101, the default), wrap (BORDER_WRAP).
            """)
    var border: Border = .reflect101

    // `.unconditional`: a value that starts with "-" (`--border-value -1`, `--kernel "-1,0,1"`) is the value, not
    // a flag, as a user of cv2.filter2D would type it.
    @Option(parsing: .unconditional, help: "Value outside the image for --border constant, in the input's units.")
    var borderValue: Float = 0

    @Option(
        parsing: .unconditional,
        help: "Custom kernel for 'custom': rows separated by ';', values by ',' (e.g. \"1,0,-1;2,0,-2;1,0,-1\").")
    var kernel: String?

    @Option(help: "Result type: u8 (rounded, saturated), s16 (signed), f32.")
    var outputType: OutputType?

    @Option(help: "Canny lower threshold on the gradient magnitude (Sobel units).")
    var low: Double?

    @Option(help: "Canny upper threshold.")
    var high: Double?

    @Flag(help: "Canny: use the L2 gradient magnitude instead of OpenCV's default L1.")
    var l2 = false

    @Flag(help: "Map signed/float results to 0...255 by the image's minimum and maximum instead of |value|.")
    var normalize = false

    @Option(help: "Output format when filtering a directory (default: keep each file's extension).")
    var to: OutputExtension?

    @Flag(help: "With --to, append the new extension instead of replacing the old one (a.jpg → a.jpg.png).")
    var keepExtension = false

    @OptionGroup var batch: BatchOptions
}

extension Filter {
    /// Largest `--sigma` accepted, in pixels (its OpenCV-rule kernel is 1,601 taps wide).
    static let maximumSigma = 200.0
    /// Largest `--ksize` accepted.
    static let maximumKernelSize = 1_601
    /// Largest magnitude of `--border-value` (in sample units: beyond it even 16-bit and float images saturate).
    static let maximumBorderValue: Float = 1e6

    func validate() throws {
        if keepExtension && to == nil { throw ValidationError("--keep-extension goes with --to") }
        if (kernel != nil) != (operation == .custom) {
            throw ValidationError(
                operation == .custom
                    ? "custom needs --kernel \"a,b,c;d,e,f;...\"" : "--kernel is only for the custom operation")
        }
        if let kernel {
            do { _ = try Kernel(parsing: kernel) } catch { throw ValidationError("\(error)") }
        }
        // NaN and infinity parse as numbers; a sigma or size beyond these would build kernels of billions of taps.
        if let sigma, !(sigma.isFinite && sigma <= Self.maximumSigma) {
            throw ValidationError("--sigma must be a finite number of pixels up to \(Self.maximumSigma), got \(sigma)")
        }
        if let ksize, ksize > Self.maximumKernelSize {
            throw ValidationError("--ksize must be at most \(Self.maximumKernelSize), got \(ksize)")
        }
        // A flag the operation would ignore is a mistake worth hearing about, not silence.
        let takesSize: Set<Operation> = [.gaussian, .box, .sobelX, .sobelY, .sobel, .laplacian, .median]
        if ksize != nil && !takesSize.contains(operation) {
            throw ValidationError("\(operation.rawValue) has a fixed kernel size; drop --ksize")
        }
        if sigma != nil && operation != .gaussian && operation != .canny {
            throw ValidationError("--sigma is only for gaussian and canny, not \(operation.rawValue)")
        }
        guard borderValue.isFinite, abs(borderValue) <= Self.maximumBorderValue else {
            throw ValidationError(
                "--border-value must be a finite number within ±\(Int(Self.maximumBorderValue)), got \(borderValue)")
        }
        if borderValue != 0 && border != .constant {
            throw ValidationError("--border-value only applies with --border constant")
        }
        if let low, !low.isFinite { throw ValidationError("--low must be a finite number, got \(low)") }
        if let high, !high.isFinite { throw ValidationError("--high must be a finite number, got \(high)") }
        switch operation {
        case .gaussian:
            if sigma == nil && ksize == nil { throw ValidationError("gaussian needs --sigma, --ksize or both") }
            if let ksize, ksize <= 0 || ksize % 2 == 0 {
                throw ValidationError("gaussian --ksize must be odd and positive, got \(ksize)")
            }
            if let sigma, sigma < 0 || (sigma == 0 && ksize == nil) {
                throw ValidationError("gaussian --sigma must be positive (or 0 with --ksize), got \(sigma)")
            }
        case .box:
            if let ksize, ksize <= 0 { throw ValidationError("box --ksize must be positive, got \(ksize)") }
        case .sobelX, .sobelY, .sobel:
            if let ksize, ![1, 3, 5, 7].contains(ksize) {
                throw ValidationError("sobel --ksize must be 1, 3, 5 or 7, got \(ksize)")
            }
        case .laplacian:
            if let ksize, ![1, 3, 5, 7].contains(ksize) {
                throw ValidationError("laplacian --ksize must be 1, 3, 5 or 7, got \(ksize)")
            }
        case .median:
            if let ksize, ksize != 3 && ksize != 5 {
                throw ValidationError("median --ksize must be 3 or 5, got \(ksize)")
            }
            if outputType != nil { throw ValidationError("median keeps the input's type; drop --output-type") }
        case .canny:
            guard let low, let high else { throw ValidationError("canny needs --low and --high thresholds") }
            guard low >= 0, high >= 0 else {
                throw ValidationError("canny thresholds must be non-negative, got \(low), \(high)")
            }
            if let outputType, outputType != .u8 {
                throw ValidationError("canny writes a u8 edge map; drop --output-type")
            }
            if let sigma, sigma <= 0 { throw ValidationError("canny --sigma must be positive, got \(sigma)") }
        default:
            break
        }
        if operation != .canny && (low != nil || high != nil || l2) {
            throw ValidationError("--low, --high and --l2 are only for canny")
        }
        if operation.isMagnitude, outputType == .s16 {
            throw ValidationError("\(operation.rawValue) gives a magnitude: choose --output-type f32 or u8")
        }
        var isDirectory: ObjCBool = false
        if to != nil,
            !(FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) && isDirectory.boolValue),
            !output.hasSuffix("/"),
            !(FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) && isDirectory.boolValue)
        {
            throw ValidationError("--to is for a directory input or output; give OUT an extension instead")
        }
    }

    func run() throws {
        let tree = try InputTree(input)
        let plan = try OutputPlan.mirroring(tree, into: output, newExtension: to?.name, keepExtension: keepExtension)
        try plan.validate()
        for path in plan.items.flatMap(\.outputs) { try Convert.checkWritable(path) }
        let shard = try batch.resolvedShard()
        let part = plan.restricted(to: shard)
        if batch.dryRun { return print(part.description) }
        let files = max(1, min(batch.jobs, part.items.count))
        let settings = Settings(command: self, threads: max(1, Parallel.defaultThreadCount / files))
        let report = try batch.run(plan, shard: shard, command: "filter", manifestFolder: tree.outputFolder(output)) {
            try settings.filter($0)
        }
        report.printSummary(verb: "filtered")
        if !report.failures.isEmpty { throw ExitCode.failure }
    }
}

/// What a filter produced, before it is written.
enum FilterResult {
    /// Samples an image file holds directly (same type as the input, or u8).
    case image(AnyImage)
    /// Signed 16-bit values in the input's units.
    case signed(SignedImage)
    /// Float values in the input's units (derivatives, magnitudes, or f32 requested).
    case values(Image<Float>)

    /// The exact values as a NumPy array: H × W for gray, H × W × C otherwise (u1, u2, i2 or f4).
    var array: NPYArray {
        switch self {
        case .image(let image): return NPYArray(image)
        case .values(let values): return NPYArray(.float32(values))
        case .signed(let s):
            return NPYArray(width: s.width, height: s.height, layout: s.layout, storage: .int16(s.samples))
        }
    }
}

extension Filter {
    /// The per-file work, shared by the worker threads (a copy of the parsed options).
    struct Settings: Sendable {
        var operation: Operation
        var sigma: Double?
        var ksize: Int?
        var border: BorderMode
        var kernel: Kernel?
        var outputType: OutputType?
        var low: Double
        var high: Double
        var norm: GradientNorm
        var normalize: Bool
        var threads: Int
        var decoding: DecodingOptions

        init(command c: Filter, threads: Int) {
            decoding = c.batch.decoding
            operation = c.operation
            sigma = c.sigma
            ksize = c.ksize
            switch c.border {
            case .constant: border = .constant(.sample(Double(c.borderValue)))
            case .replicate: border = .replicate
            case .reflect: border = .reflect
            case .reflect101: border = .reflect101
            case .wrap: border = .wrap
            }
            kernel = c.kernel.flatMap { try? Kernel(parsing: $0) }  // validated in validate()
            outputType = c.outputType
            low = c.low ?? 0
            high = c.high ?? 0
            norm = c.l2 ? .l2 : .l1
            normalize = c.normalize
            self.threads = threads
        }

        /// Filters every image of `item.input` into `item.outputs`; returns how many images were written.
        func filter(_ item: BatchItem) throws -> Int {
            let images = try readStack(item.input, options: decoding)
            let results = images.map { image -> FilterResult in
                switch image {
                case .uint8(let i): apply(i)
                case .uint16(let i): apply(i)
                case .float32(let i): apply(i)
                }
            }
            let scale: Float = images.first?.sampleType == .float32 ? 255 : 1
            if item.outputs.count == 1, results.count > 1 {
                try writeStack(results, scale: scale, to: item.output)
            } else {
                guard results.count == item.outputs.count else {
                    throw StackError.changed(planned: item.outputs.count, found: results.count)
                }
                for (result, path) in zip(results, item.outputs) { try write(result, scale: scale, to: path) }
            }
            return results.count
        }

        /// Writes a stack of results to one file: to .npy exactly (N × H × W[× C] of u1, u2, i2 or f4), to IDX
        /// mapped to 8 bits as for image formats.
        func writeStack(_ results: [FilterResult], scale: Float, to path: String) throws {
            guard ImageFormat.fileExtension(of: path) == "npy" else {
                return try ImageStack.write(results.map { imageForFile($0, scale: scale) }, to: path)
            }
            let arrays = results.map(\.array)
            guard let first = arrays.first,
                arrays.allSatisfy({ $0.shape == first.shape && $0.dataType == first.dataType })
            else {
                throw ImageFileError(
                    path: path, reason: StackError.changed(planned: results.count, found: arrays.count))
            }
            let storage = NPYArray.Storage.concatenating(arrays.map(\.storage))
            let array: NPYArray
            do { array = try NPYArray(shape: [arrays.count] + first.shape, storage: storage) } catch {
                throw ImageFileError(path: path, reason: error)
            }
            try NPY.write(array, to: path)
        }

        /// The kernel of a linear operation.
        func linearKernel() -> Kernel? {
            switch operation {
            case .box: .box(width: ksize ?? 3, height: ksize ?? 3)
            case .sharpen: .sharpen
            case .sobelX: .sobel(dx: 1, dy: 0, size: ksize ?? 3)
            case .sobelY: .sobel(dx: 0, dy: 1, size: ksize ?? 3)
            case .scharrX: .scharr(dx: 1, dy: 0)
            case .scharrY: .scharr(dx: 0, dy: 1)
            case .prewittX: .prewitt(dx: 1, dy: 0)
            case .prewittY: .prewitt(dx: 0, dy: 1)
            case .laplacian: .laplacian(size: ksize ?? 1)
            case .edgeVertical: .verticalEdge
            case .edgeHorizontal: .horizontalEdge
            case .custom: kernel
            default: nil
            }
        }

        func apply<S: PixelSample & FilterSample & SIMDScalar>(_ image: Image<S>) -> FilterResult {
            switch operation {
            case .gaussian:
                let size = ksize.map { KernelSize(width: $0, height: $0) }
                if outputType == .f32 && S.sampleType != .float32 {
                    // Float all the way, as cv2.GaussianBlur on a float copy: blurring in 8 or 16 bits would
                    // round every result to a whole number first.
                    let values = image.correlated(with: identity, threads: threads, as: Float.self)
                    return .values(
                        values.gaussianBlurred(sigma: sigma ?? 0, size: size, border: border, threads: threads))
                }
                let blurred = image.gaussianBlurred(sigma: sigma ?? 0, size: size, border: border, threads: threads)
                return converted(blurred, defaultType: nil)
            case .median:
                return .image(AnyImage(image.medianFiltered(size: ksize ?? 3, threads: threads)))
            case .canny:
                let edges =
                    if let sigma {
                        image.cannyEdges(sigma: sigma, low: low, high: high, norm: norm, threads: threads)
                    } else {
                        image.cannyEdges(low: low, high: high, norm: norm, threads: threads)
                    }
                return .image(.uint8(edges))
            case .sobel, .scharr, .prewitt:
                let op: GradientOperator =
                    operation == .sobel ? .sobel(size: ksize ?? 3) : (operation == .scharr ? .scharr : .prewitt)
                let magnitude = image.gradientMagnitude(using: op, border: border, threads: threads)
                return outputType == .u8
                    ? .image(.uint8(magnitude.correlated(with: identity, threads: threads, as: UInt8.self)))
                    : .values(magnitude)
            default:
                guard let k = linearKernel() else { preconditionFailure("no kernel for \(operation)") }
                let type = outputType ?? (operation.isDerivative ? (S.sampleType == .uint8 ? .s16 : .f32) : nil)
                switch type {
                case .u8:
                    return .image(.uint8(image.correlated(with: k, border: border, threads: threads, as: UInt8.self)))
                case .s16: return .signed(image.correlated(with: k, border: border, threads: threads, as: Int16.self))
                case .f32: return .values(image.correlated(with: k, border: border, threads: threads, as: Float.self))
                case nil: return .image(AnyImage(image.correlated(with: k, border: border, threads: threads)))
                }
            }
        }

        private var identity: Kernel { Kernel(rows: [[1]]) }

        /// A same-type result converted to the requested output type (values unscaled).
        func converted<S: PixelSample & FilterSample>(_ image: Image<S>, defaultType: OutputType?) -> FilterResult {
            switch outputType ?? defaultType {
            case nil: .image(AnyImage(image))
            case .u8: .image(.uint8(image.correlated(with: identity, threads: threads, as: UInt8.self)))
            case .s16: .signed(image.correlated(with: identity, threads: threads, as: Int16.self))
            case .f32: .values(image.correlated(with: identity, threads: threads, as: Float.self))
            }
        }

        /// Writes the result: exactly to .npy, mapped to 8 bits for image formats when signed or float.
        /// `scale` brings values to 8-bit units before the |value| mapping (255 for Float inputs).
        func write(_ result: FilterResult, scale: Float, to path: String) throws {
            if ImageFormat.fileExtension(of: path) == "npy" {
                do { try NPY.write(result.array, to: path) } catch let error as ImageFileError { throw error } catch {
                    throw ImageFileError(path: path, reason: error)
                }
            } else {
                try ImageFile.write(imageForFile(result, scale: scale), to: path)
            }
        }

        /// The result as an image file holds it: same-type images unchanged, signed and float results mapped
        /// to 8 bits (|value · scale| saturated, or min…max stretched with --normalize).
        func imageForFile(_ result: FilterResult, scale: Float) -> AnyImage {
            switch result {
            case .image(let image): image
            case .signed(let s): .uint8(mapped(s.samples.map { Float($0) }, s.width, s.height, s.layout, scale: 1))
            case .values(let v): .uint8(mapped(v.samples, v.width, v.height, v.layout, scale: scale))
            }
        }

        /// |v · scale| saturated to 0...255, or (with `normalize`) min...max stretched to 0...255.
        private func mapped(_ values: [Float], _ width: Int, _ height: Int, _ layout: ChannelLayout, scale: Float)
            -> Image<UInt8>
        {
            let bytes: [UInt8]
            // NaN maps to 0; infinities saturate (or are left out of the min...max range).
            func byte(_ x: Float) -> UInt8 { x >= 255 ? 255 : (x > 0 ? UInt8(x.rounded(.toNearestOrEven)) : 0) }
            if normalize {
                let finite = values.filter(\.isFinite)
                let lo = finite.min() ?? 0, hi = finite.max() ?? 0
                let factor: Float = hi > lo ? 255 / (hi - lo) : 0
                bytes = values.map { byte(($0 - lo) * factor) }
            } else {
                bytes = values.map { byte(abs($0 * scale)) }
            }
            return Image<UInt8>.assumingValid(width: width, height: height, layout: layout, samples: bytes)
        }
    }
}

extension NPYArray.Storage {
    /// The elements of `parts`, one after another, in the first part's type (parts of another type add nothing;
    /// callers check that all parts share a type).
    static func concatenating(_ parts: [NPYArray.Storage]) -> NPYArray.Storage {
        func all<T>(_ pick: (NPYArray.Storage) -> [T]?) -> [T] { parts.flatMap { pick($0) ?? [] } }
        switch parts.first {
        case .uint16: return .uint16(all { if case .uint16(let a) = $0 { return a } else { return nil } })
        case .int16: return .int16(all { if case .int16(let a) = $0 { return a } else { return nil } })
        case .float32: return .float32(all { if case .float32(let a) = $0 { return a } else { return nil } })
        case .uint8, nil: return .uint8(all { if case .uint8(let a) = $0 { return a } else { return nil } })
        }
    }
}
