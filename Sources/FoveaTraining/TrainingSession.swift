import Foundation

/// A complete training run: split, loaders, model, optimizer, schedule, and a checkpoint after every epoch.
///
/// ```swift
/// let session = try TrainingSession(options: options, dataset: digits, threads: 2)
/// try session.run(checkpointPath: "model.fovea")
/// ```
///
/// After each epoch the session writes the last checkpoint to `checkpointPath` and, when the validation
/// accuracy improved, the best one to ``bestCheckpointPath(for:)``, both atomically. A checkpoint carries
/// weights, optimizer state and a ``TrainingState``; ``init(options:dataset:validation:threads:workers:resumingFrom:)``
/// with that checkpoint continues the run so that its final model file is byte-identical to an uninterrupted
/// run's (the epoch order and augmentation of epoch *e* depend only on the seed and *e*).
public final class TrainingSession {
    /// The run's options.
    public let options: TrainingOptions
    /// The model being trained.
    public let model: Model
    /// The trainer, optimizer and schedule.
    public let target: NetworkTrainingTarget
    /// The epoch loop and its loaders.
    public let loop: TrainingLoop
    /// The model's input format.
    public let format: InputFormat
    /// The state as of the last completed epoch.
    public private(set) var state: TrainingState

    /// Prepares a run over `dataset`.
    ///
    /// - Parameters:
    ///   - options: Everything that decides the result: architecture, hyper-parameters, seed.
    ///   - dataset: The training samples (and, without `validation`, the source of the held-out part).
    ///   - validation: A separate validation set; `nil` holds out `options.validationFraction` of each class
    ///     of `dataset` (stratified, seeded by `options.seed`).
    ///   - threads: Threads per training step (results do not depend on it).
    ///   - workers: Loader threads that decode and augment batches ahead of the trainer.
    ///   - checkpoint: A checkpoint written by an earlier session with the same options, to resume from.
    /// - Throws: ``TrainingError`` when the checkpoint does not belong to these options; data and model errors.
    public init(
        options: TrainingOptions, dataset: any Dataset, validation: (any Dataset)? = nil, threads: Int,
        workers: Int = 2, resumingFrom checkpoint: Checkpoint? = nil
    ) throws {
        guard dataset.count > 0 else { throw DataError.empty(source: "training data") }
        let trainingSet: any Dataset
        let validationSet: (any Dataset)?
        if let validation {
            trainingSet = dataset
            validationSet = validation
            for index in 0..<validation.count where validation.label(at: index) >= dataset.classCount {
                throw DataError.labelOutOfRange(
                    label: validation.label(at: index), classCount: dataset.classCount,
                    source: validation.sourceDescription(at: index))
            }
        } else {
            let split = try DatasetSplit.stratified(
                labels: dataset.labels, validationFraction: options.validationFraction, seed: options.seed)
            trainingSet = DatasetSubset(dataset, indices: split.training)
            validationSet = split.validation.isEmpty ? nil : DatasetSubset(dataset, indices: split.validation)
        }

        let model: Model
        let optimizer: Optimizer
        var state: TrainingState
        if let checkpoint {
            guard let saved = try TrainingState(metadata: checkpoint.metadata) else {
                throw TrainingError.notATrainingCheckpoint
            }
            guard saved.options == options else {
                throw TrainingError.optionsDiffer(saved: saved.options, requested: options)
            }
            guard saved.classNames == dataset.classNames else {
                throw TrainingError.classesDiffer(saved: saved.classNames, data: dataset.classNames)
            }
            model = try checkpoint.makeModel()
            guard let restored = try checkpoint.makeOptimizer() else { throw TrainingError.notATrainingCheckpoint }
            optimizer = restored
            state = saved
        } else {
            model = try Model(architecture: try .named(options.architecture), classes: dataset.classCount, seed: options.seed)
            optimizer = options.optimizer.makeOptimizer(learningRate: options.learningRate, weightDecay: options.weightDecay)
            state = TrainingState(
                options: options, completedEpochs: 0, trainerStep: 0,
                schedule: options.schedule.makeSchedule(learningRate: options.learningRate, epochs: options.epochs),
                history: [], bestEpoch: nil, classNames: dataset.classNames, normalization: nil)
        }
        let format = try InputFormat(modelInputShape: model.inputShape)
        if options.normalize && state.normalization == nil {
            state.normalization = try Normalization.computed(from: trainingSet, format: format, workers: workers)
        }
        let trainer = Trainer(model: model, optimizer: optimizer, threads: threads)
        trainer.step = state.trainerStep
        let policy = options.augmentation
        let transform: SampleTransform? = policy.steps.isEmpty ? nil : { @Sendable image, rng in
            policy.sample(width: image.width, height: image.height, using: &rng).apply(to: image)
        }
        self.options = options
        self.model = model
        self.format = format
        self.state = state
        self.target = NetworkTrainingTarget(trainer: trainer, schedule: state.schedule)
        self.loop = TrainingLoop(
            training: DataLoader(
                dataset: trainingSet, format: format, batchSize: options.batchSize, shuffle: true, seed: options.seed,
                transform: transform, normalization: state.normalization, workers: workers),
            validation: validationSet.map {
                DataLoader(
                    dataset: $0, format: format, batchSize: 256, shuffle: false, seed: options.seed,
                    normalization: state.normalization, workers: workers)
            })
    }

