import XCTest

@testable import FoveaNN

final class FoldedConvolutionTests: XCTestCase {
    typealias Shape = (
        channels: Int, height: Int, width: Int, outputs: Int, kernel: Int, stride: Int, padding: Int, relu: Bool
    )

    /// Shapes that reach every branch of the direct kernel: 16-wide rows (32, 16), the two-row vectors of an
    /// 8-wide output (even and odd height), masked tails (4, 5, and 20 = 16 + 4 columns), strides 1 and 2 (phase-split
    /// padding), kernels 1, 3 and 5, and output channel counts that are not multiples of 16 (5, 20). The last shape
    /// (50 columns, stride 2) reaches the scratch fill's 32-, 16- and 1-column stride-2 paths, and its 10 output
    /// vectors per plane end in a group of 2; the output channel counts give blocks of 2 to 6 channels.
    private let shapes: [Shape] =
        [
            (3, 32, 32, 16, 3, 1, 1, true), (16, 16, 16, 32, 3, 2, 1, false), (5, 8, 8, 20, 3, 1, 1, true),
            (4, 9, 7, 5, 1, 2, 0, false), (2, 12, 20, 3, 5, 1, 2, true), (6, 7, 8, 17, 3, 1, 1, false),
            (3, 10, 10, 8, 3, 2, 1, true), (3, 9, 50, 2, 3, 2, 1, true),
        ]

    /// A convolution + BatchNorm (+ ReLU) at inference, folded, on the direct kernel and on im2col + GEMM,
    /// against the unfolded formula γ·(W∗x + b − μ)/√(σ² + ε) + β worked out here in Double.
    ///
    /// Both float paths round W·s and β − s·μ once and then sum up to 16·3·3 = 144 products in float, in different
    /// orders (the direct kernel tap by tap with fused multiply-adds, the GEMM in OpenBLAS's blocking); measured
    /// worst error over these shapes 3.9e-7 of the largest output on either path (about 3 ulps; per shape
    /// 0.7–3.9e-7 direct, 0.7–3.9e-7 GEMM). Bound: 2e-6.
    func testDirectAndGEMMPathsMatchADoubleReference() throws {
        let saved = FoldedConvolution.allowsDirectKernel
        defer { FoldedConvolution.allowsDirectKernel = saved }
        for (index, s) in shapes.enumerated() {
            let network = try Sequential(
                [
                    .conv2D(
                        outputChannels: s.outputs, kernelSize: s.kernel, stride: s.stride, padding: s.padding,
                        bias: true),
                    .batchNorm(),
                ] + (s.relu ? [.activation(.relu)] : []),
                inputShape: [s.channels, s.height, s.width], seed: UInt64(index))
            randomizeParameters(network.parameters, seed: UInt64(100 + index))
            let input = randomTensor([3, s.channels, s.height, s.width], seed: UInt64(200 + index))
            let reference = try referenceOutput(network, input: input, shape: s)
            let scale = reference.map { abs($0) }.max() ?? 1
            for direct in [true, false] {
                FoldedConvolution.allowsDirectKernel = direct
                let output = try network.forward(input, context: PassContext(threads: 1)).scalars
                XCTAssertEqual(output.count, reference.count)
                let error = zip(output, reference).map { abs(Double($0) - $1) }.max() ?? 0
                XCTAssertLessThan(error / scale, 2e-6, "shape \(s), direct \(direct)")
            }
        }
    }

    /// Folded inference of ResNet-small, batch 20 (three groups of the batch partition, each thread taking
    /// whole groups), gives the same bits at 1, 2 and 3 threads on the direct kernel and on im2col + GEMM.
    func testInferenceBitsDoNotDependOnThreads() throws {
        let (savedDirect, savedWork) = (FoldedConvolution.allowsDirectKernel, BatchPartition.minimumParallelWork)
        BatchPartition.minimumParallelWork = 1
        defer {
            FoldedConvolution.allowsDirectKernel = savedDirect
            BatchPartition.minimumParallelWork = savedWork
        }
        let model = try Model(architecture: .resnetSmall, seed: 5)
        randomizeParameters(model.parameters, seed: 6)
        let input = randomTensor([20, 3, 32, 32], seed: 7)
        for direct in [true, false] {
            FoldedConvolution.allowsDirectKernel = direct
            let one = try model(input, threads: 1).scalars
            XCTAssertEqual(try model(input, threads: 2).scalars, one, "direct \(direct)")
            XCTAssertEqual(try model(input, threads: 3).scalars, one, "direct \(direct)")
        }
    }

