import Foundation

/// Layers applied one after the other; owns the buffers between them (activations and their gradients),
/// allocated for the largest batch seen and reused by every step.
public final class Sequential: Layer {
    /// The name prefix of the layers inside (empty for a model's top level).
    public let name: String
    /// The specs of the layers, in order.
    public let specs: [LayerSpec]
    /// `.sequential(specs)`.
    public var spec: LayerSpec { .sequential(specs) }
    /// The layers, in order.
    public let layers: [any Layer]
    /// The per-sample input shape.
    public let inputShape: [Int]
    /// The per-sample output shape of the last layer.
    public let outputShape: [Int]
    private let activations: [FloatBuffer]
    private let activationGradients: [FloatBuffer]
    private let stages: [Stage]
    /// The stages of an inference pass: like `stages`, with each convolution + BatchNorm (+ ReLU) folded
    /// into one groupwise step (``FoldedConvolution``).
    private let inferenceStages: [InferenceStage]

    /// How the layers are run: one at a time, or a stretch of groupwise layers group by group in one
    /// parallel region (see `GroupwiseLayer`).
    private enum Stage {
        case single(Int)
        case fused(Range<Int>, [any GroupwiseLayer])
    }

    private enum InferenceStage {
        case single(Int)
        /// Steps run group by group; each reads the input of layer `first` and writes the output of `last`.
        case fused([(step: InferenceStep, first: Int, last: Int)])
    }

    private enum InferenceStep {
        case layer(any GroupwiseLayer)
        case folded(FoldedConvolution)
        /// A residual block run sample by sample with its convolutions folded (one step, one region).
        case residual(ResidualBlock)

        /// Whether the step is a plain groupwise layer (run group by group, not sample by sample).
        var isGroupwiseLayer: Bool {
            if case .layer = self { return true }
            return false
        }

        var workPerSample: Int {
            switch self {
            case .layer(let layer): layer.workPerSample
            case .folded(let folded): folded.workPerSample
            case .residual(let block): block.inferenceWorkPerSample
            }
        }
    }

    /// Groups `layers` for inference: a Conv2D followed by a BatchNorm (and a ReLU) becomes one folded step,
    /// a residual block one sample-by-sample step; runs of such steps and groupwise layers share one pass over
    /// the batch partition (ResNet-small's whole forward pass is one parallel region).
    private static func inferenceStages(_ layers: [any Layer]) -> [InferenceStage] {
        var stages: [InferenceStage] = []
        var run: [(step: InferenceStep, first: Int, last: Int)] = []
        var index = 0
        while index < layers.count {
            if let convolution = layers[index] as? Conv2D, index + 1 < layers.count,
                let batchNorm = layers[index + 1] as? BatchNorm
            {
                let relu =
                    index + 2 < layers.count && (layers[index + 2] as? Activation)?.function == .relu
                let last = index + (relu ? 2 : 1)
                run.append((.folded(FoldedConvolution(convolution, batchNorm, relu: relu)), index, last))
                index = last + 1
            } else if let block = layers[index] as? ResidualBlock, block.foldsForInference {
                run.append((.residual(block), index, index))
                index += 1
            } else if let groupwise = layers[index] as? any GroupwiseLayer {
                run.append((.layer(groupwise), index, index))
                index += 1
            } else {
                if !run.isEmpty { stages.append(.fused(run)) }
                run = []
                stages.append(.single(index))
                index += 1
            }
        }
        if !run.isEmpty { stages.append(.fused(run)) }
        return stages
    }

    /// Builds `specs` for `inputShape`, naming each layer `prefix + kind + running number` (`conv1`,
    /// `relu1`, `conv2`...) and initialising weights from `seed` (layer *i*, tensor *j* draws from
    /// `RandomStream(seed: seed, i, j)`).
    ///
    /// - Throws: the shape errors of `LayerSpec.outputShape(for:layerName:)`.
    public init(_ specs: [LayerSpec], inputShape: [Int], name: String = "", seed: UInt64 = 0) throws {
        self.name = name
        self.specs = specs
        self.inputShape = inputShape
        var counts: [String: Int] = [:]
        var shape = inputShape
        var layers: [any Layer] = []
        for (index, spec) in specs.enumerated() {
            counts[spec.kind, default: 0] += 1
            let layerName = (name.isEmpty ? "" : name + ".") + spec.kind + String(counts[spec.kind] ?? 1)
            let random = RandomStream(seed: seed, UInt64(index))
            let layer = try spec.makeLayer(name: layerName, inputShape: shape, random: random)
            layers.append(layer)
            shape = layer.outputShape
        }
        self.layers = layers
        self.outputShape = shape
        activations = layers.dropLast().map { _ in FloatBuffer(count: 0) }
        activationGradients = layers.dropLast().map { _ in FloatBuffer(count: 0) }
        var stages: [Stage] = []
        var index = 0
        while index < layers.count {
            var end = index
            var run: [any GroupwiseLayer] = []
            while end < layers.count, let groupwise = layers[end] as? any GroupwiseLayer {
                run.append(groupwise)
                end += 1
            }
            if run.count >= 2 {
                stages.append(.fused(index..<end, run))
                index = end
            } else {
                stages.append(.single(index))
                index += 1
            }
        }
        self.stages = stages
        inferenceStages = Self.inferenceStages(layers)
    }

