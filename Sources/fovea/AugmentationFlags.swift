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

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Random resized crop to WxH pixels, drawn first (torchvision RandomResizedCrop, then the antialiased resize).",
            valueName: "wxh"))
    var randomResizedCrop: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "With --random-resized-crop: area fraction of the crop, uniform in MIN…MAX within (0, 1] (default 0.08:1).",
            valueName: "min:max"))
    var cropScale: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "With --random-resized-crop: aspect ratio width/height, log-uniform in MIN…MAX (default 0.75:1.3333).",
            valueName: "min:max"))
    var cropRatio: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Perspective distortion scale 0…1 on every image (torchvision RandomPerspective; composed with the affine steps into one warp).",
            valueName: "d"))
    var perspective: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Elastic distortion (Simard 2003), ALPHA:SIGMA in pixels, e.g. 34:4 for 28×28 digits; its own resampling after the warp.",
            valueName: "alpha:sigma"))
    var elastic: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Rotation in degrees, uniform in MIN…MAX (counter-clockwise positive), or one angle.", valueName: "min:max")
    )
    var rotate: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Translation, uniform in −PX…PX pixels in x and in y.", valueName: "px"))
    var translate: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Scale factor, log-uniform in 1/MAX…MAX (MAX ≥ 1).", valueName: "max"))
    var scale: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Stretch factor s, log-uniform in 1/MAX…MAX; x is scaled by s, y by 1/s.", valueName: "max"))
    var stretch: Double?

    @Option(
        parsing: .unconditional, help: ArgumentHelp("Shear along x, uniform in −DEG…DEG degrees.", valueName: "deg"))
    var shear: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Probability of a left–right flip.", valueName: "p"))
    var flip: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Probability of a top–bottom flip.", valueName: "p"))
    var vflip: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Brightness factor, uniform in MIN…MAX (torchvision/Pillow: v·f; 1 keeps the image).", valueName: "min:max")
    )
    var brightness: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Contrast factor about the mean luma, uniform in MIN…MAX (1 keeps the image).", valueName: "min:max"))
    var contrast: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Saturation factor towards grey, uniform in MIN…MAX (0 grey, 1 keeps the image).", valueName: "min:max"))
    var saturation: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Hue shift in turns of the colour circle, uniform in MIN…MAX within −0.5…0.5 (e.g. --hue -0.1:0.1).",
            valueName: "min:max"))
    var hue: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Gamma exponent, uniform in MIN…MAX (v' = max·(v/max)^γ; < 1 brightens).", valueName: "min:max"))
    var gamma: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Probability of converting to grey (BT.601 luma), keeping the channel count.", valueName: "p"))
    var grayscale: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Gaussian blur sigma in pixels, uniform in SMIN…SMAX (OpenCV's kernel, reflect-101 border).",
            valueName: "smin:smax"))
    var blur: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Gaussian noise standard deviation as a fraction of full scale (0.02 ≈ 5 levels of 8 bits), seeded.",
            valueName: "sigma"))
    var noise: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Re-encode as JPEG at a quality uniform over the whole numbers MIN…MAX (1…100).", valueName: "min:max"))
    var jpegQuality: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Probability of erasing a rectangle (torchvision RandomErasing: 2–33% of the area, aspect 0.3–3.3).",
            valueName: "p"))
    var erase: Double?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "What fills erased rectangles: a value 0 (black) to 1 (white), or 'random'.", valueName: "value"))
    var eraseValue: String = "0"

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "With the randaugment preset: ops drawn per image (torchvision's num_ops, default 2).", valueName: "n"))
    var raOps: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "With the randaugment preset: magnitude bin 0…30 (torchvision's magnitude, default 9).", valueName: "m"))
    var raMagnitude: Int?

    @Option(help: "Interpolation of the one resampling pass.")
    var interpolation: InterpolationName = .bilinear

    @Option(help: "What fills areas brought in from outside the image.")
    var border: BorderName = .constant

    @Option(help: "Value of the constant border, 0 (black) to 1 (white).")
    var borderValue: Double = 0
}

