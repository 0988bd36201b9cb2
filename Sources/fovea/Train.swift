import ArgumentParser
import Foundation
import FoveaTraining

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension OptimizerChoice: ExpressibleByArgument {}
extension ScheduleChoice: ExpressibleByArgument {}
extension BadSamplePolicy: ExpressibleByArgument {}
extension MonitoredMetric: ExpressibleByArgument {}

/// Flags naming a labelled dataset, shared by `train` and `eval`.
struct DataOptions: ParsableArguments {
    @Option(
        help:
            "An IDX image file (gzipped or not), a folder with one subfolder per class, or a CSV of label,pixel… rows.")
    var data: String

    @Option(help: "The IDX label file (default: the MNIST-named file beside --data, e.g. …-labels-idx1-ubyte.gz).")
    var labels: String?

    /// The dataset the flags name; notes on what a class-folder listing skipped go to standard error.
    func open() throws -> any Dataset { try DatasetNotes.open(data, labels: labels) }
}

/// What listing a dataset left out, said once on standard error (files that are not images, empty class
/// folders), so nothing is skipped without a word.
enum DatasetNotes {
    /// The dataset at `path` (`DatasetSource.open`), its notes reported; images lying in a class-folder root
    /// without any class folder are a usage error (exit 64), as torchvision's `ImageFolder` refuses them.
    static func open(_ path: String, labels: String?) throws -> any Dataset {
        let dataset: any Dataset
        do {
            dataset = try DatasetSource.open(path, labels: labels)
        } catch let error as DataError {
            if case .imagesOutsideClassFolders = error { throw ValidationError("\(error)") }
            throw error
        }
        report(dataset)
        return dataset
    }

    static func report(_ dataset: any Dataset) {
        guard let folders = dataset as? ImageFolderDataset else { return }
        var parts = ["\(folders.directory): \(folders.count) images in \(folders.classCount) classes"]
        if !folders.skippedFiles.isEmpty {
            let count = folders.skippedFiles.count
            let shown = folders.skippedFiles.prefix(3).joined(separator: ", ") + (count > 3 ? ", …" : "")
            parts.append(
                "skipped \(count) file\(count == 1 ? "" : "s") that \(count == 1 ? "is" : "are") not an image (\(shown))"
            )
        }
        if let example = folders.looseFiles.first {
            parts.append(looseFilesNote(folders.looseFiles.count, example: example))
        }
        if !folders.emptyClassFolders.isEmpty {
            parts.append(
                "empty class folder\(folders.emptyClassFolders.count == 1 ? "" : "s") (no images, not a class): "
                    + folders.emptyClassFolders.joined(separator: ", "))
        }
        Terminal.note(parts.joined(separator: "; "))
    }

    /// "skipped 2 files outside the class folders (e.g. root/a.png)": the files directly in a class-folder root.
    static func looseFilesNote(_ count: Int, example: String) -> String {
        "skipped \(count) file\(count == 1 ? "" : "s") outside the class folders (e.g. \(example))"
    }
}

