import Foundation

/// torchvision's `RandomResizedCrop(size, scale, ratio)`: a random rectangle of the image, resized to a fixed
/// `width × height` with FoveaImage's antialiased resizer (`Image.resized(width:height:filter:antialias:threads:)`,
/// Pillow's results; torchvision's `antialias=True`).
///
/// Drawing (``draw(width:height:using:)``) follows torchvision's `get_params` for a `W × H` image: up to 10
/// attempts, each drawing an area fraction `s ~ U(scale)` and an aspect `r ~ logU(ratio)` (width / height),
/// giving a crop of `w = round(√(s·W·H·r))` columns and `h = round(√(s·W·H / r))` rows (ties to even, as
/// Python's `round`); the first with `0 < w ≤ W` and `0 < h ≤ H` is placed with its top-left corner uniform
/// over the `(H − h + 1) × (W − w + 1)` positions (row drawn first, then column). When no attempt fits, the
/// fallback is torchvision's centre crop: the whole image when its aspect `W/H` lies within `ratio`, else the
/// largest centred crop of aspect `min(ratio)` (full width) or `max(ratio)` (full height), its corner at
/// `(⌊(W − w)/2⌋, ⌊(H − h)/2⌋)`.
///
/// So `scale 1…1` with `ratio W/H…W/H` crops the whole image and gives exactly the plain resize.
public struct RandomResizedCrop: Sendable, Hashable, Codable {
    /// Output width in pixels.
    public var width: Int
    /// Output height in pixels.
    public var height: Int
    /// Range of the crop's area as a fraction of the image area (torchvision's default 0.08…1).
    public var scale: ClosedRange<Double>
    /// Range of the crop's aspect ratio width / height, drawn log-uniformly (default 3/4…4/3).
    public var ratio: ClosedRange<Double>

    /// A crop resized to `width × height`, with torchvision's defaults unless given.
    public init(
        width: Int, height: Int, scale: ClosedRange<Double> = 0.08...1,
        ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3)
    ) {
        self.width = width
        self.height = height
        self.scale = scale
        self.ratio = ratio
    }

    /// The crop for a `width × height` image (four values drawn per attempt: area, aspect, row, column; the
    /// last two only for the attempt that fits).
    public func draw(width imageWidth: Int, height imageHeight: Int, using rng: inout RandomStream) -> ResizedCrop {
        let W = imageWidth
        let H = imageHeight
        let area = Double(W) * Double(H)
        let logRatio = (log(ratio.lowerBound), log(ratio.upperBound))
        for _ in 0..<10 {
            let target = area * rng.uniform(scale.lowerBound, scale.upperBound)
            let aspect = exp(rng.uniform(logRatio.0, logRatio.1))
            let w = Int(exactly: (target * aspect).squareRoot().rounded(.toNearestOrEven)) ?? 0
            let h = Int(exactly: (target / aspect).squareRoot().rounded(.toNearestOrEven)) ?? 0
            guard w > 0, w <= W, h > 0, h <= H else { continue }
            let y = rng.integer(below: H - h + 1)
            let x = rng.integer(below: W - w + 1)
            return ResizedCrop(x: x, y: y, width: w, height: h, outputWidth: width, outputHeight: height)
        }
        let aspect = Double(W) / Double(H)
        var w = W
        var h = H
        if aspect < ratio.lowerBound {
            h = max(1, min(H, Int((Double(w) / ratio.lowerBound).rounded(.toNearestOrEven))))
        } else if aspect > ratio.upperBound {
            w = max(1, min(W, Int((Double(h) * ratio.upperBound).rounded(.toNearestOrEven))))
        }
        return ResizedCrop(
            x: (W - w) / 2, y: (H - h) / 2, width: w, height: h, outputWidth: width, outputHeight: height)
    }

    /// Why these settings cannot be drawn from, or `nil`.
    var problem: String? {
        guard width > 0, height > 0, width <= 65_536, height <= 65_536 else {
            return "random resized crop size \(width)×\(height) must be 1…65536 pixels on each side"
        }
        guard scale.lowerBound > 0, scale.upperBound <= 1 else { return "crop scale \(scale) must lie in (0, 1]" }
        guard ratio.lowerBound > 0, ratio.upperBound.isFinite else {
            return "crop ratio \(ratio) must be positive and finite"
        }
        return nil
    }
}

/// One drawn resized crop: the source rectangle (top-left pixel and size) and the output size.
public struct ResizedCrop: Sendable, Hashable, Codable {
    /// Left column of the crop in the input image.
    public var x: Int
    /// Top row of the crop.
    public var y: Int
    /// Columns cropped.
    public var width: Int
    /// Rows cropped.
    public var height: Int
    /// Width the crop is resized to.
    public var outputWidth: Int
    /// Height the crop is resized to.
    public var outputHeight: Int

    /// The crop of the given rectangle, resized to `outputWidth × outputHeight`.
    public init(x: Int, y: Int, width: Int, height: Int, outputWidth: Int, outputHeight: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
    }

    /// Where the crop-and-resize sends input points (Fovea pixel-centre coordinates): the resizer maps pixel
    /// edges onto pixel edges, so `x' = (x − left + ½)·outputWidth / width − ½` (likewise for y).
    public var transform: AffineTransform {
        let sx = Double(outputWidth) / Double(width)
        let sy = Double(outputHeight) / Double(height)
        return AffineTransform(
            m00: sx, m01: 0, m02: (0.5 - Double(x)) * sx - 0.5, m10: 0, m11: sy, m12: (0.5 - Double(y)) * sy - 0.5)
    }

    /// Whether the output size is positive and fits in memory.
    var hasValidOutput: Bool {
        outputWidth > 0 && outputHeight > 0
            && (try? Image<UInt8>.sampleCount(width: outputWidth, height: outputHeight, layout: .rgba)) != nil
    }

    /// `image` cropped and resized with `filter` (antialiased). A record that does not fit the image (only
    /// a hand-edited one) gives an image of `fill` (0 × 0 when even the output size is invalid).
    func apply<S: PixelSample>(to image: Image<S>, filter: ResampleFilter, fill: S) -> Image<S> {
        if hasValidOutput,
            let out = try? image.croppedAndResized(
                x: x, y: y, width: width, height: height, toWidth: outputWidth, toHeight: outputHeight,
                filter: filter, antialias: true)
        {
            return out
        }
        let (w, h) = hasValidOutput ? (outputWidth, outputHeight) : (0, 0)
        return Image.assumingValid(
            width: w, height: h, layout: image.layout, samples: [S](repeating: fill, count: w * h * image.channelCount))
    }
}
