/// Training stopped because a loss (or, after an epoch, a weight) was not a finite number: the run diverged,
/// usually from a learning rate that is too large. Checkpoints on disk are those of the last epoch that ended
/// with finite numbers; the diverged epoch is not saved and never becomes the best.
public struct TrainingDiverged: Error, Sendable, Equatable, CustomStringConvertible {
    /// The epoch (1-based) under way.
    public let epoch: Int
    /// The training batch (1-based) whose loss was not finite, or `nil` when the validation loss or the
    /// weights after the epoch were.
    public let batch: Int?
    /// The offending loss (NaN or ±infinity), or `nil` for non-finite weights.
    public let loss: Double?
    /// Epochs completed (and checkpointed) before it.
    public let completedEpochs: Int

    public var description: String {
        let place: String
        if let batch {
            place = "at epoch \(epoch), batch \(batch)"
        } else if loss != nil {
            place = "in the validation pass of epoch \(epoch)"
        } else {
            place = "in the weights after epoch \(epoch)"
        }
        let value = loss.map { " (loss \($0))" } ?? ""
        let kept =
            completedEpochs == 0
            ? "no epoch had completed, so no checkpoint was written"
            : "the checkpoints of epoch \(completedEpochs) are kept"
        return "training diverged: a non-finite number \(place)\(value); \(kept). Try a smaller --lr"
    }
}
