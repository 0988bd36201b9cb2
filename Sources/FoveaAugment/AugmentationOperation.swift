/// One random augmentation. A random resized crop, when there is one, is drawn and applied first, wherever
/// it stands; the other geometric operations act about the centre `((w − 1)/2, (h − 1)/2)` of the (cropped)
/// image and are composed into one matrix (affine, or a homography once a perspective is drawn); an elastic
/// distortion is resampled separately after that warp; photometric ones run after the geometry on the colour
/// channels, in the order of their steps; erasing runs last. So the order applied is always geometry, then
/// colour, then erasing, wherever a step stands in the policy (see ``AugmentationParameters``).
public indirect enum AugmentationOperation: Sendable, Hashable, Codable {
    /// torchvision's `RandomResizedCrop`: a random crop resized to a fixed size (its own antialiased
    /// resampling, before every other step; see ``RandomResizedCrop``).
    case resizedCrop(RandomResizedCrop)
    /// Rotation by the drawn angle in degrees, counter-clockwise on screen (see ``AffineTransform/rotation(degrees:about:)``).
    case rotation(degrees: Distribution)
    /// Translation by the drawn offsets, in pixels (+x right, +y down).
    case translation(x: Distribution, y: Distribution)
    /// Isotropic scaling by the drawn factor (> 1 enlarges).
    case scaling(Distribution)
    /// Stretching by the drawn factor s: x scaled by s, y by 1/s (area preserved).
    case stretch(Distribution)
    /// Shear along x by the drawn angle in degrees (see ``AffineTransform/shear(xDegrees:about:)``).
    case shearX(degrees: Distribution)
    /// Shear along y by the drawn angle in degrees (see ``AffineTransform/shear(yDegrees:about:)``).
    case shearY(degrees: Distribution)
    /// Left–right mirror (give the step a probability for a Bernoulli flip).
    case horizontalFlip
    /// Top–bottom mirror.
    case verticalFlip
    /// torchvision's `RandomPerspective(distortion_scale)`, `distortion` in [0, 1]: each image corner moves
    /// inwards by a whole number of pixels drawn uniformly below `⌊distortion·⌊W/2⌋⌋ + 1` in x and
    /// `⌊distortion·⌊H/2⌋⌋ + 1` in y (torchvision's `get_params`, corners in the order top-left, top-right,
    /// bottom-right, bottom-left, x before y), and the homography taking the corners there
    /// (torchvision's pixel-edge coordinates, so Fovea's minus ½) joins the composed matrix.
    case perspective(distortion: Double)
    /// Simard's elastic distortion (see ``ElasticDistortion``), resampled separately after the warp.
    case elastic(ElasticDistortion)
    /// Brightness factor `f ≥ 0`: `v' = f·v` (``PhotometricAdjustment/brightness(factor:)``; torchvision
    /// `ColorJitter(brightness=b)` draws it from U(max(0, 1 − b), 1 + b)).
    case brightness(Distribution)
    /// Contrast factor `f ≥ 0` about the mean luma (``PhotometricAdjustment/contrast(factor:)``).
    case contrast(Distribution)
    /// Saturation factor `f ≥ 0` towards the pixel's luma (``PhotometricAdjustment/saturation(factor:)``).
    case saturation(Distribution)
    /// Hue shift in turns, within [−0.5, 0.5] (``PhotometricAdjustment/hue(shift:)``).
    case hue(Distribution)
    /// Gamma exponent `> 0` (``PhotometricAdjustment/gamma(exponent:)``).
    case gamma(Distribution)
    /// Conversion to grey with the channel count kept (give the step a probability, as torchvision's
    /// `RandomGrayscale(p)`; ``PhotometricAdjustment/grayscale``).
    case grayscale
    /// Gaussian blur with the drawn sigma in pixels (``PhotometricAdjustment/gaussianBlur(sigma:)``).
    case gaussianBlur(sigma: Distribution)
    /// Gaussian noise with the drawn standard deviation, normalised units (``PhotometricAdjustment/gaussianNoise(standardDeviation:seed:)``).
    case gaussianNoise(standardDeviation: Distribution)
    /// JPEG re-encode at a quality drawn as a whole number: uniform over `lower…upper` inclusive for a
    /// uniform distribution (torchvision `JPEG((a, b))`), the value itself for a constant
    /// (``PhotometricAdjustment/jpeg(quality:)``).
    case jpegQuality(Distribution)
    /// torchvision's `RandomErasing` (give the step its probability).
    case erasing(RandomErasing)
    /// torchvision's `RandAugment(num_ops: operations, magnitude: magnitude, num_magnitude_bins: bins)`:
    /// `operations` ops drawn from ``AutoAugmentOperation`` at the fixed magnitude bin (defaults 2, 9, 31).
    case randAugment(operations: Int, magnitude: Int, bins: Int)
    /// torchvision's `TrivialAugmentWide(num_magnitude_bins: bins)`: one op of ``AutoAugmentOperation`` at a
    /// uniformly drawn magnitude bin (default 31).
    case trivialAugmentWide(bins: Int)
    /// Exactly one of the operations, chosen uniformly (one draw), then drawn as usual.
    case oneOf([AugmentationOperation])

    /// A short name for the kind of operation (`rotation`, `translation`, …, `oneOf`), used to override a
    /// preset's step of the same kind.
    public var kind: String {
        switch self {
        case .resizedCrop: "resizedCrop"
        case .perspective: "perspective"
        case .elastic: "elastic"
        case .rotation: "rotation"
        case .translation: "translation"
        case .scaling: "scaling"
        case .stretch: "stretch"
        case .shearX: "shearX"
        case .shearY: "shearY"
        case .horizontalFlip: "horizontalFlip"
        case .verticalFlip: "verticalFlip"
        case .brightness: "brightness"
        case .contrast: "contrast"
        case .saturation: "saturation"
        case .hue: "hue"
        case .gamma: "gamma"
        case .grayscale: "grayscale"
        case .gaussianBlur: "gaussianBlur"
        case .gaussianNoise: "gaussianNoise"
        case .jpegQuality: "jpegQuality"
        case .erasing: "erasing"
        case .randAugment: "randAugment"
        case .trivialAugmentWide: "trivialAugmentWide"
        case .oneOf: "oneOf"
        }
    }

    /// Why this operation cannot be drawn from, or `nil` when it can (see ``AugmentationPolicy/validate()``).
    var problem: String? {
        func nonNegative(_ d: Distribution, _ what: String) -> String? {
            d.bounds.lowerBound >= 0 ? nil : "\(what) \(d) must not be negative"
        }
        func check(_ d: Distribution, _ what: String, positive: Bool = false, within limit: Double? = nil) -> String? {
            let bounds: (Double, Double)
            switch d {
            case .constant(let v): bounds = (v, v)
            case .uniform(let a, let b): bounds = (a, b)
            case .logUniform(let a, let b):
                guard a > 0, b > 0 else { return "\(what) \(d) needs positive bounds" }
                bounds = (a, b)
            }
            guard bounds.0.isFinite, bounds.1.isFinite, bounds.0 <= bounds.1 else {
                return "\(what) \(d) needs finite bounds with lower ≤ upper"
            }
            if positive && !(bounds.0 > 0) { return "\(what) \(d) must stay above 0" }
            if let limit, !(abs(bounds.0) < limit && abs(bounds.1) < limit) {
                return "\(what) \(d) must stay within ±\(limit)"
            }
            return nil
        }
        switch self {
        case .resizedCrop(let settings): return settings.problem
        case .perspective(let d):
            return d.isFinite && (0...1).contains(d) ? nil : "perspective distortion \(d) must be in 0…1"
        case .elastic(let settings): return settings.problem
        case .rotation(let d): return check(d, "rotation")
        case .translation(let x, let y): return check(x, "x translation") ?? check(y, "y translation")
        case .scaling(let d): return check(d, "scale", positive: true)
        case .stretch(let d): return check(d, "stretch", positive: true)
        case .shearX(let d): return check(d, "x shear", within: 90)
        case .shearY(let d): return check(d, "y shear", within: 90)
        case .horizontalFlip, .verticalFlip: return nil
        case .brightness(let d): return check(d, "brightness") ?? nonNegative(d, "brightness")
        case .contrast(let d): return check(d, "contrast") ?? nonNegative(d, "contrast")
        case .saturation(let d): return check(d, "saturation") ?? nonNegative(d, "saturation")
        case .hue(let d):
            if let problem = check(d, "hue") { return problem }
            return d.bounds.lowerBound >= -0.5 && d.bounds.upperBound <= 0.5
                ? nil : "hue \(d) must stay within −0.5…0.5"
        case .gamma(let d): return check(d, "gamma", positive: true)
        case .grayscale: return nil
        case .gaussianBlur(let d): return check(d, "blur sigma") ?? nonNegative(d, "blur sigma")
        case .gaussianNoise(let d): return check(d, "noise") ?? nonNegative(d, "noise")
        case .jpegQuality(let d):
            if let problem = check(d, "JPEG quality") { return problem }
            return d.bounds.lowerBound >= 1 && d.bounds.upperBound <= 100
                ? nil : "JPEG quality \(d) must stay within 1…100"
        case .erasing(let settings): return settings.problem
        case .randAugment(let n, let m, let bins):
            guard (0...100).contains(n) else { return "RandAugment takes 0…100 operations, got \(n)" }
            guard bins >= 2, bins <= 1000 else { return "RandAugment needs 2…1000 magnitude bins, got \(bins)" }
            return (0..<bins).contains(m) ? nil : "RandAugment magnitude \(m) must be a bin in 0…\(bins - 1)"
        case .trivialAugmentWide(let bins):
            return bins >= 2 && bins <= 1000 ? nil : "TrivialAugmentWide needs 2…1000 magnitude bins, got \(bins)"
        case .oneOf(let operations):
            if operations.isEmpty { return "one-of has no operations" }
            if operations.contains(where: { if case .resizedCrop = $0 { true } else { false } }) {
                return "a random resized crop cannot be inside one-of (it always runs first)"
            }
            return operations.lazy.compactMap(\.problem).first
        }
    }

    /// Position in the canonical order resized crop → flips → stretch → scale → shear → rotation → translation →
    /// perspective → elastic → brightness → contrast → saturation → hue → gamma → grayscale → blur → noise →
    /// JPEG → erasing, used when ``AugmentationPolicy/overriding(_:)`` inserts a new step.
    var canonicalRank: Int {
        switch self {
        case .resizedCrop: -1
        case .horizontalFlip: 0
        case .verticalFlip: 1
        case .stretch: 2
        case .scaling: 3
        case .shearX: 4
        case .shearY: 5
        case .rotation: 6
        case .translation: 7
        case .perspective: 8
        case .elastic: 9
        case .brightness: 10
        case .contrast: 11
        case .saturation: 12
        case .hue: 13
        case .gamma: 14
        case .grayscale: 15
        case .gaussianBlur: 16
        case .gaussianNoise: 17
        case .jpegQuality: 18
        case .randAugment: 10
        case .trivialAugmentWide: 10
        case .erasing: 19
        case .oneOf: 20
        }
    }
}

/// An operation applied with a probability (a Bernoulli draw; none is made when the probability is ≥ 1).
public struct AugmentationStep: Sendable, Hashable, Codable {
    /// What to do.
    public var operation: AugmentationOperation
    /// Chance in [0, 1] that the step runs for a given sample.
    public var probability: Double

    /// `operation`, applied with `probability` (default: always).
    public init(_ operation: AugmentationOperation, probability: Double = 1) {
        self.operation = operation
        self.probability = probability
    }
}
