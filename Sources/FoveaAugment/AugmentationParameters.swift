/// Everything one augmentation drew, and the composed matrix: a replay record.
///
/// Applying the same record again (even after a JSON round trip) gives bit-identical results. What is
/// applied, always in this order:
/// 1. geometry: ``transform``, one resampling pass (the drawn angles, offsets and factors beside it are
///    kept for people and logs; when a policy repeats an operation they hold the combination: angles and
///    offsets add, factors multiply, flips toggle; ``transform`` is always exact);
/// 2. colour: every ``photometric`` adjustment, in the order drawn;
/// 3. erasing: every rectangle of ``erasures``.
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
    /// The drawn colour adjustments, applied after the warp in this order (see ``PhotometricAdjustment``).
    public var photometric: [PhotometricAdjustment] = []
    /// The drawn erased rectangles (output pixels), applied last (see ``RandomErasing``).
    public var erasures: [Erasure] = []

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
        case .brightness(let factor):
            photometric.append(.brightness(factor: factor.sample(using: &rng)))
        case .contrast(let factor):
            photometric.append(.contrast(factor: factor.sample(using: &rng)))
        case .saturation(let factor):
            photometric.append(.saturation(factor: factor.sample(using: &rng)))
        case .hue(let shift):
            photometric.append(.hue(shift: shift.sample(using: &rng)))
        case .gamma(let exponent):
            photometric.append(.gamma(exponent: exponent.sample(using: &rng)))
        case .grayscale:
            photometric.append(.grayscale)
        case .gaussianBlur(let sigma):
            photometric.append(.gaussianBlur(sigma: sigma.sample(using: &rng)))
        case .gaussianNoise(let sigma):
            let s = sigma.sample(using: &rng)
            photometric.append(.gaussianNoise(standardDeviation: s, seed: rng.next()))
        case .jpegQuality(let quality):
            let q: Double
            if case .uniform(let low, let high) = quality {
                q = min(rng.uniform(low.rounded(.up), high.rounded(.down) + 1).rounded(.down), high.rounded(.down))
            } else {
                q = quality.sample(using: &rng).rounded()
            }
            photometric.append(.jpeg(quality: Int(min(max(q, 1), 100))))
        case .randAugment(let n, let magnitude, let bins):
            for _ in 0..<n { drawAutoAugment(magnitudeBin: magnitude, bins: bins, wide: false, about: center, using: &rng) }
        case .trivialAugmentWide(let bins):
            drawAutoAugment(magnitudeBin: nil, bins: bins, wide: true, about: center, using: &rng)
        case .erasing(let settings):
            if let erasure = settings.draw(width: outputWidth, height: outputHeight, using: &rng) {
                erasures.append(erasure)
            }
        case .oneOf(let operations):
            guard !operations.isEmpty else { return }
            let pick = min(Int(rng.nextUnit() * Double(operations.count)), operations.count - 1)
            draw(operations[pick], about: center, using: &rng)
        }
    }

    /// `image` transformed by the record: one warp with ``transform`` (``interpolation``, ``border``) to
    /// ``outputWidth`` × ``outputHeight``, then each ``photometric`` adjustment in order, then each erasure.
    /// A record that changes nothing returns `image` itself. A singular matrix (only from a hand-edited
    /// record) gives an all-border image.
    ///
    /// - Parameter reencoder: Runs ``PhotometricAdjustment/jpeg(quality:)`` adjustments (FoveaData's
    ///   `JPEGArtifacts.reencoder`); without one they are skipped.
    public func apply<S: PixelSample>(to image: Image<S>, reencoder: JPEGReencoder? = nil) -> Image<S> {
        var out = warp(image, interpolation: interpolation, border: border)
        for adjustment in photometric { out.adjust(adjustment, reencoder: reencoder) }
        for erasure in erasures { out.erase(erasure) }
        return out
    }

    /// Whether the record draws a JPEG re-encode (which needs a ``JPEGReencoder`` to run).
    public var needsReencoder: Bool {
        photometric.contains { if case .jpeg = $0 { true } else { false } }
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
