import Foundation

/// How a weight tensor is filled before training; every choice is seeded (see `fill(_:fanIn:fanOut:random:)`).
///
/// `fanIn` is the number of inputs feeding one output unit (`inputChannels / groups · kernelHeight ·
/// kernelWidth` for a convolution, `inputFeatures` for a dense layer) and `fanOut` the number of outputs one
/// input feeds (`outputChannels / groups · kernelHeight · kernelWidth`, `outputFeatures`).
public enum Initializer: Sendable, Codable, Equatable {
    /// All zeros.
    case zeros
    /// Uniform on [`lower`, `upper`).
    case uniform(lower: Float, upper: Float)
    /// Normal with mean 0 and standard deviation `standardDeviation`.
    case normal(standardDeviation: Float)
    /// Xavier/Glorot uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)).
    case xavierUniform
    /// Xavier/Glorot normal: N(0, 2 / (fanIn + fanOut)).
    case xavierNormal
    /// He/Kaiming uniform (for ReLU): U(−a, a) with a = √(6 / fanIn).
    case heUniform
    /// He/Kaiming normal (for ReLU): N(0, 2 / fanIn).
    case heNormal
    /// LeCun uniform: U(−a, a) with a = √(3 / fanIn).
    case lecunUniform
    /// LeCun normal: N(0, 1 / fanIn).
    case lecunNormal

    /// Fills `count` floats at `values` with draws from `random`, in order.
    func fill(_ values: UnsafeMutablePointer<Float>, count: Int, fanIn: Int, fanOut: Int, random: inout RandomStream) {
        let fanIn = Double(Swift.max(1, fanIn))
        let fanOut = Double(Swift.max(1, fanOut))
        func uniform(_ a: Double, _ b: Double, _ random: inout RandomStream) {
            for i in 0..<count { values[i] = Float(random.uniform(a, b)) }
        }
        func normal(_ sd: Double, _ random: inout RandomStream) {
            for i in 0..<count { values[i] = Float(random.normal() * sd) }
        }
        switch self {
        case .zeros: values.update(repeating: 0, count: count)
        case .uniform(let lower, let upper): uniform(Double(lower), Double(upper), &random)
        case .normal(let sd): normal(Double(sd), &random)
        case .xavierUniform:
            let a = (6 / (fanIn + fanOut)).squareRoot()
            uniform(-a, a, &random)
        case .xavierNormal: normal((2 / (fanIn + fanOut)).squareRoot(), &random)
        case .heUniform:
            let a = (6 / fanIn).squareRoot()
            uniform(-a, a, &random)
        case .heNormal: normal((2 / fanIn).squareRoot(), &random)
        case .lecunUniform:
            let a = (3 / fanIn).squareRoot()
            uniform(-a, a, &random)
        case .lecunNormal: normal((1 / fanIn).squareRoot(), &random)
        }
    }
}
