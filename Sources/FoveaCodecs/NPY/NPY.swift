/// NumPy's `.npy` format: `\x93NUMPY`, a version, a little Python-dict header
/// (`{'descr': '<u2', 'fortran_order': False, 'shape': (H, W), }`), then the raw elements.
///
/// Reads versions 1.0, 2.0 and 3.0, dtypes `u1`, `u2`, `i2`, `f4` in either byte order, C or Fortran
/// order (Fortran arrays are reordered to C order). Writes version 1.0 (2.0 if the header needs it),
/// little-endian, C order.
public enum NPY {
    /// The 6-byte magic string.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Decodes a whole `.npy` file held in memory.
    /// - Throws: ``NPYError``, ``CodecError/pixelLimitExceeded(dimensions:limit:)`` (element count) before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> NPYArray {
        let header = try parseHeader(bytes)
        try options.checkPixelLimit(header.shape)
        let count = header.shape.reduce(1, *)
        let size = header.dataType.size
        let available = bytes.count - header.dataStart
        guard available >= count * size else {
            throw NPYError.truncated(expected: count * size, available: available, headerEnd: header.dataStart)
        }
        let order = header.fortranOrder ? fortranToC(header.shape) : nil
        let swap = header.bigEndian
        let storage: NPYArray.Storage = bytes.withUnsafeBytes { raw in
            let data = UnsafeRawBufferPointer(rebasing: raw[header.dataStart...])
            func elements<T: FixedWidthInteger>(_: T.Type) -> [T] {
                (0..<count).map { i in
                    let v = data.loadUnaligned(fromByteOffset: (order?[i] ?? i) * size, as: T.self)
                    return swap ? T(bigEndian: v) : T(littleEndian: v)
                }
            }
            switch header.dataType {
            case .uint8:
                guard let order else { return .uint8(Array(data[0..<count])) }
                return .uint8((0..<count).map { data[order[$0]] })
            case .uint16: return .uint16(elements(UInt16.self))
            case .int16: return .int16(elements(Int16.self))
            case .float32: return .float32(elements(UInt32.self).map { Float(bitPattern: $0) })
            }
        }
        return try NPYArray(shape: header.shape, storage: storage)
    }

    /// Encodes `array` as a little-endian, C-order `.npy` file.
    public static func encode(_ array: NPYArray) -> [UInt8] {
        let shape =
            array.shape.count == 1
            ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        let descr = array.dataType == .uint8 ? "|u1" : "<" + array.dataType.rawValue
        var dict = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        // Pad with spaces so the data starts on a 64-byte boundary; the header ends with a newline.
        let version2 = dict.utf8.count + 11 > 65535
        let prefix = magic.count + 2 + (version2 ? 4 : 2)
        let total = (prefix + dict.utf8.count + 1 + 63) / 64 * 64
        dict += String(repeating: " ", count: total - prefix - dict.utf8.count - 1) + "\n"
        let length = dict.utf8.count
        var out = magic + [version2 ? 2 : 1, 0]
        out +=
            version2
            ? [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24 & 0xFF)]
            : [UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(dict.utf8)
        /// The samples' bytes, little-endian: copied in one go on a little-endian host, swapped otherwise.
        func append<T: FixedWidthInteger>(_ values: [T]) {
            if UInt16(1).littleEndian == 1 {
                values.withUnsafeBytes { out.append(contentsOf: $0) }
            } else {
                values.map(\.littleEndian).withUnsafeBytes { out.append(contentsOf: $0) }
            }
        }
        out.reserveCapacity(out.count + array.storage.count * array.dataType.size)
        switch array.storage {
        case .uint8(let a): out += a
        case .uint16(let a): append(a)
        case .int16(let a): append(a)
        case .float32(let a):
            // Float's bytes are its bit pattern's, so one copy keeps every NaN payload.
            if UInt16(1).littleEndian == 1 {
                a.withUnsafeBytes { out.append(contentsOf: $0) }
            } else {
                append(a.map(\.bitPattern))
            }
        }
        return out
    }

    /// Reads a `.npy` file.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func read(_ path: String, options: DecodingOptions = .init()) throws -> NPYArray {
        let bytes = try AtomicFile.read(path)
        do { return try decode(bytes, options: options) } catch { throw ImageFileError(path: path, reason: error) }
    }

    /// Writes a `.npy` file atomically.
    /// - Throws: ``ImageFileError`` naming `path`.
    public static func write(_ array: NPYArray, to path: String) throws {
        try AtomicFile.write(encode(array), to: path)
    }

    /// Header-only info for an image-shaped array (other shapes report their first two dimensions).
    static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        let h = try parseHeader(bytes)
        guard let g = ImageStack.geometry(ofArrayShape: h.shape) else { throw NPYError.notAnImage(shape: h.shape) }
        return ImageInfo(
            format: .npy, width: g.width, height: g.height, channels: g.channels, bitDepth: h.dataType.size * 8,
            imageCount: g.count)
    }

    // MARK: - Header

    struct Header {
        var dataType: NPYArray.DataType
        var bigEndian: Bool
        var fortranOrder: Bool
        var shape: [Int]
        var dataStart: Int
    }

    static func parseHeader(_ bytes: [UInt8]) throws -> Header {
        guard !bytes.isEmpty else { throw CodecError.emptyInput }
        guard bytes.starts(with: magic) else { throw NPYError.badMagic }
        guard bytes.count >= 10 else { throw NPYError.truncated(expected: 10, available: bytes.count, headerEnd: 0) }
        let major = bytes[6]
        let minor = bytes[7]
        guard (1...3).contains(major), minor == 0 else { throw NPYError.unsupportedVersion(major: major, minor: minor) }
        var length = Int(bytes[8]) | Int(bytes[9]) << 8
        var start = 10
        if major >= 2 {
            guard bytes.count >= 12 else {
                throw NPYError.truncated(expected: 12, available: bytes.count, headerEnd: 0)
            }
            length |= Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            start = 12
        }
        guard bytes.count >= start + length else {
            throw NPYError.truncated(expected: start + length, available: bytes.count, headerEnd: 0)
        }
        guard let text = String(validating: bytes[start..<(start + length)], as: UTF8.self) else {
            throw NPYError.badHeader(field: "header text")
        }
        guard let descr = value(of: "descr", in: text), descr.count >= 3,
            descr.first == "'" || descr.first == "\"", descr.last == descr.first
        else { throw NPYError.badHeader(field: "descr") }
        var code = String(descr.dropFirst().dropLast())
        var bigEndian = false
        if let order = code.first, "<>|=".contains(order) {
            bigEndian = order == ">"
            code.removeFirst()
        }
        guard let dataType = NPYArray.DataType(rawValue: code) else { throw NPYError.unsupportedDataType(code) }
        guard let fortran = value(of: "fortran_order", in: text), fortran == "False" || fortran == "True" else {
            throw NPYError.badHeader(field: "fortran_order")
        }
        guard let shapeText = value(of: "shape", in: text), shapeText.first == "(", shapeText.last == ")" else {
            throw NPYError.badHeader(field: "shape")
        }
        var shape: [Int] = []
        for part in shapeText.dropFirst().dropLast().split(separator: ",") {
            let trimmed = String(part).trimmingSpaces()
            if trimmed.isEmpty { continue }
            guard let d = Int(trimmed), d >= 0 else { throw NPYError.badHeader(field: "shape") }
            shape.append(d)
        }
        return Header(
            dataType: dataType, bigEndian: bigEndian && dataType != .uint8, fortranOrder: fortran == "True",
            shape: shape,
            dataStart: start + length)
    }

    /// The value text after `'key':` up to the next top-level comma or closing brace (tuples kept whole).
    private static func value(of key: String, in text: String) -> String? {
        guard let keyRange = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\"") else { return nil }
        var rest = text[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        var depth = 0
        var end = rest.startIndex
        while end < rest.endIndex {
            let c = rest[end]
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if depth == 0, c == "," || c == "}" { break }
            end = rest.index(after: end)
            if depth == 0, c == ")" { break }
        }
        return String(rest[rest.startIndex..<end]).trimmingSpaces()
    }

    /// For each C-order index, the Fortran-order index of the same element.
    private static func fortranToC(_ shape: [Int]) -> [Int] {
        let count = shape.reduce(1, *)
        var strides = [Int](repeating: 1, count: shape.count)  // Fortran strides: first axis fastest
        for d in shape.indices.dropFirst() { strides[d] = strides[d - 1] * shape[d - 1] }
        var map = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: shape.count)
        for i in 0..<count {
            map[i] = zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return map
    }
}

extension String {
    /// This string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
