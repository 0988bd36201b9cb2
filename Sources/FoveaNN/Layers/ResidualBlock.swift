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
    /// Inference with BatchNorm folded: the block's three or four layers as folded convolutions, run one
    /// sample at a time (see `forwardInferenceGroup`); `nil` only if the main path is not the expected shape.
    private let inference: Inference?
    /// Per group: one sample's main-path middle activation and projected skip.
    private let sampleScratch = FloatBuffer(count: 0)

    private struct Inference {
        let first: FoldedConvolution
        let second: FoldedConvolution
        let projection: FoldedConvolution?
    }

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
        inference = Self.inference(main: main, projection: projection)
    }

    private static func inference(main: Sequential, projection: Sequential?) -> Inference? {
        let layers = main.layers
        guard layers.count == 5, let c1 = layers[0] as? Conv2D, let b1 = layers[1] as? BatchNorm,
            let c2 = layers[3] as? Conv2D, let b2 = layers[4] as? BatchNorm
        else { return nil }
        var folded: FoldedConvolution? = nil
        if let projection {
            guard projection.layers.count == 2, let pc = projection.layers[0] as? Conv2D,
                let pb = projection.layers[1] as? BatchNorm
            else { return nil }
            folded = FoldedConvolution(pc, pb, relu: false)
        }
        return Inference(
            first: FoldedConvolution(c1, b1, relu: true), second: FoldedConvolution(c2, b2, relu: true),
            projection: folded)
    }

    /// Whether the block can run folded inference (its layers have the shape the block builds).
    var foldsForInference: Bool { inference != nil }

    /// Whether an inference pass with folding runs the block sample by sample (`forwardInferenceGroup`).
    func runsFoldedInference(_ context: PassContext) -> Bool {
        inference != nil && !context.isTraining && context.foldsBatchNorm
    }

    /// Multiply-adds per sample of the folded inference pass.
    var inferenceWorkPerSample: Int {
        guard let inference else { return outputShape.elementCount }
        return inference.first.workPerSample + inference.second.workPerSample
            + (inference.projection?.workPerSample ?? 0)
    }

    /// Folds the current parameters and reserves the per-group buffers of `forwardInferenceGroup`.
    func prepareInference(batchSize: Int, context: PassContext) {
        guard let inference else { return }
        inference.first.prepareForward(batchSize: batchSize, context: context)
        inference.second.prepareForward(batchSize: batchSize, context: context)
        inference.projection?.prepareForward(batchSize: batchSize, context: context)
        sampleScratch.reserve(BatchPartition.groupCount(batchSize) * 2 * outputShape.elementCount)
    }

    /// Tests set it to `false` to run every folded convolution of a block with its own fill and a dense
    /// output (the same bits).
    nonisolated(unsafe) static var allowsSharedScratch = true

    /// Whether the block's convolutions share scratch (see `forwardInferenceGroup`); valid after
    /// `prepareInference`.
    private var sharesScratch: Bool {
        guard let inference, Self.allowsSharedScratch, inference.first.canWrite(into: inference.second) else {
            return false
        }
        return inference.projection?.canRead(scratchOf: inference.first) ?? true
    }

    /// Whether the identity skip is read from the first convolution's scratch (where the input was filled)
    /// rather than from the dense input; valid after `prepareInference`.
    private var readsSkipFromScratch: Bool {
        guard let inference, inference.projection == nil, sharesScratch else { return false }
        return inference.second.canReadResidual(fromScratchOf: inference.first)
    }

    /// The first convolution, when the block reads its input only through that convolution's scratch (shared
    /// scratch, and a projection skip or an identity skip read from that scratch): the step before may then
    /// write its output there instead (`forwardInferenceGroup`'s `next`, this block's `filled`). Valid after
    /// `prepareInference`.
    var inputScratch: FoldedConvolution? {
        guard let inference, sharesScratch, inference.projection != nil || readsSkipFromScratch else { return nil }
        return inference.first
    }

    /// The folded inference pass of one group, a sample at a time while it is in cache: the first
    /// convolution (+ ReLU) into scratch, the projection (if any) into scratch, then the second convolution
    /// with the skip added and the ReLU applied in its epilogue. The same arithmetic as the unfused folded
    /// layers, so the same bits. On the direct kernel copies are skipped: the first convolution writes
    /// straight into the padded scratch the second reads, and the projection reads the scratch the first
    /// convolution's fill made (its 1×1 taps are the centre taps of the 3×3 window), and an identity skip is
    /// read from that scratch too. With `filled`, the
    /// samples are already in `inputScratch` (written by the step before; `input` is not read); with `next`
    /// (the next block's `inputScratch`), the output goes into that scratch instead of `output`.
    func forwardInferenceGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        filled: Bool = false, next: FoldedConvolution? = nil
    ) {
        guard let inference else { return }
        let (first, second) = (inference.first, inference.second)
        let (inputSize, outputSize) = (inputShape.elementCount, outputShape.elementCount)
        let middle = sampleScratch.pointer + group * 2 * outputSize
        let projected = middle + outputSize
        let (shares, skipInScratch) = (sharesScratch, readsSkipFromScratch)
        for n in samples {
            let x = input + n * inputSize
            let y = output + n * outputSize
            guard shares else {
                first.forwardSample(group, input: x, output: middle, residual: nil, relu: true)
                var skip = x
                if let projection = inference.projection {
                    projection.forwardSample(group, input: x, output: projected, residual: nil, relu: false)
                    skip = UnsafePointer(projected)
                }
                second.forwardSample(group, input: UnsafePointer(middle), output: y, residual: skip, relu: true)
                continue
            }
            if !filled { first.fill(group, input: x) }
            first.forwardFilled(group, layout: first, residual: nil, relu: true, output: nil, next: second)
            var skip = x
            if let projection = inference.projection {
                projection.forwardFilled(
                    group, layout: first, residual: nil, relu: false, output: projected, next: nil)
                skip = UnsafePointer(projected)
            }
            second.forwardFilled(
                group, layout: second, residual: skip, residualLayout: skipInScratch ? first : nil, relu: true,
                output: y, next: next)
        }
    }

    /// Whether `forwardInferenceGroup` can write this block's output into `next` (a block's `inputScratch`).
    func canWriteOutput(into next: FoldedConvolution) -> Bool {
        guard let inference, sharesScratch else { return false }
        return inference.second.canWrite(into: next)
    }

    var parameters: [Parameter] { main.parameters + (projection?.parameters ?? []) }

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        if runsFoldedInference(context) {
            prepareInference(batchSize: batchSize, context: context)
            let (x, y) = (UncheckedSendable(input), UncheckedSendable(output))
            BatchPartition.forEachGroupOnDemand(
                batchSize: batchSize, threads: context.threads, workPerSample: inferenceWorkPerSample
            ) { group, samples in
                forwardInferenceGroup(group, samples: samples, input: x.value, output: y.value)
            }
            return
        }
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
