import Foundation

/// A learning-rate schedule, stepped once per epoch by the trainer.
///
/// Call `update(epoch:validationMetric:)` after finishing epoch `epoch` (counting from 1) and set the
/// optimizer's rate to the result for the next epoch. Schedules are `Codable` so a trainer can save them in
/// a checkpoint's metadata.
public protocol LearningRateSchedule: Sendable, Codable {
    /// The rate to use now.
    var learningRate: Float { get }
    /// Advances past `epoch` (≥ 1) given the epoch's validation metric (accuracy, or whatever the schedule
    /// watches; ignored by schedules that do not need it) and returns the rate for the next epoch.
    mutating func update(epoch: Int, validationMetric: Double?) -> Float
}

/// Step decay: η = η₀ · factor^⌊epoch / every⌋.
public struct StepDecay: LearningRateSchedule {
    /// η₀.
    public let initialRate: Float
    /// The multiplier applied every `every` epochs (for example 0.1).
    public let factor: Float
    /// The decay period in epochs.
    public let every: Int
    /// The rate to use now.
    public private(set) var learningRate: Float

    /// Creates the schedule.
    public init(initialRate: Float, factor: Float = 0.1, every: Int) {
        precondition(every >= 1, "Step decay period must be at least 1 epoch, got \(every)")
        self.initialRate = initialRate
        self.factor = factor
        self.every = every
        learningRate = initialRate
    }

    /// Advances past `epoch` and returns the rate for the next epoch.
    public mutating func update(epoch: Int, validationMetric: Double?) -> Float {
        learningRate = initialRate * pow(factor, Float(epoch / every))
        return learningRate
    }
}

/// Reduce on plateau (the AlexNet recipe): multiply the rate by `factor` when the validation metric has not
/// improved by more than `threshold` for `patience` epochs in a row.
public struct ReduceOnPlateau: LearningRateSchedule {
    /// Whether a larger or a smaller metric is better.
    public enum Goal: String, Sendable, Codable {
        /// Accuracy-like metrics.
        case maximize
        /// Loss-like metrics.
        case minimize
    }

    /// The rate to use now.
    public private(set) var learningRate: Float
    /// The multiplier on a plateau (0.1 divides by ten).
    public let factor: Float
    /// Epochs without improvement tolerated before reducing.
    public let patience: Int
    /// The smallest change counted as an improvement.
    public let threshold: Double
    /// The rate never goes below this.
    public let minimumRate: Float
    /// Whether the metric is maximised or minimised.
    public let goal: Goal
    /// The best metric so far.
    public private(set) var best: Double?
    /// Epochs since the last improvement.
    public private(set) var epochsWithoutImprovement = 0

    /// Creates the schedule.
    public init(
        initialRate: Float, factor: Float = 0.1, patience: Int = 0, threshold: Double = 1e-4, minimumRate: Float = 0,
        goal: Goal = .maximize
    ) {
        precondition(factor > 0 && factor < 1, "Plateau factor must be in (0, 1), got \(factor)")
        learningRate = initialRate
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.minimumRate = minimumRate
        self.goal = goal
    }

    /// Advances past `epoch` and returns the rate for the next epoch.
    public mutating func update(epoch: Int, validationMetric: Double?) -> Float {
        guard let metric = validationMetric else { return learningRate }
        let improved: Bool
        if let best {
            improved = goal == .maximize ? metric > best + threshold : metric < best - threshold
        } else {
            improved = true
        }
        if improved {
            best = metric
            epochsWithoutImprovement = 0
        } else {
            epochsWithoutImprovement += 1
            if epochsWithoutImprovement > patience {
                learningRate = Swift.max(minimumRate, learningRate * factor)
                epochsWithoutImprovement = 0
            }
        }
        return learningRate
    }
}

/// Cosine annealing: η = η_min + ½(η₀ − η_min)(1 + cos(π · epoch / epochs)), then η_min after `epochs`.
public struct CosineAnnealing: LearningRateSchedule {
    /// η₀.
    public let initialRate: Float
    /// η_min.
    public let minimumRate: Float
    /// The number of epochs of one half cosine.
    public let epochs: Int
    /// The rate to use now.
    public private(set) var learningRate: Float

    /// Creates the schedule.
    public init(initialRate: Float, minimumRate: Float = 0, epochs: Int) {
        precondition(epochs >= 1, "Cosine schedule needs at least 1 epoch, got \(epochs)")
        self.initialRate = initialRate
        self.minimumRate = minimumRate
        self.epochs = epochs
        learningRate = initialRate
    }

    /// Advances past `epoch` and returns the rate for the next epoch.
    public mutating func update(epoch: Int, validationMetric: Double?) -> Float {
        let progress = Double(Swift.min(epoch, epochs)) / Double(epochs)
        learningRate = minimumRate + Float(0.5 * Double(initialRate - minimumRate) * (1 + cos(Double.pi * progress)))
        return learningRate
    }
}
