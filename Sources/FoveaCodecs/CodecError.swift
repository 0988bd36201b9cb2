import FoveaCore

/// Failures that belong to no single format: empty or unrecognised input, the pixel limit, and requests a
/// format cannot satisfy. Format-specific problems have their own enums (``PNGError``, ``JPEGError``,
/// ``PNMError``, ``IDXError``, ``NPYError``); ``ImageFileError`` adds the file path to any of them.
public enum CodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input holds no bytes at all.
    case emptyInput
    /// The first bytes match no supported format's magic number (up to 8 bytes are kept for the message).
    case unrecognizedFormat(leadingBytes: [UInt8])
    /// The header announces more pixels (or IDX/NPY elements) than ``DecodingOptions/pixelLimit`` allows;
    /// `dimensions` are as stored (for example `[height, width]` or `[count, rows, columns]`). The message
    /// prints an image's two as width×height, as `fovea info` and `--resize` do, and longer shapes as stored.
    case pixelLimitExceeded(dimensions: [Int], limit: Int)
    /// The format cannot store this channel layout (for example alpha in JPEG or PNM).
    case unsupportedLayout(ChannelLayout, format: ImageFormat)
    /// The format cannot store this sample type at the requested bit depth.
    case unsupportedSampleType(SampleType, format: ImageFormat)
    /// An encoding or decoding option is out of its documented range.
    case invalidOption(name: String, value: Int, allowed: ClosedRange<Int>)
    /// The format is read only in Fovea (GIF).
    case readOnlyFormat(ImageFormat)
    /// No output format is known for this file extension (write needs `png`, `jpg`, `pgm`, `npy`...).
    case unknownFileExtension(String)
    /// Several images were to be written to a format that holds one (PNG, JPEG, PNM): write IDX or NPY, or one
    /// file per image.
    case notAStackFormat(ImageFormat)

    /// A message naming what is wrong and where (byte offset, chunk, dimension), for users.
    public var description: String {
        switch self {
        case .emptyInput:
            return "empty input: 0 bytes"
        case .unrecognizedFormat(let leadingBytes):
            let hex = leadingBytes.map { String($0, radix: 16).leftPadded(to: 2, with: "0") }.joined(separator: " ")
            return
                "unrecognized format: leading bytes [\(hex)] match none of PNG, JPEG, WebP, TIFF, BMP, GIF, PNM, IDX (plain or gzip), NPY"
        case .pixelLimitExceeded(let dimensions, let limit):
            let product = dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            let shape = (dimensions.count == 2 ? dimensions.reversed() : dimensions).map(String.init)
                .joined(separator: "×")
            return
                "\(shape) exceeds the pixel limit (\(product) > \(limit)); if the file is trusted, raise the limit (--max-pixels on the command line, DecodingOptions.pixelLimit in code)"
        case .unsupportedLayout(let layout, let format):
            return "\(format.rawValue.uppercased()) cannot store a \(layout.rawValue) image"
        case .unsupportedSampleType(let type, let format):
            return "\(format.rawValue.uppercased()) cannot store \(type.rawValue) samples at the requested bit depth"
        case .invalidOption(let name, let value, let allowed):
            return "\(name) \(value) is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .unknownFileExtension(let ext):
            return
                "no image format for the file extension '\(ext)' (use png, jpg, jpeg, webp, tif, tiff, bmp, pgm, ppm, pnm, pbm, npy, idx or gz)"
        case .readOnlyFormat(let format):
            return "\(format.rawValue.uppercased()) is read only: write PNG, WebP or another format"
        case .notAStackFormat(let format):
            return "\(format.rawValue.uppercased()) holds one image: write several to .npy or IDX, or one file each"
        }
    }
}

extension DecodingOptions {
    /// Throws ``CodecError/pixelLimitExceeded(dimensions:limit:)`` when the product of `dimensions`
    /// exceeds ``pixelLimit`` (or overflows). Called from headers, before any pixel buffer is allocated.
    func checkPixelLimit(_ dimensions: [Int]) throws {
        var product = 1
        for d in dimensions {
            // A zero extent still counts as 1, so "a billion 0×0 images" cannot allocate a billion empty objects.
            let (p, overflow) = product.multipliedReportingOverflow(by: max(d, 1))
            guard !overflow else { throw CodecError.pixelLimitExceeded(dimensions: dimensions, limit: pixelLimit) }
            product = p
        }
        // Even a caller who lifts the limit to Int.max keeps `pixels × channels × bytes per sample` in range.
        if product > min(pixelLimit, Int.max / 16) {
            throw CodecError.pixelLimitExceeded(dimensions: dimensions, limit: pixelLimit)
        }
    }
}
