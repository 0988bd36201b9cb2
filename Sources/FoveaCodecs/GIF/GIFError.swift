/// GIF decoding failures.
public enum GIFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input does not start with `GIF87a` or `GIF89a`.
    case notGIF
    /// The file ended at byte `atByte` while giflib still needed data.
    case truncated(atByte: Int)
    /// giflib rejected the data; `message` is its reason (for example "Image is defective, decoding aborted").
    case giflib(message: String)

    /// A message naming what is wrong and where, for users.
    public var description: String {
        switch self {
        case .notGIF: "not a GIF file: 'GIF87a' or 'GIF89a' is missing"
        case .truncated(let at): "GIF truncated at byte \(at)"
        case .giflib(let message): "GIF: \(message)"
        }
    }
}
