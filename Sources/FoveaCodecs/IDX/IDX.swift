/// IDX, the tensor format of the MNIST files: a big-endian header `00 00 <type> <rank>`, `rank` 32-bit
/// big-endian dimensions, then the elements in row-major order. Fovea reads and writes unsigned-byte
/// tensors (type 0x08): image stacks N × H × W (N images of H rows and W columns) and label vectors N.
/// Files may be plain or gzip-compressed (detected from the bytes, not the name), so
/// `../shared/data/mnist/*.gz` open directly.
public enum IDX {
    /// Decodes an N × H × W image stack (or a single H × W image) into N gray images.
    /// - Throws: ``IDXError``, ``GzipError``, ``CodecError/pixelLimitExceeded(dimensions:limit:)`` (N·H·W).
    public static func decodeImages(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> [Image<UInt8>] {
        let tensor = try decodeTensor(bytes, ranks: [2, 3], options: options)
        let dims = tensor.dimensions
        let (count, height, width) = dims.count == 3 ? (dims[0], dims[1], dims[2]) : (1, dims[0], dims[1])
        let size = height * width
        return (0..<count).map { i in
            Image.assumingValid(
                width: width, height: height, layout: .gray, samples: Array(tensor.data[(i * size)..<((i + 1) * size)]))
        }
    }

    /// Decodes a label vector (rank 1).
    /// - Throws: ``IDXError``, ``GzipError``, ``CodecError/pixelLimitExceeded(dimensions:limit:)``.
    public static func decodeLabels(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> [UInt8] {
        try decodeTensor(bytes, ranks: [1], options: options).data
    }

    /// Reads an image stack from a plain or gzipped IDX file.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func readImages(_ path: String, options: DecodingOptions = .init()) throws -> [Image<UInt8>] {
        let bytes = try AtomicFile.read(path)
        do { return try decodeImages(bytes, options: options) } catch {
            throw ImageFileError(path: path, reason: error)
        }
    }

    /// Reads a label vector from a plain or gzipped IDX file.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func readLabels(_ path: String, options: DecodingOptions = .init()) throws -> [UInt8] {
        let bytes = try AtomicFile.read(path)
        do { return try decodeLabels(bytes, options: options) } catch {
            throw ImageFileError(path: path, reason: error)
        }
    }

    /// Encodes gray images of one size as an N × H × W unsigned-byte tensor, gzip-compressed if asked.
    /// - Throws: ``IDXError/inconsistentImage(index:width:height:layout:)`` unless all images are gray and
    ///   the size of the first.
    public static func encodeImages(_ images: [Image<UInt8>], gzip: Bool = false) throws -> [UInt8] {
        let height = images.first?.height ?? 0
        let width = images.first?.width ?? 0
        var data: [UInt8] = []
        data.reserveCapacity(images.count * height * width)
        for (index, image) in images.enumerated() {
            guard image.layout == .gray, image.width == width, image.height == height else {
                throw IDXError.inconsistentImage(
                    index: index, width: image.width, height: image.height, layout: image.layout)
            }
            data.append(contentsOf: image.samples)
        }
        return try encodeTensor(dimensions: [images.count, height, width], data: data, gzip: gzip)
    }

    /// Encodes a label vector, gzip-compressed if asked.
    public static func encodeLabels(_ labels: [UInt8], gzip: Bool = false) throws -> [UInt8] {
        try encodeTensor(dimensions: [labels.count], data: labels, gzip: gzip)
    }

