import Foundation

/// How one random parameter of an augmentation is drawn.
public enum Distribution: Sendable, Hashable, CustomStringConvertible {
    /// Always this value (no random draw).
    case constant(Double)
    /// Uniform on [lower, upper): `lower + (upper − lower)·u`, one draw.
    case uniform(Double, Double)
    /// Log-uniform on [lower, upper) with 0 < lower ≤ upper: `exp(U(ln lower, ln upper))`, one draw, so
    /// factors `1/k` and `k` are equally likely (the classic scale and stretch rule).
    case logUniform(Double, Double)

    /// `uniform(−magnitude, magnitude)`.
    public static func symmetric(_ magnitude: Double) -> Distribution { .uniform(-magnitude, magnitude) }

    /// `logUniform(1/factor, factor)` for a factor ≥ 1.
    public static func reciprocal(_ factor: Double) -> Distribution { .logUniform(1 / factor, factor) }

    /// One value drawn from `rng`.
    @inline(__always)
    public func sample(using rng: inout RandomStream) -> Double {
        switch self {
        case .constant(let value): value
        case .uniform(let lower, let upper): rng.uniform(lower, upper)
        case .logUniform(let lower, let upper): exp(rng.uniform(log(lower), log(upper)))
        }
    }

    /// The smallest and largest values the distribution can give.
    public var bounds: ClosedRange<Double> {
        switch self {
        case .constant(let value): value...value
        case .uniform(let a, let b), .logUniform(let a, let b): min(a, b)...max(a, b)
        }
    }

    /// `U(a, b)`, `logU(a, b)` or the constant.
    public var description: String {
        switch self {
        case .constant(let value): "\(value)"
        case .uniform(let a, let b): "U(\(a), \(b))"
        case .logUniform(let a, let b): "logU(\(a), \(b))"
        }
    }
}
