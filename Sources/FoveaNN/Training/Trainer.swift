/// The outcome of one training step.
public struct StepResult: Sendable, Equatable {
    /// The mean loss over the batch, before the update.
    public let loss: Double
    /// How many samples the network classified correctly (arg-max of the outputs equal to the label).
    public let correct: Int
    /// The number of samples in the batch.
    public let batchSize: Int
}

/// The outcome of evaluating a batch without training.
public struct Evaluation: Sendable {
    /// The mean loss over the batch.
    public let loss: Double
    /// How many samples the network classified correctly.
    public let correct: Int
    /// The network's outputs `[N, classes]`.
    public let logits: Tensor
}

/// Trains a `Model`: forward pass, loss, backward pass and optimizer update, one batch at a time.
///
/// Reproducibility: with the same model seed, the same batches in the same order and the same settings,
/// the weights after any number of steps are bit-identical whatever `threads` is. The BLAS runs on one
/// thread; the trainer spreads each batch over `threads` threads in groups fixed by the batch size (see
/// `BatchPartition`) and every sum over the batch is taken in group order. Buffers are allocated for the
/// largest batch seen and reused, so a step allocates nothing once warm.
///
/// Not thread-safe: call one method at a time (it parallelises each call internally). It is marked
/// `Sendable` so that it can be handed to another task, not shared between concurrent ones.
public final class Trainer: @unchecked Sendable {
    /// The model being trained.
    public let model: Model
    /// The optimizer applying the gradients.
    public var optimizer: Optimizer
    /// The loss minimised.
    public var loss: Loss
    /// Threads per step; results do not depend on it.
    public var threads: Int
    /// Steps taken so far; keys Dropout's random stream (save it in checkpoint metadata to resume exactly).
    public var step: UInt64 = 0
    /// Data-parallel training: the processes that share every batch (`nil`: this process trains alone).
    ///
    /// When set, `trainStep` and `evaluate` are collective: each process passes its share of the batch
    /// (``BatchShare``) and the size of the whole batch, and every process ends the step with the same
    /// weights, bit for bit the weights a single process gets from the whole batch.
    public var processes: (any ProcessGroup)?
    private let exchangeScratch = ExchangeScratch()
    private let emptyShare = FloatBuffer(count: 1)
    private let outputs = FloatBuffer(count: 0)
    private let outputGradient = FloatBuffer(count: 0)
    private let perSampleLoss = Buffer<Double>(count: 0)

    /// Creates a trainer.
    public init(
        model: Model, optimizer: Optimizer, loss: Loss = .softmaxCrossEntropy,
        threads: Int = Parallel.defaultThreadCount
    ) {
        precondition(threads >= 1, "Thread count must be at least 1, got \(threads)")
        self.model = model
        self.optimizer = optimizer
        self.loss = loss
        self.threads = threads
    }

    /// One step on a batch with class labels: forward, loss, backward, update.
    ///
    /// - Parameters:
    ///   - inputs: `[N] + model.inputShape`, NCHW.
    ///   - labels: N class indices in `0..<classes`.
    ///   - wholeBatch: With ``processes`` set, the size of the batch the processes share (`inputs` is this
    ///     process's share of it, ``BatchShare/samples(batchSize:)``); `nil` means N. The result's loss, count
    ///     of correct predictions and batch size are then the whole batch's.
    /// - Throws: `NNError.layerInputMismatch` or `NNError.labelMismatch` when the batch does not fit the model.
    public func trainStep(inputs: Tensor, labels: [Int], wholeBatch: Int? = nil) throws -> StepResult {
        try train(inputs: inputs, targets: .labels(labels), wholeBatch: wholeBatch)
    }

    /// One step on a batch with dense targets `[N, classes]` (regression or multi-label).
    public func trainStep(inputs: Tensor, targets: Tensor, wholeBatch: Int? = nil) throws -> StepResult {
        try train(inputs: inputs, targets: .values(targets), wholeBatch: wholeBatch)
    }

