import Foundation

/// The operations of torchvision's `RandAugment` and `TrivialAugmentWide`, with their magnitude bins.
///
/// Both pick one op uniformly from the list; a signed op's magnitude is negated with probability ½. RandAugment
/// does it `N` times with the fixed bin `M`; TrivialAugmentWide once, with a bin drawn uniformly from the 31.
/// Magnitudes over the bins are `linspace(0, top, 31)` (or the tables below):
///
/// | op | RandAugment top | TrivialAugmentWide top | signed | applied as |
/// |---|---|---|---|---|
/// | identity | – | – | – | nothing |
/// | shearX, shearY | 0.3 | 0.99 | yes | shear of slope m about the top-left corner |
/// | translateX, translateY | 150/331 of the width / height | 32 px | yes | shift by `Int(m)` pixels |
/// | rotate | 30° | 135° | yes | rotation by m degrees about the centre |
/// | brightness, color, contrast, sharpness | 0.9 | 0.99 | yes | factor 1 + m |
/// | posterize | `8 − round(b / 7.5)` bits | `8 − round(b / 5)` bits | no | ``PhotometricAdjustment/posterize(bits:)`` |
/// | solarize | `linspace(255, 0, 31)` | same | no | threshold m / 255 |
/// | autocontrast, equalize | – | – | no | ``PhotometricAdjustment/autocontrast``, ``PhotometricAdjustment/equalize`` |
///
/// Where Fovea differs: the geometric ops compose into the one warp of the record (torchvision resamples
/// after each), and the colour ops run after it in the order drawn; so geometry always comes first.
public enum AutoAugmentOperation: String, Sendable, Hashable, Codable, CaseIterable {
    case identity, shearX, shearY, translateX, translateY, rotate, brightness, color, contrast, sharpness
    case posterize, solarize, autocontrast, equalize

    /// Whether the magnitude's sign is drawn.
    var isSigned: Bool {
        switch self {
        case .shearX, .shearY, .translateX, .translateY, .rotate, .brightness, .color, .contrast, .sharpness: true
        default: false
        }
    }

    /// The magnitude of bin `bin` (0…bins − 1) for a `width × height` image, RandAugment's table or
    /// TrivialAugmentWide's.
    func magnitude(bin: Int, bins: Int, wide: Bool, width: Int, height: Int) -> Double {
        let t = bins > 1 ? Double(bin) / Double(bins - 1) : 0
        switch self {
        case .identity, .autocontrast, .equalize: return 0
        case .shearX, .shearY: return t * (wide ? 0.99 : 0.3)
        case .translateX: return t * (wide ? 32 : 150.0 / 331.0 * Double(width))
        case .translateY: return t * (wide ? 32 : 150.0 / 331.0 * Double(height))
        case .rotate: return t * (wide ? 135 : 30)
        case .brightness, .color, .contrast, .sharpness: return t * (wide ? 0.99 : 0.9)
        case .posterize:
            // torch.round rounds half to even.
            let divisor = Double(bins - 1) / (wide ? 6 : 4)
            return 8 - (Double(bin) / divisor).rounded(.toNearestOrEven)
        case .solarize: return 255 * (1 - t)
        }
    }
}

extension AugmentationParameters {
    /// Draws one op of RandAugment (`wide == false`, bin `magnitudeBin`) or TrivialAugmentWide (bin drawn) and
    /// folds it into the record.
    mutating func drawAutoAugment(
        magnitudeBin: Int?, bins: Int, wide: Bool, about center: ImagePoint, using rng: inout RandomStream
    ) {
        let all = AutoAugmentOperation.allCases
        let op = all[rng.integer(below: all.count)]
        let bin = magnitudeBin ?? rng.integer(below: bins)
        var m = op.magnitude(
            bin: min(max(bin, 0), bins - 1), bins: bins, wide: wide, width: inputWidth, height: inputHeight)
        if op.isSigned && rng.integer(below: 2) == 1 { m = -m }
        let corner = ImagePoint(x: -0.5, y: -0.5)
        switch op {
        case .identity: break
        case .shearX:
            let degrees = atan(m) * 180 / .pi
            shearXDegrees += degrees
            transform = transform.then(.shear(xDegrees: degrees, about: corner))
        case .shearY:
            let degrees = atan(m) * 180 / .pi
            shearYDegrees += degrees
            transform = transform.then(.shear(yDegrees: degrees, about: corner))
        case .translateX:
            let dx = m.rounded(.towardZero)
            translationX += dx
            transform = transform.then(.translation(x: dx, y: 0))
        case .translateY:
            let dy = m.rounded(.towardZero)
            translationY += dy
            transform = transform.then(.translation(x: 0, y: dy))
        case .rotate:
            rotationDegrees += m
            transform = transform.then(.rotation(degrees: m, about: center))
        case .brightness: photometric.append(.brightness(factor: 1 + m))
        case .color: photometric.append(.saturation(factor: 1 + m))
        case .contrast: photometric.append(.contrast(factor: 1 + m))
        case .sharpness: photometric.append(.sharpness(factor: 1 + m))
        case .posterize: photometric.append(.posterize(bits: Int(m)))
        case .solarize: photometric.append(.solarize(threshold: m / 255))
        case .autocontrast: photometric.append(.autocontrast)
        case .equalize: photometric.append(.equalize)
        }
    }
}
