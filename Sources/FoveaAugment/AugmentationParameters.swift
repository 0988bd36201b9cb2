/// Everything one augmentation drew, and the composed matrix: a replay record.
///
/// Applying the same record again (even after a JSON round trip) gives bit-identical results. What is
/// applied, always in this order:
/// 1. geometry, in at most three resampling passes:
///    a. ``resizedCrop``: the crop, then FoveaImage's antialiased resize (its own pass: an antialiased
///       shrink is not a warp);
///    b. ``homography`` when a perspective was drawn, else ``transform``: one warp pass for every affine and
///       perspective step together (the drawn angles, offsets and factors beside it are kept for people and
///       logs; when a policy repeats an operation they hold the combination: angles and offsets add, factors
///       multiply, flips toggle; the matrix is always exact);
///    c. ``elastic``: the displacement field, its own pass (it is not a matrix);
/// 2. colour: every ``photometric`` adjustment, in the order drawn;
/// 3. erasing: every rectangle of ``erasures``.
///
/// Masks, keypoints and boxes follow every geometric pass (masks with nearest sampling).
public struct AugmentationParameters: Sendable, Hashable, Codable {
    /// Width of the image the parameters were drawn for (the centre of rotation etc. depends on it).
    public var inputWidth: Int
    /// Height of the image the parameters were drawn for.
    public var inputHeight: Int
    /// Output width (the input width unless a resized crop changed it).
    public var outputWidth: Int
    /// Output height (the input height unless a resized crop changed it).
    public var outputHeight: Int
    /// The drawn random resized crop, applied before the warp (``outputWidth`` × ``outputHeight`` is its size).
    public var resizedCrop: ResizedCrop?
    /// The composed source → destination matrix of the affine steps (pixels; see ``AffineTransform``), acting
    /// on the image after ``resizedCrop``.
    public var transform: AffineTransform = .identity
    /// The composed source → destination map of every affine and perspective step, when a perspective was
    /// drawn; it then replaces ``transform`` for the warp (which holds the affine steps alone).
    public var homography: Homography?
    /// Where the last drawn perspective sent the four corners top-left, top-right, bottom-right, bottom-left
    /// (Fovea coordinates: torchvision's whole-pixel endpoints minus ½).
    public var perspectiveCorners: [ImagePoint]?
    /// The drawn elastic distortion, resampled after the warp (the last one drawn, when a policy repeats it).
    public var elastic: ElasticField?
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
    public init(
        inputWidth: Int, inputHeight: Int, interpolation: Interpolation = .bilinear, border: BorderMode = .black
    ) {
        self.inputWidth = inputWidth
        self.inputHeight = inputHeight
        self.outputWidth = inputWidth
        self.outputHeight = inputHeight
        self.interpolation = interpolation
        self.border = border
    }

    /// Appends the affine map `next` to the composed matrix (and to the homography, once there is one).
    mutating func compose(_ next: AffineTransform) {
        transform = transform.then(next)
        if let h = homography { homography = h.then(Homography(next)) }
    }

