/// JPEG chroma subsampling: how many luma samples share one Cb/Cr pair.
public enum ChromaSubsampling: String, Sendable, Hashable, CaseIterable, Codable {
    /// No subsampling (1×1): every pixel keeps its own chroma.
    case chroma444 = "4:4:4"
    /// Chroma halved horizontally (2×1).
    case chroma422 = "4:2:2"
    /// Chroma halved horizontally and vertically (2×2), libjpeg's and Pillow's default.
    case chroma420 = "4:2:0"
}

/// Choices made while encoding; each format reads the fields that concern it and ignores the others.
public struct EncodingOptions: Sendable, Hashable {
    /// JPEG quality, 1 (smallest) to 100 (best), on libjpeg's scale. Default 90.
    public var jpegQuality: Int
    /// JPEG chroma subsampling for RGB images. Default 4:2:0.
    public var chromaSubsampling: ChromaSubsampling
    /// Whether JPEG is written progressive (libjpeg's simple progression script). Default `false`.
    public var progressive: Bool
    /// Whether JPEG uses arithmetic instead of Huffman coding (smaller, less widely readable). Default `false`.
    public var arithmeticCoding: Bool
    /// Whether JPEG Huffman tables are optimised for the image (slower, smaller). Default `false`.
    public var optimizeHuffman: Bool
    /// WebP quality for lossy output, 0 (smallest) to 100 (best), libwebp's scale. Default 90.
    public var webpQuality: Int
    /// Whether WebP is written lossless (exact) instead of lossy at ``webpQuality``. Default `false`.
    public var lossless: Bool
    /// An ICC profile to embed in PNG, JPEG, WebP and TIFF output (``DecodedImage/iccProfile`` of the input when
    /// the pixels were not converted), or `nil` for none. Other formats ignore it. Default `nil`.
    public var iccProfile: [UInt8]?
    /// How hard the PNG writer compresses: fast, default or best. Default ``PNGCompression/default``.
    public var pngCompression: PNGCompression
    /// Bits per sample for PNG and PNM: 8 or 16, or `nil` for the image's own (UInt8 → 8, UInt16 → 16,
    /// Float → 8). JPEG is always 8-bit; NPY keeps the sample type. Default `nil`.
    public var bitDepth: Int?
    /// Whether PNM is written in the ASCII variants (P2/P3) instead of binary (P5/P6). Default `false`.
    public var asciiPNM: Bool
    /// Whether IDX output is gzip-compressed. ``ImageFile/write(_:to:format:options:)`` turns it on for
    /// paths ending in `.gz`. Default `false`.
    public var gzip: Bool

    /// Options with the given values; every argument defaults to the documented default.
    public init(
        jpegQuality: Int = 90, chromaSubsampling: ChromaSubsampling = .chroma420, progressive: Bool = false,
        arithmeticCoding: Bool = false, optimizeHuffman: Bool = false, pngCompression: PNGCompression = .default,
        bitDepth: Int? = nil, asciiPNM: Bool = false, gzip: Bool = false, webpQuality: Int = 90,
        lossless: Bool = false, iccProfile: [UInt8]? = nil
    ) {
        self.jpegQuality = jpegQuality
        self.chromaSubsampling = chromaSubsampling
        self.progressive = progressive
        self.arithmeticCoding = arithmeticCoding
        self.optimizeHuffman = optimizeHuffman
        self.pngCompression = pngCompression
        self.bitDepth = bitDepth
        self.asciiPNM = asciiPNM
        self.gzip = gzip
        self.webpQuality = webpQuality
        self.lossless = lossless
        self.iccProfile = iccProfile
    }
}