    /// ResNet-small's residual blocks on the direct kernel give the same bits whether the first convolution
    /// writes into the second's padded scratch, the projection reads the first's, and a block writes its output
    /// into the next block's phase-split stride-2 scratch (no fills), or every convolution fills its own
    /// scratch and writes a dense output: the same sums in the same order.
    func testSharedScratchGivesTheSameBits() throws {
        let saved = ResidualBlock.allowsSharedScratch
        defer { ResidualBlock.allowsSharedScratch = saved }
        let model = try Model(architecture: .resnetSmall, seed: 8)
        randomizeParameters(model.parameters, seed: 9)
        let input = randomTensor([5, 3, 32, 32], seed: 10)
        ResidualBlock.allowsSharedScratch = false
        let separate = try model(input, threads: 1).scalars
        ResidualBlock.allowsSharedScratch = true
        XCTAssertEqual(try model(input, threads: 1).scalars, separate)
        XCTAssertEqual(try model(input, threads: 2).scalars, separate)
    }

    /// Every conv weight and bias, and every BatchNorm's γ, β and running statistics, set to seeded values.
    private func randomizeParameters(_ parameters: [Parameter], seed: UInt64) {
        var random = RandomStream(seed: seed)
        for parameter in parameters {
            let p = parameter.value.pointer
            for i in 0..<parameter.count {
                let u = Float(random.nextUnit())
                if parameter.name.hasSuffix(".gamma") {
                    p[i] = 0.5 + u
                } else if parameter.name.hasSuffix(".runningVariance") {
                    p[i] = 0.25 + 2 * u
                } else {
                    p[i] = u - 0.5
                }
            }
        }
    }

    /// γ·(W∗x + b − μ)/√(σ² + ε) + β (then max(0, ·)) from the network's own parameters, in Double.
    private func referenceOutput(
        _ network: Sequential, input: Tensor,
        shape s: Shape
    ) throws -> [Double] {
        let values = network.parameters.map { $0.value.array().map(Double.init) }
        let (w, b, gamma, beta, mean, variance) = (values[0], values[1], values[2], values[3], values[4], values[5])
        let epsilon = try XCTUnwrap(network.layers[1] as? BatchNorm).epsilon
        let outputHeight = (s.height + 2 * s.padding - s.kernel) / s.stride + 1
        let outputWidth = (s.width + 2 * s.padding - s.kernel) / s.stride + 1
        let x = input.scalars.map(Double.init)
        var result: [Double] = []
        for n in 0..<input.batchSize {
            for o in 0..<s.outputs {
                let scale = gamma[o] / (variance[o] + Double(epsilon)).squareRoot()
                for oy in 0..<outputHeight {
                    for ox in 0..<outputWidth {
                        var sum = b[o]
                        for c in 0..<s.channels {
                            for ky in 0..<s.kernel {
                                for kx in 0..<s.kernel {
                                    let iy = oy * s.stride - s.padding + ky
                                    let ix = ox * s.stride - s.padding + kx
                                    guard iy >= 0, iy < s.height, ix >= 0, ix < s.width else { continue }
                                    let weight = w[((o * s.channels + c) * s.kernel + ky) * s.kernel + kx]
                                    sum += weight * x[((n * s.channels + c) * s.height + iy) * s.width + ix]
                                }
                            }
                        }
                        let y = (sum - mean[o]) * scale + beta[o]
                        result.append(s.relu ? max(0, y) : y)
                    }
                }
            }
        }
        return result
    }
}
