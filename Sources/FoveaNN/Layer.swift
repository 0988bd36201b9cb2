/// How a forward or backward pass runs.
public struct PassContext: Sendable {
    /// Threads to spread the batch over; results do not depend on it.
    public var threads: Int
    /// Training mode (Dropout drops, BatchNorm uses batch statistics and updates its running ones) or
    /// inference mode (Dropout is the identity, BatchNorm uses its running statistics). A frozen BatchNorm
    /// runs in inference mode in both.
    public var isTraining: Bool
    /// The training step number, which keys Dropout's random stream (with the layer's seed and the sample index).
    public var step: UInt64
    /// Inference only: run each convolution + BatchNorm (+ ReLU) as one convolution with folded weights
    /// (see `FoldedConvolution`); `false` runs the layers one by one (tests compare the two).
    var foldsBatchNorm = true
    /// Data-parallel training: the pass runs over this process's share of a batch, and sums over the batch
    /// gather every process's partials first (see ``BatchShare``); `nil` for a batch of its own.
    var sharing: SharedBatch? = nil

    /// Creates a context.
    public init(threads: Int = 1, isTraining: Bool = false, step: UInt64 = 0) {
        precondition(threads >= 1, "Thread count must be at least 1, got \(threads)")
        self.threads = threads
        self.isTraining = isTraining
        self.step = step
    }
}

/// A network layer: a function of a batch with a forward pass and a backward pass.
///
/// Layers are built for a fixed per-sample input shape (`[C, H, W]` or `[F]`, see `Tensor`) and take
/// batches of any size N. They are classes because they own reusable buffers (caches for the backward
/// pass, per-group gradient partials) that are mutated by every step; build them through `LayerSpec` and
/// `Model`, or use the Tensor-level `forward(_:context:)` and `gradients(input:outputGradient:context:)`.
///
/// The pointer-level methods are the hot path: memory is laid out NCHW, `input` holds
/// `batchSize · inputShape.product` floats and `output` `batchSize · outputShape.product`.
public protocol Layer: AnyObject {
    /// The layer's name in its model, for example `conv2` (used in parameter names, summaries and errors).
    var name: String { get }
    /// The value description the layer was built from (saved in checkpoints).
    var spec: LayerSpec { get }
    /// The per-sample input shape.
    var inputShape: [Int] { get }
    /// The per-sample output shape.
    var outputShape: [Int] { get }
    /// The layer's tensors (trainable and state), including those of nested layers, in a fixed order.
    var parameters: [Parameter] { get }

    /// Computes the output of a batch of `batchSize` samples.
    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext)

    /// Back-propagates `outputGradient` (∂loss/∂output) through the last `forward` call on the same batch.
    ///
    /// Overwrites the gradients of the layer's trainable parameters with ∂loss/∂parameter summed over the
    /// batch, and writes ∂loss/∂input into `inputGradient` unless it is `nil` (the first layer of a model
    /// skips that work).
    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext)
}

extension Layer {
    /// The output of `input` (shape `[N] + inputShape`) as a new tensor of shape `[N] + outputShape`.
    ///
    /// - Throws: `NNError.layerInputMismatch` when the per-sample shape of `input` is not `inputShape`.
    public func forward(_ input: Tensor, context: PassContext = PassContext()) throws -> Tensor {
        try checkInput(input)
        let n = input.batchSize
        var output = Tensor(shape: [n] + outputShape)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                guard let xb = x.baseAddress, let yb = y.baseAddress else { return }
                forward(xb, into: yb, batchSize: n, context: context)
            }
        }
        return output
    }

    /// Runs a forward pass on `input` then a backward pass of `outputGradient`, and returns ∂loss/∂input.
    ///
    /// The parameter gradients are left in `parameters` (see `Parameter.gradientTensor`). Meant for tests
    /// and for tools; training goes through `Trainer`, which reuses its buffers.
    public func gradients(input: Tensor, outputGradient: Tensor, context: PassContext = PassContext()) throws -> Tensor
    {
        let output = try forward(input, context: context)
        guard outputGradient.shape == output.shape else {
            throw NNError.layerInputMismatch(
                layer: name, expected: "an output gradient of shape \(output.shape)", actual: outputGradient.shape)
        }
        var inputGradient = Tensor(shape: input.shape)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeBufferPointer { y in
                outputGradient.withUnsafeBufferPointer { dy in
                    inputGradient.withUnsafeMutableBufferPointer { dx in
                        guard let xb = x.baseAddress, let yb = y.baseAddress, let dyb = dy.baseAddress,
                            let dxb = dx.baseAddress
                        else { return }
                        backward(
                            input: xb, output: yb, outputGradient: dyb, inputGradient: dxb,
                            batchSize: input.batchSize, context: context)
                    }
                }
            }
        }
        return inputGradient
    }

    /// The number of trainable scalars.
    public var trainableParameterCount: Int {
        parameters.filter { $0.role == .trainable }.reduce(0) { $0 + $1.count }
    }

    func checkInput(_ input: Tensor) throws {
        guard input.rank == inputShape.count + 1, input.sampleShape == inputShape else {
            throw NNError.layerInputMismatch(layer: name, expected: "[N]+\(inputShape)", actual: input.shape)
        }
    }
}

extension Array where Element == Int {
    /// The product of the extents (the element count of one sample).
    var elementCount: Int { reduce(1, *) }
}
