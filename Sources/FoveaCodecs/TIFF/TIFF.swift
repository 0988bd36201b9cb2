import CFoveaShim
import FoveaCore

/// TIFF through libtiff: the first page of a file, written with Deflate.
///
/// Decoding keeps the samples as stored for 8- and 16-bit unsigned and 32-bit float gray and RGB (strips or tiles,
/// contiguous or separate planes, uncompressed, LZW, Deflate, PackBits, or any compression libtiff was built with),
/// so scientific 16-bit and float images stay exact; the first extra sample becomes alpha (associated alpha is kept
/// premultiplied, as stored), min-is-white gray is inverted to min-is-black (as Pillow does). Anything else libtiff
/// can read (palette, bilevel and 2/4-bit, YCbCr, CMYK) goes through libtiff's RGBA reader and comes out 8-bit gray
/// (bilevel and 2/4-bit gray) or RGB, with alpha when the file has an extra sample. Orientation tags are ignored
/// (as Pillow's `open`). ``ImageInfo/imageCount`` counts the pages.
public enum TIFF {
    /// Whether `bytes` start with a TIFF or BigTIFF byte-order mark and version.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let head = Array(bytes[0..<4])
        return head == [0x49, 0x49, 0x2A, 0x00] || head == [0x4D, 0x4D, 0x00, 0x2A] || head == [0x49, 0x49, 0x2B, 0x00]
            || head == [0x4D, 0x4D, 0x00, 0x2B]
    }

    /// Decodes the first page of a TIFF held in memory.
    /// - Throws: ``TIFFError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        try decodeWithMetadata(bytes, options: options).image
    }

    /// Decodes the first page of a TIFF held in memory, keeping its ICC profile.
    /// - Throws: ``TIFFError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decodeWithMetadata(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> DecodedImage {
        try withDecoder(bytes, options: options) { decoder, header in
            let width = Int(header.width)
            let height = Int(header.height)
            try options.checkPixelLimit([height, width])
            guard let layout = ChannelLayout(channelCount: Int(header.output_channels)) else {
                throw TIFFError.libtiff(message: "unexpected \(header.output_channels)-channel output")
            }
            let count = width * height * layout.channelCount
            let rowBytes = width * layout.channelCount * Int(header.output_bytes)
            func read(_ raw: UnsafeMutableRawBufferPointer) throws {
                guard count > 0 else { return }
                let pixels = raw.nonEmptyBaseAddress.assumingMemoryBound(to: UInt8.self)
                if let failure = callShim({ fovea_tiff_read(decoder, pixels, rowBytes, $0, $1) }) {
                    throw TIFFError.libtiff(message: failure.message)
                }
            }
            let image: AnyImage
            switch (header.output_bytes, header.output_float) {
            case (4, _):
                image = .float32(
                    Image.assumingValid(
                        width: width, height: height, layout: layout,
                        samples: try makeSamples(Float.self, count: count, fill: read)))
            case (2, _):
                let wide = Image.assumingValid(
                    width: width, height: height, layout: layout,
                    samples: try makeSamples(UInt16.self, count: count, fill: read))
                image = options.convertTo8Bit ? .uint8(wide.converted(to: UInt8.self)) : .uint16(wide)
            default:
                image = .uint8(
                    Image.assumingValid(
                        width: width, height: height, layout: layout,
                        samples: try makeSamples(UInt8.self, count: count, fill: read)))
            }
            return DecodedImage(image: image, iccProfile: iccProfile(decoder, size: header.icc_size))
        }
    }

    /// Reads the first page's tags without decoding pixels, and counts the pages.
    /// - Throws: ``TIFFError``.
    public static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        try withDecoder(bytes, options: DecodingOptions()) { decoder, header in
            let profile = iccProfile(decoder, size: header.icc_size)
            return ImageInfo(
                format: .tiff, width: Int(header.width), height: Int(header.height),
                channels: Int(header.output_channels), bitDepth: Int(header.bits_per_sample),
                imageCount: Int(fovea_tiff_page_count(decoder)), iccProfile: profile.map(ICCProfileInfo.init))
        }
    }

    /// Encodes an image as a one-page, Deflate-compressed TIFF: `UInt8` as 8-bit, `UInt16` as 16-bit and `Float`
    /// as 32-bit IEEE float samples (values kept exactly), gray or RGB with unassociated alpha where the layout has it.
    /// - Parameters:
    ///   - image: the image to encode.
    ///   - iccProfile: an ICC profile to embed (tag 34675), or `nil`.
    /// - Throws: ``TIFFError``.
    public static func encode<S: PixelSample>(_ image: Image<S>, iccProfile: [UInt8]? = nil) throws -> [UInt8] {
        guard image.width > 0, image.height > 0 else {
            throw TIFFError.libtiff(message: "cannot write an empty \(image.width)×\(image.height) image")
        }
        let bytesPerSample = MemoryLayout<S>.size
        let isFloat = S.sampleType == .float32
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let profile = iccProfile ?? []
        let failure = image.withUnsafeBufferPointer { samples in
            UnsafeRawBufferPointer(samples).withMemoryRebound(to: UInt8.self) { raw in
                profile.withUnsafeBufferPointer { icc in
                    callShim {
                        fovea_tiff_encode(
                            raw.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channelCount),
                            Int32(bytesPerSample), isFloat ? 1 : 0, image.rowStride * bytesPerSample, icc.baseAddress,
                            icc.count, &output, &size, $0, $1)
                    }
                }
            }
        }
        if let failure { throw TIFFError.libtiff(message: failure.message) }
        return takeShimBuffer(output, count: size)
    }

    private static func withDecoder<R>(
        _ bytes: [UInt8], options: DecodingOptions, _ body: (OpaquePointer?, fovea_tiff_header) throws -> R
    ) throws -> R {
        guard hasSignature(bytes) else { throw TIFFError.notTIFF }
        // Every single allocation (strip, tile, tag array) stays within what the pixel limit allows for the image.
        let budget = min(options.pixelLimit, Int.max / 64) * 16
        return try bytes.withUnsafeBufferPointer { input in
            var decoder: OpaquePointer?
            var header = fovea_tiff_header()
            if let failure = callShim({
                fovea_tiff_open(input.baseAddress, input.count, budget, &decoder, &header, $0, $1)
            }) {
                throw TIFFError.libtiff(message: failure.message)
            }
            defer { fovea_tiff_close(decoder) }
            return try body(decoder, header)
        }
    }

    private static func iccProfile(_ decoder: OpaquePointer?, size: Int) -> [UInt8]? {
        shimICCProfile(size: size) { fovea_tiff_icc(decoder, $0, $1) }
    }
}
