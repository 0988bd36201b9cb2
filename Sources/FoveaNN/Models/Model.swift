/// A trainable network: a `Sequential` of layers built from specs for a per-sample input shape, with the
/// architecture's name (saved in checkpoints) and the seed its weights were drawn from.
///
/// A class: it owns the layers' weights and reusable buffers, shared with the `Trainer` and `Checkpoint`.
/// Not thread-safe: run one pass at a time (each pass is parallel internally).
public final class Model: @unchecked Sendable {
    /// The architecture name (`lenet5`...), or the name given to a custom model.
    public let architecture: String
    /// The layer specs, in order.
    public let specs: [LayerSpec]
    /// The per-sample input shape `[C, H, W]` (or `[F]`).
    public let inputShape: [Int]
    /// The seed the weights were initialised from.
    public let seed: UInt64
    /// The layers.
    public let network: Sequential

    /// Builds a built-in or custom architecture.
    ///
    /// - Parameters:
    ///   - architecture: For example `try .named("lenet5")`.
    ///   - inputShape: Per-sample `[C, H, W]`; defaults to the architecture's.
    ///   - classes: Outputs of the last layer; defaults to the architecture's.
    ///   - seed: Weight initialisation seed (the same seed gives the same weights).
    /// - Throws: shape errors when the input shape does not fit the architecture.
    public convenience init(architecture: Architecture, inputShape: [Int]? = nil, classes: Int? = nil, seed: UInt64 = 0)
        throws
    {
        try self.init(
            name: architecture.name, layers: architecture.layers(classes: classes ?? architecture.defaultClasses),
            inputShape: inputShape ?? architecture.defaultInputShape, seed: seed)
    }

    /// Builds a custom model from layer specs.
    public init(name: String, layers: [LayerSpec], inputShape: [Int], seed: UInt64 = 0) throws {
        BLAS.configure()
        architecture = name
        specs = layers
        self.inputShape = inputShape
        self.seed = seed
        network = try Sequential(layers, inputShape: inputShape, seed: seed)
        parameters = network.parameters
    }

    /// The top-level layers.
    public var layers: [any Layer] { network.layers }

    /// Every tensor (trainable and state), in layer order.
    public let parameters: [Parameter]

    /// The per-sample output shape (`[classes]` for the built-in architectures).
    public var outputShape: [Int] { network.outputShape }

    /// The number of trainable scalars.
    public var parameterCount: Int { network.trainableParameterCount }

    /// Each layer's output shape and parameter count.
    public func summary() -> ModelSummary {
        // The specs were already validated when the layers were built.
        (try? ModelSummary(layers: specs, inputShape: inputShape)) ?? ModelSummary(inputShape: inputShape, rows: [])
    }

    /// The weights of the first convolution, `[O, C/G, K, K]` (for drawing a kernel grid), or `nil` when
    /// the model has no convolution at the top level.
    public var firstConvolutionWeights: Tensor? {
        for layer in layers {
            if let convolution = layer as? Conv2D { return convolution.weight.tensor }
        }
        return nil
    }

    /// Whether every tensor (weights and BatchNorm statistics) holds only finite numbers (no NaN, no ±∞).
    public var hasFiniteValues: Bool {
        parameters.allSatisfy { parameter in
            let values = UnsafeBufferPointer(start: parameter.value.pointer, count: parameter.count)
            return values.allSatisfy(\.isFinite)
        }
    }

    /// Freezes (or unfreezes) every tensor of the named top-level layers, for fine-tuning. A frozen BatchNorm
    /// (also one inside a frozen residual block) runs in inference mode during training, so its running
    /// statistics stay bit-identical too (Keras semantics).
    public func setFrozen(_ frozen: Bool, layers names: Set<String>) {
        for layer in layers where names.contains(layer.name) {
            for parameter in layer.parameters { parameter.isFrozen = frozen }
        }
    }

    /// Runs the network in inference mode and returns the outputs `[N] + outputShape` (logits).
    ///
    /// - Throws: `NNError.layerInputMismatch` when the input is not `[N] + inputShape`.
    public func callAsFunction(_ inputs: Tensor, threads: Int = 1) throws -> Tensor {
        try network.forward(inputs, context: PassContext(threads: threads))
    }
}