extension AugmentationFlags {
    func validate() throws {
        _ = try resizedCrop()
        if let perspective, !(perspective >= 0 && perspective <= 1) {
            throw ValidationError("--perspective is a distortion scale in 0…1, got \(perspective)")
        }
        _ = try elasticDistortion()
        if let rotate { _ = try Self.range(rotate, flag: "--rotate") }
        if let translate, !(translate >= 0) {
            throw ValidationError("--translate must be ≥ 0 pixels, got \(translate)")
        }
        if let scale, !(scale >= 1) {
            throw ValidationError("--scale must be ≥ 1 (the range is 1/MAX…MAX), got \(scale)")
        }
        if let stretch, !(stretch >= 1) {
            throw ValidationError("--stretch must be ≥ 1 (the range is 1/MAX…MAX), got \(stretch)")
        }
        if let shear, !(shear >= 0 && shear < 90) {
            throw ValidationError("--shear must be in 0…90 degrees, got \(shear)")
        }
        for (name, text) in [("--brightness", brightness), ("--contrast", contrast), ("--saturation", saturation)] {
            if let text, !(try Self.range(text, flag: name).bounds.lowerBound >= 0) {
                throw ValidationError("\(name) is a factor range with MIN ≥ 0, got '\(text)'")
            }
        }
        if let hue, !(-0.5...0.5).contains(try Self.range(hue, flag: "--hue").bounds) {
            throw ValidationError("--hue must stay within -0.5:0.5 (turns of the colour circle), got '\(hue)'")
        }
        if let gamma, !(try Self.range(gamma, flag: "--gamma").bounds.lowerBound > 0) {
            throw ValidationError("--gamma needs MIN > 0, got '\(gamma)'")
        }
        if let blur, !(try Self.range(blur, flag: "--blur").bounds.lowerBound >= 0) {
            throw ValidationError("--blur needs SMIN ≥ 0 pixels, got '\(blur)'")
        }
        if let noise, !(noise >= 0 && noise <= 1) {
            throw ValidationError("--noise must be in 0…1 (a fraction of full scale), got \(noise)")
        }
        if let jpegQuality {
            let bounds = try Self.range(jpegQuality, flag: "--jpeg-quality").bounds
            guard bounds.lowerBound >= 1, bounds.upperBound <= 100, bounds.lowerBound.rounded() == bounds.lowerBound,
                bounds.upperBound.rounded() == bounds.upperBound
            else {
                throw ValidationError("--jpeg-quality takes whole numbers MIN:MAX within 1…100, got '\(jpegQuality)'")
            }
        }
        _ = try erasingFill()
        if let raOps, !(0...100).contains(raOps) { throw ValidationError("--ra-ops must be 0…100, got \(raOps)") }
        if let raMagnitude, !(0...30).contains(raMagnitude) {
            throw ValidationError("--ra-magnitude is a bin in 0…30, got \(raMagnitude)")
        }
        for (name, p) in [("--flip", flip), ("--vflip", vflip), ("--grayscale", grayscale), ("--erase", erase)] {
            if let p, !(0...1).contains(p) { throw ValidationError("\(name) is a probability in 0…1, got \(p)") }
        }
        guard (0...1).contains(borderValue) else {
            throw ValidationError("--border-value must be in 0…1, got \(borderValue)")
        }
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

    /// `--random-resized-crop` with `--crop-scale` and `--crop-ratio`, or `nil` when not given.
    func resizedCrop() throws -> RandomResizedCrop? {
        guard let text = randomResizedCrop else {
            if cropScale != nil || cropRatio != nil {
                throw ValidationError(
                    "--crop-scale and --crop-ratio shape --random-resized-crop WxH; give that flag too")
            }
            return nil
        }
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...65_536).contains(w),
            (1...65_536).contains(h)
        else {
            throw ValidationError(
                "--random-resized-crop takes WxH with whole numbers 1…65536, e.g. 224x224; got '\(text)'")
        }
        var crop = RandomResizedCrop(width: w, height: h)
        if let cropScale {
            let bounds = try Self.range(cropScale, flag: "--crop-scale").bounds
            guard bounds.lowerBound > 0, bounds.upperBound <= 1 else {
                throw ValidationError("--crop-scale is an area fraction MIN:MAX within (0, 1], got '\(cropScale)'")
            }
            crop.scale = bounds
        }
        if let cropRatio {
            let bounds = try Self.range(cropRatio, flag: "--crop-ratio").bounds
            guard bounds.lowerBound > 0 else {
                throw ValidationError(
                    "--crop-ratio is an aspect ratio width/height MIN:MAX with MIN > 0, got '\(cropRatio)'")
            }
            crop.ratio = bounds
        }
        return crop
    }

