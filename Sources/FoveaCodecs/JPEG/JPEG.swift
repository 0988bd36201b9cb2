import CFoveaShim
import FoveaCore

/// JPEG through libjpeg-turbo: baseline, progressive and arithmetic-coded files; gray, YCbCr, RGB, CMYK
/// and YCCK in; 8-bit gray or RGB out.
///
/// Decoding uses libjpeg's defaults (accurate integer IDCT, fancy upsampling), as Pillow does, so pixels
/// match `PIL.Image.open(f).convert("RGB")` for the same libjpeg-turbo. CMYK and YCCK files are treated as
/// Adobe-inverted, as Pillow does, and converted with Pillow's formula `R = K' − K'·C'/255` (C' = 255 − C).
/// The EXIF orientation tag is applied unless ``DecodingOptions/applyExifOrientation`` is off. An embedded ICC
/// profile is reported and kept (``decodeWithMetadata(_:options:)``), never applied: Fovea does not color-manage.
public enum JPEG {
    /// Decodes a whole JPEG file held in memory into an 8-bit gray or RGB image.
    /// - Throws: ``JPEGError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decode(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> AnyImage {
        try decodeWithMetadata(bytes, options: options).image
    }

    /// Decodes a whole JPEG file held in memory, keeping its ICC profile (APP2 `ICC_PROFILE` markers, reassembled
    /// by libjpeg's `jpeg_read_icc_profile`; a profile with missing or repeated chunks is left out).
    /// - Throws: ``JPEGError``, or ``CodecError/pixelLimitExceeded(dimensions:limit:)`` before allocating.
    public static func decodeWithMetadata(_ bytes: [UInt8], options: DecodingOptions = .init()) throws -> DecodedImage {
        try withDecoder(bytes) { decoder, header in
            let width = Int(header.width)
            let height = Int(header.height)
            try options.checkPixelLimit([height, width])
            // Parsed now: the saved APP1 marker is freed when decoding finishes.
            let orientation = options.applyExifOrientation ? exifOrientation(header) : nil
            let profile = iccProfile(header)
            let layout: ChannelLayout = header.output_channels == 1 ? .gray : .rgb
            let count = width * height * layout.channelCount
            let samples = try makeSamples(UInt8.self, count: count) { raw in
                guard count > 0 else { return }
                let pixels = raw.nonEmptyBaseAddress.assumingMemoryBound(to: UInt8.self)
                let rowBytes = width * layout.channelCount
                if let failure = callShim({ fovea_jpeg_read(decoder, pixels, rowBytes, $0, $1) }) {
                    throw error(failure, size: bytes.count)
                }
            }
            let image = Image.assumingValid(width: width, height: height, layout: layout, samples: samples)
            let upright = orientation.map { image.applyingExifOrientation($0) } ?? image
            return DecodedImage(image: .uint8(upright), iccProfile: profile)
        }
    }

    /// Decodes a JPEG file held in memory and applies `plan` to it: bit for bit `plan.apply(to:pixelLimit:threads:)`
    /// (with ``DecodingOptions/pixelLimit``) on ``decodeWithMetadata(_:options:)``'s image, errors included, but
    /// decoding only `GeometryPlan.sourceRegion(width:height:)` where libjpeg-turbo can skip the rest exactly:
    /// sequential files (not progressive or arithmetic-coded), gray or YCbCr/RGB sampled 4:4:4, 4:2:2 or 4:2:0,
    /// not turned by an EXIF orientation. Every other file is decoded whole.
    /// - Throws: ``JPEGError``, ``CodecError/pixelLimitExceeded(dimensions:limit:)``, `GeometryError` (FoveaImage).
    public static func decodeWithMetadata(
        _ bytes: [UInt8], options: DecodingOptions = .init(), applying plan: GeometryPlan, threads: Int = 1
    ) throws -> DecodedImage {
        let part = try decodePart(bytes, options: options) { width, height in
            // A plan that does not fit the image fails after decoding, as it would on the decoded image.
            guard !plan.isIdentity, let wanted = try? plan.sourceRegion(width: width, height: height),
                wanted != PixelRect(x: 0, y: 0, width: width, height: height)
            else { return nil }
            return wanted
        }
        if let part {
            let image = try plan.apply(
                to: part.window, at: part.region, ofWidth: part.width, height: part.height,
                pixelLimit: options.pixelLimit, threads: threads)
            return DecodedImage(image: .uint8(image), iccProfile: part.iccProfile)
        }
        var decoded = try decodeWithMetadata(bytes, options: options)
        decoded.image = try plan.apply(to: decoded.image, pixelLimit: options.pixelLimit, threads: threads)
        return decoded
    }

    /// A part of a JPEG file: `window` holds the pixels of `region` of the `width × height` image, at least the
    /// rectangle `wanted(width, height)` asked for (libjpeg-turbo decodes a margin around it and whole iMCU columns);
    /// the whole image where the file cannot be decoded in part exactly (see
    /// ``decodeWithMetadata(_:options:applying:threads:)``). `nil` when `wanted` returns `nil` or the EXIF orientation
    /// turns the image: decode it whole.
    static func decodePart(
        _ bytes: [UInt8], options: DecodingOptions, wanted: (_ width: Int, _ height: Int) -> PixelRect?
    ) throws -> (window: Image<UInt8>, region: PixelRect, width: Int, height: Int, iccProfile: [UInt8]?)? {
        try withDecoder(bytes) { decoder, header in
            let width = Int(header.width)
            let height = Int(header.height)
            if options.applyExifOrientation && (exifOrientation(header) ?? 1) != 1 { return nil }
            guard let wanted = wanted(width, height) else { return nil }
            try options.checkPixelLimit([height, width])
            var x = UInt32(clamping: wanted.x)
            var y = UInt32(clamping: wanted.y)
            var w = UInt32(clamping: wanted.width)
            var h = UInt32(clamping: wanted.height)
            if let failure = callShim({ fovea_jpeg_start_region(decoder, &x, &y, &w, &h, $0, $1) }) {
                throw error(failure, size: bytes.count)
            }
            let region = PixelRect(x: Int(x), y: Int(y), width: Int(w), height: Int(h))
            let profile = iccProfile(header)
            let layout: ChannelLayout = header.output_channels == 1 ? .gray : .rgb
            let rowBytes = region.width * layout.channelCount
            let count = rowBytes * region.height
            let samples = try makeSamples(UInt8.self, count: count) { raw in
                guard count > 0 else { return }
                let pixels = raw.nonEmptyBaseAddress.assumingMemoryBound(to: UInt8.self)
                if let failure = callShim({ fovea_jpeg_read_region(decoder, pixels, rowBytes, $0, $1) }) {
                    throw error(failure, size: bytes.count)
                }
            }
            let window = Image.assumingValid(
                width: region.width, height: region.height, layout: layout, samples: samples)
            return (window, region, width, height, profile)
        }
    }

    /// Reads the markers up to the first scan without decoding pixels.
    /// - Throws: ``JPEGError``.
    public static func info(_ bytes: [UInt8]) throws -> ImageInfo {
        try withDecoder(bytes) { _, header in
            ImageInfo(
                format: .jpeg, width: Int(header.width), height: Int(header.height),
                channels: Int(header.output_channels), bitDepth: 8, progressive: header.progressive != 0,
                orientation: exifOrientation(header), iccProfile: iccProfile(header).map(ICCProfileInfo.init))
        }
    }

    /// Encodes an 8-bit gray or RGB image as a JFIF JPEG.
    /// - Parameters:
    ///   - image: The pixels to encode, gray or RGB.
    ///   - quality: 1 (smallest) to 100 (best), libjpeg's scale.
    ///   - subsampling: chroma subsampling for RGB (ignored for gray).
    ///   - progressive: write libjpeg's simple progression instead of one baseline scan.
    ///   - arithmetic: arithmetic instead of Huffman entropy coding.
    ///   - optimizeHuffman: compute optimal Huffman tables (Huffman coding only).
    ///   - iccProfile: an ICC profile to embed (APP2 `ICC_PROFILE` markers, libjpeg's `jpeg_write_icc_profile`),
    ///     or `nil`. Fovea does not color-manage: the profile is carried, not applied.
    /// - Throws: ``CodecError/unsupportedLayout(_:format:)`` for alpha, ``CodecError/invalidOption(name:value:allowed:)``
    ///   for a bad quality, ``JPEGError``.
    public static func encode(
        _ image: Image<UInt8>, quality: Int = 90, subsampling: ChromaSubsampling = .chroma420,
        progressive: Bool = false, arithmetic: Bool = false, optimizeHuffman: Bool = false, iccProfile: [UInt8]? = nil
    ) throws -> [UInt8] {
        try encode(
            image, quality: quality, subsampling: subsampling, progressive: progressive, arithmetic: arithmetic,
            optimizeHuffman: optimizeHuffman, iccProfile: iccProfile, grayThroughScanlines: false)
    }

    /// Encodes as the public `encode`; with `grayThroughScanlines`, gray rows go through libjpeg's scanline input
    /// instead of its raw-data input (the tests prove the files identical).
    static func encode(
        _ image: Image<UInt8>, quality: Int = 90, subsampling: ChromaSubsampling = .chroma420,
        progressive: Bool = false, arithmetic: Bool = false, optimizeHuffman: Bool = false, iccProfile: [UInt8]? = nil,
        grayThroughScanlines: Bool
    ) throws -> [UInt8] {
        guard image.layout == .gray || image.layout == .rgb else {
            throw CodecError.unsupportedLayout(image.layout, format: .jpeg)
        }
        guard (1...100).contains(quality) else {
            throw CodecError.invalidOption(name: "JPEG quality", value: quality, allowed: 1...100)
        }
        guard image.width > 0, image.height > 0, image.width <= 65_500, image.height <= 65_500 else {
            throw JPEGError.libjpeg(
                message: "cannot encode a \(image.width)×\(image.height) image: sides must be 1...65500")
        }
        let mode: Int32 =
            switch subsampling {
            case .chroma444: FOVEA_JPEG_SUBSAMPLING_444
            case .chroma422: FOVEA_JPEG_SUBSAMPLING_422
            case .chroma420: FOVEA_JPEG_SUBSAMPLING_420
            }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let profile = iccProfile ?? []
        let failure = image.withUnsafeBufferPointer { samples in
            profile.withUnsafeBufferPointer { icc in
                callShim {
                    fovea_jpeg_encode(
                        samples.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.channelCount),
                        image.rowStride, Int32(quality), mode, progressive ? 1 : 0, arithmetic ? 1 : 0,
                        optimizeHuffman ? 1 : 0, grayThroughScanlines ? 1 : 0, icc.baseAddress, icc.count, &output,
                        &size, $0, $1)
                }
            }
        }
        if let failure { throw JPEGError.libjpeg(message: failure.message) }
        return takeShimBuffer(output, count: size)
    }

    private static func iccProfile(_ header: fovea_jpeg_header) -> [UInt8]? {
        guard let icc = header.icc, header.icc_size > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: icc, count: header.icc_size))
    }

    private static func exifOrientation(_ header: fovea_jpeg_header) -> Int? {
        guard let exif = header.exif else { return nil }
        return ExifOrientation.parse(UnsafeBufferPointer(start: exif, count: header.exif_size))
    }

    /// Opens a libjpeg decoder on `bytes`, runs `body`, and closes it.
    private static func withDecoder<R>(
        _ bytes: [UInt8], _ body: (OpaquePointer?, fovea_jpeg_header) throws -> R
    ) throws -> R {
        guard bytes.starts(with: [0xFF, 0xD8, 0xFF]) else {
            throw bytes.count < 3 && !bytes.isEmpty && [0xFF, 0xD8].starts(with: bytes.prefix(2))
                ? JPEGError.truncated(atByte: bytes.count) : JPEGError.notJPEG
        }
        return try bytes.withUnsafeBufferPointer { input in
            var decoder: OpaquePointer?
            var header = fovea_jpeg_header()
            if let failure = callShim({ fovea_jpeg_open(input.baseAddress, input.count, &decoder, &header, $0, $1) }) {
                throw error(failure, size: bytes.count)
            }
            defer { fovea_jpeg_close(decoder) }
            return try body(decoder, header)
        }
    }

    private static func error(_ failure: ShimFailure, size: Int) -> JPEGError {
        failure.isTruncation ? .truncated(atByte: size) : .libjpeg(message: failure.message)
    }
}
