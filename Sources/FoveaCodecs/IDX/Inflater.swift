import CZlib
import FoveaCore

/// gzip/zlib stream failures.
public enum GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The compressed stream ended before `expected` decompressed bytes were produced (`produced` were).
    case truncated(produced: Int, expected: Int)
    /// zlib rejected the compressed data; `message` is zlib's text.
    case corrupt(message: String)

    /// A message naming what is wrong and where (byte offset, chunk, dimension), for users.
    public var description: String {
        switch self {
        case .truncated(let produced, let expected):
            "gzip stream truncated: it decompresses to \(produced) bytes, \(expected) needed"
        case .corrupt(let message): "corrupt gzip/deflate data: \(message)"
        }
    }
}

/// Incremental zlib inflate over an in-memory gzip or zlib stream (windowBits 15 + 32: header auto-detected).
///
/// The z_stream lives at a fixed heap address (zlib checks it never moves) and is released in `deinit`.
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var finished = false
    /// Decompressed bytes produced so far.
    private(set) var produced = 0

    /// Starts inflating `input`, which must stay valid (and unmoved) while this inflater is used.
    init(input: UnsafeBufferPointer<UInt8>) throws {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = UInt32(clamping: input.count)
        let status = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            // Thrown before `self.stream` is set, so deinit does not run.
            stream.deallocate()
            throw GzipError.corrupt(message: "inflateInit2 failed with status \(status)")
        }
        self.stream = stream
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Fills `output` completely with the next decompressed bytes.
    /// - Throws: ``GzipError/truncated(produced:expected:)`` when the stream ends first; ``GzipError/corrupt(message:)``.
    func read(into output: UnsafeMutableRawBufferPointer) throws {
        var offset = 0
        while offset < output.count {
            guard !finished else {
                throw GzipError.truncated(produced: produced, expected: produced + output.count - offset)
            }
            let chunk = min(output.count - offset, Int(UInt32.max))
            stream.pointee.next_out = output.nonEmptyBaseAddress.advanced(by: offset).assumingMemoryBound(
                to: UInt8.self)
            stream.pointee.avail_out = UInt32(chunk)
            let status = inflate(stream, Z_NO_FLUSH)
            let made = chunk - Int(stream.pointee.avail_out)
            offset += made
            produced += made
            switch status {
            case Z_OK: continue
            case Z_STREAM_END: finished = true
            case Z_BUF_ERROR:
                // No progress possible: the input is exhausted.
                throw GzipError.truncated(produced: produced, expected: produced + output.count - offset)
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw GzipError.corrupt(message: message)
            }
        }
    }

    /// Whether the stream has more decompressed data after what was read (checked by inflating one byte).
    func hasMoreData() throws -> Bool {
        guard !finished else { return false }
        var byte: UInt8 = 0
        do {
            try withUnsafeMutableBytes(of: &byte) { try read(into: $0) }
            return true
        } catch GzipError.truncated {
            return false
        }
    }

    /// Inflates the first `prefix.count` bytes of the gzip/zlib stream `bytes`; returns how many were produced.
    static func inflatePrefix(of bytes: [UInt8], into prefix: inout [UInt8]) throws -> Int {
        try bytes.withUnsafeBufferPointer { input in
            let inflater = try Inflater(input: input)
            try? prefix.withUnsafeMutableBytes { try inflater.read(into: $0) }
            return inflater.produced
        }
    }

    /// `bytes` compressed as one gzip member at zlib level `level` (0-9).
    static func gzip(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // deflate state does not point back at the z_stream in a way that forbids a local here: the stream is
        // only used within this function, at one address.
        return try withUnsafeMutablePointer(to: &stream) { s in
            guard
                deflateInit2_(
                    s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                    Int32(MemoryLayout<z_stream>.size)) == Z_OK
            else { throw GzipError.corrupt(message: "deflateInit2 failed") }
            defer { deflateEnd(s) }
            let bound = Int(deflateBound(s, UInt(bytes.count))) + 64
            var output = [UInt8](repeating: 0, count: bound)
            let status = bytes.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    s.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                    s.pointee.avail_in = UInt32(input.count)
                    s.pointee.next_out = out.baseAddress
                    s.pointee.avail_out = UInt32(out.count)
                    return deflate(s, Z_FINISH)
                }
            }
            guard status == Z_STREAM_END else { throw GzipError.corrupt(message: "deflate returned \(status)") }
            output.removeLast(Int(s.pointee.avail_out))
            return output
        }
    }
}
