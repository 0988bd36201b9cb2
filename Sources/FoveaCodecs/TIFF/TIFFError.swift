/// TIFF decoding and encoding failures.
public enum TIFFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input does not start with `II*\0`, `MM\0*` (or BigTIFF's `II+\0`, `MM\0+`).
    case notTIFF
    /// libtiff rejected the file or the image, or the file asks for something Fovea does not decode (for example
    /// 32-bit integer samples); `message` is the reason, naming the tag, strip or tile where libtiff does.
    case libtiff(message: String)

    /// A message naming what is wrong and where, for users.
    public var description: String {
        switch self {
        case .notTIFF: "not a TIFF file: the byte-order mark II*\\0 or MM\\0* is missing"
        case .libtiff(let message): "TIFF: \(message)"
        }
    }
}
