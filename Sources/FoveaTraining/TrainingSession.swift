import Foundation

/// A complete training run: split, loaders, model, optimizer, schedule, and a checkpoint after every epoch.
///
/// ```swift
/// let session = try TrainingSession(options: options, dataset: digits, threads: 2)
/// try session.run(checkpointPath: "model.fovea")
/// ```
///
/// After each epoch the session writes the last checkpoint to `checkpointPath` and, when the monitored metric
/// (``TrainingOptions/monitor``) improved, the best one to ``bestCheckpointPath(for:)``, both atomically. A
/// checkpoint carries weights, optimizer state and a ``TrainingState``; ``init(options:dataset:validation:threads:workers:resumingFrom:initializingFrom:processes:)``
/// with that checkpoint continues the run so that its final model file is byte-identical to an uninterrupted
/// run's (the epoch order and augmentation of epoch *e* depend only on the seed and *e*; early stopping's
/// counter is part of the state).
///
/// Resuming with a larger ``TrainingOptions/epochs`` extends a run (also a finished one); the learning-rate
/// schedule keeps the state it had: `step` keeps decaying with the period the original epoch count set,
/// `cosine` stays at its final rate after its original length, `plateau` keeps watching.
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
    /// Samples left out because they could not be read (``BadSamplePolicy/skip``), training data first.
    public let skippedSamples: [SampleCheck.Failure]
    /// Whether this process writes the checkpoints: alone, or rank 0 of a data-parallel run.
    public let writesCheckpoints: Bool

    /// Prepares a run over `dataset`.
    ///
    /// - Parameters:
    ///   - options: Everything that decides the result: architecture, hyper-parameters, seed.
    ///   - dataset: The training samples (and, without `validation`, the source of the held-out part).
    ///   - validation: A separate validation set, labelled by class name (its classes must be among the
    ///     training data's; some may be missing); `nil` holds out `options.validationFraction` of each class
    ///     of `dataset` (stratified, seeded by `options.seed`).
    ///   - threads: Threads per training step (results do not depend on it).
    ///   - workers: Loader threads that decode and augment batches ahead of the trainer (and check samples).
    ///   - checkpoint: A checkpoint written by an earlier session with the same options (the epoch count may
    ///     differ: the run is extended or shortened), to resume from.
    ///   - backbone: A model whose layers of the same name and shape initialise this one (transfer learning);
    ///     the other layers are initialised as usual. Ignored when resuming.
    ///   - processes: Data-parallel training: the processes that train this model together (every one builds
    ///     a session with the same arguments); each loads and augments only its share of every batch, and
    ///     only rank 0 writes checkpoints. The weights are bit-identical to a single process's. `nil` trains alone.
    /// - Throws: ``TrainingError`` when the checkpoint does not belong to these options, a frozen layer does
    ///   not exist or the data does not fit the architecture; `DataError` for unreadable samples (with
    ///   ``BadSamplePolicy/fail``) and classes the training data lacks; model errors.
    public init(
        options: TrainingOptions, dataset: any Dataset, validation: (any Dataset)? = nil, threads: Int,
        workers: Int = 2, resumingFrom checkpoint: Checkpoint? = nil, initializingFrom backbone: Backbone? = nil,
        processes: (any ProcessGroup)? = nil
    ) throws {
        guard dataset.count > 0 else { throw DataError.empty(source: "training data") }
        // Every sample is read once before the first epoch: a broken file stops the run now, not an hour in.
        let trainingCheck = SampleCheck(dataset, threads: workers)
        let validationCheck = validation.map { SampleCheck($0, threads: workers) }
        let failures = trainingCheck.failures + (validationCheck?.failures ?? [])
        if options.badSamples == .fail, let first = failures.first {
            throw DataError.unreadableImage(path: first.source, reason: first.reason)
        }
        let readable = trainingCheck.readable(dataset)
        guard readable.count > 0 else { throw DataError.empty(source: "training data (every sample is unreadable)") }

        let trainingSet: any Dataset
        let validationSet: (any Dataset)?
        if let validation, let validationCheck {
            trainingSet = readable
            validationSet = try ClassMappedDataset(validationCheck.readable(validation), classNames: dataset.classNames)
        } else {
            let split = try DatasetSplit.stratified(
                labels: readable.labels, validationFraction: options.validationFraction, seed: options.seed)
            trainingSet = DatasetSubset(readable, indices: split.training)
            validationSet = split.validation.isEmpty ? nil : DatasetSubset(readable, indices: split.validation)
        }

        // Before any weights are allocated: an architecture tied to its input size takes no other size, and
        // data of another size only with an explicit `inputSize` (which must then be that size).
        let architecture = try? Architecture.named(options.architecture)
        let inputShape = architecture.map { architecture in
            options.inputSize.map { [architecture.defaultInputShape[0], $0.height, $0.width] }
                ?? architecture.defaultInputShape
        }
        if let architecture, architecture.hasFixedInput {
            let shape = architecture.defaultInputShape
            if let size = options.inputSize, [shape[0], size.height, size.width] != shape {
                throw TrainingError.fixedInputSize(
                    architecture: options.architecture, expected: [shape[2], shape[1]], requested: size)
            }
            let sample = try readable.image(at: 0)
            if options.inputSize == nil, sample.width != shape[2] || sample.height != shape[1] {
                throw TrainingError.inputSizeDiffers(
                    architecture: options.architecture, expected: [shape[2], shape[1]],
                    data: [sample.width, sample.height], source: readable.sourceDescription(at: 0))
            }
        }

        // Samples keep their prepared size through the augmentation (a random resized crop must crop to it).
        if let size = options.inputSize {
            try options.augmentation.checkKeepsSize(width: size.width, height: size.height)
        } else if let sample = try? readable.image(at: 0) {
            try options.augmentation.checkKeepsSize(width: sample.width, height: sample.height)
        }

        let model: Model
        let optimizer: Optimizer
        var state: TrainingState
        if let checkpoint {
            guard let saved = try TrainingState(metadata: checkpoint.metadata) else {
                throw TrainingError.notATrainingCheckpoint
            }
            guard saved.options.with(epochs: options.epochs) == options else {
                throw TrainingError.optionsDiffer(saved: saved.options, requested: options)
            }
            guard options.epochs >= saved.completedEpochs else {
                throw TrainingError.alreadyBeyond(completedEpochs: saved.completedEpochs, requested: options.epochs)
            }
            guard saved.classNames == dataset.classNames else {
                throw TrainingError.classesDiffer(saved: saved.classNames, data: dataset.classNames)
            }
            guard saved.skippedSamples == failures.map(\.source) else {
                throw TrainingError.skippedSamplesDiffer(saved: saved.skippedSamples, now: failures.map(\.source))
            }
            model = try checkpoint.makeModel()
            guard model.outputShape.reduce(1, *) == saved.classNames.count else {
                throw TrainingStateError.invalid(
                    "class names",
                    "\(saved.classNames.count) for a network with \(model.outputShape.reduce(1, *)) outputs")
            }
            guard let restored = try checkpoint.makeOptimizer() else { throw TrainingError.notATrainingCheckpoint }
            optimizer = restored
            state = saved
            state.options = options
            if options.epochs > saved.options.epochs { state.stoppedEarlyAfter = nil }
        } else {
            model = try Model(
                architecture: try architecture ?? .named(options.architecture), inputShape: inputShape,
                classes: dataset.classCount, seed: options.seed)
            optimizer = options.optimizer.makeOptimizer(
                learningRate: options.learningRate, weightDecay: options.weightDecay)
            state = TrainingState(
                options: options, completedEpochs: 0, trainerStep: 0,
                schedule: options.schedule.makeSchedule(learningRate: options.learningRate, epochs: options.epochs),
                history: [], bestEpoch: nil, classNames: dataset.classNames, normalization: nil)
            state.skippedSamples = failures.map(\.source)
            if let backbone {
                let report = try backbone.checkpoint.restore(into: model, partial: true)
                let withWeights = Set(model.layers.filter { !$0.parameters.isEmpty }.map(\.name))
                state.origin = ModelOrigin(
                    path: backbone.path, architecture: backbone.checkpoint.architecture,
                    loadedLayers: report.loadedLayers.filter(withWeights.contains),
                    initializedLayers: report.skippedLayers.filter(withWeights.contains))
            }
        }
        let layerNames = model.layers.map(\.name)
        if let unknown = options.frozenLayers.first(where: { !layerNames.contains($0) }) {
            throw TrainingError.unknownLayer(unknown, known: layerNames)
        }
        model.setFrozen(true, layers: Set(options.frozenLayers))
        let format = try InputFormat(modelInputShape: model.inputShape)
        if options.normalize && state.normalization == nil {
            state.normalization = try Normalization.computed(from: trainingSet, format: format, workers: workers)
        }
        if let normalization = state.normalization, normalization.mean.count != format.channels {
            throw TrainingStateError.invalid(
                "normalisation", "\(normalization.mean.count) channels for a \(format.channels)-channel model")
        }
        let trainer = Trainer(model: model, optimizer: optimizer, threads: threads)
        trainer.step = state.trainerStep
        trainer.processes = processes
        self.writesCheckpoints = (processes?.rank ?? 0) == 0
        let policy = options.augmentation
        let transform: SampleTransform? =
            policy.steps.isEmpty
            ? nil
            : { @Sendable image, rng in
                policy.sample(width: image.width, height: image.height, using: &rng).apply(
                    to: image, reencoder: JPEGArtifacts.reencoder)
            }
        self.options = options
        self.model = model
        self.format = format
        self.state = state
        self.skippedSamples = failures
        self.target = NetworkTrainingTarget(trainer: trainer, schedule: state.schedule)
        var loop = TrainingLoop(
            training: DataLoader(
                dataset: trainingSet, format: format, batchSize: options.batchSize, shuffle: true, seed: options.seed,
                transform: transform, normalization: state.normalization, workers: workers, mixing: options.mixing),
            validation: validationSet.map {
                DataLoader(
                    dataset: $0, format: format, batchSize: 256, shuffle: false, seed: options.seed,
                    normalization: state.normalization, workers: workers)
            })
        if let processes {
            let share = BatchShare(process: processes.rank, of: processes.size)
            loop.training.share = share
            loop.validation?.share = share
            loop.processes = processes
        }
        self.loop = loop
    }

    /// Where the best checkpoint goes for a given last-checkpoint path: `model.fovea` → `model.best.fovea`.
    public static func bestCheckpointPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let base = url.deletingPathExtension().lastPathComponent
        let name = ext.isEmpty ? "\(base).best" : "\(base).best.\(ext)"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Trains the remaining epochs, writing checkpoints after each one, until the last epoch or until early
    /// stopping ends the run (``TrainingState/stoppedEarlyAfter``).
    ///
    /// Early stopping follows Keras's `EarlyStopping`: an epoch improves when its monitored metric is strictly
    /// better than the best so far; after `earlyStopPatience` epochs in a row without improvement the run ends.
    /// With `restoreBest`, the final checkpoint (`checkpointPath`) then holds the best epoch's weights — also
    /// when the run reaches its last epoch (keras#12511) — and ``TrainingState/restoredEpoch`` says which.
    ///
    /// - Parameters:
    ///   - checkpointPath: The last checkpoint (overwritten atomically every epoch).
    ///   - onBatch: Called after every training batch.
    ///   - onEpoch: Called after every epoch, once its checkpoints are on disk.
    ///   - cancellation: Raise it to stop between batches (see ``TrainingLoop/run(_:epochs:cancellation:onBatch:onEpoch:)``).
    /// - Throws: ``TrainingDiverged`` when a loss or a weight stops being finite (nothing of that epoch is
    ///   saved), ``TrainingInterrupted``, and write errors.
    public func run(
        checkpointPath: String, cancellation: CancellationFlag? = nil, onBatch: (BatchProgress) -> Void = { _ in },
        onEpoch: (EpochRecord, EpochTiming) throws -> Void = { _, _ in }
    ) throws {
        let bestPath = Self.bestCheckpointPath(for: checkpointPath)
        var epoch = state.completedEpochs
        while epoch < options.epochs, state.stoppedEarlyAfter == nil {
            try loop.run(target, epochs: epoch..<(epoch + 1), cancellation: cancellation, onBatch: onBatch) {
                record, timing in
                guard model.hasFiniteValues else {
                    throw TrainingDiverged(
                        epoch: record.epoch, batch: nil, loss: nil, completedEpochs: record.epoch - 1)
                }
                try finish(record, bestPath: bestPath, checkpointPath: checkpointPath)
                try onEpoch(record, timing)
            }
            epoch += 1
        }
    }

    /// Records a finished epoch in the state and writes the best (when it improved) and the last checkpoint.
    private func finish(_ record: EpochRecord, bestPath: String, checkpointPath: String) throws {
        state.completedEpochs = record.epoch
        state.trainerStep = target.trainer.step
        state.schedule = target.schedule
        let previous = state.bestEpoch.flatMap { best in state.history.first { $0.epoch == best } }
        state.history.append(record)
        let score = options.monitor.score(record)
        let improved: Bool =
            if let score { previous.flatMap(options.monitor.score).map { score > $0 } ?? true } else { false }
        if improved {
            state.bestEpoch = record.epoch
            state.epochsWithoutImprovement = 0
        } else {
            state.epochsWithoutImprovement += 1
            if let patience = options.earlyStopPatience, state.epochsWithoutImprovement >= patience {
                state.stoppedEarlyAfter = record.epoch
            }
        }
        // Best first: a crash between the two writes then leaves the last checkpoint one epoch behind, and
        // the resumed run redoes that epoch and rewrites the same best file.
        guard writesCheckpoints else { return }
        if improved {
            try Checkpoint.save(
                model: model, optimizer: target.trainer.optimizer, metadata: try state.metadata(), to: bestPath)
        }
        let final = state.stoppedEarlyAfter != nil || record.epoch == options.epochs
        if final, options.restoreBest, let best = state.bestEpoch, best != record.epoch {
            try Checkpoint.load(from: bestPath).restore(into: model)
            state.restoredEpoch = best
        } else {
            state.restoredEpoch = nil
        }
        try Checkpoint.save(
            model: model, optimizer: target.trainer.optimizer, metadata: try state.metadata(), to: checkpointPath)
    }
}

