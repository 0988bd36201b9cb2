/// An image of signed 16-bit samples: what derivative filters produce from UInt8 input when the caller
/// asks for OpenCV's `CV_16S` (values keep their sign and are saturated to −32768…32767).
///
/// Same geometry and storage conventions as `Image` (origin top-left, interleaved, row-major:
/// sample `c` of pixel (x, y) at `(y · width + x) · channelCount + c`). Values are in the input's units
/// (a Sobel x of a UInt8 image spans −1020…1020), not normalized.
public struct SignedImage: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// How the samples of one pixel are ordered.
    public let layout: ChannelLayout
    /// All samples, row-major and interleaved.
    public internal(set) var samples: [Int16]

    /// Samples per pixel.
    public var channelCount: Int { layout.channelCount }

    /// An image over existing samples.
    /// - Throws: `ImageError` when the count does not match `width × height × channels` or a size is bad.
    public init(width: Int, height: Int, layout: ChannelLayout, samples: [Int16]) throws {
        let count = try Image<UInt8>.sampleCount(width: width, height: height, layout: layout)
        guard samples.count == count else {
            throw ImageError.sampleCountMismatch(expected: count, actual: samples.count)
        }
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = samples
    }

    init(unchecked width: Int, _ height: Int, _ layout: ChannelLayout, _ samples: [Int16]) {
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = samples
    }

    /// The sample of channel `channel` at pixel (x, y). Traps with the offending values when out of bounds.
    public subscript(x x: Int, y y: Int, channel channel: Int = 0) -> Int16 {
        precondition(
            x >= 0 && y >= 0 && x < width && y < height && channel >= 0 && channel < channelCount,
            "pixel (\(x), \(y)) channel \(channel) is outside the \(width)×\(height)×\(channelCount) image")
        return samples[(y * width + x) * channelCount + channel]
    }

    /// The samples as a Float image holding the same values (not rescaled).
    public func floatImage() -> Image<Float> {
        Image<Float>.assumingValid(width: width, height: height, layout: layout, samples: samples.map { Float($0) })
    }

    /// `|value|` saturated to 0…255 (OpenCV's `convertScaleAbs` with scale 1): a displayable edge image.
    public func absoluteSaturated() -> Image<UInt8> {
        Image<UInt8>.assumingValid(
            width: width, height: height, layout: layout,
            samples: samples.map { UInt8(Swift.min(Int($0).magnitude, 255)) })
    }
}
