import CFoveaShim
import FoveaCore

/// PNG through libpng: every color type and bit depth in, 8- or 16-bit gray/gray+alpha/RGB/RGBA out.
///
/// Decoding gives the natural layout: gray (1/2/4-bit scaled to 8 bits by bit replication, as Pillow does,
/// so 1-bit white is 255), gray+alpha, RGB, RGBA; palette images become RGB, or RGBA when a tRNS chunk is
/// present. A gray or RGB file with a tRNS colour becomes gray+alpha or RGBA as libpng's `png_set_tRNS_to_alpha`
/// makes it: alpha 0 where the stored samples equal the colour (compared before 1/2/4-bit gray is scaled), full
/// otherwise (255, or 65535 at 16 bits) — what Pillow's `convert("LA")`/`convert("RGBA")` gives for 1/8-bit gray
/// and 8-bit RGB. 16-bit files stay 16-bit (`UInt16`, unless ``DecodingOptions/convertTo8Bit``). No gamma or
/// color management is applied. An IHDR compression or filter method other than 0 is refused (as libpng does).
/// Compressed image data past the end of the image is not inflated (``DecodingWarning/extraCompressedData``).
public enum PNG {
    /// The 8-byte PNG signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decodes a whole PNG file held in memory.
    /// - Throws: ``PNGError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        try decodeWithMetadata(bytes, options: options).image
    }

    /// Decodes a whole PNG file held in memory, keeping the warnings.
    /// - Throws: ``PNGError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decodeWithMetadata(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> DecodedImage {
        try decode(bytes, options: options, path: .fastest)
    }

    /// Which of the decoder's paths decodes the pixels (the tests and the PNG fuzzer prove them against each
    /// other). Not API: ``decode(_:options:)`` always takes ``fastest``.
    @_spi(Testing) public enum DecodePath: Sendable, CaseIterable {
        /// The whole IDAT stream inflated at once by libdeflate and unfiltered by Fovea, where the layout allows
        /// it; otherwise as ``rowByRow``.
        case fastest
        /// Rows inflated one at a time by zlib and unfiltered by Fovea (the fallback of ``fastest``).
        case rowByRow
        /// libpng's own row decoder for every layout.
        case libpng
    }

    /// Decodes as ``decodeWithMetadata(_:options:)`` through the given path.
    @_spi(Testing) public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init(), path: DecodePath)
        throws -> DecodedImage
    {
        try withDecoder(bytes) { decoder, header in
            switch path {
            case .fastest: break
            case .rowByRow: fovea_png_use_streaming_inflate(decoder)
            case .libpng: fovea_png_use_libpng(decoder)
            }
            let width = Int(header.width)
            let height = Int(header.height)
            try options.checkPixelLimit([height, width])
            guard let layout = ChannelLayout(channelCount: Int(header.output_channels)) else {
                throw PNGError.libpng(message: "unexpected \(header.output_channels)-channel output")
            }
            let rowBytes = header.output_row_bytes
            let count = width * height * layout.channelCount
            // The samples' buffer gets room for the filtered rows (one filter byte a row more), which the shim
            // inflates in place; the array's count stays the image's.
            let bufferBytes = max(header.read_buffer_size, rowBytes * height)
            func read(_ raw: UnsafeMutableRawBufferPointer) throws {
                guard count > 0 else { return }
                let pixels = raw.nonEmptyBaseAddress.assumingMemoryBound(to: UInt8.self)
                if let failure = callShim({ fovea_png_read_packed(decoder, pixels, rowBytes, raw.count, $0, $1) }) {
                    throw error(failure, size: bytes.count)
                }
            }
            let image: AnyImage
            if header.output_bit_depth == 16 {
                let wide = Image.assumingValid(
                    width: width, height: height, layout: layout,
                    samples: try makeSamples(UInt16.self, count: count, capacity: (bufferBytes + 1) / 2, fill: read))
                image = options.convertTo8Bit ? AnyImage(wide.converted(to: UInt8.self)) : .uint16(wide)
            } else {
                image = .uint8(
                    Image.assumingValid(
                        width: width, height: height, layout: layout,
                        samples: try makeSamples(UInt8.self, count: count, capacity: bufferBytes, fill: read)))
            }
            let flags = fovea_png_warnings(decoder)
            return DecodedImage(
                image: image, iccProfile: iccProfile(decoder, size: header.icc_size),
                warnings: flags & FOVEA_PNG_WARNING_EXTRA_DATA != 0 ? [.extraCompressedData] : [])
        }
    }

    /// Reads the header chunks (everything before the first IDAT) without decoding pixels.
    /// - Throws: ``PNGError``.
    public static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        try withDecoder(bytes) { decoder, header in
            ImageInfo(
                format: .png, width: Int(header.width), height: Int(header.height),
                channels: Int(header.output_channels), bitDepth: Int(header.bit_depth),
                progressive: header.interlaced != 0,
                iccProfile: iccProfile(decoder, size: header.icc_size).map(ICCProfileInfo.init))
        }
    }

    /// Encodes an 8- or 16-bit image of any layout as a non-interlaced PNG, with Fovea's own chunk writer and
    /// row filters and the whole filtered image compressed by libdeflate (see ``PNGCompression``).
    /// - Parameters:
    ///   - image: the image to encode.
    ///   - compression: the speed/size trade-off; default ``PNGCompression/default``.
    ///   - iccProfile: an ICC profile to embed (an iCCP chunk named "ICC Profile"), or `nil`.
    /// - Throws: ``PNGError``.
    public static func encode<S: PixelSample>(
        _ image: Image<S>, compression: PNGCompression = .default, iccProfile: [UInt8]? = nil
    ) throws -> [UInt8] {
        let bitDepth = S.sampleType.bitDepth
        guard bitDepth == 8 || bitDepth == 16 else { throw PNGError.unsupportedBitDepth(bitDepth) }
        guard image.width > 0, image.height > 0 else {
            throw PNGError.emptyImage(width: image.width, height: image.height)
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let profile = iccProfile ?? []
        let failure = image.withUnsafeBufferPointer { samples in
            UnsafeRawBufferPointer(samples).withMemoryRebound(to: UInt8.self) { raw in
                profile.withUnsafeBufferPointer { icc in
                    callShim {
                        fovea_png_encode_deflate(
                            raw.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channelCount),
                            Int32(bitDepth), image.rowStride * (bitDepth / 8), compression.effort, icc.baseAddress,
                            icc.count, &output, &size, $0, $1)
                    }
                }
            }
        }
        if let failure { throw PNGError.libpng(message: failure.message) }
        return takeShimBuffer(output, count: size)
    }

    /// Opens a libpng decoder on `bytes`, runs `body`, and closes it.
    private static func withDecoder<R>(
        _ bytes: [UInt8], _ body: (OpaquePointer?, fovea_png_header) throws -> R
    ) throws -> R {
        guard bytes.count >= signature.count else {
            throw bytes.isEmpty || !signature.starts(with: bytes)
                ? PNGError.notPNG : PNGError.truncated(atByte: bytes.count)
        }
        guard bytes.starts(with: signature) else { throw PNGError.notPNG }
        return try bytes.withUnsafeBufferPointer { input in
            var decoder: OpaquePointer?
            var header = fovea_png_header()
            if let failure = callShim({ fovea_png_open(input.baseAddress, input.count, &decoder, &header, $0, $1) }) {
                throw error(failure, size: bytes.count)
            }
            defer { fovea_png_close(decoder) }
            return try body(decoder, header)
        }
    }

    private static func iccProfile(_ decoder: OpaquePointer?, size: Int) -> [UInt8]? {
        shimICCProfile(size: size) { fovea_png_icc(decoder, $0, $1) }
    }

    private static func error(_ failure: ShimFailure, size: Int) -> PNGError {
        failure.isTruncation ? .truncated(atByte: size) : .libpng(message: failure.message)
    }
}
