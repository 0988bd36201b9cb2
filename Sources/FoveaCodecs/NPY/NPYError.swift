/// NumPy `.npy` decoding and encoding failures.
public enum NPYError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not start with `\x93NUMPY`.
    case badMagic
    /// The format version `major.minor` is not 1.0, 2.0 or 3.0.
    case unsupportedVersion(major: UInt8, minor: UInt8)
    /// The header dictionary could not be parsed; `field` names what is missing or malformed.
    case badHeader(field: String)
    /// The dtype is not one of `u1`, `u2`, `i2`, `f4` (any byte order).
    case unsupportedDataType(String)
    /// The data ended: `expected` bytes after the header at byte `headerEnd`, `available` present.
    case truncated(expected: Int, available: Int, headerEnd: Int)
    /// `storage` holds `actual` elements where `shape` needs `expected`.
    case shapeMismatch(shape: [Int], expected: Int, actual: Int)
    /// The array's shape is not H × W or H × W × C with C in 1...4, so it is not an image.
    case notAnImage(shape: [Int])

    /// A message naming what is wrong and where (byte offset, chunk, dimension), for users.
    public var description: String {
        switch self {
        case .badMagic: "not an NPY file: the magic \\x93NUMPY is missing"
        case .unsupportedVersion(let major, let minor):
            "NPY format version \(major).\(minor) is not supported (1.0, 2.0, 3.0)"
        case .badHeader(let field): "NPY header: '\(field)' missing or malformed"
        case .unsupportedDataType(let descr): "NPY dtype '\(descr)' is not supported (u1, u2, i2, f4)"
        case .truncated(let expected, let available, let headerEnd):
            "NPY data truncated: \(expected) bytes needed after the header ending at byte \(headerEnd), \(available) present"
        case .shapeMismatch(let shape, let expected, let actual):
            "shape \(shape) needs \(expected) elements, storage holds \(actual)"
        case .notAnImage(let shape): "NPY array of shape \(shape) is not an image (H×W or H×W×C with C in 1...4)"
        }
    }
}
