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
                [
                    .conv2D(outputChannels: outputChannels, kernelSize: 1, stride: stride, padding: 0, bias: false),
                    .batchNorm(),
                ],
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
        let (m, k, y) = (UncheckedSendable(mainOutput.pointer), UncheckedSendable(skip), UncheckedSendable(output))
        let size = outputShape.elementCount
        BatchPartition.forEachGroup(
            batchSize: batchSize, threads: context.threads, workPerSample: outputShape.elementCount
        ) { _, samples in
            for i in samples.lowerBound * size..<samples.upperBound * size {
                y.value[i] = Swift.max(0, m.value[i] + k.value[i])
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        let count = batchSize * outputShape.elementCount
        sumGradient.reserve(count)
        let g = sumGradient.pointer
        let (y, dy, gs) = (UncheckedSendable(output), UncheckedSendable(outputGradient), UncheckedSendable(g))
        let size = outputShape.elementCount
        BatchPartition.forEachGroup(
            batchSize: batchSize, threads: context.threads, workPerSample: outputShape.elementCount
        ) { _, samples in
            for i in samples.lowerBound * size..<samples.upperBound * size {
                let gradient = dy.value[i]
                gs.value[i] = y.value[i] > 0 ? gradient : 0
            }
        }
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
                add(skipGradient, to: inputGradient, batchSize: batchSize, threads: context.threads)
            }
        } else if let inputGradient {
            add(g, to: inputGradient, batchSize: batchSize, threads: context.threads)
        }
    }

    /// `destination += source` over a batch of inputs, spread over the batch partition.
    private func add(
        _ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, batchSize: Int, threads: Int
    ) {
        let (s, d) = (UncheckedSendable(source), UncheckedSendable(destination))
        let size = inputShape.elementCount
        BatchPartition.forEachGroup(batchSize: batchSize, threads: threads, workPerSample: outputShape.elementCount) {
            _, samples in
            for i in samples.lowerBound * size..<samples.upperBound * size { d.value[i] += s.value[i] }
        }
    }
}
