import Foundation

/// What a checkpoint must remember, besides weights and optimizer state, for a resumed run to continue
/// exactly as if never interrupted — and for `eval` and `predict` to prepare inputs as training did.
/// Stored as JSON under ``metadataKey`` in the checkpoint's metadata.
public struct TrainingState: Sendable, Codable {
    /// The checkpoint metadata key holding this state as JSON.
    public static let metadataKey = "fovea.training"

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
    /// The epoch (1-based) with the best validation accuracy so far, if any.
    public var bestEpoch: Int?
    /// The class names, index = label.
    public var classNames: [String]
    /// The input standardisation, if the run used one.
    public var normalization: Normalization?

    /// The state as checkpoint metadata: JSON with sorted keys (so equal states give equal bytes), plus the
    /// completed epoch count under `"epoch"` for people reading the header.
    public func metadata() throws -> [String: String] {
        let json = String(decoding: try CheckpointJSON.encoder().encode(self), as: UTF8.self)
        return [Self.metadataKey: json, "epoch": String(completedEpochs)]
    }

    /// The state stored in `metadata`, or `nil` when the checkpoint holds none (a model saved by other code).
    /// - Throws: `DecodingError` when the stored JSON is damaged.
    public init?(metadata: [String: String]) throws {
        guard let json = metadata[Self.metadataKey] else { return nil }
        self = try CheckpointJSON.decoder().decode(TrainingState.self, from: Data(json.utf8))
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
}
