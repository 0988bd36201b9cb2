/// Netpbm images: P1/P4 bitmaps (read), P2/P5 gray and P3/P6 RGB maps (read and write), maxval up to 65535.
///
/// Decoding: bitmaps become 8-bit gray with 1 (black) → 0 and 0 (white) → 255. maxval 255 gives `UInt8`
/// samples and 65535 gives `UInt16` samples as stored; other maxvals are rescaled the way Pillow does,
/// `round(v / maxval × 255)` (maxval < 256) or `round(v / maxval × 65535)` (maxval ≥ 256), rounding half to
/// even. Encoding: `UInt8` as maxval 255, `UInt16` as maxval 65535 (big-endian in binary files).
public enum PNM {
    /// Decodes a P1-P6 file held in memory.
    /// - Throws: ``PNMError``, ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        let header = try parseHeader(bytes)
        try options.checkPixelLimit([header.height, header.width])
        let image = try bytes.withUnsafeBufferPointer { try decodeRaster($0, header) }
        if options.convertTo8Bit, case .uint16(let wide) = image { return .uint8(wide.converted(to: UInt8.self)) }
        return image
    }

    /// Parses the header only.
    /// - Throws: ``PNMError``.
    public static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        let header = try parseHeader(bytes)
        let bits = header.maxval <= 1 ? 1 : (Int.bitWidth - (header.maxval).leadingZeroBitCount)
        return ImageInfo(
            format: .pnm, width: header.width, height: header.height, channels: header.channels, bitDepth: bits)
    }

    /// Encodes a gray or RGB image as P5/P6 (binary) or P2/P3 (`ascii`), maxval 255 for `UInt8` and 65535
    /// for `UInt16`.
    /// - Throws: ``CodecError/unsupportedLayout(_:format:)`` for alpha, ``CodecError/unsupportedSampleType(_:format:)``
    ///   for `Float` (convert first).
    public static func encode<S: PixelSample>(_ image: Image<S>, ascii: Bool = false) throws -> [UInt8] {
        guard image.layout == .gray || image.layout == .rgb else {
            throw CodecError.unsupportedLayout(image.layout, format: .pnm)
        }
        let wide = S.sampleType == .uint16
        guard S.sampleType != .float32 else { throw CodecError.unsupportedSampleType(.float32, format: .pnm) }
        let magic = (image.layout == .gray ? 2 : 3) + (ascii ? 0 : 3)
        var out = Array("P\(magic)\n\(image.width) \(image.height)\n\(wide ? 65535 : 255)\n".utf8)
        image.withUnsafeBufferPointer { samples in
            let raw = UnsafeRawBufferPointer(samples)
            if ascii {
                let perLine = image.rowStride
                for (i, v) in (0..<samples.count).lazy.map({
                    wide ? Int(raw.load(fromByteOffset: 2 * $0, as: UInt16.self)) : Int(raw[$0])
                })
                .enumerated() {
                    out += Array(String(v).utf8)
                    out.append((i + 1) % perLine == 0 || (i + 1) % 16 == 0 ? 0x0A : 0x20)
                }
            } else if wide {
                out.reserveCapacity(out.count + 2 * samples.count)
                for i in 0..<samples.count {
                    let v = raw.load(fromByteOffset: 2 * i, as: UInt16.self)
                    out.append(UInt8(v >> 8))
                    out.append(UInt8(v & 0xFF))
                }
            } else {
                out.append(contentsOf: raw)
            }
        }
        return out
    }

    // MARK: - Header

    struct Header {
        var kind: Int  // 1...6
        var width: Int
        var height: Int
        var maxval: Int
        var rasterStart: Int
        var channels: Int { kind == 3 || kind == 6 ? 3 : 1 }
        var isASCII: Bool { kind <= 3 }
        var isBitmap: Bool { kind == 1 || kind == 4 }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    static func parseHeader(_ bytes: [UInt8]) throws -> Header {
        guard !bytes.isEmpty else { throw CodecError.emptyInput }
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "P"),
            (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[1])
        else {
            throw PNMError.badMagic
        }
        let kind = Int(bytes[1] - UInt8(ascii: "0"))
        var position = 2
        func number(_ field: String) throws -> Int {
            // Skip whitespace and comments (# to end of line).
            while position < bytes.count {
                if isWhitespace(bytes[position]) {
                    position += 1
                } else if bytes[position] == UInt8(ascii: "#") {
                    while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
                } else {
                    break
                }
            }
            let start = position
            var value = 0
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                guard value <= Int(Int32.max) else { throw PNMError.badHeaderField(field, atByte: start) }
                position += 1
            }
            guard position > start else { throw PNMError.badHeaderField(field, atByte: start) }
            return value
        }
        let width = try number("width")
        let height = try number("height")
        let maxval = kind == 1 || kind == 4 ? 1 : try number("maxval")
        guard (1...65535).contains(maxval) else { throw PNMError.maxvalOutOfRange(maxval) }
        guard width > 0, height > 0 else { throw PNMError.emptyImage(width: width, height: height) }
        // Exactly one whitespace byte separates the header from a binary raster.
        guard position < bytes.count else {
            throw PNMError.truncated(expected: width * height, available: 0, headerEnd: position)
        }
        guard isWhitespace(bytes[position]) else {
            throw PNMError.badHeaderField(kind == 1 || kind == 4 ? "height" : "maxval", atByte: position)
        }
        position += 1
        return Header(kind: kind, width: width, height: height, maxval: maxval, rasterStart: position)
    }

    // MARK: - Raster

    private static func decodeRaster(_ bytes: UnsafeBufferPointer<UInt8>, _ h: Header) throws -> AnyImage {
        let layout: ChannelLayout = h.channels == 3 ? .rgb : .gray
        let count = h.width * h.height * h.channels
        if h.isBitmap {
            return .uint8(
                Image.assumingValid(width: h.width, height: h.height, layout: .gray, samples: try bitmap(bytes, h)))
        }
        if h.maxval < 256 {
            let table = scaleTable(maxval: h.maxval, to: 255)
            let samples = try makeSamples(UInt8.self, count: count) { raw in
                let out = raw.bindMemory(to: UInt8.self)
                if h.isASCII {
                    try asciiSamples(bytes, h, count) { i, v in out[i] = UInt8(table[v]) }
                } else {
                    let available = bytes.count - h.rasterStart
                    guard available >= count else {
                        throw PNMError.truncated(expected: count, available: available, headerEnd: h.rasterStart)
                    }
                    for i in 0..<count {
                        let v = Int(bytes[h.rasterStart + i])
                        guard v <= h.maxval else {
                            throw PNMError.sampleOutOfRange(value: v, maxval: h.maxval, atByte: h.rasterStart + i)
                        }
                        out[i] = UInt8(table[v])
                    }
                }
            }
            return .uint8(Image.assumingValid(width: h.width, height: h.height, layout: layout, samples: samples))
        }
        let table = h.maxval == 65535 ? [] : scaleTable(maxval: h.maxval, to: 65535)
        let samples = try makeSamples(UInt16.self, count: count) { raw in
            let out = raw.bindMemory(to: UInt16.self)
            if h.isASCII {
                try asciiSamples(bytes, h, count) { i, v in out[i] = UInt16(table.isEmpty ? v : table[v]) }
            } else {
                let available = bytes.count - h.rasterStart
                guard available >= 2 * count else {
                    throw PNMError.truncated(expected: 2 * count, available: available, headerEnd: h.rasterStart)
                }
                for i in 0..<count {
                    let at = h.rasterStart + 2 * i
                    let v = Int(bytes[at]) << 8 | Int(bytes[at + 1])
                    guard v <= h.maxval else { throw PNMError.sampleOutOfRange(value: v, maxval: h.maxval, atByte: at) }
                    out[i] = UInt16(table.isEmpty ? v : table[v])
                }
            }
        }
        return .uint16(Image.assumingValid(width: h.width, height: h.height, layout: layout, samples: samples))
    }

    /// `round(v / maxval × target)` for every v in 0...maxval, half to even, in the double arithmetic Pillow uses.
    private static func scaleTable(maxval: Int, to target: Int) -> [Int] {
        (0...maxval).map { v in Int((Double(v) / Double(maxval) * Double(target)).rounded(.toNearestOrEven)) }
    }

    /// Parses `count` whitespace-separated decimal samples, each ≤ maxval, calling `store(index, value)`.
    private static func asciiSamples(
        _ bytes: UnsafeBufferPointer<UInt8>, _ h: Header, _ count: Int, _ store: (Int, Int) -> Void
    ) throws {
        var position = h.rasterStart
        for i in 0..<count {
            while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
            guard position < bytes.count else {
                throw PNMError.truncated(expected: count, available: i, headerEnd: h.rasterStart)
            }
            let start = position
            var value = 0
            while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                value = min(value * 10 + Int(bytes[position] - UInt8(ascii: "0")), 1 << 20)
                position += 1
            }
            guard position > start else { throw PNMError.badSample(atByte: start) }
            guard value <= h.maxval else {
                throw PNMError.sampleOutOfRange(value: value, maxval: h.maxval, atByte: start)
            }
            store(i, value)
        }
    }

    /// P1 (ASCII digits, whitespace optional) or P4 (packed bits, rows padded to a byte) to 0/255 gray.
    private static func bitmap(_ bytes: UnsafeBufferPointer<UInt8>, _ h: Header) throws -> [UInt8] {
        let count = h.width * h.height
        return try makeSamples(UInt8.self, count: count) { raw in
            let out = raw.bindMemory(to: UInt8.self)
            if h.kind == 1 {
                var position = h.rasterStart
                for i in 0..<count {
                    while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
                    guard position < bytes.count else {
                        throw PNMError.truncated(expected: count, available: i, headerEnd: h.rasterStart)
                    }
                    switch bytes[position] {
                    case UInt8(ascii: "0"): out[i] = 255
                    case UInt8(ascii: "1"): out[i] = 0
                    default: throw PNMError.badSample(atByte: position)
                    }
                    position += 1
                }
            } else {
                let rowBytes = (h.width + 7) / 8
                let available = bytes.count - h.rasterStart
                guard available >= rowBytes * h.height else {
                    throw PNMError.truncated(
                        expected: rowBytes * h.height, available: available, headerEnd: h.rasterStart)
                }
                for y in 0..<h.height {
                    let row = h.rasterStart + y * rowBytes
                    for x in 0..<h.width {
                        let bit = (bytes[row + (x >> 3)] >> (7 - UInt8(x & 7))) & 1
                        out[y * h.width + x] = bit == 1 ? 0 : 255
                    }
                }
            }
        }
    }
}
