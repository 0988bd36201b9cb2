import XCTest

@testable import FoveaNN

final class BatchNormTests: XCTestCase {
    func testTrainingNormalisesEachChannelOverBatchAndSpace() throws {
        let layer = try XCTUnwrap(
            try makeLayer(.batchNorm(momentum: 0.5, epsilon: 0), inputShape: [2, 1, 2]) as? BatchNorm)
        // Channel 0 holds 1, 3 / 5, 7 (mean 4, variance 5); channel 1 holds 10, 10 / 10, 14 (mean 11, variance 3).
        let input = try Tensor(shape: [2, 2, 1, 2], scalars: [1, 3, 10, 10, 5, 7, 10, 14])
        let output = try layer.forward(input, context: PassContext(isTraining: true))
        let s: Float = Float(5).squareRoot()
        let third: Float = 3 / s
        let first: Float = 1 / s
        let root3: Float = Float(3).squareRoot()
        let expected: [Float] = [-third, -first, -1 / root3, -1 / root3, first, third, -1 / root3, 3 / root3]
        for (a, b) in zip(output.scalars, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        // Running mean: 0.5·0 + 0.5·4; running variance: 0.5·1 + 0.5·(20/3) (unbiased).
        XCTAssertEqual(layer.runningMean.value.array(), [2, 5.5])
        let runningVariance: Float = 0.5 + 0.5 * 20 / 3
        XCTAssertEqual(layer.runningVariance.value.array()[0], runningVariance, accuracy: 1e-6)
        // Inference uses the running statistics.
        let inference = try layer.forward(input)
        XCTAssertEqual(inference.scalars[0], -1 / runningVariance.squareRoot(), accuracy: 1e-6)
    }

    func testGradientsMatchFiniteDifferences2D() throws {
        let layer = try makeLayer(.batchNorm(), inputShape: [3, 2, 3])
        if let bn = layer as? BatchNorm {
            try bn.gamma.setValues([1.5, -0.5, 0.8])
            try bn.beta.setValues([0.1, 0.2, -0.3])
        }
        try checkGradients(of: layer, input: randomTensor([4, 3, 2, 3], seed: 8), epsilon: 1e-2, tolerance: 5e-3)
        try checkGradients(of: layer, input: randomTensor([11, 3, 2, 3], seed: 9), epsilon: 1e-2, tolerance: 5e-3)
    }

    func testGradientsMatchFiniteDifferences1DAndInInference() throws {
        let layer = try makeLayer(.batchNorm(), inputShape: [5])
        try checkGradients(of: layer, input: randomTensor([6, 5], seed: 10), epsilon: 1e-2, tolerance: 5e-3)
        try checkGradients(of: layer, input: randomTensor([6, 5], seed: 11), context: PassContext(isTraining: false))
    }

    func testAFrozenLayerRunsInInferenceModeInTrainingPassesAndKeepsItsStatistics() throws {
        let layer = try XCTUnwrap(
            try makeLayer(.batchNorm(momentum: 0.5, epsilon: 0), inputShape: [2, 1, 2]) as? BatchNorm)
        try layer.runningMean.setValues([2, 5.5])
        try layer.runningVariance.setValues([4, 9])
        try layer.gamma.setValues([3, -1])
        try layer.beta.setValues([1, 2])
        for parameter in layer.parameters { parameter.isFrozen = true }
        let statistics = (layer.runningMean.value.array(), layer.runningVariance.value.array())
        let input = try Tensor(shape: [2, 2, 1, 2], scalars: [1, 3, 10, 10, 5, 7, 10, 14])
        let output = try layer.forward(input, context: PassContext(isTraining: true))
        // y = γ·(x − μ)/σ + β with the running μ, σ: channel 0 is 3·(x − 2)/2 + 1, channel 1 is −(x − 5.5)/3 + 2.
        let expected: [Float] = [-0.5, 2.5, 0.5, 0.5, 5.5, 8.5, 0.5, -0.8333333]
        for (a, b) in zip(output.scalars, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        XCTAssertEqual(layer.runningMean.value.array(), statistics.0, "running mean unchanged, bit for bit")
        XCTAssertEqual(layer.runningVariance.value.array(), statistics.1, "running variance unchanged, bit for bit")
        // The gradients are those of that affine map: ∂L/∂x = γ/σ · ∂L/∂y.
        let gradient = try layer.gradients(
            input: input, outputGradient: Tensor(shape: [2, 2, 1, 2], repeating: 1),
            context: PassContext(isTraining: true))
        let slopes: [Float] = [1.5, 1.5, -1 / 3, -1 / 3, 1.5, 1.5, -1 / 3, -1 / 3]
        for (a, b) in zip(gradient.scalars, slopes) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        try checkGradients(
            of: layer, input: randomTensor([4, 2, 1, 2], seed: 12), context: PassContext(isTraining: true))
        XCTAssertEqual(layer.runningMean.value.array(), statistics.0)
        XCTAssertEqual(layer.runningVariance.value.array(), statistics.1)
    }
}
