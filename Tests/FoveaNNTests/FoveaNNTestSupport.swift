import XCTest

@testable import FoveaNN

/// A deterministic tensor of standard-normal draws (or of values kept at least `margin` away from zero,
/// so finite differences never straddle a ReLU kink).
func randomTensor(_ shape: [Int], seed: UInt64, margin: Float = 0) -> Tensor {
    var random = RandomStream(seed: seed, 7)
    return Tensor(shape: shape) { _ in
        let value = Float(random.normal())
        guard margin > 0 else { return value }
        return value >= 0 ? value + margin : value - margin
    }
}

/// Distinct values spaced 0.05 apart in a seeded random order (max pooling never sees near-ties).
func distinctTensor(_ shape: [Int], seed: UInt64) -> Tensor {
    let count = shape.reduce(1, *)
    var random = RandomStream(seed: seed, 11)
    var values = (0..<count).map { Float($0) * 0.05 - Float(count) * 0.025 }
    values.shuffle(using: &random)
    return Tensor(uncheckedShape: shape, scalars: values)
}

/// Σ r ⊙ y in Double: the scalar whose gradient with respect to the output is `r`.
func weightedSum(_ output: Tensor, _ weights: Tensor) -> Double {
    zip(output.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// Compares the analytic gradients of `layer` (input and every trainable parameter) with central finite
/// differences of L = Σ r ⊙ layer(x), on up to `probes` coordinates per tensor.
func checkGradients(
    of layer: any Layer, input: Tensor, context: PassContext = PassContext(isTraining: true), epsilon: Float = 1e-2,
    tolerance: Double = 2e-3, probes: Int = 24, file: StaticString = #filePath, line: UInt = #line
) throws {
    let output = try layer.forward(input, context: context)
    let r = randomTensor(output.shape, seed: 99)
    let inputGradient = try layer.gradients(input: input, outputGradient: r, context: context)
    let parameterGradients = layer.parameters.filter { $0.role == .trainable }.map(\.gradientTensor)

    func loss(_ x: Tensor) throws -> Double { weightedSum(try layer.forward(x, context: context), r) }
    func compare(_ analytic: Float, _ numeric: Double, _ what: String) {
        let scale = max(1, abs(numeric), Double(abs(analytic)))
        XCTAssertLessThanOrEqual(
            abs(Double(analytic) - numeric) / scale, tolerance,
            "\(layer.name) \(what): analytic \(analytic) numeric \(numeric)",
            file: file, line: line)
    }
    let stride = max(1, input.count / probes)
    for i in Swift.stride(from: 0, to: input.count, by: stride) {
        var plus = input
        var minus = input
        plus.scalars[i] += epsilon
        minus.scalars[i] -= epsilon
        let numeric = (try loss(plus) - loss(minus)) / Double(2 * epsilon)
        compare(inputGradient.scalars[i], numeric, "∂L/∂x[\(i)]")
    }
    for (parameter, gradient) in zip(layer.parameters.filter { $0.role == .trainable }, parameterGradients) {
        let original = parameter.value.array()
        let stride = max(1, parameter.count / probes)
        for i in Swift.stride(from: 0, to: parameter.count, by: stride) {
            parameter.value.pointer[i] = original[i] + epsilon
            let up = try loss(input)
            parameter.value.pointer[i] = original[i] - epsilon
            let down = try loss(input)
            parameter.value.pointer[i] = original[i]
            compare(gradient.scalars[i], (up - down) / Double(2 * epsilon), "∂L/∂\(parameter.name)[\(i)]")
        }
    }
}

/// Builds one layer from a spec for a per-sample input shape.
func makeLayer(_ spec: LayerSpec, inputShape: [Int], seed: UInt64 = 1) throws -> any Layer {
    try spec.makeLayer(name: spec.kind + "1", inputShape: inputShape, random: RandomStream(seed: seed))
}

/// The repository root (Tests/FoveaNNTests/File.swift minus three components).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
