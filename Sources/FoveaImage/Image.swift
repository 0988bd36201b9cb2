/// A raster image: `width × height` pixels of `layout.channelCount` samples each, stored interleaved.
///
/// ## Conventions (used by every Fovea module)
/// - Origin at the top-left corner; x grows to the right, y grows downwards.
/// - Pixel (x, y) has its centre at coordinates (x, y) — integer coordinates are pixel centres, as in
///   OpenCV; the image covers [-0.5, width - 0.5] × [-0.5, height - 0.5].
/// - Storage is one flat array, row-major and interleaved with no padding:
///   sample `c` of pixel (x, y) is at index `(y * width + x) * channelCount + c`.
/// - Samples are `UInt8`, `UInt16` or `Float`; see ``PixelSample`` for how values convert between them.
///
/// Access is bounds-checked through ``subscript(x:y:channel:)`` and ``sample(x:y:channel:)``; bulk code takes
/// the buffer once with ``withUnsafeBufferPointer(_:)`` or ``withUnsafeMutableBufferPointer(_:)``.
public struct Image<Sample: PixelSample>: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// How the samples of one pixel are ordered.
    public let layout: ChannelLayout
    /// All samples, row-major and interleaved (see the type's conventions).
    public internal(set) var samples: [Sample]

    /// Samples per pixel.
    @inlinable public var channelCount: Int { layout.channelCount }
    /// Samples per row: `width × channelCount`.
    @inlinable public var rowStride: Int { width * layout.channelCount }
    /// Number of pixels: `width × height`.
    @inlinable public var pixelCount: Int { width * height }

    /// An image with every sample set to `value`.
    /// - Throws: ``ImageError/invalidDimensions(width:height:)`` for negative or overflowing sizes.
    public init(width: Int, height: Int, layout: ChannelLayout, repeating value: Sample = .zero) throws {
        let count = try Image.sampleCount(width: width, height: height, layout: layout)
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = Array(repeating: value, count: count)
    }

    /// An image over existing interleaved samples.
    /// - Throws: ``ImageError/sampleCountMismatch(expected:actual:)`` when `samples.count` is not
    ///   `width × height × layout.channelCount`; ``ImageError/invalidDimensions(width:height:)`` for bad sizes.
    public init(width: Int, height: Int, layout: ChannelLayout, samples: [Sample]) throws {
        let count = try Image.sampleCount(width: width, height: height, layout: layout)
        guard samples.count == count else {
            throw ImageError.sampleCountMismatch(expected: count, actual: samples.count)
        }
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = samples
    }

    /// An image whose samples are produced by `body(x, y, channel)`, visited in storage order.
    public init(
        width: Int, height: Int, layout: ChannelLayout, generating body: (Int, Int, Int) throws -> Sample
    ) throws {
        let count = try Image.sampleCount(width: width, height: height, layout: layout)
        var samples: [Sample] = []
        samples.reserveCapacity(count)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<layout.channelCount { samples.append(try body(x, y, c)) }
            }
        }
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = samples
    }

    /// `width × height × channels`, or an error if a size is negative or the product overflows.
    public static func sampleCount(width: Int, height: Int, layout: ChannelLayout) throws -> Int {
        guard width >= 0, height >= 0 else { throw ImageError.invalidDimensions(width: width, height: height) }
        let (pixels, o1) = width.multipliedReportingOverflow(by: height)
        let (count, o2) = pixels.multipliedReportingOverflow(by: layout.channelCount)
        guard !o1, !o2 else { throw ImageError.invalidDimensions(width: width, height: height) }
        return count
    }

    /// Whether (x, y) is a pixel of this image.
    @inlinable public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// The sample of channel `channel` at pixel (x, y). Traps with the offending values when out of bounds.
    public subscript(x x: Int, y y: Int, channel channel: Int = 0) -> Sample {
        get {
            precondition(
                contains(x: x, y: y) && channel >= 0 && channel < channelCount,
                "pixel (\(x), \(y)) channel \(channel) is outside the \(width)×\(height)×\(channelCount) image")
            return samples[(y * width + x) * channelCount + channel]
        }
        set {
            precondition(
                contains(x: x, y: y) && channel >= 0 && channel < channelCount,
                "pixel (\(x), \(y)) channel \(channel) is outside the \(width)×\(height)×\(channelCount) image")
            samples[(y * width + x) * channelCount + channel] = newValue
        }
    }

    /// The sample at (x, y, channel), or `nil` when outside the image.
    public func sample(x: Int, y: Int, channel: Int = 0) -> Sample? {
        guard contains(x: x, y: y), channel >= 0, channel < channelCount else { return nil }
        return samples[(y * width + x) * channelCount + channel]
    }

    /// All samples of pixel (x, y), or `nil` when outside the image.
    public func pixel(x: Int, y: Int) -> [Sample]? {
        guard contains(x: x, y: y) else { return nil }
        let start = (y * width + x) * channelCount
        return Array(samples[start..<start + channelCount])
    }

    /// Calls `body` with the samples, read-only, for bulk work.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Sample>) throws -> R) rethrows -> R {
        try samples.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the samples, writable, for bulk work. The buffer's count must not change.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Sample>) throws -> R
    ) rethrows -> R {
        try samples.withUnsafeMutableBufferPointer(body)
    }
}

extension Image: CustomStringConvertible {
    public var description: String {
        "Image<\(Sample.self)>(\(width)×\(height), \(layout.rawValue))"
    }
}
