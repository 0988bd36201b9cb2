/// A random augmentation recipe: steps run in order, each with a probability; affine and perspective steps
/// compose into one matrix about the image centre, so the image is resampled once for them (a random resized
/// crop and an elastic distortion are each one more pass; see ``AugmentationParameters``).
///
/// Use it sample-then-apply: ``sample(width:height:using:)`` draws every random value once into an
/// ``AugmentationParameters`` record, which then transforms the image and its targets (mask, keypoints,
/// boxes) identically and can be stored and re-applied bit for bit.
///
/// ```swift
/// var rng = RandomStream(seed: 42, UInt64(epoch), UInt64(index))
/// let parameters = AugmentationPolicy.classic.sample(width: 224, height: 224, using: &rng)
/// let image = parameters.apply(to: photo)
/// let boxes = parameters.apply(to: photoBoxes)
/// ```
public struct AugmentationPolicy: Sendable, Hashable, Codable {
    /// The steps, in the order their transforms are applied (the first step acts on the input first).
    public var steps: [AugmentationStep]
    /// Interpolation for images (masks always use nearest).
    public var interpolation: Interpolation
    /// What fills the areas the warp brings in from outside the image.
    public var border: BorderMode

    /// A policy of `steps`, resampled with `interpolation`, reading `border` outside the image.
    public init(steps: [AugmentationStep], interpolation: Interpolation = .bilinear, border: BorderMode = .black) {
        self.steps = steps
        self.interpolation = interpolation
        self.border = border
    }

    /// The classic recipe of the course notes, in the order its matrix is composed (about the image centre):
    /// horizontal flip with p = 0.5; stretch log-U(1/1.3, 1.3) (x by s, y by 1/s); scale log-U(1/1.6, 1.6);
    /// shear U(−20°, 20°); rotation U(0°, 360°); translation U(−10, 10) px in x and y. Bilinear, black border.
    public static let classic = AugmentationPolicy(steps: [
        AugmentationStep(.horizontalFlip, probability: 0.5),
        AugmentationStep(.stretch(.reciprocal(1.3))),
        AugmentationStep(.scaling(.reciprocal(1.6))),
        AugmentationStep(.shearX(degrees: .symmetric(20))),
        AugmentationStep(.rotation(degrees: .uniform(0, 360))),
        AugmentationStep(.translation(x: .symmetric(10), y: .symmetric(10))),
    ])

    /// A mild recipe for handwriting (no flips: a mirrored 6 is not a 6): stretch log-U(1/1.08, 1.08);
    /// scale log-U(1/1.1, 1.1); shear U(−8°, 8°); rotation U(−12°, 12°); translation U(−2.5, 2.5) px.
    public static let digits = AugmentationPolicy(steps: [
        AugmentationStep(.stretch(.reciprocal(1.08))),
        AugmentationStep(.scaling(.reciprocal(1.1))),
        AugmentationStep(.shearX(degrees: .symmetric(8))),
        AugmentationStep(.rotation(degrees: .symmetric(12))),
        AugmentationStep(.translation(x: .symmetric(2.5), y: .symmetric(2.5))),
    ])

    /// torchvision's `RandAugment()` defaults: 2 ops at magnitude bin 9 of 31 (see ``AutoAugmentOperation``),
    /// bilinear, black fill.
    public static let randAugment = AugmentationPolicy(steps: [
        AugmentationStep(.randAugment(operations: 2, magnitude: 9, bins: 31))
    ])

    /// torchvision's `TrivialAugmentWide()`: one op at a uniformly drawn bin of 31 (see ``AutoAugmentOperation``).
    public static let trivialAugment = AugmentationPolicy(steps: [AugmentationStep(.trivialAugmentWide(bins: 31))])

    /// No augmentation: images pass through unchanged.
    public static let none = AugmentationPolicy(steps: [])

    /// The names ``preset(named:)`` accepts.
    public static let presetNames = ["classic", "digits", "none", "randaugment", "trivialaugment"]

