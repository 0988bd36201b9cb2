import Foundation

/// What a checkpoint must remember, besides weights and optimizer state, for a resumed run to continue
/// exactly as if never interrupted — and for `eval` and `predict` to prepare inputs as training did.
/// Stored as JSON under ``metadataKey`` in the checkpoint's metadata.
public struct TrainingState: Sendable {
    /// The checkpoint metadata key holding this state as JSON.
    public static let metadataKey = "fovea.training"
    /// The most epochs a run may have (the CLI's `--epochs` upper bound).
    public static let maximumEpochs = 100_000
    /// The largest batch a run may use (the CLI's `--batch-size` upper bound).
    public static let maximumBatchSize = 1 << 16
    /// The largest side of ``TrainingOptions/inputSize`` a checkpoint may carry, in pixels.
    public static let maximumInputSide = 1 << 14
    /// The largest MixUp/CutMix α a checkpoint may carry.
    public static let maximumMixingAlpha = 1000.0

    /// The run's options.
    public var options: TrainingOptions
    /// Epochs completed so far.
    public var completedEpochs: Int
    /// The trainer's step counter (it keys Dropout's random stream).
    public var trainerStep: UInt64
    /// The learning-rate schedule and its state after `completedEpochs`.
    public var schedule: ScheduleState
    /// One record per completed epoch.
    public var history: [EpochRecord]
    /// The best epoch (1-based) by the monitored metric so far, if any.
    public var bestEpoch: Int?
    /// The class names, index = label.
    public var classNames: [String]
    /// The input standardisation, if the run used one.
    public var normalization: Normalization?
    /// Samples left out because they could not be read (`--bad-samples skip`), by source description.
    public var skippedSamples: [String] = []
    /// Epochs in a row without an improvement of the monitored metric (early stopping's counter).
    public var epochsWithoutImprovement = 0
    /// The epoch after which early stopping ended the run, if it did.
    public var stoppedEarlyAfter: Int?
    /// The epoch whose weights the final model holds when `restoreBest` replaced the last epoch's.
    public var restoredEpoch: Int?
    /// Where the initial weights came from when the run started from another model (`--init-from`).
    public var origin: ModelOrigin?

    /// The state as checkpoint metadata: JSON with sorted keys (so equal states give equal bytes), plus the
    /// completed epoch count under `"epoch"` for people reading the header.
    public func metadata() throws -> [String: String] {
        let json = String(decoding: try CheckpointJSON.encoder().encode(self), as: UTF8.self)
        return [Self.metadataKey: json, "epoch": String(completedEpochs)]
    }

    /// The state stored in `metadata`, or `nil` when the checkpoint holds none (a model saved by other code).
    /// - Throws: `DecodingError` when the stored JSON is damaged, ``TrainingStateError`` when a value is out of
    ///   range (checked before anything uses it).
    public init?(metadata: [String: String]) throws {
        guard let json = metadata[Self.metadataKey] else { return nil }
        self = try CheckpointJSON.decoder().decode(TrainingState.self, from: Data(json.utf8))
        try validate()
    }

    init(
        options: TrainingOptions, completedEpochs: Int, trainerStep: UInt64, schedule: ScheduleState,
        history: [EpochRecord], bestEpoch: Int?, classNames: [String], normalization: Normalization?
    ) {
        self.options = options
        self.completedEpochs = completedEpochs
        self.trainerStep = trainerStep
        self.schedule = schedule
        self.history = history
        self.bestEpoch = bestEpoch
        self.classNames = classNames
        self.normalization = normalization
    }

    /// Throws ``TrainingStateError/invalid(_:_:)`` for the first value a training run could not use: options
    /// out of their ranges, an epoch count beyond the run, a history that does not match it, a schedule that
    /// could not advance (step period 0, a non-finite rate), normalisation statistics that are not positive
    /// and finite, or no class names.
    public func validate() throws {
        func fail(_ field: String, _ value: Any) -> TrainingStateError { .invalid(field, "\(value)") }
        let o = options
        guard (1...Self.maximumEpochs).contains(o.epochs) else { throw fail("epochs", o.epochs) }
        guard (1...Self.maximumBatchSize).contains(o.batchSize) else { throw fail("batch size", o.batchSize) }
        guard o.learningRate.isFinite, o.learningRate > 0 else { throw fail("learning rate", o.learningRate) }
        guard o.weightDecay.isFinite, o.weightDecay >= 0, o.weightDecay <= 1 else {
            throw fail("weight decay", o.weightDecay)
        }
        guard o.validationFraction >= 0, o.validationFraction < 1 else {
            throw fail("validation fraction", o.validationFraction)
        }
        if let patience = o.earlyStopPatience, !(0...Self.maximumEpochs).contains(patience) {
            throw fail("early-stopping patience", patience)
        }
        if let size = o.inputSize,
            !(1...Self.maximumInputSide).contains(size.width)
                || !(1...Self.maximumInputSide).contains(size.height)
        {
            throw fail("input size", size)
        }
        if let m = o.mixing {
            guard m.mixupAlpha.isFinite, m.cutmixAlpha.isFinite, (0...Self.maximumMixingAlpha).contains(m.mixupAlpha),
                (0...Self.maximumMixingAlpha).contains(m.cutmixAlpha), (0...1).contains(m.probability)
            else {
                throw fail(
                    "batch mixing", "mixup \(m.mixupAlpha), cutmix \(m.cutmixAlpha), probability \(m.probability)")
            }
        }
        guard (0...o.epochs).contains(completedEpochs) else {
            throw fail("completed epochs", "\(completedEpochs) of a \(o.epochs)-epoch run")
        }
        guard history.count == completedEpochs, history.enumerated().allSatisfy({ $0.element.epoch == $0.offset + 1 })
        else { throw fail("history", "\(history.count) records for \(completedEpochs) epochs") }
        for epoch in [bestEpoch, stoppedEarlyAfter, restoredEpoch].compactMap({ $0 })
        where !(1...max(1, completedEpochs)).contains(epoch) || completedEpochs == 0 {
            throw fail("epoch reference", "epoch \(epoch) of \(completedEpochs) completed")
        }
        guard (0...max(0, completedEpochs)).contains(epochsWithoutImprovement) else {
            throw fail("epochs without improvement", epochsWithoutImprovement)
        }
        guard !classNames.isEmpty, Set(classNames).count == classNames.count else {
            throw fail("class names", classNames)
        }
        try schedule.validate()
        if let normalization {
            guard !normalization.mean.isEmpty, normalization.mean.count == normalization.std.count,
                normalization.mean.allSatisfy(\.isFinite), normalization.std.allSatisfy({ $0.isFinite && $0 > 0 })
            else { throw fail("normalisation", "mean \(normalization.mean), std \(normalization.std)") }
        }
    }
}

