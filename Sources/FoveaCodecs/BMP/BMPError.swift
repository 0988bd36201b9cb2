/// BMP decoding and encoding failures.
public enum BMPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input does not start with `BM` and a known DIB header size (12, 40, 52, 56, 108 or 124 bytes).
    case notBMP
    /// The header is shorter than its size field says, or the file ends before it (at byte `atByte`).
    case truncated(atByte: Int)
    /// The header asks for what stb_image does not decode (`compression`: 1 RLE8, 2 RLE4, 4 JPEG, 5 PNG).
    case unsupportedCompression(Int)
    /// stb_image rejected the data; `message` is its reason.
    case stb(message: String)

    /// A message naming what is wrong and where, for users.
    public var description: String {
        switch self {
        case .notBMP: "not a BMP file: 'BM' and a known DIB header size are missing"
        case .truncated(let at): "BMP truncated at byte \(at)"
        case .unsupportedCompression(let c): "BMP compression \(c) (RLE, JPEG or PNG inside BMP) is not supported"
        case .stb(let message): "BMP: \(message)"
        }
    }
}
