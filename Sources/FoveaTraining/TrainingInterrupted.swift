/// Training stopped because its `CancellationFlag` (FoveaData) was raised. The loader's worker threads have been
/// stopped and joined; checkpoints on disk are those of the last completed epoch.
public struct TrainingInterrupted: Error, Sendable, Equatable, CustomStringConvertible {
    /// The epoch (1-based) that was under way and is discarded.
    public let epoch: Int
    /// Epochs completed (and checkpointed) before the interruption.
    public let completedEpochs: Int

    public var description: String {
        "training interrupted during epoch \(epoch); \(completedEpochs) completed epoch\(completedEpochs == 1 ? "" : "s") kept"
    }
}
