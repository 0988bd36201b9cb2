/// Reading, writing and inspecting image files of every supported format.
///
/// Reading detects the format from the magic bytes (``ImageFormat/detect(_:)``), never from the name;
/// writing picks it from the extension unless given. Errors from path-taking functions are
/// ``ImageFileError`` values naming the file; the in-memory functions throw the typed error underneath.
public enum ImageFile {
    /// Reads and decodes the image at `path`.
    /// - Throws: ``ImageFileError`` wrapping `FileIOError` (FoveaCore), ``CodecError`` or the format's error enum.
    public static func read(_ path: String, options: DecodingOptions = .init()) throws -> AnyImage {
        let bytes = try AtomicFile.read(path)
        do { return try decode(bytes, options: options) } catch { throw ImageFileError(path: path, reason: error) }
    }

    /// Decodes an image file held in memory: PNG, JPEG, PNM, IDX (image ``DecodingOptions/imageIndex`` of
    /// the stack) or an image-shaped NPY array (see ``NPYArray/image()``).
    /// - Throws: ``CodecError/emptyInput``, ``CodecError/unrecognizedFormat(leadingBytes:)``, the format's error.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        try decodeWithMetadata(bytes, options: options).image
    }

    /// Reads and decodes the image at `path`, keeping what the decoder noticed besides the pixels (warnings).
    /// - Throws: ``ImageFileError`` wrapping `FileIOError` (FoveaCore), ``CodecError`` or the format's error enum.
    public static func readWithMetadata(_ path: String, options: DecodingOptions = .init()) throws -> DecodedImage {
        let bytes = try AtomicFile.read(path)
        do { return try decodeWithMetadata(bytes, options: options) } catch {
            throw ImageFileError(path: path, reason: error)
        }
    }

    /// Decodes an image file held in memory as ``decode(_:options:)`` does, keeping the warnings.
    /// - Throws: ``CodecError/emptyInput``, ``CodecError/unrecognizedFormat(leadingBytes:)``, the format's error.
    public static func decodeWithMetadata(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> DecodedImage {
        switch try format(of: bytes) {
        case .png: return try PNG.decodeWithMetadata(bytes, options: options)
        case .webp: return try WebP.decodeWithMetadata(bytes, options: options)
        case .tiff: return try TIFF.decodeWithMetadata(bytes, options: options)
        case .jpeg: return try JPEG.decodeWithMetadata(bytes, options: options)
        default: return DecodedImage(image: try decodePixels(bytes, options: options))
        }
    }

    /// Decodes an image file held in memory and applies `plan` to it: bit for bit `plan.apply(to:pixelLimit:threads:)`
    /// (with ``DecodingOptions/pixelLimit``) on ``decodeWithMetadata(_:options:)``'s image, but a JPEG decodes only
    /// the part the plan's output depends on where it can
    /// (``JPEG/decodeWithMetadata(_:options:applying:threads:)``).
    /// - Throws: as ``decodeWithMetadata(_:options:)``, and `GeometryError` (FoveaImage) from the plan.
    public static func decodeWithMetadata(
        _ bytes: [UInt8], options: DecodingOptions = .init(), applying plan: GeometryPlan, threads: Int = 1
    ) throws -> DecodedImage {
        if try format(of: bytes) == .jpeg {
            return try JPEG.decodeWithMetadata(bytes, options: options, applying: plan, threads: threads)
        }
        var decoded = try decodeWithMetadata(bytes, options: options)
        decoded.image = try plan.apply(to: decoded.image, pixelLimit: options.pixelLimit, threads: threads)
        return decoded
    }

    /// The pixels of a file of a format that records no warnings or metadata.
    private static func decodePixels(_ bytes: [UInt8], options: DecodingOptions) throws -> AnyImage {
        switch try format(of: bytes) {
        case .png: return try PNG.decode(bytes, options: options)
        case .webp: return try WebP.decode(bytes, options: options)
        case .tiff: return try TIFF.decode(bytes, options: options)
        case .bmp: return try BMP.decode(bytes, options: options)
        case .gif: return try GIF.decode(bytes, options: options)
        case .jpeg: return try JPEG.decode(bytes, options: options)
        case .pnm: return try PNM.decode(bytes, options: options)
        case .idx: return try IDX.decodeImage(bytes, options: options)
        case .npy:
            let image = try NPY.decode(bytes, options: options).image()
            if options.convertTo8Bit, case .uint16(let wide) = image { return .uint8(wide.converted(to: UInt8.self)) }
            return image
        }
    }

    /// The header information of the file at `path`, without decoding pixels where the format allows
    /// (PNG reads the chunks before IDAT, JPEG the markers before the first scan).
    /// - Throws: ``ImageFileError``.
    public static func info(_ path: String) throws -> ImageInfo {
        let bytes = try AtomicFile.read(path)
        do { return try info(of: bytes) } catch { throw ImageFileError(path: path, reason: error) }
    }

    /// The header information of an image file held in memory.
    /// - Throws: ``CodecError``, the format's error enum.
    public static func info(of bytes: [UInt8]) throws -> ImageInfo {
        switch try format(of: bytes) {
        case .png: try PNG.info(bytes)
        case .webp: try WebP.info(bytes)
        case .tiff: try TIFF.info(bytes)
        case .bmp: try BMP.info(bytes)
        case .gif: try GIF.info(bytes)
        case .jpeg: try JPEG.info(bytes)
        case .pnm: try PNM.info(bytes)
        case .idx: try IDX.info(bytes)
        case .npy: try NPY.info(bytes)
        }
    }

    /// Encodes `image` in `format`.
    ///
    /// Sample types: PNG and PNM write 8 or 16 bits (``EncodingOptions/bitDepth``, default the image's own,
    /// `Float` → 8); JPEG always writes 8 bits and needs gray or RGB; WebP writes 8 bits, lossy at
    /// ``EncodingOptions/webpQuality`` or ``EncodingOptions/lossless``, gray as RGB; TIFF keeps the sample type
    /// (8, 16 or 32-bit float, or ``EncodingOptions/bitDepth`` 8/16/32); BMP writes 24-bit RGB; GIF is read only; IDX needs one 8-bit gray image (written
    /// as a stack of 1); NPY keeps the sample type.
    /// - Throws: ``CodecError`` for layouts, sample types or options the format cannot take; the format's error.
    public static func encode(_ image: AnyImage, as format: ImageFormat, options: EncodingOptions = .init()) throws
        -> [UInt8]
    {
        switch format {
        case .png:
            let (compression, icc) = (options.pngCompression, options.iccProfile)
            return try wideSamples(image, options)
                ? PNG.encode(image.converted(to: UInt16.self), compression: compression, iccProfile: icc)
                : PNG.encode(image.converted(to: UInt8.self), compression: compression, iccProfile: icc)
        case .pnm:
            return try wideSamples(image, options)
                ? PNM.encode(image.converted(to: UInt16.self), ascii: options.asciiPNM)
                : PNM.encode(image.converted(to: UInt8.self), ascii: options.asciiPNM)
        case .jpeg:
            if let depth = options.bitDepth, depth != 8 {
                throw CodecError.unsupportedSampleType(image.sampleType, format: .jpeg)
            }
            return try JPEG.encode(
                image.converted(to: UInt8.self), quality: options.jpegQuality, subsampling: options.chromaSubsampling,
                progressive: options.progressive, arithmetic: options.arithmeticCoding,
                optimizeHuffman: options.optimizeHuffman, iccProfile: options.iccProfile)
        case .idx:
            guard case .uint8(let gray) = image else {
                throw CodecError.unsupportedSampleType(image.sampleType, format: .idx)
            }
            guard gray.layout == .gray else { throw CodecError.unsupportedLayout(gray.layout, format: .idx) }
            return try IDX.encodeImages([gray], gzip: options.gzip)
        case .npy:
            return NPY.encode(NPYArray(image))
        case .webp:
            if let depth = options.bitDepth, depth != 8 {
                throw CodecError.unsupportedSampleType(image.sampleType, format: .webp)
            }
            return try WebP.encode(
                image.converted(to: UInt8.self), quality: options.webpQuality, lossless: options.lossless,
                iccProfile: options.iccProfile)
        case .tiff:
            // The image's own sample type unless a bit depth is asked for: 8, 16, or 32 (float).
            switch options.bitDepth ?? image.sampleType.bitDepth {
            case 8: return try TIFF.encode(image.converted(to: UInt8.self), iccProfile: options.iccProfile)
            case 16: return try TIFF.encode(image.converted(to: UInt16.self), iccProfile: options.iccProfile)
            case 32: return try TIFF.encode(image.converted(to: Float.self), iccProfile: options.iccProfile)
            case let depth: throw CodecError.invalidOption(name: "TIFF bit depth", value: depth, allowed: 8...32)
            }
        case .bmp:
            if let depth = options.bitDepth, depth != 8 {
                throw CodecError.unsupportedSampleType(image.sampleType, format: .bmp)
            }
            return try BMP.encode(image.converted(to: UInt8.self))
        case .gif:
            throw CodecError.readOnlyFormat(.gif)
        }
    }

    /// Encodes `image` and writes it to `path` atomically (temporary file in the same directory, `fsync`,
    /// `rename`). `format` defaults to the one for the path's extension; a `.gz` path gzips IDX output.
    /// - Throws: ``ImageFileError`` wrapping ``CodecError/unknownFileExtension(_:)``, an encoding error or a
    ///   `FileIOError` (FoveaCore).
    public static func write(
        _ image: AnyImage, to path: String, format: ImageFormat? = nil, options: EncodingOptions = .init()
    ) throws {
        try writeEncoded(to: path, format: format, options: options) { try encode(image, as: $0, options: $1) }
    }

    /// Writes what `encode` makes of the path's format and options to `path`, atomically: `format` defaults to
    /// the extension's, and a `.gz` path gzips. Every failure is an ``ImageFileError`` naming `path`. The one
    /// write path of ``write(_:to:format:options:)`` and ``ImageStack/write(_:to:format:options:)``.
    static func writeEncoded(
        to path: String, format: ImageFormat?, options: EncodingOptions,
        _ encode: (ImageFormat, EncodingOptions) throws -> [UInt8]
    ) throws {
        let bytes: [UInt8]
        do {
            let ext = ImageFormat.fileExtension(of: path)
            guard let format = format ?? ImageFormat(fileExtension: ext) else {
                throw CodecError.unknownFileExtension(ext)
            }
            var options = options
            if path.hasSuffix(".gz") { options.gzip = true }
            bytes = try encode(format, options)
        } catch {
            throw ImageFileError(path: path, reason: error)
        }
        try AtomicFile.write(bytes, to: path)
    }

    // MARK: - Helpers

    static func format(of bytes: [UInt8]) throws -> ImageFormat {
        guard !bytes.isEmpty else { throw CodecError.emptyInput }
        guard let format = ImageFormat.detect(bytes) else {
            throw CodecError.unrecognizedFormat(leadingBytes: Array(bytes.prefix(8)))
        }
        return format
    }

    /// Whether the options ask for 16-bit samples (8-bit otherwise; default: 16 for `UInt16` images).
    private static func wideSamples(_ image: AnyImage, _ options: EncodingOptions) throws -> Bool {
        let depth = options.bitDepth ?? (image.sampleType == .uint16 ? 16 : 8)
        guard depth == 8 || depth == 16 else {
            throw CodecError.invalidOption(name: "bit depth", value: depth, allowed: 8...16)
        }
        return depth == 16
    }
}