    /// `--elastic ALPHA:SIGMA`, or `nil` when not given.
    func elasticDistortion() throws -> ElasticDistortion? {
        guard let elastic else { return nil }
        let parts = elastic.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard parts.count == 2, let alpha = parts[0], let sigma = parts[1], alpha.isFinite, sigma.isFinite,
            alpha >= 0, alpha <= 10_000, sigma > 0, sigma <= 1_000
        else {
            throw ValidationError(
                "--elastic takes ALPHA:SIGMA in pixels with ALPHA in 0…10000 and SIGMA in (0, 1000], e.g. 34:4; got '\(elastic)'"
            )
        }
        return ElasticDistortion(alpha: alpha, sigma: sigma)
    }

    /// `--erase-value` as a fill: a number in 0…1 or `random`.
    func erasingFill() throws -> ErasingFill {
        if eraseValue == "random" { return .random }
        guard let v = Double(eraseValue), (0...1).contains(v) else {
            throw ValidationError("--erase-value takes a number in 0…1 or 'random', got '\(eraseValue)'")
        }
        return .constant(v)
    }

    /// The preset named `preset` with every given range flag applied.
    func makePolicy(preset: String) throws -> AugmentationPolicy {
        var policy = try AugmentationPolicy.preset(named: preset)
        if raOps != nil || raMagnitude != nil {
            guard preset == "randaugment" else {
                throw ValidationError(
                    "--ra-ops and --ra-magnitude change the randaugment preset; the preset here is \(preset)")
            }
            policy = policy.overriding(
                AugmentationStep(.randAugment(operations: raOps ?? 2, magnitude: raMagnitude ?? 9, bins: 31)))
        }
        if let crop = try resizedCrop() { policy = policy.overriding(AugmentationStep(.resizedCrop(crop))) }
        if let rotate {
            policy = policy.overriding(AugmentationStep(.rotation(degrees: try Self.range(rotate, flag: "--rotate"))))
        }
        if let translate {
            policy = policy.overriding(
                AugmentationStep(.translation(x: .symmetric(translate), y: .symmetric(translate))))
        }
        if let scale { policy = policy.overriding(AugmentationStep(.scaling(.reciprocal(scale)))) }
        if let stretch { policy = policy.overriding(AugmentationStep(.stretch(.reciprocal(stretch)))) }
        if let shear { policy = policy.overriding(AugmentationStep(.shearX(degrees: .symmetric(shear)))) }
        if let flip { policy = policy.overriding(AugmentationStep(.horizontalFlip, probability: flip)) }
        if let vflip { policy = policy.overriding(AugmentationStep(.verticalFlip, probability: vflip)) }
        if let perspective { policy = policy.overriding(AugmentationStep(.perspective(distortion: perspective))) }
        if let elastic = try elasticDistortion() { policy = policy.overriding(AugmentationStep(.elastic(elastic))) }
        // Colour, then erasing: each flag's step lands at its canonical place after the geometry.
        if let brightness {
            policy = policy.overriding(AugmentationStep(.brightness(try Self.range(brightness, flag: "--brightness"))))
        }
        if let contrast {
            policy = policy.overriding(AugmentationStep(.contrast(try Self.range(contrast, flag: "--contrast"))))
        }
        if let saturation {
            policy = policy.overriding(AugmentationStep(.saturation(try Self.range(saturation, flag: "--saturation"))))
        }
        if let hue { policy = policy.overriding(AugmentationStep(.hue(try Self.range(hue, flag: "--hue")))) }
        if let gamma { policy = policy.overriding(AugmentationStep(.gamma(try Self.range(gamma, flag: "--gamma")))) }
        if let grayscale { policy = policy.overriding(AugmentationStep(.grayscale, probability: grayscale)) }
        if let blur {
            policy = policy.overriding(AugmentationStep(.gaussianBlur(sigma: try Self.range(blur, flag: "--blur"))))
        }
        if let noise {
            policy = policy.overriding(AugmentationStep(.gaussianNoise(standardDeviation: .constant(noise))))
        }
        if let jpegQuality {
            policy = policy.overriding(
                AugmentationStep(.jpegQuality(try Self.range(jpegQuality, flag: "--jpeg-quality"))))
        }
        if let erase {
            policy = policy.overriding(
                AugmentationStep(.erasing(RandomErasing(fill: try erasingFill())), probability: erase))
        }
        switch interpolation {
        case .nearest: policy.interpolation = .nearest
        case .bilinear: policy.interpolation = .bilinear
        case .bicubic: policy.interpolation = .bicubic
        }
        switch border {
        case .constant: policy.border = .constant(.normalized(borderValue))
        case .replicate: policy.border = .replicate
        case .reflect: policy.border = .reflect
        case .reflect101: policy.border = .reflect101
        case .wrap: policy.border = .wrap
        }
        try policy.validate()
        return policy
    }
}