    /// Every tensor of every layer, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The input of layer `index` (the activation before it).
    private func layerInput(_ index: Int, _ input: UnsafePointer<Float>) -> UnsafePointer<Float> {
        index == 0 ? input : UnsafePointer(activations[index - 1].pointer)
    }

    /// Where layer `index` writes its output.
    private func layerOutput(_ index: Int, _ output: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        index == layers.count - 1 ? output : activations[index].pointer
    }

    /// The output of layer `index` as the backward pass reads it.
    private func layerOutput(_ index: Int, _ output: UnsafePointer<Float>) -> UnsafePointer<Float> {
        index == layers.count - 1 ? output : UnsafePointer(activations[index].pointer)
    }

    /// Forward pass through each layer in turn; stretches of groupwise layers run group by group.
    public func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        guard !layers.isEmpty else {
            output.update(from: input, count: batchSize * inputShape.elementCount)
            return
        }
        for (index, buffer) in activations.enumerated() {
            buffer.reserve(batchSize * layers[index].outputShape.elementCount)
        }
        if !context.isTraining && context.foldsBatchNorm {
            forwardInference(input, into: output, batchSize: batchSize, context: context)
            return
        }
        for stage in stages {
            switch stage {
            case .single(let index):
                layers[index].forward(
                    layerInput(index, input), into: layerOutput(index, output), batchSize: batchSize, context: context)
            case .fused(let range, let run):
                for layer in run { layer.prepareForward(batchSize: batchSize, context: context) }
                let inputs = UncheckedSendable(range.map { layerInput($0, input) })
                let outputs = UncheckedSendable(range.map { layerOutput($0, output) })
                let work = run.reduce(0) { $0 + $1.workPerSample }
                BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: work) {
                    group, samples in
                    for (j, layer) in run.enumerated() {
                        layer.forwardGroup(
                            group, samples: samples, input: inputs.value[j], output: outputs.value[j], context: context)
                    }
                }
            }
        }
    }

    /// The inference forward pass over `inferenceStages` (BatchNorms folded into their convolutions).
    private func forwardInference(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        for stage in inferenceStages {
            switch stage {
            case .single(let index):
                layers[index].forward(
                    layerInput(index, input), into: layerOutput(index, output), batchSize: batchSize, context: context)
            case .fused(let run):
                for item in run {
                    switch item.step {
                    case .layer(let layer): layer.prepareForward(batchSize: batchSize, context: context)
                    case .folded(let folded): folded.prepareForward(batchSize: batchSize, context: context)
                    case .residual(let block): block.prepareInference(batchSize: batchSize, context: context)
                    }
                }
                let inputs = UncheckedSendable(run.map { layerInput($0.first, input) })
                let outputs = UncheckedSendable(run.map { layerOutput($0.last, output) })
                let steps = UncheckedSendable(run.map(\.step))
                let work = run.reduce(0) { $0 + $1.step.workPerSample }
                BatchPartition.forEachGroupOnDemand(
                    batchSize: batchSize, threads: context.threads, workPerSample: work
                ) { group, samples in
                    // Consecutive folded convolutions and residual blocks run sample by sample (each sample
                    // through all of them while its activations are in cache); other layers group by group.
                    // Every sample is computed on its own either way, so the order changes no bit.
                    var j = 0
                    while j < steps.value.count {
                        if case .layer(let layer) = steps.value[j] {
                            layer.forwardGroup(
                                group, samples: samples, input: inputs.value[j], output: outputs.value[j],
                                context: context)
                            j += 1
                            continue
                        }
                        var end = j + 1
                        while end < steps.value.count, !steps.value[end].isGroupwiseLayer { end += 1 }
                        // A folded convolution or block followed by a block that reads its input only through
                        // its first convolution's scratch writes its output there: that activation is never dense.
                        let handoffs = (j..<end).map { k -> FoldedConvolution? in
                            guard k + 1 < end, case .residual(let following) = steps.value[k + 1],
                                let scratch = following.inputScratch
                            else { return nil }
                            switch steps.value[k] {
                            case .folded(let folded): return folded.canWrite(into: scratch) ? scratch : nil
                            case .residual(let block): return block.canWriteOutput(into: scratch) ? scratch : nil
                            case .layer: return nil
                            }
                        }
                        for n in samples {
                            for k in j..<end {
                                switch steps.value[k] {
                                case .layer: break
                                case .folded(let folded):
                                    if let next = handoffs[k - j] {
                                        folded.forwardSample(
                                            group, input: inputs.value[k] + n * folded.inputSize, into: next)
                                    } else {
                                        folded.forwardGroup(
                                            group, samples: n..<n + 1, input: inputs.value[k],
                                            output: outputs.value[k])
                                    }
                                case .residual(let block):
                                    block.forwardInferenceGroup(
                                        group, samples: n..<n + 1, input: inputs.value[k], output: outputs.value[k],
                                        filled: k > j && handoffs[k - 1 - j] != nil, next: handoffs[k - j])
                                }
                            }
                        }
                        j = end
                    }
                }
            }
        }
    }

    /// Backward pass through each layer in reverse order; stretches of groupwise layers run group by group.
    public func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        guard !layers.isEmpty else {
            inputGradient?.update(from: outputGradient, count: batchSize * inputShape.elementCount)
            return
        }
        for (index, buffer) in activationGradients.enumerated() {
            buffer.reserve(batchSize * layers[index].outputShape.elementCount)
        }
        let last = layers.count - 1
        func gradientOut(_ index: Int) -> UnsafePointer<Float> {
            index == last ? outputGradient : UnsafePointer(activationGradients[index].pointer)
        }
        func gradientIn(_ index: Int) -> UnsafeMutablePointer<Float>? {
            index == 0 ? inputGradient : activationGradients[index - 1].pointer
        }
        for stage in stages.reversed() {
            switch stage {
            case .single(let index):
                layers[index].backward(
                    input: layerInput(index, input), output: layerOutput(index, output),
                    outputGradient: gradientOut(index), inputGradient: gradientIn(index), batchSize: batchSize,
                    context: context)
            case .fused(let range, let run):
                for layer in run { layer.prepareBackward(batchSize: batchSize, context: context) }
                let inputs = UncheckedSendable(range.map { layerInput($0, input) })
                let outputs = UncheckedSendable(range.map { layerOutput($0, output) })
                let outputGradients = UncheckedSendable(range.map { gradientOut($0) })
                let inputGradients = UncheckedSendable(range.map { gradientIn($0) })
                let work = run.reduce(0) { $0 + $1.workPerSample }
                BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: work) {
                    group, samples in
                    for j in stride(from: run.count - 1, through: 0, by: -1) {
                        run[j].backwardGroup(
                            group, samples: samples, input: inputs.value[j], output: outputs.value[j],
                            outputGradient: outputGradients.value[j], inputGradient: inputGradients.value[j],
                            context: context)
                    }
                }
                for layer in run { layer.finishBackward(batchSize: batchSize, context: context) }
            }
        }
    }
}

