import XCTest

@testable import FoveaNN

final class SequentialTests: XCTestCase {
    func testLayersAreNamedByKindAndChained() throws {
        let network = try Sequential(
            [
                .conv2D(outputChannels: 2, kernelSize: 3), .activation(.tanh), .flatten, .dense(outputs: 3),
                .activation(.tanh),
            ],
            inputShape: [1, 5, 5], seed: 2)
        XCTAssertEqual(network.layers.map(\.name), ["conv1", "tanh1", "flatten1", "dense1", "tanh2"])
        XCTAssertEqual(network.outputShape, [3])
        XCTAssertEqual(network.parameters.map(\.name), ["conv1.weight", "conv1.bias", "dense1.weight", "dense1.bias"])
        try checkGradients(of: network, input: randomTensor([3, 1, 5, 5], seed: 14))
    }

    func testFlattenKeepsNCHWOrder() throws {
        let layer = try makeLayer(.flatten, inputShape: [2, 1, 2])
        let input = try Tensor(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4])
        let output = try layer.forward(input)
        XCTAssertEqual(output.shape, [1, 4])
        XCTAssertEqual(output.scalars, [1, 2, 3, 4])
    }

    func testWrongInputShapeIsATypedError() throws {
        let network = try Sequential([.flatten], inputShape: [1, 4, 4])
        XCTAssertThrowsError(try network.forward(Tensor(shape: [2, 1, 5, 5]))) { error in
            guard case .layerInputMismatch = error as? NNError else { return XCTFail("\(error)") }
        }
    }

    /// Largest |folded − unfolded| relative to the largest |unfolded| output, at inference.
    private func foldingError(
        _ network: Sequential, input: Tensor, threads: Int
    ) throws -> (error: Float, folded: [Float]) {
        var unfolded = PassContext(threads: threads)
        unfolded.foldsBatchNorm = false
        let reference = try network.forward(input, context: unfolded).scalars
        let folded = try network.forward(input, context: PassContext(threads: threads)).scalars
        let scale = reference.map { abs($0) }.max() ?? 1
        let error = zip(folded, reference).map { abs($0 - $1) }.max() ?? 0
        return (error / Swift.max(scale, 1e-30), folded)
    }

    /// Gives every BatchNorm non-trivial statistics and affine parameters (seeded), so folding has work to do.
    private func randomizeBatchNorms(_ parameters: [Parameter], seed: UInt64) {
        var random = RandomStream(seed: seed)
        for parameter in parameters {
            let p = parameter.value.pointer
            for i in 0..<parameter.count {
                let u = Float(random.nextUnit())
                if parameter.name.hasSuffix(".gamma") { p[i] = 0.5 + u }
                if parameter.name.hasSuffix(".beta") || parameter.name.hasSuffix(".runningMean") { p[i] = u - 0.5 }
                if parameter.name.hasSuffix(".runningVariance") { p[i] = 0.25 + 2 * u }
            }
        }
    }

    func testFoldedBatchNormInferenceMatchesTheUnfoldedLayers() throws {
        // Folding rounds W·s and β − s·μ once instead of rounding (W∗x − μ)·s + β per output, and on AVX-512
        // machines the folded convolutions run on the direct kernel (taps summed in another order than
        // im2col + GEMM), so the outputs differ by a few float ulps of the largest one: measured 3.1e-7
        // (ResNet-small, through 7 folded pairs; 2.1e-7 with GEMM) and 4.5e-7 (one biased pair; 3.6e-7 with
        // GEMM), i.e. 3–4 ulps (1 ulp = 1.19e-7 relative). Bound: 2e-6. The folded result must not depend on
        // the thread count (FoldedConvolutionTests checks that over several groups).
        let model = try Model(architecture: .resnetSmall, seed: 3)
        randomizeBatchNorms(model.parameters, seed: 4)
        let input = randomTensor([5, 3, 32, 32], seed: 5)
        let one = try foldingError(model.network, input: input, threads: 1)
        let two = try foldingError(model.network, input: input, threads: 2)
        XCTAssertLessThan(one.error, 2e-6)
        XCTAssertEqual(one.folded, two.folded, "folded inference must not depend on threads")
        // A biased convolution, BatchNorm, no ReLU (the bias term and the no-ReLU epilogue).
        let network = try Sequential(
            [.conv2D(outputChannels: 4, kernelSize: 3, padding: 1), .batchNorm(), .activation(.tanh)],
            inputShape: [2, 6, 6], seed: 6)
        randomizeBatchNorms(network.parameters, seed: 7)
        network.parameters[1].value.pointer.update(repeating: 0.25, count: 4)  // conv1.bias
        let small = try foldingError(network, input: randomTensor([3, 2, 6, 6], seed: 8), threads: 1)
        XCTAssertLessThan(small.error, 2e-6)
    }
}