/// A model whose weights start a run (``TrainingSession/init(options:dataset:validation:threads:workers:resumingFrom:initializingFrom:processes:)``).
public struct Backbone: Sendable {
    /// The file it was read from (recorded in the new run's checkpoints).
    public let path: String
    /// The checkpoint.
    public let checkpoint: Checkpoint

    /// Reads the model file at `path`.
    /// - Throws: `NNError` for a missing or damaged file.
    public init(contentsOf path: String) throws {
        self.path = path
        checkpoint = try Checkpoint.load(from: path)
    }
}

/// Why a run cannot start or resume.
public enum TrainingError: Error, Sendable, CustomStringConvertible {
    /// The checkpoint has no training state or no optimizer (it was not written by a training session).
    case notATrainingCheckpoint
    /// The checkpoint was trained with other options; resuming would not reproduce either run.
    case optionsDiffer(saved: TrainingOptions, requested: TrainingOptions)
    /// The checkpoint was trained on data with other classes.
    case classesDiffer(saved: [String], data: [String])
    /// The checkpoint has completed more epochs than the run is asked to have.
    case alreadyBeyond(completedEpochs: Int, requested: Int)
    /// The unreadable samples are not those the checkpointed run left out (the data changed).
    case skippedSamplesDiffer(saved: [String], now: [String])
    /// `--freeze` names a layer the model does not have.
    case unknownLayer(String, known: [String])
    /// The architecture takes one input size and the data has another (and no input size was given).
    case inputSizeDiffers(architecture: String, expected: [Int], data: [Int], source: String)
    /// `--input-size` asks an architecture with a fixed input (`expected`, width and height) for another size.
    case fixedInputSize(architecture: String, expected: [Int], requested: PixelSize)

