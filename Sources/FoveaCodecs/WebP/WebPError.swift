/// WebP decoding and encoding failures.
public enum WebPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input does not start with `RIFF` ․․․․ `WEBP`.
    case notWebP
    /// The file ended at byte `atByte` while libwebp still needed data.
    case truncated(atByte: Int)
    /// The file is an animation; Fovea decodes still images only.
    case animationUnsupported(frames: Int)
    /// libwebp rejected the data or the image; `message` is its reason (bitstream error, bad dimensions...).
    case libwebp(message: String)

    /// A message naming what is wrong and where, for users.
    public var description: String {
        switch self {
        case .notWebP: "not a WebP file: 'RIFF' <size> 'WEBP' is missing"
        case .truncated(let at): "WebP truncated at byte \(at)"
        case .animationUnsupported(let frames):
            "animated WebP (\(frames) frames) is not supported; extract a frame first"
        case .libwebp(let message): "WebP: \(message)"
        }
    }
}
