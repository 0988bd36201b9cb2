/// A decoded image together with what the decoder noticed in the file besides the pixels.
public struct DecodedImage: Sendable, Hashable {
    /// The pixels, as ``ImageFile/decode(_:options:)`` returns them.
    public var image: AnyImage
    /// Problems the decoder worked around, in the order met (empty for a clean file).
    public var warnings: [DecodingWarning]

    /// A decoded image with the given warnings.
    public init(image: AnyImage, warnings: [DecodingWarning] = []) {
        self.image = image
        self.warnings = warnings
    }
}
