/// Files that hold several images: IDX stacks (N × H × W) and NumPy arrays of N images (N × H × W, or
/// N × H × W × C). Every other file holds one image, and reads as a stack of one.
///
/// NumPy shapes are read by one rule: 2-D `H × W` is one gray image; 3-D `H × W × C` with C in 1...4 is one
/// image with C channels; any other 3-D shape is N gray images `N × H × W`; 4-D `N × H × W × C` (C in 1...4) is
/// N images. So a stack of images at most 4 pixels wide must be written 4-D (`N × H × W × 1`).
public enum ImageStack {
    /// Whether `format` can hold more than one image (IDX and NPY).
    public static func holdsSeveralImages(_ format: ImageFormat) -> Bool { format == .idx || format == .npy }

    /// The geometry a NumPy shape stands for: (images, height, width, channels), or `nil` when it is no image.
    public static func geometry(ofArrayShape shape: [Int]) -> (count: Int, height: Int, width: Int, channels: Int)? {
        switch shape.count {
        case 2: return (1, shape[0], shape[1], 1)
        case 3 where (1...4).contains(shape[2]): return (1, shape[0], shape[1], shape[2])
        case 3: return (shape[0], shape[1], shape[2], 1)
        case 4 where (1...4).contains(shape[3]): return (shape[0], shape[1], shape[2], shape[3])
        default: return nil
        }
    }

    /// How many images the file at `path` holds, reading only its first 64 KiB where that holds the header
    /// (IDX and NPY headers do). Files of other formats hold 1.
    /// - Throws: ``ImageFileError`` when the file cannot be read or its header is damaged.
    public static func imageCount(atPath path: String) throws -> Int {
        let prefix = try AtomicFile.read(path, upTo: 1 << 16)
        guard let format = ImageFormat.detect(prefix), holdsSeveralImages(format) else { return 1 }
        if let info = try? ImageFile.info(of: prefix) { return info.imageCount }
        return try ImageFile.info(path).imageCount  // a header longer than the prefix: read it all
    }

    /// Every image in a file held in memory, in stack order.
    /// - Throws: ``CodecError``, the format's error enum (``NPYError/notAnImage(shape:)`` for other shapes).
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> [AnyImage] {
        switch try ImageFile.format(of: bytes) {
        case .idx:
            return try IDX.decodeImages(bytes, options: options).map { .uint8($0) }
        case .npy:
            let array = try NPY.decode(bytes, options: options)
            guard let g = geometry(ofArrayShape: array.shape), let layout = ChannelLayout(channelCount: g.channels)
            else { throw NPYError.notAnImage(shape: array.shape) }
            let size = g.height * g.width * g.channels
            func images<S: PixelSample>(_ samples: [S]) -> [Image<S>] {
                (0..<g.count).map { i in
                    Image.assumingValid(
                        width: g.width, height: g.height, layout: layout,
                        samples: Array(samples[(i * size)..<((i + 1) * size)]))
                }
            }
            let stack: [AnyImage] =
                switch array.storage {
                case .uint8(let a): images(a).map { .uint8($0) }
                case .uint16(let a): images(a).map { .uint16($0) }
                case .float32(let a): images(a).map { .float32($0) }
                case .int16(let a): images(a.map { Float($0) }).map { .float32($0) }
                }
            if options.convertTo8Bit {
                return stack.map { $0.sampleType == .uint16 ? .uint8($0.converted(to: UInt8.self)) : $0 }
            }
            return stack
        default:
            return [try ImageFile.decode(bytes, options: options)]
        }
    }