    /// Writes an image stack atomically; `gzip` defaults to whether `path` ends in `.gz`.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func writeImages(_ images: [Image<UInt8>], to path: String, gzip: Bool? = nil) throws {
        let bytes: [UInt8]
        do { bytes = try encodeImages(images, gzip: gzip ?? path.hasSuffix(".gz")) } catch {
            throw ImageFileError(path: path, reason: error)
        }
        try AtomicFile.write(bytes, to: path)
    }

    /// Writes a label vector atomically; `gzip` defaults to whether `path` ends in `.gz`.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func writeLabels(_ labels: [UInt8], to path: String, gzip: Bool? = nil) throws {
        let bytes: [UInt8]
        do { bytes = try encodeLabels(labels, gzip: gzip ?? path.hasSuffix(".gz")) } catch {
            throw ImageFileError(path: path, reason: error)
        }
        try AtomicFile.write(bytes, to: path)
    }

    // MARK: - ImageFile support

    /// Image `options.imageIndex` of the stack, for ``ImageFile``.
    static func decodeImage(_ bytes: [UInt8], options: DecodingOptions) throws -> AnyImage {
        let header = try decodeTensor(bytes, ranks: [2, 3], options: options, headerOnly: true).dimensions
        let count = header.count == 3 ? header[0] : 1
        guard options.imageIndex >= 0, options.imageIndex < count else {
            throw IDXError.imageIndexOutOfRange(index: options.imageIndex, count: count)
        }
        return .uint8(try decodeImages(bytes, options: options)[options.imageIndex])
    }

    /// Header-only info: the image size and the stack size.
    static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        var options = DecodingOptions()
        options.pixelLimit = .max
        let dims = try decodeTensor(bytes, ranks: [1, 2, 3], options: options, headerOnly: true).dimensions
        switch dims.count {
        case 3:
            return ImageInfo(
                format: .idx, width: dims[2], height: dims[1], channels: 1, bitDepth: 8, imageCount: dims[0])
        case 2: return ImageInfo(format: .idx, width: dims[1], height: dims[0], channels: 1, bitDepth: 8)
        default: return ImageInfo(format: .idx, width: dims[0], height: 1, channels: 1, bitDepth: 8)
        }
    }

    /// Whether `bytes` starts like an uncompressed IDX header: `00 00`, a known type code, rank 1...4.
    static func looksLikeHeader(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && bytes[0] == 0 && bytes[1] == 0 && [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E].contains(bytes[2])
            && (1...4).contains(bytes[3])
    }

    // MARK: - Tensor level

    struct Tensor {
        var dimensions: [Int]
        var data: [UInt8]
    }

    /// Parses the header, checks the rank and the element count against the pixel limit, then (unless
    /// `headerOnly`) reads exactly the announced elements; nothing may follow them.
    static func decodeTensor(
        _ bytes: [UInt8], ranks: [Int], options: DecodingOptions, headerOnly: Bool = false
    ) throws -> Tensor {
        guard !bytes.isEmpty else { throw CodecError.emptyInput }
        return try bytes.withUnsafeBufferPointer { input in
            var source = try ByteSource(input)
            var magic = [UInt8](repeating: 0, count: 4)
            try source.read(into: &magic, total: 4)
            guard magic[0] == 0, magic[1] == 0 else { throw IDXError.badMagic(leadingBytes: magic) }
            guard magic[2] == 0x08 else { throw IDXError.unsupportedDataType(code: magic[2]) }
            let rank = Int(magic[3])
            guard ranks.contains(rank) else { throw IDXError.unexpectedRank(rank, expected: ranks) }
            var sizeBytes = [UInt8](repeating: 0, count: 4 * rank)
            try source.read(into: &sizeBytes, total: 4 + 4 * rank)
            let dimensions = (0..<rank).map { d in
                sizeBytes[(4 * d)..<(4 * d + 4)].reduce(0) { $0 << 8 | Int($1) }
            }
            try options.checkPixelLimit(dimensions)
            if headerOnly { return Tensor(dimensions: dimensions, data: []) }
            let count = dimensions.reduce(1, *)
            var data = [UInt8](repeating: 0, count: count)
            try source.read(into: &data, total: 4 + 4 * rank + count)
            let extra = try source.remaining()
            guard extra == 0 else { throw IDXError.trailingBytes(extra: extra) }
            return Tensor(dimensions: dimensions, data: data)
        }
    }

    static func encodeTensor(dimensions: [Int], data: [UInt8], gzip: Bool) throws -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions {
            guard d >= 0, d <= Int(UInt32.max) else { throw IDXError.dimensionTooLarge(d) }
            bytes += [UInt8(d >> 24 & 0xFF), UInt8(d >> 16 & 0xFF), UInt8(d >> 8 & 0xFF), UInt8(d & 0xFF)]
        }
        bytes += data
        return gzip ? try Inflater.gzip(bytes) : bytes
    }

    /// Reads an IDX file's bytes in order, from the buffer itself or through gzip.
    private struct ByteSource {
        let input: UnsafeBufferPointer<UInt8>
        let inflater: Inflater?
        var offset = 0

        init(_ input: UnsafeBufferPointer<UInt8>) throws {
            self.input = input
            inflater = input.count >= 2 && input[0] == 0x1F && input[1] == 0x8B ? try Inflater(input: input) : nil
        }

        /// Fills `buffer`; `total` is the byte count the file must hold up to the end of this read (for messages).
        mutating func read(into buffer: inout [UInt8], total: Int) throws {
            let count = buffer.count
            if let inflater {
                do {
                    try buffer.withUnsafeMutableBytes { try inflater.read(into: $0) }
                } catch GzipError.truncated(let produced, _) {
                    throw IDXError.truncated(expected: total, available: produced)
                }
            } else {
                guard input.count - offset >= count else {
                    throw IDXError.truncated(expected: total, available: input.count)
                }
                buffer.withUnsafeMutableBufferPointer { out in
                    _ = out.initialize(from: UnsafeBufferPointer(rebasing: input[offset..<(offset + count)]))
                }
                offset += count
            }
        }

        /// Bytes left after what was read (for gzip: 0 or 1, whether any decompressed data is left).
        func remaining() throws -> Int {
            if let inflater { return try inflater.hasMoreData() ? 1 : 0 }
            return input.count - offset
        }
    }
}
