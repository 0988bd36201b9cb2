/// The optimizers a training run can use.
public enum OptimizerChoice: String, Sendable, Hashable, Codable, CaseIterable {
    /// Plain stochastic gradient descent.
    case sgd
    /// SGD with classical momentum 0.9.
    case momentum
    /// SGD with Nesterov momentum 0.9.
    case nesterov
    /// RMSprop (ρ = 0.9).
    case rmsprop
    /// Adam (β₁ = 0.9, β₂ = 0.999).
    case adam

    /// The learning rate used when none is given: 0.1 for SGD, 0.05 with momentum, 0.001 for RMSprop and Adam.
    public var defaultLearningRate: Double {
        switch self {
        case .sgd: 0.1
        case .momentum, .nesterov: 0.05
        case .rmsprop, .adam: 0.001
        }
    }

    /// Floats of state the optimizer keeps per trainable parameter: 0 (SGD), 1 (momentum, RMSprop), 2 (Adam).
    public var stateSlots: Int {
        switch self {
        case .sgd: 0
        case .momentum, .nesterov, .rmsprop: 1
        case .adam: 2
        }
    }

    /// A fresh optimizer of this kind.
    public func makeOptimizer(learningRate: Double, weightDecay: Double) -> Optimizer {
        let rule: any UpdateRule
        switch self {
        case .sgd: rule = SGD()
        case .momentum: rule = SGD(momentum: 0.9)
        case .nesterov: rule = SGD(momentum: 0.9, nesterov: true)
        case .rmsprop: rule = RMSprop()
        case .adam: rule = Adam()
        }
        return Optimizer(rule, learningRate: Float(learningRate), weightDecay: Float(weightDecay))
    }
}

/// The learning-rate schedules a training run can use (stepped after every epoch).
public enum ScheduleChoice: String, Sendable, Hashable, Codable, CaseIterable {
    /// A constant rate.
    case none
    /// ×0.1 every ⌈epochs / 3⌉ epochs.
    case step
    /// ×0.1 when the validation accuracy has not improved for 2 epochs (the AlexNet recipe).
    case plateau
    /// Cosine annealing from the initial rate to 0 over the run.
    case cosine

    /// The schedule's initial state for a run of `epochs` epochs starting at `learningRate`.
    public func makeSchedule(learningRate: Double, epochs: Int) -> ScheduleState {
        let rate = Float(learningRate)
        switch self {
        case .none: return .constant
        case .step: return .step(StepDecay(initialRate: rate, factor: 0.1, every: max(1, (epochs + 2) / 3)))
        case .plateau: return .plateau(ReduceOnPlateau(initialRate: rate, factor: 0.1, patience: 2, goal: .maximize))
        case .cosine: return .cosine(CosineAnnealing(initialRate: rate, minimumRate: 0, epochs: max(1, epochs)))
        }
    }
}

/// A learning-rate schedule together with its state, `Codable` so a checkpoint can carry it and a resumed
/// run continues exactly where the interrupted one stopped.
public enum ScheduleState: Sendable, Codable {
    /// No schedule: the rate stays as it is.
    case constant
    /// Step decay.
    case step(StepDecay)
    /// Reduce on plateau (its best metric and patience counter are part of the state).
    case plateau(ReduceOnPlateau)
    /// Cosine annealing.
    case cosine(CosineAnnealing)

    /// Advances past `epoch` (1-based) given the watched metric; returns the next rate, or `nil` for
    /// ``constant``.
    public mutating func update(epoch: Int, validationMetric: Double?) -> Float? {
        switch self {
        case .constant:
            return nil
        case .step(var schedule):
            let rate = schedule.update(epoch: epoch, validationMetric: validationMetric)
            self = .step(schedule)
            return rate
        case .plateau(var schedule):
            let rate = schedule.update(epoch: epoch, validationMetric: validationMetric)
            self = .plateau(schedule)
            return rate
        case .cosine(var schedule):
            let rate = schedule.update(epoch: epoch, validationMetric: validationMetric)
            self = .cosine(schedule)
            return rate
        }
    }
}