extension TrainingState: Codable {
    private enum CodingKeys: String, CodingKey {
        case options, completedEpochs, trainerStep, schedule, history, bestEpoch, classNames, normalization
        case skippedSamples, epochsWithoutImprovement, stoppedEarlyAfter, restoredEpoch, origin
    }

    /// Decodes a state; fields added after the first checkpoints take their defaults when absent.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        options = try c.decode(TrainingOptions.self, forKey: .options)
        completedEpochs = try c.decode(Int.self, forKey: .completedEpochs)
        trainerStep = try c.decode(UInt64.self, forKey: .trainerStep)
        schedule = try c.decode(ScheduleState.self, forKey: .schedule)
        history = try c.decode([EpochRecord].self, forKey: .history)
        bestEpoch = try c.decodeIfPresent(Int.self, forKey: .bestEpoch)
        classNames = try c.decode([String].self, forKey: .classNames)
        normalization = try c.decodeIfPresent(Normalization.self, forKey: .normalization)
        skippedSamples = try c.decodeIfPresent([String].self, forKey: .skippedSamples) ?? []
        epochsWithoutImprovement = try c.decodeIfPresent(Int.self, forKey: .epochsWithoutImprovement) ?? 0
        stoppedEarlyAfter = try c.decodeIfPresent(Int.self, forKey: .stoppedEarlyAfter)
        restoredEpoch = try c.decodeIfPresent(Int.self, forKey: .restoredEpoch)
        origin = try c.decodeIfPresent(ModelOrigin.self, forKey: .origin)
    }

    /// Encodes the state; later fields only when set, so runs that do not use them keep their bytes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(options, forKey: .options)
        try c.encode(completedEpochs, forKey: .completedEpochs)
        try c.encode(trainerStep, forKey: .trainerStep)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(history, forKey: .history)
        try c.encodeIfPresent(bestEpoch, forKey: .bestEpoch)
        try c.encode(classNames, forKey: .classNames)
        try c.encodeIfPresent(normalization, forKey: .normalization)
        if !skippedSamples.isEmpty { try c.encode(skippedSamples, forKey: .skippedSamples) }
        if epochsWithoutImprovement != 0 { try c.encode(epochsWithoutImprovement, forKey: .epochsWithoutImprovement) }
        try c.encodeIfPresent(stoppedEarlyAfter, forKey: .stoppedEarlyAfter)
        try c.encodeIfPresent(restoredEpoch, forKey: .restoredEpoch)
        try c.encodeIfPresent(origin, forKey: .origin)
    }
}

/// Where a run's initial weights came from (`fovea train --init-from`).
public struct ModelOrigin: Sendable, Hashable, Codable {
    /// The model file the weights were loaded from, as given.
    public var path: String
    /// Its architecture name.
    public var architecture: String
    /// Top-level layers whose tensors were copied (same name and shape).
    public var loadedLayers: [String]
    /// Top-level layers initialised afresh (absent there, or of another shape: a new head).
    public var initializedLayers: [String]
}

/// A training state in a checkpoint holds a value no run could use (the file's checksum was right, so it was
/// written that way, by a bug or by hand).
public enum TrainingStateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field (in words) and its value.
    case invalid(String, String)

    public var description: String {
        switch self {
        case .invalid(let field, let value): "the training state's \(field) is out of range (\(value))"
        }
    }
}

extension ScheduleState {
    /// Throws ``TrainingStateError/invalid(_:_:)`` when the schedule could not advance: a step period or cosine
    /// length below 1, a rate or factor that is not finite and positive (or not in (0, 1) for plateau).
    func validate() throws {
        func rate(_ value: Float) -> Bool { value.isFinite && value >= 0 }
        switch self {
        case .constant:
            return
        case .step(let s):
            guard s.every >= 1, s.every <= TrainingState.maximumEpochs, rate(s.initialRate), rate(s.learningRate),
                s.factor.isFinite, s.factor > 0
            else {
                throw TrainingStateError.invalid(
                    "step schedule", "every \(s.every), factor \(s.factor), rate \(s.initialRate)")
            }
        case .plateau(let s):
            guard s.factor > 0, s.factor < 1, s.patience >= 0, s.threshold.isFinite, rate(s.minimumRate),
                rate(s.learningRate), s.epochsWithoutImprovement >= 0
            else { throw TrainingStateError.invalid("plateau schedule", "factor \(s.factor), patience \(s.patience)") }
        case .cosine(let s):
            guard s.epochs >= 1, s.epochs <= TrainingState.maximumEpochs, rate(s.initialRate), rate(s.minimumRate),
                rate(s.learningRate)
            else { throw TrainingStateError.invalid("cosine schedule", "\(s.epochs) epochs, rate \(s.initialRate)") }
        }
    }
}