    public var description: String {
        switch self {
        case .notATrainingCheckpoint:
            return
                "the checkpoint holds no training state (epoch, optimizer and schedule), so training cannot resume from it"
        case .classesDiffer(let saved, let data):
            return "the checkpoint was trained on the classes \(saved.joined(separator: " ")), but the data has "
                + "\(data.joined(separator: " ")); resume with the same data"
        case .alreadyBeyond(let completed, let requested):
            return "the checkpoint has completed \(completed) epochs, more than --epochs \(requested); "
                + "pass --epochs \(completed) or more"
        case .skippedSamplesDiffer(let saved, let now):
            return "the run left out \(saved.count) unreadable samples (\(saved.prefix(3).joined(separator: ", "))), "
                + "but now \(now.count) are unreadable (\(now.prefix(3).joined(separator: ", "))): the data changed; "
                + "restore it, or start afresh without --resume"
        case .unknownLayer(let name, let known):
            return "--freeze \(name): the model has no such layer (its layers: \(known.joined(separator: ", ")))"
        case .inputSizeDiffers(let architecture, let expected, let data, let source):
            return "\(architecture) takes \(expected[0])×\(expected[1]) inputs only, but \(source) is "
                + "\(data[0])×\(data[1]); pass --input-size \(expected[0])x\(expected[1]) to resize every sample "
                + "(antialiased bilinear, also in predict and eval; memory grows with the size, see "
                + "`fovea summary \(architecture) --batch-size N`), or choose a model that adapts to the input "
                + "(mlp, lenet5, vgg-small, resnet-small)"
        case .fixedInputSize(let architecture, let expected, let requested):
            return "--input-size \(requested.width)x\(requested.height): \(architecture) takes "
                + "\(expected[0])×\(expected[1]) inputs only; pass --input-size \(expected[0])x\(expected[1]), "
                + "or choose a model that adapts to the input (mlp, lenet5, vgg-small, resnet-small)"
        case .optionsDiffer(let saved, let requested):
            let pairs: [(String, String, String)] = [
                ("model", saved.architecture, requested.architecture),
                ("batch-size", "\(saved.batchSize)", "\(requested.batchSize)"),
                ("optimizer", saved.optimizer.rawValue, requested.optimizer.rawValue),
                ("lr", "\(saved.learningRate)", "\(requested.learningRate)"),
                ("weight-decay", "\(saved.weightDecay)", "\(requested.weightDecay)"),
                ("schedule", saved.schedule.rawValue, requested.schedule.rawValue),
                ("augment", saved.augmentationName, requested.augmentationName),
                ("val-split", "\(saved.validationFraction)", "\(requested.validationFraction)"),
                ("seed", "\(saved.seed)", "\(requested.seed)"),
                ("normalize", "\(saved.normalize)", "\(requested.normalize)"),
                ("bad-samples", saved.badSamples.rawValue, requested.badSamples.rawValue),
                ("monitor", saved.monitor.rawValue, requested.monitor.rawValue),
                (
                    "early-stop", saved.earlyStopPatience.map(String.init) ?? "off",
                    requested.earlyStopPatience.map(String.init) ?? "off"
                ),
                ("restore-best", "\(saved.restoreBest)", "\(requested.restoreBest)"),
                ("freeze", saved.frozenLayers.joined(separator: ","), requested.frozenLayers.joined(separator: ",")),
                ("mixup", "\(saved.mixing?.mixupAlpha ?? 0)", "\(requested.mixing?.mixupAlpha ?? 0)"),
                ("cutmix", "\(saved.mixing?.cutmixAlpha ?? 0)", "\(requested.mixing?.cutmixAlpha ?? 0)"),
                ("mix-prob", "\(saved.mixing?.probability ?? 1)", "\(requested.mixing?.probability ?? 1)"),
                (
                    "input-size", saved.inputSize.map { "\($0.width)x\($0.height)" } ?? "off",
                    requested.inputSize.map { "\($0.width)x\($0.height)" } ?? "off"
                ),
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
