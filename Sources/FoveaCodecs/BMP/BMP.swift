import CFoveaShim

/// BMP through stb_image (read) and stb_image_write (write).
///
/// Reads 1/4/8-bit palette, 16-bit, 24-bit and 32-bit files, bottom-up and top-down, as 8-bit samples. The layout
/// follows Pillow's: palette files whose palette is the identity gray ramp (two colours: black and white) are gray,
/// other palette, 16, 24 and 32-bit `BI_RGB` files are RGB (the fourth byte of a 32-bit `BI_RGB` pixel is padding),
/// and 32-bit `BI_BITFIELDS` files with an alpha mask are RGBA. RLE-compressed files are refused
/// (``BMPError/unsupportedCompression(_:)``). Writes uncompressed 24-bit files (alpha dropped, gray as RGB).
public enum BMP {
    /// What the file and DIB headers say (offsets from the start of the file; multi-byte fields little-endian).
    struct Header {
        var width: Int
        var height: Int
        var bitCount: Int
        var compression: Int
        var hasAlphaMask: Bool
        var grayPalette: Bool
    }

    /// Whether `bytes` start with `BM` and a DIB header size stb_image and Pillow know.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 18 && bytes[0] == 0x42 && bytes[1] == 0x4D
            && [12, 40, 52, 56, 108, 124].contains(u32(bytes, 14))
    }

    /// Decodes a BMP held in memory.
    /// - Throws: ``BMPError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        let header = try readHeader(bytes)
        try options.checkPixelLimit([header.height, header.width])
        let channels = header.hasAlphaMask ? 4 : 3
        let count = header.width * header.height * channels
        var samples = [UInt8](repeating: 0, count: count)
        let failure = bytes.withUnsafeBufferPointer { input in
            samples.withUnsafeMutableBufferPointer { out in
                callShim {
                    fovea_bmp_decode(input.baseAddress, input.count, out.baseAddress, count, Int32(channels), $0, $1)
                }
            }
        }
        if let failure { throw BMPError.stb(message: failure.message) }
        let image = Image.assumingValid(
            width: header.width, height: header.height, layout: channels == 4 ? .rgba : .rgb, samples: samples)
        return .uint8(header.grayPalette ? image.converted(to: .gray) : image)
    }

    /// Reads the headers without decoding pixels.
    /// - Throws: ``BMPError``.
    public static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        let header = try readHeader(bytes)
        return ImageInfo(
            format: .bmp, width: header.width, height: header.height,
            channels: header.grayPalette ? 1 : (header.hasAlphaMask ? 4 : 3), bitDepth: header.bitCount)
    }

    /// Encodes an 8-bit image as an uncompressed 24-bit BMP: alpha is dropped, gray is written as RGB.
    /// - Throws: ``BMPError``.
    public static func encode(_ image: Image<UInt8>) throws -> [UInt8] {
        let rgb = image.converted(to: .rgb)
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let failure = rgb.withUnsafeBufferPointer { samples in
            callShim {
                fovea_bmp_encode(
                    samples.baseAddress, UInt32(clamping: rgb.width), UInt32(clamping: rgb.height), &output, &size, $0,
                    $1)
            }
        }
        if let failure { throw BMPError.stb(message: failure.message) }
        return takeShimBuffer(output, count: size)
    }

    static func readHeader(_ bytes: [UInt8]) throws -> Header {
        guard hasSignature(bytes) else {
            throw bytes.count < 18 && bytes.starts(with: [0x42, 0x4D])
                ? BMPError.truncated(atByte: bytes.count) : BMPError.notBMP
        }
        let dibSize = u32(bytes, 14)
        guard bytes.count >= 14 + dibSize else { throw BMPError.truncated(atByte: bytes.count) }
        let core = dibSize == 12
        let width = core ? u16(bytes, 18) : Int(Int32(bitPattern: UInt32(u32(bytes, 18))))
        let rawHeight = core ? u16(bytes, 20) : Int(Int32(bitPattern: UInt32(u32(bytes, 22))))
        let bitCount = core ? u16(bytes, 24) : u16(bytes, 28)
        let compression = core ? 0 : u32(bytes, 30)
        guard [0, 3, 6].contains(compression) else { throw BMPError.unsupportedCompression(compression) }
        guard width > 0, rawHeight != 0, rawHeight != Int(Int32.min) else {
            throw BMPError.stb(message: "bad dimensions \(width) × \(rawHeight)")
        }
        // stb_image reads zeros past the end of the data: a file too short for its rows is refused here instead.
        let rowBytes = (width.multipliedReportingOverflow(by: bitCount).partialValue + 31) / 32 * 4
        let (pixelBytes, overflow) = rowBytes.multipliedReportingOverflow(by: abs(rawHeight))
        let dataOffset = u32(bytes, 10)
        if overflow || width > Int(Int32.max) / 32 || dataOffset > bytes.count || pixelBytes > bytes.count - dataOffset
        {
            throw BMPError.truncated(atByte: bytes.count)
        }
        // Alpha mask: in the V3+ header (offset 66), or after a 40-byte header for BI_ALPHABITFIELDS (6).
        let alphaMask = dibSize >= 56 ? u32(bytes, 66) : (compression == 6 && bytes.count >= 70 ? u32(bytes, 66) : 0)
        let hasAlpha = bitCount == 32 && (compression == 3 || compression == 6) && alphaMask != 0
        var gray = false
        if bitCount <= 8 {
            // Pillow's rule: the palette is gray when entry i is (i, i, i) ((0, 255) for two colours).
            let used = core ? 0 : u32(bytes, 46)
            let colors = used > 0 && used <= 256 ? used : 1 << bitCount
            let entry = core ? 3 : 4
            let start = 14 + dibSize
            if start + colors * entry <= bytes.count {
                let levels = colors == 2 ? [0, 255] : Array(0..<colors)
                gray = levels.enumerated().allSatisfy { i, level in
                    let at = start + i * entry
                    return Int(bytes[at]) == level && Int(bytes[at + 1]) == level && Int(bytes[at + 2]) == level
                }
            }
        }
        return Header(
            width: width, height: abs(rawHeight), bitCount: bitCount, compression: compression, hasAlphaMask: hasAlpha,
            grayPalette: gray)
    }

    private static func u16(_ b: [UInt8], _ at: Int) -> Int { at + 2 <= b.count ? Int(b[at]) | Int(b[at + 1]) << 8 : 0 }
    private static func u32(_ b: [UInt8], _ at: Int) -> Int {
        at + 4 <= b.count ? Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24 : 0
    }
}