/// `fovea train`: trains a CNN, validating and checkpointing every epoch.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a CNN on labelled images.",
        discussion: """
            Holds out --val-split of each class for validation (or uses --val-data, whose class folders are \
            matched to the training classes by name), validates every epoch, and writes the last checkpoint \
            to --out and the best one (by --monitor) to OUT.best.fovea, atomically, after every epoch; \
            missing output folders are created. Every sample is read once before the first epoch: an \
            unreadable one stops the run (--bad-samples fail) or is left out (skip). A loss that stops being \
            finite ends the run with exit 1; the checkpoints of the last finite epoch stay.

            --resume continues from --out exactly as if never interrupted (same options required, except \
            --epochs: a larger count extends the run, also a finished one). The learning-rate schedule keeps \
            its state when the epoch count changes: step keeps its period (a third of the original run), \
            cosine stays at its final rate once its original length is over, plateau keeps watching. \
            Results do not depend on --threads or --workers.

            `mpirun -n R fovea train …` trains one model over R processes (Open MPI): each loads and \
            augments its share of every batch, rank 0 alone writes the outputs, and the model file is \
            byte-identical to a plain run's for any R (also when resuming with another R).
            """)

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Architecture: \(Architecture.all.map(\.name).joined(separator: ", ")).")
    var model = "lenet5"

    @Option(help: "Number of epochs.")
    var epochs = 10

    @Option(name: .customLong("batch-size"), help: "Samples per training batch.")
    var batchSize = 64

    @Option(help: "Optimizer: \(OptimizerChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer = OptimizerChoice.adam

    @Option(help: "Initial learning rate (default: 0.1 sgd, 0.05 momentum/nesterov, 0.001 rmsprop/adam).")
    var lr: Double?

    @Option(name: .customLong("weight-decay"), help: "L2 weight decay.")
    var weightDecay = 0.0

    @Option(
        help:
            "Learning-rate schedule: none, step (×0.1 every third of the run), plateau (×0.1 after 2 epochs without a better validation accuracy), cosine."
    )
    var schedule = ScheduleChoice.none

    @Option(
        help:
            "Augmentation preset: \(AugmentationPolicy.presetNames.joined(separator: ", ")); the range flags below (as in `fovea augment`) change it."
    )
    var augment = "none"

    /// `fovea augment`'s name for the starting preset; here it is `--augment`, so this only explains that.
    @Option(help: .hidden)
    var preset: String?

    @OptionGroup(title: "Custom augmentation (the flags of `fovea augment`, applied on top of --augment)")
    var custom: AugmentationFlags

    @Option(
        name: .customLong("val-split"), help: "Fraction of each class held out for validation (stratified, seeded).")
    var valSplit = 0.1

    @Option(name: .customLong("val-data"), help: "A separate validation set (then --val-split is not used).")
    var valData: String?

    @Option(name: .customLong("val-labels"), help: "The IDX label file of --val-data.")
    var valLabels: String?

    @Flag(help: "Standardise inputs by the training set's per-channel mean and standard deviation.")
    var normalize = false

    @Option(help: "Seed of the split, initial weights, epoch order and augmentation.")
    var seed: UInt64 = 0

    @Option(help: "Threads per training step.")
    var threads = Parallel.defaultThreadCount

    @Option(help: "Loader threads decoding and augmenting batches ahead of training.")
    var workers = 2

    @Option(help: "The model file (last checkpoint); the best goes beside it as NAME.best.fovea.")
    var out = "model.fovea"

    @Option(help: "Write per-epoch loss, accuracy, learning rate and timings to this CSV file.")
    var metrics: String?

    @Option(help: "Write a PNG of the loss and accuracy curves to this file.")
    var plot: String?

    @Flag(help: "Continue from the checkpoint at --out (starts afresh when there is none).")
    var resume = false

    @Option(
        name: .customLong("bad-samples"),
        help:
            "Unreadable samples: fail (stop, naming the file) or skip (leave them out, listed and recorded in the checkpoint)."
    )
    var badSamples = BadSamplePolicy.fail

    @Option(
        name: .customLong("early-stop"),
        help: "Stop after N epochs in a row without improvement of --monitor (Keras EarlyStopping patience).")
    var earlyStop: Int?

    @Option(
        help:
            "The metric that picks the best epoch and drives --early-stop: val_accuracy (larger is better) or val_loss (smaller is better); training figures without validation data."
    )
    var monitor = MonitoredMetric.valAccuracy

    @Flag(
        name: .customLong("restore-best"),
        help:
            "The final --out model holds the best epoch's weights (also when the run reaches its last epoch); a later --resume with more --epochs continues from them."
    )
    var restoreBest = false

    @Option(
        name: .customLong("init-from"),
        help:
            "Start from the weights of this model file: every layer with the same name and shape is loaded, the others are initialised afresh (a new head for another class count)."
    )
    var initFrom: String?

    @Option(
        help: "Comma-separated layers whose weights stay as loaded (e.g. conv1,conv2); see `fovea summary` for names.")
    var freeze: String?

    @Option(
        help: ArgumentHelp(
            "MixUp: blend each training batch with itself reversed, weight λ ~ Beta(ALPHA, ALPHA), targets blended alike (timm's mixup_alpha; 0.2 is common).",
            valueName: "ALPHA"))
    var mixup: Double?

    @Option(
        help: ArgumentHelp(
            "CutMix: paste a box of about 1−λ of the area from the reversed batch, λ ~ Beta(ALPHA, ALPHA) corrected to the box, targets blended by area (timm's cutmix_alpha; 1.0 is common). With --mixup too, each batch uses one of the two, chosen with probability 0.5. Mixing is drawn per (seed, epoch, batch): results stay independent of --threads, --workers and --resume.",
            valueName: "ALPHA"))
    var cutmix: Double?

    @Option(
        name: .customLong("mix-prob"),
        help: ArgumentHelp(
            "The probability that a batch is mixed by --mixup/--cutmix (timm's mix_prob; default 1).", valueName: "P"))
    var mixProb: Double?

    @Option(
        name: .customLong("input-size"),
        help: ArgumentHelp(
            "Build the network for WxH inputs and stretch every sample to it (antialiased bilinear, the resizer of `fovea convert --resize`); recorded in the model, so predict and eval resize the same way. Required for data of another size than a fixed-input model (alexnet 227x227, vgg16 224x224), which takes only its own size.",
            valueName: "WxH"))
    var inputSize: String?

    @Option(
        name: .customLong("max-memory"),
        help:
            "Refuse to start when the estimated peak memory of a training step exceeds this (bytes, or with K/M/G/KiB/MiB/GiB; default: the memory available now)."
    )
    var maxMemory: String?

    /// The layers `--freeze` names.
    var frozenLayers: [String] {
        (freeze ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        guard (1...TrainingState.maximumEpochs).contains(epochs) else {
            throw ValidationError("--epochs must be in 1...\(TrainingState.maximumEpochs), not \(epochs)")
        }
        guard (1...TrainingState.maximumBatchSize).contains(batchSize) else {
            throw ValidationError("--batch-size must be in 1...\(TrainingState.maximumBatchSize), not \(batchSize)")
        }
        try NumericFlags.checkThreads(threads, workers: workers)
        guard valSplit.isFinite, valSplit >= 0, valSplit < 1 else {
            throw ValidationError("--val-split must be a number in [0, 1), not \(valSplit)")
        }
        // No upper bound on --lr: a rate too large for the model ends the run at the first non-finite loss.
        if let lr {
            guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a finite number above 0, not \(lr)") }
        }
        guard weightDecay.isFinite, weightDecay >= 0, weightDecay <= 1 else {
            throw ValidationError("--weight-decay must be a number in [0, 1], not \(weightDecay)")
        }
        if let earlyStop, !(1...TrainingState.maximumEpochs).contains(earlyStop) {
            throw ValidationError("--early-stop must be in 1...\(TrainingState.maximumEpochs) epochs, not \(earlyStop)")
        }
        for (flag, value) in [("--mixup", mixup), ("--cutmix", cutmix)] {
            if let value, !(value.isFinite && value > 0 && value <= TrainingState.maximumMixingAlpha) {
                throw ValidationError(
                    "\(flag) must be a Beta parameter α in (0, \(Int(TrainingState.maximumMixingAlpha))], not \(value)")
            }
        }
        if let mixProb {
            guard mixup != nil || cutmix != nil else {
                throw ValidationError("--mix-prob is the probability of --mixup or --cutmix: give one of them")
            }
            guard mixProb.isFinite, (0...1).contains(mixProb) else {
                throw ValidationError("--mix-prob must be a probability in [0, 1], not \(mixProb)")
            }
        }
        if let inputSize {
            let size = try GeometryFlags.size(inputSize, flag: "--input-size", form: "WxH")
            guard max(size.width, size.height) <= TrainingState.maximumInputSide else {
                throw ValidationError(
                    "--input-size sides must be 1…\(TrainingState.maximumInputSide), got \(inputSize)")
            }
            if let architecture = try? Architecture.named(model) {
                let shape = architecture.defaultInputShape
                if architecture.hasFixedInput, size.width != shape[2] || size.height != shape[1] {
                    throw ValidationError(
                        "--input-size \(inputSize): \(model) takes \(shape[2])x\(shape[1]) inputs only; pass "
                            + "--input-size \(shape[2])x\(shape[1]), or choose a model that adapts to the input")
                }
                do {
                    _ = try architecture.summary(inputShape: [shape[0], size.height, size.width])
                } catch {
                    throw ValidationError("--input-size \(inputSize) is too small for \(model): \(error)")
                }
            }
        }
        if let maxMemory, MemoryBudget.bytes(parsing: maxMemory) == nil {
            throw ValidationError("--max-memory must be a positive size such as 2G or 512MiB, not \(maxMemory)")
        }
        if freeze != nil, initFrom == nil, !resume {
            throw ValidationError("--freeze keeps loaded weights fixed: give the model to load with --init-from")
        }
        guard Architecture.all.contains(where: { $0.name == model }) else {
            throw ValidationError(
                "unknown --model \(model); choose one of \(Architecture.all.map(\.name).joined(separator: ", "))")
        }
        guard AugmentationPolicy.presetNames.contains(augment) else {
            throw ValidationError(
                "unknown --augment \(augment); choose one of \(AugmentationPolicy.presetNames.joined(separator: ", "))")
        }
        if preset != nil {
            throw ValidationError("fovea train takes the starting preset as --augment PRESET, not --preset")
        }
    }

    /// The `--augment` preset with the range flags applied, and its name ("custom" when flags changed it).
    func augmentationPolicy() throws -> (name: String, policy: AugmentationPolicy) {
        let policy = try custom.makePolicy(preset: augment)
        return (policy == (try AugmentationPolicy.preset(named: augment)) ? augment : "custom", policy)
    }

    func run() throws {
        Interruption.exitOnInterrupt()  // until training starts and installs its own handler
        let augmentation = try augmentationPolicy()
        var options = TrainingOptions(
            architecture: model, epochs: epochs, batchSize: batchSize, optimizer: optimizer, learningRate: lr,
            weightDecay: weightDecay, schedule: schedule, augmentationName: augmentation.name,
            augmentation: augmentation.policy, validationFraction: valSplit, seed: seed, normalize: normalize)
        options.badSamples = badSamples
        options.monitor = monitor
        options.earlyStopPatience = earlyStop
        options.restoreBest = restoreBest
        options.frozenLayers = frozenLayers
        if mixup != nil || cutmix != nil {
            options.mixing = BatchMixing(mixupAlpha: mixup ?? 0, cutmixAlpha: cutmix ?? 0, probability: mixProb ?? 1)
        }
        options.inputSize = try inputSize.map { try GeometryFlags.size($0, flag: "--input-size", form: "WxH") }
        let dataset = try dataOptions.open()
        let validation = try valData.map { try DatasetNotes.open($0, labels: valLabels) }
        let processes = try DataParallel.join()
        try DataParallel.run(processes) {
            try TrainingRunner(
                options: options, dataset: dataset, validation: validation, threads: threads, workers: workers,
                out: out,
                metrics: metrics, plot: plot, resume: resume, initFrom: initFrom,
                memoryLimit: maxMemory.flatMap(MemoryBudget.bytes(parsing:)), processes: processes
            ).run()
        }
    }
}

/// Runs a ``TrainingSession`` for the command line: progress on standard error, metrics CSV, curves plot and
/// a closing summary on standard output. Shared by `train` and `demo`.
struct TrainingRunner {
    var options: TrainingOptions
    var dataset: any Dataset
    var validation: (any Dataset)?
    var threads: Int
    var workers: Int
    var out: String
    var metrics: String?
    var plot: String?
    var resume: Bool
    var initFrom: String? = nil
    /// The most bytes a training step may need; `nil` means the memory available when the run starts.
    var memoryLimit: Int? = nil
    /// `mpirun`: the processes training together (see `DataParallel`); only rank 0 writes. `nil` trains alone.
    var processes: (any ProcessGroup)? = nil

    /// Whether this process writes the run's outputs (alone, or rank 0).
    private var writesOutputs: Bool { (processes?.rank ?? 0) == 0 }

    /// Refuses (exit 64) an output that is one of the run's input files — after resolving links and by
    /// device and inode — or two outputs that are one file, then creates the output folders (and clears
    /// temporaries a killed run left there), all before anything is read or written.
    func planOutputs() throws {
        let best = TrainingSession.bestCheckpointPath(for: out)
        var plan = OutputPlan(items: [])
        plan.sideOutputs =
            [("--out", out), ("--out (its best model)", best)]
            + [metrics.map { ("--metrics", $0) }, plot.map { ("--plot", $0) }].compactMap { $0 }
        plan.sideInputs =
            dataset.inputFiles.map { ("--data", $0) } + (validation?.inputFiles ?? []).map { ("--val-data", $0) }
            + [initFrom].compactMap { $0 }.map { ("--init-from", $0) }
        try plan.validate()
        if writesOutputs { try plan.prepare() }
    }

    /// "mixup 0.2, cutmix 1.0 (probability 0.8)": the batch mixing of a run, for its opening line.
    static func describe(_ mixing: BatchMixing) -> String {
        let parts = [("mixup", mixing.mixupAlpha), ("cutmix", mixing.cutmixAlpha)].filter { $0.1 > 0 }.map {
            "\($0.0) \($0.1)"
        }
        return parts.joined(separator: ", ") + (mixing.probability < 1 ? " (probability \(mixing.probability))" : "")
    }

    /// Trains and returns the finished session.
    @discardableResult
    func run() throws -> TrainingSession {
        try planOutputs()
        var checkpoint: Checkpoint?
        if resume {
            if FileManager.default.fileExists(atPath: out) {
                checkpoint = try Checkpoint.load(from: out)
            } else {
                Terminal.note("no checkpoint at \(out); starting from epoch 1")
            }
        }
        if checkpoint != nil, initFrom != nil {
            Terminal.note("resuming from \(out): --init-from is not used (the run's weights are in the checkpoint)")
        }
        let backbone = try (checkpoint == nil ? initFrom : nil).map { try Backbone(contentsOf: $0) }
        // An --input-size can make a network of any size: its memory is checked before any sample is read or
        // weight allocated (the architectures' own sizes are checked once the session has its model).
        if let size = options.inputSize, checkpoint == nil,
            let architecture = try? Architecture.named(options.architecture)
        {
            let shape = [architecture.defaultInputShape[0], size.height, size.width]
            if let summary = try? architecture.summary(inputShape: shape, classes: dataset.classCount) {
                try MemoryBudget.check(
                    summary, options: options, prefetch: DataLoader.defaultPrefetch(workers: workers),
                    limit: memoryLimit)
            }
        }
        let session: TrainingSession
        do {
            session = try TrainingSession(
                options: options, dataset: dataset, validation: validation, threads: threads, workers: workers,
                resumingFrom: checkpoint, initializingFrom: backbone, processes: processes)
        } catch let error as DataError {
            if case .unreadableImage = error, options.badSamples == .fail {
                throw TrainingCommandError.badSample("\(error)")
            }
            throw error
        } catch let error as TrainingStateError {
            throw NNError.corruptCheckpoint(path: out, reason: "damaged training state: \(error)")
        } catch NNError.corruptCheckpoint(let path, let reason) where path.isEmpty {
            throw NNError.corruptCheckpoint(path: out, reason: reason)
        }
        try MemoryBudget.check(
            session.model.summary(), options: options, prefetch: session.loop.training.prefetch, limit: memoryLimit)
        if processes != nil { try DataParallel.checkExchangeSize(session) }
        let training = session.loop.training.dataset.count
        let validating = session.loop.validation?.dataset.count ?? 0
        if session.state.completedEpochs > 0 {
            Terminal.note("resuming after epoch \(session.state.completedEpochs) of \(options.epochs) from \(out)")
        }
        if let origin = session.state.origin, checkpoint == nil {
            Terminal.note(
                "initialised from \(origin.path): loaded \(origin.loadedLayers.joined(separator: ", ")); "
                    + "new: \(origin.initializedLayers.isEmpty ? "none" : origin.initializedLayers.joined(separator: ", "))"
                    + (options.frozenLayers.isEmpty ? "" : "; frozen: \(options.frozenLayers.joined(separator: ", "))"))
        }
        for failure in session.skippedSamples {
            Terminal.note("skipped unreadable sample \(failure.source): \(failure.reason)")
        }
        let skipped = session.skippedSamples.isEmpty ? "" : "; skipped \(session.skippedSamples.count) unreadable"
        Terminal.note(
            "\(options.architecture): \(session.model.parameterCount) parameters; \(training) training and "
                + "\(validating) validation samples, \(session.state.classNames.count) classes; augment \(options.augmentationName)"
                + (options.mixing.map { "; " + Self.describe($0) } ?? "") + skipped)

        var metricsText = TrainingReport.resumedMetrics(
            existing: metrics.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) },
            history: resume ? session.state.history : [])
        if let metrics, writesOutputs { try AtomicFile.write(Array(metricsText.utf8), to: metrics) }

        let live = isatty(STDERR_FILENO) == 1
        var lastDraw = 0.0
        var totalSeconds = 0.0
        var totalWait = 0.0
        let interruption = Interruption.install()
        defer { interruption.source.cancel() }
        do {
            try session.run(
                checkpointPath: out, cancellation: interruption.flag,
                onBatch: { progress in
                    guard live, progress.elapsedSeconds - lastDraw >= 0.1 || progress.batchesDone == progress.batchCount
                    else { return }
                    lastDraw = progress.elapsedSeconds
                    Terminal.draw(TrainingReport.progressBar(progress, epochs: options.epochs))
                },
                onEpoch: { record, timing in
                    lastDraw = 0
                    totalSeconds += timing.seconds
                    totalWait += timing.dataWaitSeconds
                    Terminal.line(TrainingReport.epochLine(record, timing, epochs: options.epochs), clearingBar: live)
                    guard writesOutputs else { return }
                    if let metrics {
                        metricsText += TrainingReport.metricsRow(record, timing) + "\n"
                        try AtomicFile.write(Array(metricsText.utf8), to: metrics)
                    }
                    if let plot {
                        try ImageFile.write(AnyImage(TrainingReport.curves(session.state.history)), to: plot)
                    }
                })
        } catch let diverged as TrainingDiverged {
            if live { Terminal.line("", clearingBar: true) }
            throw TrainingCommandError.diverged("\(diverged)")
        } catch let interrupted as TrainingInterrupted {
            if live { Terminal.line("", clearingBar: true) }
            Terminal.note(
                "\(interrupted): the checkpoint of epoch \(interrupted.completedEpochs) in \(out) is complete; "
                    + "run the same command with --resume to continue exactly where it stopped")
            throw ExitCode(Interruption.exitStatus)
        }

        let state = session.state
        var summary = "trained \(state.completedEpochs) epochs; model: \(out)"
        if let stopped = state.stoppedEarlyAfter {
            summary +=
                " (stopped early after epoch \(stopped): \(state.epochsWithoutImprovement) epochs without a better \(options.monitor.rawValue))"
        }
        if let restored = state.restoredEpoch { summary += "; it holds the weights of epoch \(restored)" }
        if let best = state.bestEpoch, let record = state.history.first(where: { $0.epoch == best }) {
            if options.monitor == .valLoss, let loss = record.validationLoss {
                summary += String(
                    format: "; best validation loss %.4f at epoch %d: %@", loss, best,
                    TrainingSession.bestCheckpointPath(for: out))
            } else if let accuracy = record.validationAccuracy {
                summary += String(
                    format: "; best validation accuracy %.2f%% at epoch %d: %@", accuracy * 100, best,
                    TrainingSession.bestCheckpointPath(for: out))
            }
        }
        if totalSeconds > 0 {
            summary += String(
                format: "; %.1fs, waited %.2fs (%.1f%%) for data", totalSeconds, totalWait,
                100 * totalWait / totalSeconds)
        }
        if writesOutputs { print(summary) }
        return session
    }
}

