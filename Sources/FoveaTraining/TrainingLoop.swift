import Foundation

/// The outcome of training or evaluating on one batch.
public struct BatchResult: Sendable, Hashable {
    /// Mean loss over the batch's samples.
    public var loss: Double
    /// How many samples were classified correctly (arg-max equals the label).
    public var correct: Int
    /// Creates a result.
    public init(loss: Double, correct: Int) {
        self.loss = loss
        self.correct = correct
    }
}

/// A model with its optimizer and schedule, as the ``TrainingLoop`` drives it.
public protocol TrainingTarget: AnyObject {
    /// One optimisation step on `batch` (forward, backward, update); returns the batch's loss before the update.
    func trainStep(on batch: Batch) throws -> BatchResult
    /// The loss and accuracy on `batch`, without changing any state (inference mode).
    func evaluate(_ batch: Batch) throws -> BatchResult
    /// The learning rate the next step will use.
    var learningRate: Double { get }
    /// Called once after each epoch with its record (1-based `epoch`, losses and accuracies), so
    /// learning-rate schedules can advance.
    func finishEpoch(_ record: EpochRecord)
}

/// What one epoch of training produced. Every field is a pure function of the data, seed and settings
/// (no timings), so a history stored in a checkpoint is identical however the run was interrupted.
public struct EpochRecord: Sendable, Hashable, Codable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's samples.
    public var trainLoss: Double
    /// Training accuracy over the epoch's samples, in [0, 1].
    public var trainAccuracy: Double
    /// Mean validation loss, or `nil` without a validation set.
    public var validationLoss: Double?
    /// Validation accuracy in [0, 1], or `nil` without a validation set.
    public var validationAccuracy: Double?
    /// The learning rate used during the epoch.
    public var learningRate: Double
}

/// Wall-clock figures of one epoch (kept apart from ``EpochRecord`` because they vary run to run).
public struct EpochTiming: Sendable, Hashable {
    /// Seconds spent in the epoch, training and validation.
    public var seconds: Double
    /// Seconds the trainer waited for the loader during the training pass.
    public var dataWaitSeconds: Double
    /// Training samples per second.
    public var samplesPerSecond: Double
}

/// Progress within an epoch, reported after every training batch.
public struct BatchProgress: Sendable, Hashable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Batches done in this epoch.
    public var batchesDone: Int
    /// Batches in this epoch.
    public var batchCount: Int
    /// Mean loss over the samples seen so far in this epoch.
    public var runningLoss: Double
    /// Accuracy over the samples seen so far in this epoch, in [0, 1].
    public var runningAccuracy: Double
    /// Seconds since the epoch started.
    public var elapsedSeconds: Double
    /// Samples seen so far in this epoch.
    public var samplesDone: Int

    /// Estimated seconds left in the training pass, from the average time per batch so far.
    public var etaSeconds: Double {
        batchesDone == 0 ? 0 : elapsedSeconds / Double(batchesDone) * Double(batchCount - batchesDone)
    }
    /// Training samples per second so far.
    public var samplesPerSecond: Double { elapsedSeconds > 0 ? Double(samplesDone) / elapsedSeconds : 0 }
}

/// Runs epochs: a shuffled, augmented training pass, then a validation pass, then the schedule.
///
/// The loop keeps no state of its own besides what it is given: to resume, pass the next epoch as
/// `startEpoch` and a target restored from the checkpoint written after the previous one. Because the
/// loader derives the order and augmentation of epoch *e* from (seed, e), the resumed epochs see exactly the
/// batches the uninterrupted run would have.
public struct TrainingLoop {
    /// Training batches (shuffled, augmented).
    public var training: DataLoader
    /// Validation batches (in order, not augmented), or `nil`.
    public var validation: DataLoader?
    /// Data-parallel training: the processes that train together, each on its share of every batch (the
    /// loaders' `DataLoader.share`). Before every batch and after every epoch they agree to go on or stop
    /// together (``PeerStopped``); `nil` trains alone.
    public var processes: (any ProcessGroup)? = nil

    /// A loop over `training`, validating on `validation` after each epoch.
    public init(training: DataLoader, validation: DataLoader?) {
        self.training = training
        self.validation = validation
    }