    /// Draws one operation and folds it into the record.
    mutating func draw(_ operation: AugmentationOperation, about center: ImagePoint, using rng: inout RandomStream) {
        switch operation {
        case .resizedCrop(let settings):
            let crop = settings.draw(width: outputWidth, height: outputHeight, using: &rng)
            if let previous = resizedCrop {
                // A second crop of the crop: one crop of the input composed from both (sizes round down).
                let sx = Double(previous.width) / Double(previous.outputWidth)
                let sy = Double(previous.height) / Double(previous.outputHeight)
                resizedCrop = ResizedCrop(
                    x: previous.x + Int(Double(crop.x) * sx), y: previous.y + Int(Double(crop.y) * sy),
                    width: max(1, Int(Double(crop.width) * sx)), height: max(1, Int(Double(crop.height) * sy)),
                    outputWidth: crop.outputWidth, outputHeight: crop.outputHeight)
            } else {
                resizedCrop = crop
            }
            outputWidth = crop.outputWidth
            outputHeight = crop.outputHeight
        case .perspective(let distortion):
            let w = outputWidth
            let h = outputHeight
            let boundX = Int(distortion * Double(w / 2)) + 1
            let boundY = Int(distortion * Double(h / 2)) + 1
            guard w > 1, h > 1, boundX <= w, boundY <= h else { return }
            var corners: [(Int, Int)] = []
            corners.append((rng.integer(below: boundX), rng.integer(below: boundY)))
            corners.append((w - boundX + rng.integer(below: boundX), rng.integer(below: boundY)))
            corners.append((w - boundX + rng.integer(below: boundX), h - boundY + rng.integer(below: boundY)))
            corners.append((rng.integer(below: boundX), h - boundY + rng.integer(below: boundY)))
            let start = [(0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1)].map {
                ImagePoint(x: Double($0.0) - 0.5, y: Double($0.1) - 0.5)
            }
            let end = corners.map { ImagePoint(x: Double($0.0) - 0.5, y: Double($0.1) - 0.5) }
            guard let map = Homography.mapping(start, to: end) else { return }
            homography = (homography ?? Homography(transform)).then(map)
            perspectiveCorners = end
        case .elastic(let settings):
            elastic = ElasticField(alpha: settings.alpha, sigma: settings.sigma, seed: rng.next())
        case .rotation(let degrees):
            let angle = degrees.sample(using: &rng)
            rotationDegrees += angle
            compose(.rotation(degrees: angle, about: center))
        case .translation(let x, let y):
            let dx = x.sample(using: &rng)
            let dy = y.sample(using: &rng)
            translationX += dx
            translationY += dy
            compose(.translation(x: dx, y: dy))
        case .scaling(let factor):
            let s = factor.sample(using: &rng)
            scale *= s
            compose(.scaling(s, about: center))
        case .stretch(let factor):
            let s = factor.sample(using: &rng)
            stretch *= s
            compose(.scaling(x: s, y: 1 / s, about: center))
        case .shearX(let degrees):
            let angle = degrees.sample(using: &rng)
            shearXDegrees += angle
            compose(.shear(xDegrees: angle, about: center))
        case .shearY(let degrees):
            let angle = degrees.sample(using: &rng)
            shearYDegrees += angle
            compose(.shear(yDegrees: angle, about: center))
        case .horizontalFlip:
            horizontalFlip.toggle()
            compose(.horizontalFlip(width: outputWidth))
        case .verticalFlip:
            verticalFlip.toggle()
            compose(.verticalFlip(height: outputHeight))
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
            for _ in 0..<n {
                drawAutoAugment(magnitudeBin: magnitude, bins: bins, wide: false, about: center, using: &rng)
            }
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

    /// `image` transformed by the record: the resized crop, one warp with ``homography`` or ``transform``
    /// (``interpolation``, ``border``) to ``outputWidth`` × ``outputHeight``, the elastic field, then each
    /// ``photometric`` adjustment in order, then each erasure. A record that changes nothing returns `image`
    /// itself. A singular matrix (only from a hand-edited record) gives an all-border image.
    ///
    /// - Parameters:
    ///   - image: The image to transform.
    ///   - reencoder: Runs ``PhotometricAdjustment/jpeg(quality:)`` adjustments (FoveaData's
    ///     `JPEGArtifacts.reencoder`); without one they are skipped.
    public func apply<S: PixelSample>(to image: Image<S>, reencoder: JPEGReencoder? = nil) -> Image<S> {
        var out = geometry(image, interpolation: interpolation, border: border)
        var next = photometric.startIndex
        while next < photometric.endIndex {
            // Until a step makes a new buffer, `out` may still be `image` itself, which must not change.
            let owned = !out.sharesSamples(with: image)
            // Brightness, contrast and gamma in a row: one byte table on 8-bit RGB images (the same bytes).
            let run = photometric[next...].prefix { $0.composesAsByteTable }
            if run.count >= 2 && out.adjustAsOneTable(run, owned: owned) {
                next = run.endIndex
            } else {
                out.adjust(photometric[next], reencoder: reencoder, owned: owned)
                next += 1
            }
        }
        for erasure in erasures { out.erase(erasure) }
        return out
    }

    /// Whether the record draws a JPEG re-encode (which needs a ``JPEGReencoder`` to run).
    public var needsReencoder: Bool {
        photometric.contains { if case .jpeg = $0 { true } else { false } }
    }

    /// A label mask transformed by the same geometry with nearest sampling (labels are never blended); areas
    /// brought in from outside get `fill` (for example 0 for background or 255 for "ignore").
    public func apply<S: PixelSample>(toMask mask: Image<S>, fill: S = .zero) -> Image<S> {
        geometry(mask, interpolation: .nearest, border: .constant(.normalized(Double(fill.normalized))))
    }

    /// Keypoints moved by the same geometry, in the same order. Points may land off the image; check
    /// ``ImagePoint/isInside(width:height:)`` against ``outputWidth`` × ``outputHeight``. Through an elastic
    /// field a point moves to where the output reads it from (see ``ElasticField``; found iteratively).
    public func apply(to points: [ImagePoint]) -> [ImagePoint] {
        let field = elastic.map { displacementsOfOutput($0) }
        return points.map { point in
            var p = resizedCrop.map { $0.transform.apply(to: point) } ?? point
            p = homography.map { $0.apply(to: p) } ?? transform.apply(to: p)
            return field?.moved(p) ?? p
        }
    }

    /// Boxes moved by the same geometry: after each pass a box becomes the axis-aligned box enclosing its
    /// moved outline (its four corners for the crop and the matrix, which keep lines straight; points every
    /// pixel or so along its edges for an elastic field), clipped to the image of that pass; boxes left with no
    /// area are dropped (labels travel with their boxes).
    public func apply(to boxes: [BoundingBox]) -> [BoundingBox] {
        let field = elastic.map { displacementsOfOutput($0) }
        return boxes.compactMap { box in
            var b = box
            if let crop = resizedCrop {
                guard let moved = b.transformed(by: crop.transform, clippingTo: outputWidth, height: outputHeight)
                else { return nil }
                b = moved
            }
            if let homography {
                guard
                    let moved = BoundingBox.enclosing(
                        b.corners.map { homography.apply(to: $0) }, label: b.label, clippingTo: outputWidth,
                        height: outputHeight)
                else { return nil }
                b = moved
            } else {
                guard let moved = b.transformed(by: transform, clippingTo: outputWidth, height: outputHeight) else {
                    return nil
                }
                b = moved
            }
            if let field {
                return BoundingBox.enclosing(
                    b.outline().map { field.moved($0) }, label: b.label, clippingTo: outputWidth, height: outputHeight)
            }
            return b
        }
    }

    /// The elastic field of the output size.
    func displacementsOfOutput(_ field: ElasticField) -> Displacements {
        let (dx, dy) = field.displacements(width: outputWidth, height: outputHeight)
        return Displacements(dx: dx, dy: dy, width: outputWidth, height: outputHeight)
    }

    /// The geometric passes (crop, warp, elastic) with the given sampling; the colour steps are not applied.
    func geometry<S: PixelSample>(_ image: Image<S>, interpolation: Interpolation, border: BorderMode) -> Image<S> {
        var out = image
        if let resizedCrop {
            let filter: ResampleFilter =
                switch interpolation {
                case .nearest: .nearest
                case .bilinear: .bilinear
                case .bicubic: .bicubic
                case .area: .area
                }
            out = resizedCrop.apply(to: out, filter: filter, fill: borderFill(border, as: S.self))
        }
        out = warp(out, interpolation: interpolation, border: border)
        if let elastic, outputWidth > 0, outputHeight > 0 {
            let (dx, dy) = elastic.displacements(width: outputWidth, height: outputHeight)
            if out.width == outputWidth && out.height == outputHeight {
                out = out.resampled(
                    .displacement(dx: dx, dy: dy), width: outputWidth, height: outputHeight,
                    interpolation: interpolation,
                    border: border, threads: 1)
            }
        }
        return out
    }

    func warp<S: PixelSample>(_ image: Image<S>, interpolation: Interpolation, border: BorderMode) -> Image<S> {
        if let homography {
            guard let inverse = homography.inverted() else { return filled(image, border) }
            return image.resampled(
                .projective(inverse), width: outputWidth, height: outputHeight, interpolation: interpolation,
                border: border,
                threads: 1)
        }
        guard let inverse = transform.inverted() else { return filled(image, border) }
        if inverse == .identity && outputWidth == image.width && outputHeight == image.height { return image }
        return image.resampled(
            inverse: inverse, width: outputWidth, height: outputHeight, interpolation: interpolation, border: border,
            threads: 1)
    }

    /// An output-sized image of the border's fill (what a singular, hand-edited matrix gives).
    func filled<S: PixelSample>(_ image: Image<S>, _ border: BorderMode) -> Image<S> {
        let fill = borderFill(border, as: S.self)
        let count = outputWidth * outputHeight * image.channelCount
        return Image.assumingValid(
            width: outputWidth, height: outputHeight, layout: image.layout,
            samples: [S](repeating: fill, count: max(count, 0)))
    }
}
