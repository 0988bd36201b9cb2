/// Everything one augmentation drew, and the composed matrix: a replay record.
///
/// Applying the same record again (even after a JSON round trip) gives bit-identical results. The drawn
/// values are kept for people and logs; what is applied is ``transform`` (geometry, one resampling pass),
/// then ``contrast`` and ``brightness``, then noise. When a policy repeats an operation, the record holds the
/// combination (angles and offsets add, factors multiply, flips toggle); ``transform`` is always exact.
public struct AugmentationParameters: Sendable, Hashable, Codable {
    /// Width of the image the parameters were drawn for (the centre of rotation etc. depends on it).
    public var inputWidth: Int
    /// Height of the image the parameters were drawn for.
    public var inputHeight: Int
    /// Output width (the input width unless changed).
    public var outputWidth: Int
    /// Output height (the input height unless changed).
    public var outputHeight: Int
    /// The composed source → destination matrix (pixels; see ``AffineTransform``).
    public var transform: AffineTransform = .identity
    /// Interpolation for the image (masks use nearest).
    public var interpolation: Interpolation
    /// Border rule for the image (masks use their own fill).
    public var border: BorderMode
    /// Total drawn rotation, degrees counter-clockwise on screen.
    public var rotationDegrees: Double = 0
    /// Total drawn translation in x, pixels.
    public var translationX: Double = 0
    /// Total drawn translation in y, pixels.
    public var translationY: Double = 0
    /// Product of the drawn isotropic scale factors.
    public var scale: Double = 1
    /// Product of the drawn stretch factors (x by s, y by 1/s).
    public var stretch: Double = 1
    /// Total drawn x-shear, degrees.
    public var shearXDegrees: Double = 0
    /// Total drawn y-shear, degrees.
    public var shearYDegrees: Double = 0
    /// Whether the image is mirrored left–right.
    public var horizontalFlip = false
    /// Whether the image is mirrored top–bottom.
    public var verticalFlip = false
    /// Additive brightness, normalised units.
    public var brightness: Double = 0
    /// Contrast factor about mid-grey.
    public var contrast: Double = 1
    /// Standard deviation of the added Gaussian noise, normalised units (0: none).
    public var noiseStandardDeviation: Double = 0
    /// Seed of the noise stream (drawn, so replay reproduces the same noise).
    public var noiseSeed: UInt64 = 0

    /// A record with no augmentation for a `inputWidth × inputHeight` image.
    public init(inputWidth: Int, inputHeight: Int, interpolation: Interpolation = .bilinear, border: BorderMode = .black) {
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.outputWidth = inputWidth
        self.outputHeight = inputHeight
        self.interpolation = interpolation
        self.border = border
    }

    /// Draws one operation and folds it into the record.
    mutating func draw(_ operation: AugmentationOperation, about center: ImagePoint, using rng: inout RandomStream) {
        switch operation {
        case .rotation(let degrees):
            let angle = degrees.sample(using: &rng)
            rotationDegrees += angle
            transform = transform.then(.rotation(degrees: angle, about: center))
        case .translation(let x, let y):
            let dx = x.sample(using: &rng)
            let dy = y.sample(using: &rng)
            translationX += dx
            translationY += dy
            transform = transform.then(.translation(x: dx, y: dy))
        case .scaling(let factor):
            let s = factor.sample(using: &rng)
            scale *= s
            transform = transform.then(.scaling(s, about: center))
        case .stretch(let factor):
            let s = factor.sample(using: &rng)
            stretch *= s
            transform = transform.then(.scaling(x: s, y: 1 / s, about: center))
        case .shearX(let degrees):
            let angle = degrees.sample(using: &rng)
            shearXDegrees += angle
            transform = transform.then(.shear(xDegrees: angle, about: center))
        case .shearY(let degrees):
            let angle = degrees.sample(using: &rng)
            shearYDegrees += angle
            transform = transform.then(.shear(yDegrees: angle, about: center))
        case .horizontalFlip:
            horizontalFlip.toggle()
            transform = transform.then(.horizontalFlip(width: inputWidth))
        case .verticalFlip:
            verticalFlip.toggle()
            transform = transform.then(.verticalFlip(height: inputHeight))
        case .brightness(let amount):
            brightness += amount.sample(using: &rng)
        case .contrast(let factor):
            contrast *= factor.sample(using: &rng)
        case .gaussianNoise(let sigma):
            let s = sigma.sample(using: &rng)
            noiseStandardDeviation = (noiseStandardDeviation * noiseStandardDeviation + s * s).squareRoot()
            noiseSeed = rng.next()
        case .oneOf(let operations):
            guard !operations.isEmpty else { return }
            let pick = min(Int(rng.nextUnit() * Double(operations.count)), operations.count - 1)
            draw(operations[pick], about: center, using: &rng)
        }
    }

    /// `image` transformed by the record: one warp with ``transform`` (``interpolation``, ``border``) to
    /// ``outputWidth`` × ``outputHeight``, then contrast/brightness and noise. A record that changes nothing
    /// returns `image` itself. A singular matrix (only from a hand-edited record) gives an all-border image.
    public func apply<S: PixelSample>(to image: Image<S>) -> Image<S> {
        var out = warp(image, interpolation: interpolation, border: border)
        if brightness != 0 || contrast != 1 { out.adjust(brightness: brightness, contrast: contrast) }
        if noiseStandardDeviation > 0 { out.addNoise(standardDeviation: noiseStandardDeviation, seed: noiseSeed) }
        return out
    }

    /// A label mask transformed by the same matrix with nearest sampling (labels are never blended); areas
    /// brought in from outside get `fill` (for example 0 for background or 255 for "ignore").
    public func apply<S: PixelSample>(toMask mask: Image<S>, fill: S = .zero) -> Image<S> {
        warp(mask, interpolation: .nearest, border: .constant(.normalized(Double(fill.normalized))))
    }

    /// Keypoints moved by the same matrix, in the same order. Points may land off the image; check
    /// ``ImagePoint/isInside(width:height:)`` against ``outputWidth`` × ``outputHeight``.
    public func apply(to points: [ImagePoint]) -> [ImagePoint] {
        points.map { transform.apply(to: $0) }
    }

    /// Boxes moved by the same matrix: each becomes the axis-aligned box enclosing its four transformed
    /// corners, clipped to the output image; boxes left with no area on the image are dropped (labels travel
    /// with their boxes).
    public func apply(to boxes: [BoundingBox]) -> [BoundingBox] {
        boxes.compactMap { $0.transformed(by: transform, clippingTo: outputWidth, height: outputHeight) }
    }

    func warp<S: PixelSample>(_ image: Image<S>, interpolation: Interpolation, border: BorderMode) -> Image<S> {
        guard let inverse = transform.inverted() else {
            let fill = borderFill(border, as: S.self)
            let count = outputWidth * outputHeight * image.channelCount
            return Image.assumingValid(
                width: outputWidth, height: outputHeight, layout: image.layout,
                samples: [S](repeating: fill, count: max(count, 0)))
        }
        if inverse == .identity && outputWidth == image.width && outputHeight == image.height { return image }
        return image.resampled(
            inverse: inverse, width: outputWidth, height: outputHeight, interpolation: interpolation, border: border,
            threads: 1)
    }
}