extension BatchPartition {
    /// `forEachGroup` for inference: each thread takes the next unclaimed group until none is left, so a
    /// thread that lost its core to another process does fewer groups instead of holding the others at the
    /// barrier. Each group's result does not depend on which thread computes it (every group has its own
    /// scratch), so the bits are the same for any thread count and any schedule.
    static func forEachGroupOnDemand(
        batchSize: Int, threads: Int, workPerSample: Int, _ body: (Int, Range<Int>) -> Void
    ) {
        let groups = groupCount(batchSize)
        let groupWork = Swift.max(1, workPerSample.multipliedReportingOverflow(by: groupSize).partialValue)
        let minimumGroups = Swift.max(1, minimumParallelWork / groupWork)
        let workers = Swift.min(Swift.max(1, threads), Swift.max(1, groups / minimumGroups), groups)
        guard workers > 1 else {
            for group in 0..<groups { body(group, samples(ofGroup: group, batchSize: batchSize)) }
            return
        }
        let counter = GroupCounter()
        Parallel.forEachChunk(of: workers, threads: workers) { _ in
            while let group = counter.claim(below: groups) {
                body(group, samples(ofGroup: group, batchSize: batchSize))
            }
        }
    }
}

/// The next unclaimed group of a parallel region, handed out under a lock.
private final class GroupCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    /// The next group below `count`, or `nil` when every group has been claimed.
    func claim(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
