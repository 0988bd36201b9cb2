extension Image {
    /// This image with every sample converted to `S`, scaled through the normalised value
    /// (see ``PixelSample``): UInt8 → UInt16 multiplies by 257, UInt16 → UInt8 divides by 257 and rounds,
    /// integer → Float divides by the maximum, Float → integer clamps to [0, 1], scales and rounds.
    public func converted<S: PixelSample>(to type: S.Type) -> Image<S> {
        if let same = self as? Image<S> { return same }
        var out = [S](repeating: .zero, count: samples.count)
        samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                switch (src, dst) {
                case let (s as UnsafeBufferPointer<UInt8>, d as UnsafeMutableBufferPointer<UInt16>):
                    for i in 0..<s.count { d[i] = UInt16(s[i]) &* 257 }
                case let (s as UnsafeBufferPointer<UInt16>, d as UnsafeMutableBufferPointer<UInt8>):
                    // round(v / 257) == (v * 255 + 32767) / 65535 for every v in 0...65535
                    for i in 0..<s.count { d[i] = UInt8(truncatingIfNeeded: (UInt32(s[i]) &* 255 &+ 32767) / 65535) }
                default:
                    for i in 0..<src.count { dst[i] = S(normalized: src[i].normalized) }
                }
            }
        }
        return Image<S>(unchecked: width, height, layout, out)
    }

    /// This image in another channel layout.
    ///
    /// - Color → gray uses the ITU-R BT.601 luma weights, Y = 0.299 R + 0.587 G + 0.114 B. For `UInt8` the
    ///   fixed-point form Pillow uses, `(19595 R + 38470 G + 7471 B + 32768) >> 16`, so results match
    ///   `Image.convert("L")` exactly; other sample types compute in floating point and round.
    /// - Gray → color copies luminance into R, G and B.
    /// - Adding alpha sets it to fully opaque (``PixelSample/maximum``); dropping alpha discards it
    ///   (no compositing, as Pillow's `convert("RGB")`).
    public func converted(to target: ChannelLayout) -> Image<Sample> {
        if target == layout { return self }
        let sourceChannels = layout.channelCount
        let targetChannels = target.channelCount
        let sourceColor = layout.colorChannelCount
        let targetColor = target.colorChannelCount
        var out = [Sample](repeating: .zero, count: pixelCount * targetChannels)
        samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for p in 0..<pixelCount {
                    let s = p * sourceChannels
                    let d = p * targetChannels
                    if sourceColor == targetColor {
                        for c in 0..<sourceColor { dst[d + c] = src[s + c] }
                    } else if sourceColor == 1 {
                        dst[d] = src[s]
                        dst[d + 1] = src[s]
                        dst[d + 2] = src[s]
                    } else {
                        dst[d] = Image.luma(src[s], src[s + 1], src[s + 2])
                    }
                    if target.hasAlpha {
                        dst[d + targetChannels - 1] = layout.hasAlpha ? src[s + sourceChannels - 1] : Sample.maximum
                    }
                }
            }
        }
        return Image(unchecked: width, height, target, out)
    }

    /// BT.601 luma of one RGB triple (see ``converted(to:)-(ChannelLayout)``).
    @inline(__always)
    static func luma(_ r: Sample, _ g: Sample, _ b: Sample) -> Sample {
        if let r = r as? UInt8, let g = g as? UInt8, let b = b as? UInt8, let y = luma8(r, g, b) as? Sample {
            return y  // Sample is UInt8 here
        }
        let y = 0.299 * Double(r.normalized) + 0.587 * Double(g.normalized) + 0.114 * Double(b.normalized)
        return Sample(normalized: Float(y))
    }

    /// BT.601 luma of an 8-bit RGB triple in 16-bit fixed point, rounded (Pillow's `L` conversion).
    @inline(__always)
    static func luma8(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (UInt32(r) &* 19595 &+ UInt32(g) &* 38470 &+ UInt32(b) &* 7471 &+ 32768) >> 16)
    }

    /// The rectangle of `width × height` pixels whose top-left pixel is (x, y).
    /// - Throws: ``ImageError/regionOutOfBounds(x:y:width:height:imageWidth:imageHeight:)`` unless the
    ///   rectangle lies inside the image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) throws -> Image<Sample> {
        guard x >= 0, y >= 0, width >= 0, height >= 0, x <= self.width - width, y <= self.height - height else {
            throw ImageError.regionOutOfBounds(
                x: x, y: y, width: width, height: height, imageWidth: self.width, imageHeight: self.height)
        }
        let channels = channelCount
        var out: [Sample] = []
        out.reserveCapacity(width * height * channels)
        for row in y..<(y + height) {
            let start = (row * self.width + x) * channels
            out.append(contentsOf: samples[start..<(start + width * channels)])
        }
        return Image(unchecked: width, height, layout, out)
    }

    /// One channel as a gray image (`channel` must be in `0..<channelCount`).
    public func channel(_ channel: Int) -> Image<Sample> {
        precondition(channel >= 0 && channel < channelCount, "channel \(channel) of a \(channelCount)-channel image")
        let channels = channelCount
        var out = [Sample](repeating: .zero, count: pixelCount)
        for p in 0..<pixelCount { out[p] = samples[p * channels + channel] }
        return Image(unchecked: width, height, .gray, out)
    }

    /// Builds an image from parts already known to be consistent (internal fast path).
    @usableFromInline
    init(unchecked width: Int, _ height: Int, _ layout: ChannelLayout, _ samples: [Sample]) {
        assert(samples.count == width * height * layout.channelCount)
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = samples
    }
}
