/// Connects the ``TrainingLoop`` to a FoveaNN `Trainer` and a learning-rate schedule.
public final class NetworkTrainingTarget: TrainingTarget {
    /// The trainer (model, optimizer, loss, thread count, step counter).
    public let trainer: Trainer
    /// The schedule, stepped after every epoch on the validation accuracy (training accuracy without
    /// validation).
    public private(set) var schedule: ScheduleState

    /// A target training `trainer`'s model with `schedule`.
    public init(trainer: Trainer, schedule: ScheduleState) {
        self.trainer = trainer
        self.schedule = schedule
    }

    // MARK: TrainingTarget (documented on the protocol)

    /// Trains on the batch's soft targets when it has them (MixUp/CutMix; "correct" then means the arg-max of
    /// the target), on its labels otherwise.
    public func trainStep(on batch: Batch) throws -> BatchResult {
        let inputs = try batch.inputTensor()
        let result =
            if let soft = batch.softTargets {
                try trainer.trainStep(
                    inputs: inputs,
                    targets: try Tensor(shape: [batch.count, trainer.model.outputShape.reduce(1, *)], scalars: soft),
                    wholeBatch: batch.sharedBatchCount)
            } else {
                try trainer.trainStep(inputs: inputs, labels: batch.labels, wholeBatch: batch.sharedBatchCount)
            }
        return BatchResult(loss: result.loss, correct: result.correct)
    }

    public func evaluate(_ batch: Batch) throws -> BatchResult {
        let result = try trainer.evaluate(
            inputs: try batch.inputTensor(), labels: batch.labels, wholeBatch: batch.sharedBatchCount)
        return BatchResult(loss: result.loss, correct: result.correct)
    }

    public var learningRate: Double { Double(trainer.optimizer.learningRate) }

    public func finishEpoch(_ record: EpochRecord) {
        if let rate = schedule.update(
            epoch: record.epoch, validationMetric: record.validationAccuracy ?? record.trainAccuracy)
        {
            trainer.optimizer.learningRate = rate
        }
    }
}
