import Foundation

extension RandomStream {
    /// A Gamma(`shape`, 1) draw (density x^(k−1)·e^(−x)/Γ(k) for x > 0; mean k, variance k).
    ///
    /// Marsaglia & Tsang (2000), "A simple method for generating gamma variables": for k ≥ 1, with
    /// d = k − 1/3 and c = 1/√(9d), draw x ~ N(0, 1) and u ~ U(0, 1) until v = (1 + c·x)³ > 0 and
    /// u < 1 − 0.0331·x⁴ (the squeeze) or log u < x²/2 + d·(1 − v + log v); the result is d·v. For k < 1,
    /// Gamma(k) = Gamma(k + 1)·U^(1/k). The number of values drawn varies (rejections), but the result is a pure
    /// function of the stream's key and position, as every draw of the stream.
    /// - Precondition: `shape` is finite and > 0.
    public mutating func gamma(shape: Double) -> Double {
        exp(logGamma(shape: shape))
    }

    /// A Beta(`a`, `b`) draw in [0, 1] (mean a/(a + b), variance ab/((a + b)²(a + b + 1))), as X/(X + Y) with
    /// X ~ Gamma(a), Y ~ Gamma(b), computed from log X and log Y so that small shapes (draws near 0 and 1, where
    /// X and Y underflow) stay exact: the result is 1/(1 + e^(log Y − log X)).
    /// - Precondition: `a` and `b` are finite and > 0.
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        let logX = logGamma(shape: a)
        let logY = logGamma(shape: b)
        return 1 / (1 + exp(logY - logX))
    }

    /// log of a Gamma(`shape`, 1) draw (see ``gamma(shape:)``), finite even when the draw underflows a Double.
    mutating func logGamma(shape: Double) -> Double {
        precondition(shape.isFinite && shape > 0, "the Gamma shape must be finite and above 0, not \(shape)")
        guard shape >= 1 else {
            let u = 1 - nextUnit()  // (0, 1]: log u is finite
            return logGamma(shape: shape + 1) + log(u) / shape
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1 - nextUnit()
            if u < 1 - 0.0331 * (x * x) * (x * x) { return log(d * v) }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return log(d * v) }
        }
    }
}
