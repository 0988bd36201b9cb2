/// Something wrong with a file that the decoder worked around without failing (libpng calls these warnings).
///
/// ``ImageFile/decodeWithMetadata(_:options:)`` and ``ImageFile/readWithMetadata(_:options:)`` return them;
/// the plain decoders drop them.
public enum DecodingWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The compressed image data goes on past the end of the image (libpng's "Extra compressed data"). Decoding
    /// stopped at the end of the image and the rest was not inflated, so the cost of a file is bounded by its pixel
    /// count, not by how far its compressed stream claims to go.
    case extraCompressedData

    /// A message for users, saying what was ignored.
    public var description: String {
        switch self {
        case .extraCompressedData: "compressed data past the end of the image was ignored"
        }
    }
}
