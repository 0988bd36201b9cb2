import CFoveaShim
import FoveaCore

/// WebP through libwebp: lossy (VP8), lossless (VP8L) and alpha in; lossy at a quality or lossless out.
///
/// Decoding gives 8-bit RGB, or RGBA when the file has alpha (not premultiplied), with libwebp's default
/// (fancy) chroma upsampling, as Pillow does. Animations are refused (``WebPError/animationUnsupported(frames:)``).
/// Encoding takes 8-bit gray, gray+alpha, RGB or RGBA (gray is written as RGB: WebP has no gray mode); lossless
/// output keeps every sample, including the color under fully transparent pixels (libwebp's `exact`).
public enum WebP {
    /// Whether `bytes` start with a WebP RIFF header: `RIFF`, a 4-byte size, `WEBP`.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && bytes[0..<4].elementsEqual("RIFF".utf8) && bytes[8..<12].elementsEqual("WEBP".utf8)
    }

    /// Decodes a still WebP held in memory into an 8-bit RGB or RGBA image.
    /// - Throws: ``WebPError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        try decodeWithMetadata(bytes, options: options).image
    }

    /// Decodes a still WebP held in memory, keeping its ICC profile.
    /// - Throws: ``WebPError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decodeWithMetadata(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> DecodedImage {
        let header = try readHeader(bytes)
        if header.has_animation != 0 { throw WebPError.animationUnsupported(frames: Int(header.frame_count)) }
        let width = Int(header.width)
        let height = Int(header.height)
        try options.checkPixelLimit([height, width])
        let layout: ChannelLayout = header.has_alpha != 0 ? .rgba : .rgb
        let count = width * height * layout.channelCount
        let samples = try makeSamples(UInt8.self, count: count) { raw in
            guard count > 0 else { return }
            let pixels = raw.nonEmptyBaseAddress.assumingMemoryBound(to: UInt8.self)
            let failure = bytes.withUnsafeBufferPointer { input in
                callShim {
                    fovea_webp_decode(
                        input.baseAddress, input.count, pixels, width * layout.channelCount, Int32(layout.channelCount),
                        $0, $1)
                }
            }
            if let failure { throw error(failure, size: bytes.count) }
        }
        let image = Image.assumingValid(width: width, height: height, layout: layout, samples: samples)
        return DecodedImage(image: .uint8(image), iccProfile: iccProfile(bytes, size: header.icc_size))
    }

    /// Reads the headers without decoding pixels: size, alpha, frame count, ICC profile.
    /// - Throws: ``WebPError``.
    public static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        let header = try readHeader(bytes)
        return ImageInfo(
            format: .webp, width: Int(header.width), height: Int(header.height),
            channels: header.has_alpha != 0 ? 4 : 3, bitDepth: 8, imageCount: Int(header.frame_count),
            iccProfile: iccProfile(bytes, size: header.icc_size).map(ICCProfileInfo.init))
    }

    /// Encodes an 8-bit image as WebP.
    /// - Parameters:
    ///   - image: The pixels to encode.
    ///   - quality: lossy quality, 0 (smallest) to 100 (best), libwebp's scale (ignored when `lossless`).
    ///   - lossless: write a lossless (VP8L) file whose decode equals the input exactly (gray comes back as RGB).
    ///   - iccProfile: an ICC profile to embed (an ICCP chunk), or `nil`.
    /// - Throws: ``CodecError/invalidOption(name:value:allowed:)`` for a bad quality, ``WebPError`` (for example
    ///   for an image wider or taller than 16383 pixels).
    public static func encode(
        _ image: Image<UInt8>, quality: Int = 90, lossless: Bool = false, iccProfile: [UInt8]? = nil
    ) throws -> [UInt8] {
        guard (0...100).contains(quality) else {
            throw CodecError.invalidOption(name: "WebP quality", value: quality, allowed: 0...100)
        }
        let color = image.layout.hasAlpha ? image.converted(to: .rgba) : image.converted(to: .rgb)
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let profile = iccProfile ?? []
        let failure = color.withUnsafeBufferPointer { samples in
            profile.withUnsafeBufferPointer { icc in
                callShim {
                    fovea_webp_encode(
                        samples.baseAddress, UInt32(clamping: color.width), UInt32(clamping: color.height),
                        Int32(color.channelCount), color.rowStride, lossless ? 1 : 0, Float(quality), icc.baseAddress,
                        icc.count, &output, &size, $0, $1)
                }
            }
        }
        if let failure { throw WebPError.libwebp(message: failure.message) }
        return takeShimBuffer(output, count: size)
    }

    private static func readHeader(_ bytes: [UInt8]) throws -> fovea_webp_header {
        guard hasSignature(bytes) else {
            throw bytes.count < 12 && !bytes.isEmpty && Array("RIFF".utf8).starts(with: bytes.prefix(4))
                ? WebPError.truncated(atByte: bytes.count) : WebPError.notWebP
        }
        var header = fovea_webp_header()
        let failure = bytes.withUnsafeBufferPointer { input in
            callShim { fovea_webp_info(input.baseAddress, input.count, &header, $0, $1) }
        }
        if let failure { throw error(failure, size: bytes.count) }
        return header
    }

    private static func iccProfile(_ bytes: [UInt8], size: Int) -> [UInt8]? {
        shimICCProfile(size: size) { profile, count in
            bytes.withUnsafeBufferPointer { fovea_webp_icc($0.baseAddress, $0.count, profile, count) }
        }
    }

    private static func error(_ failure: ShimFailure, size: Int) -> WebPError {
        failure.isTruncation ? .truncated(atByte: size) : .libwebp(message: failure.message)
    }
}