/// Standard-error output for progress: a redrawn bar on a terminal, plain lines otherwise.
enum Terminal {
    /// Set on the ranks other than 0 of an MPI run: progress and notes come from rank 0 only.
    nonisolated(unsafe) static var isQuiet = false

    /// Redraws the current line.
    static func draw(_ text: String) {
        guard !isQuiet else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    /// Prints a line (clearing a progress bar first when one is shown).
    static func line(_ text: String, clearingBar: Bool) {
        guard !isQuiet else { return }
        FileHandle.standardError.write(Data(((clearingBar ? "\r\u{1B}[2K" : "") + text + "\n").utf8))
    }

    /// Prints a note line.
    static func note(_ text: String) {
        guard !isQuiet else { return }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Failures of `fovea train` that are the data's or the run's (exit 1), with a message saying what to do.
enum TrainingCommandError: Error, CustomStringConvertible {
    case diverged(String)
    case badSample(String)

    var description: String {
        switch self {
        case .diverged(let message): message
        case .badSample(let message): "\(message) (--bad-samples skip leaves unreadable samples out)"
        }
    }
}

/// Range checks shared by the training commands.
enum NumericFlags {
    /// The most threads or loader workers a command may start.
    static let maximumThreads = 1024

    static func checkThreads(_ threads: Int, workers: Int? = nil) throws {
        guard (1...maximumThreads).contains(threads) else {
            throw ValidationError("--threads must be in 1...\(maximumThreads), not \(threads)")
        }
        if let workers, !(1...maximumThreads).contains(workers) {
            throw ValidationError("--workers must be in 1...\(maximumThreads), not \(workers)")
        }
    }
}

/// The memory check `fovea train` makes before its first batch.
enum MemoryBudget {
    /// `text` as bytes: a plain number, or with a K, M, G, T suffix (powers of 1000) or KiB, MiB, GiB, TiB
    /// (powers of 1024); `nil` when it is not a positive size.
    static func bytes(parsing text: String) -> Int? {
        let units: [(String, Double)] = [
            ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("TiB", 1_099_511_627_776), ("KB", 1e3),
            ("MB", 1e6), ("GB", 1e9),
            ("TB", 1e12), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("B", 1),
        ]
        var number = text.trimmingCharacters(in: .whitespaces)
        var scale = 1.0
        for (suffix, factor) in units where number.uppercased().hasSuffix(suffix.uppercased()) {
            number = String(number.dropLast(suffix.count))
            scale = factor
            break
        }
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0,
            value * scale < 9e18
        else { return nil }
        return Int(value * scale)
    }

    /// The memory this process may still use: `MemAvailable` of /proc/meminfo, lowered by a cgroup limit
    /// when one is set; `nil` when neither can be read (not Linux).
    static func available() -> Int? {
        var result: Int?
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        {
            result = kilobytes * 1024
        }
        if let maximum = (try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8))
            .flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }),
            let current = (try? String(contentsOfFile: "/sys/fs/cgroup/memory.current", encoding: .utf8))
                .flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
        {
            result = min(result ?? Int.max, max(0, maximum - current))
        }
        return result
    }

