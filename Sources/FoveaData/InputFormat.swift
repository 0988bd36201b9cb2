/// The shape a model expects its inputs in, and how any decoded image is brought to it.
///
/// ``prepare(_:)`` turns an image of any size, layout and sample type into a `Float` image of exactly
/// `width × height` pixels and `channels` channels with values in [0, 1]:
/// 1. Samples are scaled to [0, 1] (`UInt8` ÷ 255, `UInt16` ÷ 65535; `Float` is taken as is).
/// 2. Channels: alpha is dropped (not composited); colour becomes gray by BT.601 luma
///    (0.299 R + 0.587 G + 0.114 B) when the model takes 1 channel; gray is copied to R, G and B when it
///    takes 3.
/// 3. Size: when it differs, the image is stretched to `width × height` (aspect ratio not kept) by
///    FoveaImage's one resizer, antialiased bilinear (`Image.resized(width:height:filter:antialias:threads:)`,
///    Pillow's `BILINEAR` and torchvision's `Resize(antialias=True)`; half-pixel centres). An empty image
///    becomes black.
public struct InputFormat: Sendable, Hashable, Codable {
    /// Channels per pixel the model takes: 1 (gray) or 3 (RGB).
    public var channels: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A format of `channels` (1 or 3) channels and `width × height` pixels.
    public init(channels: Int, width: Int, height: Int) {
        precondition(channels == 1 || channels == 3, "input channels must be 1 or 3, not \(channels)")
        precondition(width > 0 && height > 0, "input size must be positive, not \(width)×\(height)")
        self.channels = channels
        self.width = width
        self.height = height
    }

    /// Floats in one sample: `channels × height × width`.
    public var sampleSize: Int { channels * height * width }

    /// The channel layout of prepared images.
    public var layout: ChannelLayout { channels == 1 ? .gray : .rgb }

    /// `image` with this format's channels and size, samples in [0, 1] (see the type's steps).
    public func prepare(_ image: AnyImage) -> Image<Float> {
        var result = image.converted(to: Float.self)
        if result.layout != layout { result = result.converted(to: layout) }
        if result.width != width || result.height != height {
            result =
                (try? result.resized(width: width, height: height, filter: .bilinear))
                ?? Image.assumingValid(
                    width: width, height: height, layout: layout, samples: [Float](repeating: 0, count: sampleSize))
        }
        return result
    }
}