    /// Mean loss and accuracy of `target` over every batch of `loader`'s epoch 0.
    public static func evaluate(_ target: any TrainingTarget, on loader: DataLoader) throws -> (
        loss: Double, accuracy: Double
    ) {
        let batches = loader.batches(epoch: 0)
        var lossSum = 0.0
        var correct = 0
        var seen = 0
        while let batch = try batches.next() {
            let result = try target.evaluate(batch)
            lossSum += result.loss * Double(batch.wholeCount)
            correct += result.correct
            seen += batch.wholeCount
        }
        guard seen > 0 else { return (.nan, .nan) }
        return (lossSum / Double(seen), Double(correct) / Double(seen))
    }

    /// Trains epochs `startEpoch ..< endEpoch` (0-based).
    ///
    /// - Parameters:
    ///   - target: The model with its optimizer and schedule that each batch trains.
    ///   - range: The epochs to run, `startEpoch ..< endEpoch`.
    ///   - onBatch: Called after every training batch (for a progress bar).
    ///   - onEpoch: Called after every epoch, once the schedule has advanced: write checkpoints and metrics here.
    ///   - cancellation: Checked before every batch; once raised, the loader's workers are stopped and joined and
    ///     ``TrainingInterrupted`` is thrown. The epoch under way is discarded (checkpoints are per epoch).
    /// - Throws: ``TrainingDiverged`` as soon as a training batch's loss or the validation loss is not finite
    ///   (before `onEpoch`, so the epoch is never saved).
    /// - Returns: The records of the epochs run.
    @discardableResult
    public func run(
        _ target: any TrainingTarget, epochs range: Range<Int>, cancellation: CancellationFlag? = nil,
        onBatch: (BatchProgress) -> Void = { _ in },
        onEpoch: (EpochRecord, EpochTiming) throws -> Void = { _, _ in }
    ) throws -> [EpochRecord] {
        var records: [EpochRecord] = []
        for epoch in range {
            let start = DispatchTime.now().uptimeNanoseconds
            func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }
            let learningRate = target.learningRate
            let batches = training.batches(epoch: epoch)
            var lossSum = 0.0
            var correct = 0
            var seen = 0
            var done = 0
            while true {
                let next = Result<Batch?, any Error> {
                    if cancellation?.isRaised == true {
                        throw TrainingInterrupted(epoch: epoch + 1, completedEpochs: epoch)
                    }
                    return try batches.next()
                }
                let loaded: Batch?
                do {
                    loaded =
                        try processes.map { try $0.agree(next, epoch: epoch + 1, completedEpochs: epoch) } ?? next.get()
                } catch {
                    batches.cancel()
                    throw error
                }
                guard let batch = loaded else { break }
                let result = try target.trainStep(on: batch)
                guard result.loss.isFinite else {
                    batches.cancel()
                    throw TrainingDiverged(epoch: epoch + 1, batch: done + 1, loss: result.loss, completedEpochs: epoch)
                }
                lossSum += result.loss * Double(batch.wholeCount)
                correct += result.correct
                seen += batch.wholeCount
                done += 1
                onBatch(
                    BatchProgress(
                        epoch: epoch + 1, batchesDone: done, batchCount: batches.count,
                        runningLoss: lossSum / Double(seen), runningAccuracy: Double(correct) / Double(seen),
                        elapsedSeconds: elapsed(), samplesDone: seen))
            }
            let trainSeconds = elapsed()
            let trainLoss = seen > 0 ? lossSum / Double(seen) : .nan
            var record = EpochRecord(
                epoch: epoch + 1, trainLoss: trainLoss, trainAccuracy: seen > 0 ? Double(correct) / Double(seen) : .nan,
                validationLoss: nil, validationAccuracy: nil, learningRate: learningRate)
            if let validation, validation.dataset.count > 0 {
                let (loss, accuracy) = try Self.evaluate(target, on: validation)
                guard loss.isFinite else {
                    throw TrainingDiverged(epoch: epoch + 1, batch: nil, loss: loss, completedEpochs: epoch)
                }
                record.validationLoss = loss
                record.validationAccuracy = accuracy
            }
            target.finishEpoch(record)
            records.append(record)
            let finished = Result {
                try onEpoch(
                    record,
                    EpochTiming(
                        seconds: elapsed(), dataWaitSeconds: batches.waitSeconds,
                        samplesPerSecond: trainSeconds > 0 ? Double(seen) / trainSeconds : 0))
            }
            try processes.map { try $0.agree(finished, epoch: epoch + 1, completedEpochs: epoch) } ?? finished.get()
        }
        return records
    }
}
