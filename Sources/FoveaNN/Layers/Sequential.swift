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

    /// How the layers are run: one at a time, or a stretch of groupwise layers group by group in one
    /// parallel region (see `GroupwiseLayer`).
    private enum Stage {
        case single(Int)
        case fused(Range<Int>, [any GroupwiseLayer])
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