/// What a training run does with a sample that cannot be read (a damaged or truncated image file).
public enum BadSamplePolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stop before the first epoch, naming the file and the reason.
    case fail
    /// Leave the sample out of the run: every sample is read once before the first epoch, and those that
    /// fail are dropped (the same set whatever the thread and worker counts), listed, and recorded in the
    /// checkpoint.
    case skip
}

/// The number that decides the "best" epoch and early stopping.
public enum MonitoredMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// Validation accuracy (training accuracy without a validation set); larger is better.
    case valAccuracy = "val_accuracy"
    /// Validation loss (training loss without a validation set); smaller is better.
    case valLoss = "val_loss"

    /// The metric of `record`, oriented so that larger is better; `nil` when it is not finite (a NaN epoch is
    /// never an improvement).
    public func score(_ record: EpochRecord) -> Double? {
        let value: Double
        switch self {
        case .valAccuracy: value = record.validationAccuracy ?? record.trainAccuracy
        case .valLoss: value = -(record.validationLoss ?? record.trainLoss)
        }
        return value.isFinite ? value : nil
    }
}

/// Everything that decides a training run's result (and nothing that does not, such as thread counts or
/// paths), so two runs with equal options give byte-identical models.
public struct TrainingOptions: Sendable, Hashable, Codable {
    /// Architecture name (`lenet5`, `mlp`, `vgg-small`, `resnet-small`, …), see `Architecture.named`.
    public var architecture: String
    /// Number of epochs.
    public var epochs: Int
    /// Samples per training batch.
    public var batchSize: Int
    /// The optimizer.
    public var optimizer: OptimizerChoice
    /// The initial learning rate.
    public var learningRate: Double
    /// L2 weight decay λ.
    public var weightDecay: Double
    /// The learning-rate schedule.
    public var schedule: ScheduleChoice
    /// Name of the augmentation policy (a preset name, or "custom").
    public var augmentationName: String
    /// The augmentation applied to training samples.
    public var augmentation: AugmentationPolicy
    /// Fraction of each class held out for validation when no validation set is given, in [0, 1).
    public var validationFraction: Double
    /// Seed of the split, the weight initialisation, the epoch orders and the augmentation.
    public var seed: UInt64
    /// Whether inputs are standardised by the training set's per-channel mean and standard deviation.
    public var normalize: Bool
    /// What to do with samples that cannot be read.
    public var badSamples: BadSamplePolicy = .fail
    /// The metric that picks the best epoch (`OUT.best.fovea`) and drives early stopping.
    public var monitor: MonitoredMetric = .valAccuracy
    /// Early stopping's patience: stop after this many epochs in a row without an improvement of ``monitor``
    /// (Keras `EarlyStopping(patience:)`, `min_delta` 0); `nil` trains every epoch.
    public var earlyStopPatience: Int?
    /// Whether the final model (`--out`) holds the weights of the best epoch rather than the last one, also when
    /// the run reaches its last epoch without stopping early.
    public var restoreBest = false
    /// Top-level layers whose tensors are not updated (fine-tuning), by name (`conv1`…).
    public var frozenLayers: [String] = []
    /// The input size the network is built for, in pixels; every sample (training, validation, and later in
    /// `predict` and `eval`, which read it from the checkpoint's input shape) is stretched to it by
    /// `InputFormat.prepare(_:)`, FoveaImage's antialiased bilinear resizer. `nil` builds the architecture at its
    /// default size; an architecture with a fixed input (AlexNet, VGG-16) then refuses data of another size, and
    /// takes only its own size here.
    public var inputSize: PixelSize?
    /// MixUp/CutMix of the training batches (`BatchMixing`), or `nil`.
    public var mixing: BatchMixing?