    /// Every image in the file at `path`.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func read(_ path: String, options: DecodingOptions = .init()) throws -> [AnyImage] {
        try readWithProfile(path, options: options).images
    }

    /// Reads every image of the file at `path` as ``read(_:options:)``, with the ICC profile of a single-image file
    /// (``DecodedImage/iccProfile``; IDX and NPY stacks hold none).
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func readWithProfile(
        _ path: String, options: DecodingOptions = .init()
    ) throws -> (images: [AnyImage], iccProfile: [UInt8]?) {
        try readWithProfile(path, options: options, applying: GeometryPlan())
    }

    /// Reads every image of the file at `path` as ``readWithProfile(_:options:)`` and applies `plan` to each
    /// (`plan.apply(to:pixelLimit:threads:)` with ``DecodingOptions/pixelLimit``), bit for bit; a JPEG decodes only
    /// the part the plan's output depends on where it can (``ImageFile/decodeWithMetadata(_:options:applying:threads:)``).
    /// - Throws: ``ImageFileError`` naming `path`, its reason a `GeometryError` (FoveaImage) when the plan does not
    ///   fit an image.
    public static func readWithProfile(
        _ path: String, options: DecodingOptions = .init(), applying plan: GeometryPlan, threads: Int = 1
    ) throws -> (images: [AnyImage], iccProfile: [UInt8]?) {
        let bytes = try AtomicFile.read(path)
        do {
            switch try ImageFile.format(of: bytes) {
            case .idx, .npy:
                let images = try decode(bytes, options: options)
                if plan.isIdentity { return (images, nil) }
                return (
                    try images.map { try plan.apply(to: $0, pixelLimit: options.pixelLimit, threads: threads) }, nil
                )
            default:
                let decoded =
                    plan.isIdentity
                    ? try ImageFile.decodeWithMetadata(bytes, options: options)
                    : try ImageFile.decodeWithMetadata(bytes, options: options, applying: plan, threads: threads)
                return ([decoded.image], decoded.iccProfile)
            }
        } catch { throw ImageFileError(path: path, reason: error) }
    }

    /// Encodes `images` as one file of `format` (IDX or NPY). All images must share size, layout and sample
    /// type; IDX takes 8-bit gray only. NPY writes `N × H × W` for gray and `N × H × W × C` otherwise.
    /// - Throws: ``CodecError/unsupportedLayout(_:format:)`` or ``CodecError/unsupportedSampleType(_:format:)``,
    ///   ``IDXError/inconsistentImage(index:width:height:layout:)`` for a mismatched image.
    public static func encode(_ images: [AnyImage], as format: ImageFormat, options: EncodingOptions = .init()) throws
        -> [UInt8]
    {
        let first = images.first
        for (index, image) in images.enumerated() {
            guard let first, image.width == first.width, image.height == first.height, image.layout == first.layout,
                image.sampleType == first.sampleType
            else {
                throw IDXError.inconsistentImage(
                    index: index, width: image.width, height: image.height, layout: image.layout)
            }
        }
        switch format {
        case .idx:
            let gray = try images.map { image -> Image<UInt8> in
                guard case .uint8(let g) = image else {
                    throw CodecError.unsupportedSampleType(image.sampleType, format: .idx)
                }
                guard g.layout == .gray else { throw CodecError.unsupportedLayout(g.layout, format: .idx) }
                return g
            }
            return try IDX.encodeImages(gray, gzip: options.gzip)
        case .npy:
            let (h, w, layout) = (first?.height ?? 0, first?.width ?? 0, first?.layout ?? .gray)
            let shape = layout == .gray ? [images.count, h, w] : [images.count, h, w, layout.channelCount]
            let storage: NPYArray.Storage =
                switch first?.sampleType ?? .uint8 {
                case .uint8: .uint8(images.flatMap { $0.converted(to: UInt8.self).samples })
                case .uint16: .uint16(images.flatMap { $0.converted(to: UInt16.self).samples })
                case .float32: .float32(images.flatMap { $0.converted(to: Float.self).samples })
                }
            return NPY.encode(try NPYArray(shape: shape, storage: storage))
        default:
            guard images.count == 1, let only = first else { throw CodecError.notAStackFormat(format) }
            return try ImageFile.encode(only, as: format, options: options)
        }
    }

    /// Encodes `images` and writes them to `path` atomically; `format` defaults to the extension's, and a
    /// `.gz` path gzips IDX output.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func write(
        _ images: [AnyImage], to path: String, format: ImageFormat? = nil, options: EncodingOptions = .init()
    ) throws {
        try ImageFile.writeEncoded(to: path, format: format, options: options) {
            try encode(images, as: $0, options: $1)
        }
    }
}
