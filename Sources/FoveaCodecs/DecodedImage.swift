/// A decoded image together with what the decoder kept from the file besides the pixels.
public struct DecodedImage: Sendable, Hashable {
    /// The pixels, as ``ImageFile/decode(_:options:)`` returns them.
    public var image: AnyImage
    /// The embedded ICC profile's bytes (PNG iCCP, JPEG APP2, WebP ICCP, TIFF tag 34675), or `nil`. Fovea does not
    /// color-manage; pass the profile to ``EncodingOptions/iccProfile`` to carry it into an output whose pixels
    /// were not converted.
    public var iccProfile: [UInt8]?
    /// Problems the decoder worked around, in the order met (empty for a clean file).
    public var warnings: [DecodingWarning]

    /// A decoded image with the given profile and warnings.
    public init(image: AnyImage, iccProfile: [UInt8]? = nil, warnings: [DecodingWarning] = []) {
        self.image = image
        self.iccProfile = iccProfile
        self.warnings = warnings
    }
}