    /// The loss, the number of correct predictions and the outputs of a batch, in inference mode.
    ///
    /// With ``processes`` set and `wholeBatch` given, `inputs` is this process's share of a batch of `wholeBatch`
    /// samples: the loss and count are the whole batch's, the logits this share's.
    public func evaluate(inputs: Tensor, labels: [Int], wholeBatch: Int? = nil) throws -> Evaluation {
        let n = inputs.batchSize
        let classes = model.outputShape.elementCount
        let (value, correct) = try run(
            inputs: inputs, targets: .labels(labels), training: false, wholeBatch: wholeBatch)
        let logits = Tensor(uncheckedShape: [n, classes], scalars: outputs.array(count: n * classes))
        return Evaluation(loss: value, correct: correct, logits: logits)
    }

    /// Class probabilities (softmax of the outputs) `[N, classes]` for a batch, in inference mode.
    public func predict(inputs: Tensor) throws -> Tensor {
        try softmax(model(inputs, threads: threads))
    }

    private func train(inputs: Tensor, targets: Targets, wholeBatch: Int? = nil) throws -> StepResult {
        let (value, correct) = try run(inputs: inputs, targets: targets, training: true, wholeBatch: wholeBatch)
        optimizer.update(model.parameters)
        step += 1
        return StepResult(loss: value, correct: correct, batchSize: wholeBatch ?? inputs.batchSize)
    }

    /// The exchange of a pass over `n` samples that are this process's share of a batch of `wholeBatch`.
    private func sharing(samples n: Int, wholeBatch: Int?) -> SharedBatch? {
        guard let processes, let wholeBatch else { return nil }
        let share = BatchShare(process: processes.rank, of: processes.size).samples(batchSize: wholeBatch)
        precondition(
            share.count == n,
            "process \(processes.rank) of \(processes.size) holds samples \(share) of a batch of "
                + "\(wholeBatch), but was given \(n)")
        return SharedBatch(processes: processes, batchSize: wholeBatch, scratch: exchangeScratch)
    }

    /// Forward pass and loss; in training also the backward pass (gradients left in the parameters).
    private func run(inputs: Tensor, targets: Targets, training: Bool, wholeBatch: Int? = nil) throws -> (
        loss: Double, correct: Int
    ) {
        try model.network.checkInput(inputs)
        let n = inputs.batchSize
        let classes = model.outputShape.elementCount
        try targets.validate(batchSize: n, classes: classes)
        let sharing = sharing(samples: n, wholeBatch: wholeBatch)
        // A process whose share is empty (a short last batch) still takes part in every exchange.
        guard n > 0 || sharing != nil else { return (0, 0) }
        outputs.reserve(n * classes)
        outputGradient.reserve(n * classes)
        perSampleLoss.reserve(n)
        var context = PassContext(threads: threads, isTraining: training, step: step)
        context.sharing = sharing
        let network = model.network
        let empty = UnsafePointer(emptyShare.pointer)
        let value = inputs.withUnsafeBufferPointer { x -> Double in
            guard let input = x.baseAddress ?? (n == 0 ? empty : nil) else { return 0 }
            network.forward(input, into: outputs.pointer, batchSize: n, context: context)
            let value = loss.evaluate(
                logits: outputs.pointer, batchSize: n, classes: classes, targets: targets,
                gradient: training ? outputGradient.pointer : nil, perSample: perSampleLoss.pointer, threads: threads,
                sharing: sharing)
            if training {
                network.backward(
                    input: input, output: outputs.pointer, outputGradient: outputGradient.pointer, inputGradient: nil,
                    batchSize: n, context: context)
            }
            return value
        }
        let correct = Metrics.correctCount(outputs: outputs.pointer, batchSize: n, classes: classes, targets: targets)
        return (value, sharing?.sum(correct) ?? correct)
    }
}
