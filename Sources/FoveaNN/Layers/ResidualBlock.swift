/// A basic residual block (He et al. 2016): y = ReLU(F(x) + skip(x)).
///
/// F is conv 3×3 (stride S, padding 1, no bias) → BatchNorm → ReLU → conv 3×3 (padding 1, no bias) →
/// BatchNorm. The skip is the identity when the shape is unchanged, otherwise a 1×1 stride-S convolution
/// followed by BatchNorm (the projection shortcut). Backward: with g = ∂L/∂y masked by y > 0,
/// ∂L/∂x = ∂F/∂xᵀ·g + ∂skip/∂xᵀ·g.
final class ResidualBlock: Layer {
    let name: String
    let spec: LayerSpec
    let inputShape: [Int]
    let outputShape: [Int]
    let main: Sequential
    let projection: Sequential?
    private let mainOutput = FloatBuffer(count: 0)
    private let skipOutput = FloatBuffer(count: 0)
    private let sumGradient = FloatBuffer(count: 0)
    private let skipInputGradient = FloatBuffer(count: 0)

    init(name: String, outputChannels: Int, stride: Int, inputShape: [Int], random: RandomStream) throws {
        self.name = name
        self.spec = .residual(outputChannels: outputChannels, stride: stride)
        self.inputShape = inputShape
        main = try Sequential(
            [
                .conv2D(outputChannels: outputChannels, kernelSize: 3, stride: stride, padding: 1, bias: false),
                .batchNorm(), .activation(.relu),
                .conv2D(outputChannels: outputChannels, kernelSize: 3, stride: 1, padding: 1, bias: false),
                .batchNorm(),
            ], inputShape: inputShape, name: name + ".main", seed: random.substream(0).key)
        outputShape = main.outputShape
        projection =
            outputShape == inputShape
            ? nil
            : try Sequential(
                [.conv2D(outputChannels: outputChannels, kernelSize: 1, stride: stride, padding: 0, bias: false), .batchNorm()],
                inputShape: inputShape, name: name + ".projection", seed: random.substream(1).key)
    }

    var parameters: [Parameter] { main.parameters + (projection?.parameters ?? []) }

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        let count = batchSize * outputShape.elementCount
        mainOutput.reserve(count)
        main.forward(input, into: mainOutput.pointer, batchSize: batchSize, context: context)
        var skip = input
        if let projection {
            skipOutput.reserve(count)
            projection.forward(input, into: skipOutput.pointer, batchSize: batchSize, context: context)
            skip = UnsafePointer(skipOutput.pointer)
        }
        let m = mainOutput.pointer
        for i in 0..<count { output[i] = Swift.max(0, m[i] + skip[i]) }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        let count = batchSize * outputShape.elementCount
        sumGradient.reserve(count)
        let g = sumGradient.pointer
        for i in 0..<count { g[i] = output[i] > 0 ? outputGradient[i] : 0 }
        main.backward(
            input: input, output: mainOutput.pointer, outputGradient: g, inputGradient: inputGradient,
            batchSize: batchSize, context: context)
        let inputCount = batchSize * inputShape.elementCount
        if let projection {
            var skipGradient: UnsafeMutablePointer<Float>? = nil
            if inputGradient != nil {
                skipInputGradient.reserve(inputCount)
                skipGradient = skipInputGradient.pointer
            }
            projection.backward(
                input: input, output: skipOutput.pointer, outputGradient: g, inputGradient: skipGradient,
                batchSize: batchSize, context: context)
            if let inputGradient, let skipGradient {
                for i in 0..<inputCount { inputGradient[i] += skipGradient[i] }
            }
        } else if let inputGradient {
            for i in 0..<inputCount { inputGradient[i] += g[i] }
        }
    }
}