    /// Where the best checkpoint goes for a given last-checkpoint path: `model.fovea` → `model.best.fovea`.
    public static func bestCheckpointPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let base = url.deletingPathExtension().lastPathComponent
        let name = ext.isEmpty ? "\(base).best" : "\(base).best.\(ext)"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Trains the remaining epochs, writing checkpoints after each one.
    ///
    /// - Parameters:
    ///   - checkpointPath: The last checkpoint (overwritten atomically every epoch).
    ///   - onBatch: Called after every training batch.
    ///   - onEpoch: Called after every epoch, once its checkpoints are on disk.
    ///   - cancellation: Raise it to stop between batches (see ``TrainingLoop/run(_:epochs:cancellation:onBatch:onEpoch:)``).
    public func run(
        checkpointPath: String, cancellation: CancellationFlag? = nil, onBatch: (BatchProgress) -> Void = { _ in },
        onEpoch: (EpochRecord, EpochTiming) throws -> Void = { _, _ in }
    ) throws {
        let bestPath = Self.bestCheckpointPath(for: checkpointPath)
        try loop.run(
            target, epochs: state.completedEpochs..<options.epochs, cancellation: cancellation, onBatch: onBatch
        ) { record, timing in
            state.completedEpochs = record.epoch
            state.trainerStep = target.trainer.step
            state.schedule = target.schedule
            state.history.append(record)
            let previousBest = state.bestEpoch.flatMap { best in state.history.first { $0.epoch == best } }
            let improved = previousBest.map { score(record) > score($0) } ?? true
            if improved { state.bestEpoch = record.epoch }
            let metadata = try state.metadata()
            // Best first: a crash between the two writes then leaves the last checkpoint one epoch behind, and
            // the resumed run redoes that epoch and rewrites the same best file.
            if improved {
                try Checkpoint.save(model: model, optimizer: target.trainer.optimizer, metadata: metadata, to: bestPath)
            }
            try Checkpoint.save(model: model, optimizer: target.trainer.optimizer, metadata: metadata, to: checkpointPath)
            try onEpoch(record, timing)
        }
    }

    /// The number "best" maximises: validation accuracy, or training accuracy without a validation set.
    private func score(_ record: EpochRecord) -> Double { record.validationAccuracy ?? record.trainAccuracy }
}

/// Why a checkpoint cannot be resumed.
public enum TrainingError: Error, Sendable, CustomStringConvertible {
    /// The checkpoint has no training state or no optimizer (it was not written by a training session).
    case notATrainingCheckpoint
    /// The checkpoint was trained with other options; resuming would not reproduce either run.
    case optionsDiffer(saved: TrainingOptions, requested: TrainingOptions)
    /// The checkpoint was trained on data with other classes.
    case classesDiffer(saved: [String], data: [String])

    public var description: String {
        switch self {
        case .notATrainingCheckpoint:
            return "the checkpoint holds no training state (epoch, optimizer and schedule), so training cannot resume from it"
        case .classesDiffer(let saved, let data):
            return "the checkpoint was trained on the classes \(saved.joined(separator: " ")), but the data has "
                + "\(data.joined(separator: " ")); resume with the same data"
        case .optionsDiffer(let saved, let requested):
            let pairs: [(String, String, String)] = [
                ("model", saved.architecture, requested.architecture), ("epochs", "\(saved.epochs)", "\(requested.epochs)"),
                ("batch-size", "\(saved.batchSize)", "\(requested.batchSize)"),
                ("optimizer", saved.optimizer.rawValue, requested.optimizer.rawValue),
                ("lr", "\(saved.learningRate)", "\(requested.learningRate)"),
                ("weight-decay", "\(saved.weightDecay)", "\(requested.weightDecay)"),
                ("schedule", saved.schedule.rawValue, requested.schedule.rawValue),
                ("augment", saved.augmentationName, requested.augmentationName),
                ("val-split", "\(saved.validationFraction)", "\(requested.validationFraction)"),
                ("seed", "\(saved.seed)", "\(requested.seed)"), ("normalize", "\(saved.normalize)", "\(requested.normalize)"),
            ]
            let differences = pairs.filter { $0.1 != $0.2 }.map { "--\($0.0) \($0.1) (now \($0.2))" }
            let detail = differences.isEmpty ? "the augmentation policy differs" : differences.joined(separator: ", ")
            return "the checkpoint was trained with \(detail); run with the same options to resume"
        }
    }
}

extension InputFormat {
    /// The format of a model whose per-sample input shape is [C, H, W] with C = 1 or 3.
    /// - Throws: `DataError.unsupportedModelInput(shape:)` for other shapes.
    public init(modelInputShape shape: [Int]) throws {
        guard shape.count == 3, shape[0] == 1 || shape[0] == 3, shape[1] > 0, shape[2] > 0 else {
            throw DataError.unsupportedModelInput(shape: shape)
        }
        self.init(channels: shape[0], width: shape[2], height: shape[1])
    }
}
