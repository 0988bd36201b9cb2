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
