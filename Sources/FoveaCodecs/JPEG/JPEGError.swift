/// JPEG decoding and encoding failures.
public enum JPEGError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input does not start with the SOI marker `FF D8 FF`.
    case notJPEG
    /// The data ended (at byte `atByte`, the end of the input) before the last scan was complete.
    case truncated(atByte: Int)
    /// libjpeg rejected the data; `message` is libjpeg's text (for example "Unsupported marker type 0x…").
    case libjpeg(message: String)

    /// A message naming what is wrong and where (byte offset, chunk, dimension), for users.
    public var description: String {
        switch self {
        case .notJPEG: "not a JPEG file: the start-of-image marker FF D8 FF is missing"
        case .truncated(let at): "JPEG truncated at byte \(at): the data ended before the last scan was complete"
        case .libjpeg(let message): "corrupt JPEG: \(message)"
        }
    }
}