    /// The preset called `name` (`classic`, `digits`, `none`, `randaugment` or `trivialaugment`).
    /// - Throws: ``AugmentError/unknownPreset(name:known:)`` for any other name.
    public static func preset(named name: String) throws -> AugmentationPolicy {
        switch name {
        case "classic": return .classic
        case "digits": return .digits
        case "none": return .none
        case "randaugment": return .randAugment
        case "trivialaugment": return .trivialAugment
        default: throw AugmentError.unknownPreset(name: name, known: presetNames)
        }
    }

    /// This policy with `step` replacing the top-level step of the same ``AugmentationOperation/kind``, or
    /// inserted at its place in the canonical order (flips, stretch, scale, shear, rotation, translation,
    /// photometric) when there is none. This is how CLI range flags add to or override a preset.
    public func overriding(_ step: AugmentationStep) -> AugmentationPolicy {
        var copy = self
        if let i = copy.steps.firstIndex(where: { $0.operation.kind == step.operation.kind }) {
            copy.steps[i] = step
        } else {
            let rank = step.operation.canonicalRank
            let i = copy.steps.firstIndex(where: { $0.operation.canonicalRank > rank }) ?? copy.steps.count
            copy.steps.insert(step, at: i)
        }
        return copy
    }

    /// Checks that every step can be drawn from: probabilities in [0, 1], finite bounds with lower ≤ upper,
    /// positive bounds for log-uniform factors, positive scale and stretch factors, shear angles within
    /// (−90°, 90°), non-negative noise, and no empty one-of. Use it on policies read from files.
    /// - Throws: ``AugmentError/invalidStep(step:reason:)`` naming the first bad step.
    public func validate() throws {
        for (index, step) in steps.enumerated() {
            guard (0...1).contains(step.probability) else {
                throw AugmentError.invalidStep(step: index, reason: "probability \(step.probability) is not in 0…1")
            }
            if let reason = step.operation.problem {
                throw AugmentError.invalidStep(step: index, reason: reason)
            }
        }
    }

    /// Checks that the policy keeps `width × height` images at that size, as training needs: every random
    /// resized crop step (at any probability) must resize to exactly that size.
    /// - Throws: ``AugmentError/outputSizeDiffers(width:height:expectedWidth:expectedHeight:)`` otherwise.
    public func checkKeepsSize(width: Int, height: Int) throws {
        for step in steps {
            if case .resizedCrop(let crop) = step.operation, crop.width != width || crop.height != height {
                throw AugmentError.outputSizeDiffers(
                    width: crop.width, height: crop.height, expectedWidth: width, expectedHeight: height)
            }
        }
    }

    /// Draws every random value for one `width × height` image from `rng` and composes the matrix. Resized-crop
    /// steps are drawn first, wherever they stand (the other steps act on the cropped image); the rest in order.
    ///
    /// The draws depend only on `rng`'s state, so a stream made from (seed, epoch, index) gives the same
    /// parameters on any thread, in any order.
    public func sample(width: Int, height: Int, using rng: inout RandomStream) -> AugmentationParameters {
        var parameters = AugmentationParameters(
            inputWidth: width, inputHeight: height, interpolation: interpolation, border: border)
        // Resized crops first (they set the size every other step acts on), then the rest in order.
        for step in steps where step.operation.kind == "resizedCrop" {
            if step.probability < 1 && !rng.bernoulli(step.probability) { continue }
            parameters.draw(step.operation, about: .origin, using: &rng)
        }
        let center = ImagePoint.center(width: parameters.outputWidth, height: parameters.outputHeight)
        for step in steps where step.operation.kind != "resizedCrop" {
            if step.probability < 1 && !rng.bernoulli(step.probability) { continue }
            parameters.draw(step.operation, about: center, using: &rng)
        }
        return parameters
    }

    /// `image` augmented with the parameters drawn from `RandomStream(seed: seed, epoch, index)`: the same
    /// output for the same (seed, epoch, index) whatever the thread count or processing order.
    public func augment<S: PixelSample>(_ image: Image<S>, seed: UInt64, epoch: Int, index: Int) -> Image<S> {
        var rng = RandomStream(seed: seed, UInt64(truncatingIfNeeded: epoch), UInt64(truncatingIfNeeded: index))
        return sample(width: image.width, height: image.height, using: &rng).apply(to: image)
    }
}
