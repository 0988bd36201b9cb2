import ArgumentParser
import FoveaAugment

/// The range flags that change an augmentation preset's steps (shared by `fovea augment` and `fovea train`,
/// which each name the starting preset their own way: `--preset` and `--augment`).
struct AugmentationFlags: ParsableArguments {
    /// CLI spellings of the interpolation (resizing's `area` is not offered for warps).
    enum InterpolationName: String, ExpressibleByArgument, CaseIterable {
        case nearest, bilinear, bicubic
    }

    /// CLI spellings of the border rule.
    enum BorderName: String, ExpressibleByArgument, CaseIterable {
        case constant, replicate, reflect, reflect101, wrap
    }

    @Option(help: ArgumentHelp("Rotation in degrees, uniform in MIN…MAX (counter-clockwise positive), or one angle.", valueName: "min:max"))
    var rotate: String?

    @Option(help: ArgumentHelp("Translation, uniform in −PX…PX pixels in x and in y.", valueName: "px"))
    var translate: Double?

    @Option(help: ArgumentHelp("Scale factor, log-uniform in 1/MAX…MAX (MAX ≥ 1).", valueName: "max"))
    var scale: Double?

    @Option(help: ArgumentHelp("Stretch factor s, log-uniform in 1/MAX…MAX; x is scaled by s, y by 1/s.", valueName: "max"))
    var stretch: Double?

    @Option(help: ArgumentHelp("Shear along x, uniform in −DEG…DEG degrees.", valueName: "deg"))
    var shear: Double?

    @Option(help: ArgumentHelp("Probability of a left–right flip.", valueName: "p"))
    var flip: Double?

    @Option(help: ArgumentHelp("Probability of a top–bottom flip.", valueName: "p"))
    var vflip: Double?

    @Option(help: "Interpolation of the one resampling pass.")
    var interpolation: InterpolationName = .bilinear

    @Option(help: "What fills areas brought in from outside the image.")
    var border: BorderName = .constant

    @Option(help: "Value of the constant border, 0 (black) to 1 (white).")
    var borderValue: Double = 0
}

extension AugmentationFlags {
    func validate() throws {
        if let rotate { _ = try Self.range(rotate, flag: "--rotate") }
        if let translate, !(translate >= 0) { throw ValidationError("--translate must be ≥ 0 pixels, got \(translate)") }
        if let scale, !(scale >= 1) { throw ValidationError("--scale must be ≥ 1 (the range is 1/MAX…MAX), got \(scale)") }
        if let stretch, !(stretch >= 1) { throw ValidationError("--stretch must be ≥ 1 (the range is 1/MAX…MAX), got \(stretch)") }
        if let shear, !(shear >= 0 && shear < 90) { throw ValidationError("--shear must be in 0…90 degrees, got \(shear)") }
        for (name, p) in [("--flip", flip), ("--vflip", vflip)] {
            if let p, !(0...1).contains(p) { throw ValidationError("\(name) is a probability in 0…1, got \(p)") }
        }
        guard (0...1).contains(borderValue) else { throw ValidationError("--border-value must be in 0…1, got \(borderValue)") }
    }

    /// "MIN:MAX" or a single value, as a distribution.
    static func range(_ text: String, flag: String) throws -> Distribution {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).compactMap { Double($0) }
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false).count
        guard parts.count == pieces, parts.allSatisfy(\.isFinite), let low = parts.first, let high = parts.last,
            parts.count <= 2, low <= high
        else {
            throw ValidationError("\(flag) takes MIN:MAX with MIN ≤ MAX (or one number), got '\(text)'")
        }
        return low == high ? .constant(low) : .uniform(low, high)
    }

    /// The preset named `preset` with every given range flag applied.
    func makePolicy(preset: String) throws -> AugmentationPolicy {
        var policy = try AugmentationPolicy.preset(named: preset)
        if let rotate { policy = policy.overriding(AugmentationStep(.rotation(degrees: try Self.range(rotate, flag: "--rotate")))) }
        if let translate {
            policy = policy.overriding(AugmentationStep(.translation(x: .symmetric(translate), y: .symmetric(translate))))
        }
        if let scale { policy = policy.overriding(AugmentationStep(.scaling(.reciprocal(scale)))) }
        if let stretch { policy = policy.overriding(AugmentationStep(.stretch(.reciprocal(stretch)))) }
        if let shear { policy = policy.overriding(AugmentationStep(.shearX(degrees: .symmetric(shear)))) }
        if let flip { policy = policy.overriding(AugmentationStep(.horizontalFlip, probability: flip)) }
        if let vflip { policy = policy.overriding(AugmentationStep(.verticalFlip, probability: vflip)) }
        switch interpolation {
        case .nearest: policy.interpolation = .nearest
        case .bilinear: policy.interpolation = .bilinear
        case .bicubic: policy.interpolation = .bicubic
        }
        switch border {
        case .constant: policy.border = .constant(borderValue)
        case .replicate: policy.border = .replicate
        case .reflect: policy.border = .reflect
        case .reflect101: policy.border = .reflect101
        case .wrap: policy.border = .wrap
        }
        try policy.validate()
        return policy
    }
}
