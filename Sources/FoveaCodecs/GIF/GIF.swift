import CFoveaShim

/// GIF through giflib: the first frame, read only.
///
/// The frame is drawn on the logical screen (as Pillow's first frame), the rest of the screen filled with the
/// transparent index when the frame has one, else the background index. Output: RGBA with alpha 0 at the
/// transparent index (Pillow's `convert("RGBA")`); RGB without transparency; gray (or gray+alpha) when the colour
/// table is the identity gray ramp, as Pillow then reads the file as "L". Indices past the colour table are black.
/// ``ImageInfo/imageCount`` counts the frames (skipped, not decoded).
public enum GIF {
    /// Whether `bytes` start with `GIF87a` or `GIF89a`.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8))
    }

    /// Decodes the first frame of a GIF held in memory.
    /// - Throws: ``GIFError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        try withDecoder(bytes) { decoder, header in
            let width = Int(header.width)
            let height = Int(header.height)
            try options.checkPixelLimit([height, width])
            var indices = [UInt8](repeating: 0, count: width * height)
            var frames: Int32 = 0
            let failure = indices.withUnsafeMutableBufferPointer { buffer in
                callShim { fovea_gif_read(decoder, buffer.baseAddress, &frames, $0, $1) }
            }
            if let failure { throw error(failure, size: bytes.count) }
            var palette = [UInt8](repeating: 0, count: 256 * 3)
            _ = palette.withUnsafeMutableBufferPointer { fovea_gif_palette(decoder, $0.baseAddress) }
            let entries = Int(header.palette_size)
            let transparent = Int(header.transparent_index)
            let gray = header.gray_ramp != 0
            let layout: ChannelLayout = transparent >= 0 ? (gray ? .grayAlpha : .rgba) : (gray ? .gray : .rgb)
            let channels = layout.channelCount
            var samples = [UInt8](repeating: 0, count: width * height * channels)
            samples.withUnsafeMutableBufferPointer { out in
                for (i, index) in indices.enumerated() {
                    let entry = Int(index)
                    let base = i * channels
                    if entry < entries {
                        if gray {
                            out[base] = palette[3 * entry]
                        } else {
                            out[base] = palette[3 * entry]
                            out[base + 1] = palette[3 * entry + 1]
                            out[base + 2] = palette[3 * entry + 2]
                        }
                    }
                    if layout.hasAlpha { out[base + channels - 1] = entry == transparent ? 0 : 255 }
                }
            }
            return .uint8(Image.assumingValid(width: width, height: height, layout: layout, samples: samples))
        }
    }

    /// Reads the screen and first frame descriptors and counts the frames, without decoding pixels.
    /// - Throws: ``GIFError``.
    public static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        try withDecoder(bytes) { decoder, header in
            var frames: Int32 = 1
            _ = callShim { fovea_gif_count_frames(decoder, &frames, $0, $1) }
            let gray = header.gray_ramp != 0
            let alpha = header.transparent_index >= 0
            return ImageInfo(
                format: .gif, width: Int(header.width), height: Int(header.height),
                channels: (gray ? 1 : 3) + (alpha ? 1 : 0), bitDepth: Int(header.bits_per_pixel),
                progressive: header.interlaced != 0, imageCount: Int(frames))
        }
    }

    private static func withDecoder<R>(_ bytes: [UInt8], _ body: (OpaquePointer?, fovea_gif_header) throws -> R) throws
        -> R
    {
        guard hasSignature(bytes) else {
            let short = !bytes.isEmpty && bytes.count < 6 && Array("GIF8".utf8).starts(with: bytes.prefix(4))
            throw short ? GIFError.truncated(atByte: bytes.count) : GIFError.notGIF
        }
        return try bytes.withUnsafeBufferPointer { input in
            var decoder: OpaquePointer?
            var header = fovea_gif_header()
            if let failure = callShim({ fovea_gif_open(input.baseAddress, input.count, &decoder, &header, $0, $1) }) {
                throw error(failure, size: bytes.count)
            }
            defer { fovea_gif_close(decoder) }
            return try body(decoder, header)
        }
    }

    private static func error(_ failure: ShimFailure, size: Int) -> GIFError {
        failure.isTruncation ? .truncated(atByte: size) : .giflib(message: failure.message)
    }
}