    /// Throws a usage error (exit 64) with the estimate and the largest batch size that fits when a training
    /// step of the network `summary` describes, with `prefetch` batches loaded ahead, would need more than `limit`
    /// (or the memory available).
    static func check(_ summary: ModelSummary, options: TrainingOptions, prefetch: Int, limit: Int?) throws {
        guard let budget = limit ?? available() else { return }
        let slots = options.optimizer.stateSlots
        func estimate(_ batch: Int) -> Int {
            summary.trainingMemory(batchSize: batch, optimizerSlots: slots, prefetchedBatches: prefetch).total
        }
        let needed = estimate(options.batchSize)
        guard needed > budget else { return }
        var (low, high) = (0, options.batchSize)  // the largest batch that fits lies in low..<high
        while high - low > 1 {
            let middle = (low + high) / 2
            if estimate(middle) <= budget { low = middle } else { high = middle }
        }
        let advice =
            low >= 1
            ? "--batch-size \(low) fits (\(describeBytes(estimate(low))))"
            : "even --batch-size 1 does not fit (\(describeBytes(estimate(1)))): choose a smaller model or input"
        throw ValidationError(
            "a training step of \(options.architecture) at --batch-size \(options.batchSize) needs about "
                + "\(describeBytes(needed)), more than the \(describeBytes(budget)) \(limit == nil ? "available" : "allowed by --max-memory"); "
                + advice + " (see `fovea summary \(options.architecture) --batch-size N`)")
    }
}
