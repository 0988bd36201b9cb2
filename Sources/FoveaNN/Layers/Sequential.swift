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
    }

    /// Every tensor of every layer, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Forward pass through each layer in turn.
    public func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        guard !layers.isEmpty else {
            output.update(from: input, count: batchSize * inputShape.elementCount)
            return
        }
        var current = input
        for (index, layer) in layers.enumerated() {
            if index == layers.count - 1 {
                layer.forward(current, into: output, batchSize: batchSize, context: context)
            } else {
                activations[index].reserve(batchSize * layer.outputShape.elementCount)
                activationGradients[index].reserve(batchSize * layer.outputShape.elementCount)
                layer.forward(current, into: activations[index].pointer, batchSize: batchSize, context: context)
                current = UnsafePointer(activations[index].pointer)
            }
        }
    }

    /// Backward pass through each layer in reverse order.
    public func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        guard !layers.isEmpty else {
            inputGradient?.update(from: outputGradient, count: batchSize * inputShape.elementCount)
            return
        }
        var gradient = outputGradient
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layerInput = index == 0 ? input : UnsafePointer(activations[index - 1].pointer)
            let layerOutput = index == layers.count - 1 ? output : UnsafePointer(activations[index].pointer)
            let layerInputGradient = index == 0 ? inputGradient : activationGradients[index - 1].pointer
            layers[index].backward(
                input: layerInput, output: layerOutput, outputGradient: gradient, inputGradient: layerInputGradient,
                batchSize: batchSize, context: context)
            if index > 0 { gradient = UnsafePointer(activationGradients[index - 1].pointer) }
        }
    }
}
