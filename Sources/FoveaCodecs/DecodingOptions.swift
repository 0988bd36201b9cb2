/// Choices made while decoding any format.
public struct DecodingOptions: Sendable, Hashable {
    /// Pillow's decompression-bomb error threshold, 2 × 89,478,485 pixels.
    public static let defaultPixelLimit = 178_956_970

    /// Largest pixel count (width × height; for IDX and NPY the element count N × H × W) a header may
    /// announce; larger files are rejected with ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before
    /// any pixel buffer is allocated. Defaults to ``defaultPixelLimit``.
    public var pixelLimit: Int
    /// Whether a JPEG's EXIF orientation tag (1-8) is applied, so the image comes out upright as browsers and
    /// Pillow's `ImageOps.exif_transpose` show it. Default `true`.
    public var applyExifOrientation: Bool
    /// Whether 16-bit results (PNG, PNM with maxval > 255, NPY `u2`) are converted to 8 bits
    /// (`round(v / 257)`). Default `false`: 16-bit files decode to `UInt16` samples.
    public var convertTo8Bit: Bool
    /// Which image of an IDX stack (N × H × W) ``ImageFile`` returns, counted from 0. Default 0.
    public var imageIndex: Int

    /// Options with the given values; every argument defaults to the documented default.
    public init(
        pixelLimit: Int = DecodingOptions.defaultPixelLimit, applyExifOrientation: Bool = true,
        convertTo8Bit: Bool = false, imageIndex: Int = 0
    ) {
        self.pixelLimit = pixelLimit
        self.applyExifOrientation = applyExifOrientation
        self.convertTo8Bit = convertTo8Bit
        self.imageIndex = imageIndex
    }
}
