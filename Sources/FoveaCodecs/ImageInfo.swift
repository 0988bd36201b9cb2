/// What a file's header says about its image, read without decoding the pixels where the format allows.
public struct ImageInfo: Sendable, Hashable, Codable {
    /// The format, from the magic bytes.
    public var format: ImageFormat
    /// Width in pixels as stored (before any EXIF orientation is applied).
    public var width: Int
    /// Height in pixels as stored.
    public var height: Int
    /// Samples per pixel of the decoded image: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (CMYK JPEGs decode to 3).
    public var channels: Int
    /// Bits per sample as stored: 1-16 for PNG and PNM (PNM: bits needed for maxval), 8 for JPEG, WebP and IDX,
    /// 8/16/32 for NPY and TIFF, 1-8 (bits per palette index or per pixel / channels) for BMP and GIF.
    public var bitDepth: Int
    /// Whether the file is progressive (JPEG) or Adam7-interlaced (PNG).
    public var progressive: Bool
    /// The EXIF orientation tag (1-8) of a JPEG, or `nil` when there is none.
    public var orientation: Int?
    /// Number of images in the file: N for an IDX stack, the pages of a TIFF, the frames of a GIF or an animated
    /// WebP, 1 otherwise. Fovea decodes the first (or ``DecodingOptions/imageIndex`` of an IDX stack).
    public var imageCount: Int
    /// The embedded ICC profile's size and description, or `nil` when the file has none. Fovea does not
    /// color-manage: pixels decode as stored.
    public var iccProfile: ICCProfileInfo?

    /// Info with the given fields.
    public init(
        format: ImageFormat, width: Int, height: Int, channels: Int, bitDepth: Int, progressive: Bool = false,
        orientation: Int? = nil, imageCount: Int = 1, iccProfile: ICCProfileInfo? = nil
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.progressive = progressive
        self.orientation = orientation
        self.imageCount = imageCount
        self.iccProfile = iccProfile
    }
}
