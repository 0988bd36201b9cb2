/// PNG decoding and encoding failures.
public enum PNGError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input does not start with the 8-byte PNG signature.
    case notPNG
    /// The file ended at byte `atByte` while libpng still needed data.
    case truncated(atByte: Int)
    /// libpng rejected the data (bad CRC, bad chunk, corrupt zlib stream...); `message` is libpng's text,
    /// which names the chunk (for example "IDAT: CRC error").
    case libpng(message: String)
    /// The encoder was asked for a sample type or depth PNG cannot hold.
    case unsupportedBitDepth(Int)
    /// PNG cannot hold an image with no pixels (width and height must be at least 1).
    case emptyImage(width: Int, height: Int)

    /// A message naming what is wrong and where (byte offset, chunk, dimension), for users.
    public var description: String {
        switch self {
        case .notPNG: "not a PNG file: the 8-byte signature 89 50 4E 47 0D 0A 1A 0A is missing"
        case .truncated(let at): "PNG truncated at byte \(at)"
        case .libpng(let message): "corrupt PNG: \(message)"
        case .unsupportedBitDepth(let depth): "PNG cannot be written with \(depth)-bit samples (use 8 or 16)"
        case .emptyImage(let width, let height): "PNG cannot hold a \(width)×\(height) image (both sides at least 1)"
        }
    }
}