    /// Options with the given values; `learningRate` `nil` means the optimizer's default.
    public init(
        architecture: String = "lenet5", epochs: Int = 10, batchSize: Int = 64, optimizer: OptimizerChoice = .adam,
        learningRate: Double? = nil, weightDecay: Double = 0, schedule: ScheduleChoice = .none,
        augmentationName: String = "none", augmentation: AugmentationPolicy = .none, validationFraction: Double = 0.1,
        seed: UInt64 = 0, normalize: Bool = false
    ) {
        self.architecture = architecture
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate ?? optimizer.defaultLearningRate
        self.weightDecay = weightDecay
        self.schedule = schedule
        self.augmentationName = augmentationName
        self.augmentation = augmentation
        self.validationFraction = validationFraction
        self.seed = seed
        self.normalize = normalize
    }
}

extension TrainingOptions {
    private enum CodingKeys: String, CodingKey {
        case architecture, epochs, batchSize, optimizer, learningRate, weightDecay, schedule, augmentationName
        case augmentation, validationFraction, seed, normalize, badSamples, monitor, earlyStopPatience, restoreBest
        case frozenLayers, inputSize, mixing
    }

    /// Decodes options; the settings added after the first checkpoints (bad samples, monitor, early stopping,
    /// restore-best, frozen layers, input size, mixing) take their defaults when absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            architecture: try c.decode(String.self, forKey: .architecture),
            epochs: try c.decode(Int.self, forKey: .epochs),
            batchSize: try c.decode(Int.self, forKey: .batchSize),
            optimizer: try c.decode(OptimizerChoice.self, forKey: .optimizer),
            learningRate: try c.decode(Double.self, forKey: .learningRate),
            weightDecay: try c.decode(Double.self, forKey: .weightDecay),
            schedule: try c.decode(ScheduleChoice.self, forKey: .schedule),
            augmentationName: try c.decode(String.self, forKey: .augmentationName),
            augmentation: try c.decode(AugmentationPolicy.self, forKey: .augmentation),
            validationFraction: try c.decode(Double.self, forKey: .validationFraction),
            seed: try c.decode(UInt64.self, forKey: .seed), normalize: try c.decode(Bool.self, forKey: .normalize))
        badSamples = try c.decodeIfPresent(BadSamplePolicy.self, forKey: .badSamples) ?? .fail
        monitor = try c.decodeIfPresent(MonitoredMetric.self, forKey: .monitor) ?? .valAccuracy
        earlyStopPatience = try c.decodeIfPresent(Int.self, forKey: .earlyStopPatience)
        restoreBest = try c.decodeIfPresent(Bool.self, forKey: .restoreBest) ?? false
        frozenLayers = try c.decodeIfPresent([String].self, forKey: .frozenLayers) ?? []
        inputSize = try c.decodeIfPresent(PixelSize.self, forKey: .inputSize)
        mixing = try c.decodeIfPresent(BatchMixing.self, forKey: .mixing)
    }

    /// Encodes every setting; the later ones only when they differ from their defaults, so checkpoints of
    /// runs that do not use them keep the bytes they had.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(weightDecay, forKey: .weightDecay)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(augmentationName, forKey: .augmentationName)
        try c.encode(augmentation, forKey: .augmentation)
        try c.encode(validationFraction, forKey: .validationFraction)
        try c.encode(seed, forKey: .seed)
        try c.encode(normalize, forKey: .normalize)
        if badSamples != .fail { try c.encode(badSamples, forKey: .badSamples) }
        if monitor != .valAccuracy { try c.encode(monitor, forKey: .monitor) }
        try c.encodeIfPresent(earlyStopPatience, forKey: .earlyStopPatience)
        if restoreBest { try c.encode(restoreBest, forKey: .restoreBest) }
        if !frozenLayers.isEmpty { try c.encode(frozenLayers, forKey: .frozenLayers) }
        try c.encodeIfPresent(inputSize, forKey: .inputSize)
        try c.encodeIfPresent(mixing, forKey: .mixing)
    }

    /// These options with `epochs` replaced: resuming may extend (or shorten) a run, nothing else.
    public func with(epochs: Int) -> TrainingOptions {
        var copy = self
        copy.epochs = epochs
        return copy
    }
}
