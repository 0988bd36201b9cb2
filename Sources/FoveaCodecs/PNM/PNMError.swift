/// Netpbm (PBM/PGM/PPM) decoding and encoding failures. Byte offsets count from the start of the file.
public enum PNMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not start with `P1`-`P6`.
    case badMagic
    /// A header field (`width`, `height` or `maxval`) is missing or not a decimal number at byte `atByte`.
    case badHeaderField(String, atByte: Int)
    /// maxval is outside 1...65535.
    case maxvalOutOfRange(Int)
    /// Width or height is zero.
    case emptyImage(width: Int, height: Int)
    /// The raster ended early: `expected` samples (or bytes, for binary files) were needed after the header
    /// at byte `headerEnd`, only `available` were present.
    case truncated(expected: Int, available: Int, headerEnd: Int)
    /// A sample exceeds maxval (or a P1 digit is not 0/1) at byte `atByte`.
    case sampleOutOfRange(value: Int, maxval: Int, atByte: Int)
    /// An ASCII raster holds something other than digits and whitespace at byte `atByte`.
    case badSample(atByte: Int)

    /// A message naming what is wrong and where (byte offset, chunk, dimension), for users.
    public var description: String {
        switch self {
        case .badMagic: "not a PNM file: expected P1-P6 at byte 0"
        case .badHeaderField(let field, let at): "PNM header: \(field) missing or not a number at byte \(at)"
        case .maxvalOutOfRange(let m): "PNM maxval \(m) is outside 1...65535"
        case .emptyImage(let w, let h): "PNM image is \(w)×\(h); both sides must be at least 1"
        case .truncated(let expected, let available, let headerEnd):
            "PNM raster truncated: \(expected) needed after the header ending at byte \(headerEnd), \(available) present"
        case .sampleOutOfRange(let value, let maxval, let at):
            "PNM sample \(value) exceeds maxval \(maxval) at byte \(at)"
        case .badSample(let at): "PNM ASCII raster: unexpected character at byte \(at)"
        }
    }
}
