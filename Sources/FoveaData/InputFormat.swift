/// The shape a model expects its inputs in, and how any decoded image is brought to it.
///
/// ``prepare(_:)`` turns an image of any size, layout and sample type into a `Float` image of exactly
/// `width × height` pixels and `channels` channels with values in [0, 1]:
/// 1. Samples are scaled to [0, 1] (`UInt8` ÷ 255, `UInt16` ÷ 65535; `Float` is taken as is).
/// 2. Channels: alpha is dropped (not composited); colour becomes gray by BT.601 luma
///    (0.299 R + 0.587 G + 0.114 B) when the model takes 1 channel; gray is copied to R, G and B when it
///    takes 3.
/// 3. Size: when it differs, the image is stretched to `width × height` (aspect ratio not kept) by
///    bilinear interpolation with pixel-centre alignment — output pixel x samples the source at
///    `(x + 0.5) · sourceWidth / width − 0.5`, clamped to the image, as OpenCV's `INTER_LINEAR`. There is
///    no anti-aliasing, so shrink by more than 2× beforehand if the data has fine detail.
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
            result = result.resizedBilinear(width: width, height: height)
        }
        return result
    }
}

extension Image where Sample == Float {
    /// This image stretched to `width × height` by bilinear interpolation with pixel-centre alignment
    /// (OpenCV `INTER_LINEAR`): output (x, y) samples the source at ((x + ½)·sx − ½, (y + ½)·sy − ½) with
    /// sx = sourceWidth / width, sy = sourceHeight / height, source coordinates clamped to the image.
    func resizedBilinear(width newWidth: Int, height newHeight: Int) -> Image<Float> {
        let channels = channelCount
        var out = [Float](repeating: 0, count: newWidth * newHeight * channels)
        guard width > 0, height > 0 else {
            return .assumingValid(width: newWidth, height: newHeight, layout: layout, samples: out)
        }
        // Per-column source positions and weights, computed once.
        let scaleX = Double(width) / Double(newWidth)
        var x0 = [Int](repeating: 0, count: newWidth)
        var x1 = [Int](repeating: 0, count: newWidth)
        var wx = [Float](repeating: 0, count: newWidth)
        for x in 0..<newWidth {
            let source = min(max((Double(x) + 0.5) * scaleX - 0.5, 0), Double(width - 1))
            let left = Int(source)
            x0[x] = left * channels
            x1[x] = min(left + 1, width - 1) * channels
            wx[x] = Float(source - Double(left))
        }
        let scaleY = Double(height) / Double(newHeight)
        let stride = width * channels
        samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<newHeight {
                    let source = min(max((Double(y) + 0.5) * scaleY - 0.5, 0), Double(height - 1))
                    let top = Int(source)
                    let row0 = top * stride
                    let row1 = min(top + 1, height - 1) * stride
                    let wy = Float(source - Double(top))
                    var d = y * newWidth * channels
                    for x in 0..<newWidth {
                        let a = x0[x]
                        let b = x1[x]
                        let fx = wx[x]
                        for c in 0..<channels {
                            let upper = src[row0 + a + c] + (src[row0 + b + c] - src[row0 + a + c]) * fx
                            let lower = src[row1 + a + c] + (src[row1 + b + c] - src[row1 + a + c]) * fx
                            dst[d] = upper + (lower - upper) * wy
                            d += 1
                        }
                    }
                }
            }
        }
        return .assumingValid(width: newWidth, height: newHeight, layout: layout, samples: out)
    }
}
