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

/// Flags naming a labelled dataset, shared by `train` and `eval`.
struct DataOptions: ParsableArguments {
    @Option(help: "An IDX image file (gzipped or not), a folder with one subfolder per class, or a CSV of label,pixel… rows.")
    var data: String

    @Option(help: "The IDX label file (default: the MNIST-named file beside --data, e.g. …-labels-idx1-ubyte.gz).")
    var labels: String?

    /// The dataset the flags name.
    func open() throws -> any Dataset { try DatasetSource.open(data, labels: labels) }
}

/// `fovea train`: trains a CNN, validating and checkpointing every epoch.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a CNN on labelled images.",
        discussion: """
            Holds out --val-split of each class for validation (or uses --val-data), validates every epoch, \
            and writes the last checkpoint to --out and the best one to OUT.best.fovea, atomically, after \
            every epoch. --resume continues from --out exactly as if never interrupted (same options \
            required). Results do not depend on --threads or --workers.
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

    @Option(help: "Learning-rate schedule: none, step (×0.1 every third of the run), plateau (×0.1 after 2 epochs without a better validation accuracy), cosine.")
    var schedule = ScheduleChoice.none

    @Option(help: "Augmentation preset: \(AugmentationPolicy.presetNames.joined(separator: ", ")); the range flags below (as in `fovea augment`) change it.")
    var augment = "none"

    /// `fovea augment`'s name for the starting preset; here it is `--augment`, so this only explains that.
    @Option(help: .hidden)
    var preset: String?

    @OptionGroup(title: "Custom augmentation (the flags of `fovea augment`, applied on top of --augment)")
    var custom: AugmentationFlags

    @Option(name: .customLong("val-split"), help: "Fraction of each class held out for validation (stratified, seeded).")
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

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard threads >= 1, workers >= 1 else { throw ValidationError("--threads and --workers must be at least 1") }
        guard valSplit >= 0, valSplit < 1 else { throw ValidationError("--val-split must be in [0, 1)") }
        if let lr { guard lr > 0 else { throw ValidationError("--lr must be positive") } }
        guard weightDecay >= 0 else { throw ValidationError("--weight-decay must not be negative") }
        guard Architecture.all.contains(where: { $0.name == model }) else {
            throw ValidationError("unknown --model \(model); choose one of \(Architecture.all.map(\.name).joined(separator: ", "))")
        }
        guard AugmentationPolicy.presetNames.contains(augment) else {
            throw ValidationError("unknown --augment \(augment); choose one of \(AugmentationPolicy.presetNames.joined(separator: ", "))")
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
        let augmentation = try augmentationPolicy()
        let options = TrainingOptions(
            architecture: model, epochs: epochs, batchSize: batchSize, optimizer: optimizer, learningRate: lr,
            weightDecay: weightDecay, schedule: schedule, augmentationName: augmentation.name,
            augmentation: augmentation.policy, validationFraction: valSplit, seed: seed, normalize: normalize)
        let dataset = try dataOptions.open()
        let validation = try valData.map { try DatasetSource.open($0, labels: valLabels) }
        try TrainingRunner(
            options: options, dataset: dataset, validation: validation, threads: threads, workers: workers, out: out,
            metrics: metrics, plot: plot, resume: resume
        ).run()
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

    /// Trains and returns the finished session.
    @discardableResult
    func run() throws -> TrainingSession {
        var checkpoint: Checkpoint?
        if resume {
            if FileManager.default.fileExists(atPath: out) {
                checkpoint = try Checkpoint.load(from: out)
            } else {
                Terminal.note("no checkpoint at \(out); starting from epoch 1")
            }
        }
        let session = try TrainingSession(
            options: options, dataset: dataset, validation: validation, threads: threads, workers: workers,
            resumingFrom: checkpoint)
        let training = session.loop.training.dataset.count
        let validating = session.loop.validation?.dataset.count ?? 0
        if session.state.completedEpochs > 0 {
            Terminal.note("resuming after epoch \(session.state.completedEpochs) of \(options.epochs) from \(out)")
        }
        Terminal.note(
            "\(options.architecture): \(session.model.parameterCount) parameters; \(training) training and "
                + "\(validating) validation samples, \(session.state.classNames.count) classes; augment \(options.augmentationName)")

        var metricsText = TrainingReport.resumedMetrics(
            existing: metrics.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) },
            history: resume ? session.state.history : [])
        if let metrics { try AtomicFile.write(Array(metricsText.utf8), to: metrics) }

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
                guard live, progress.elapsedSeconds - lastDraw >= 0.1 || progress.batchesDone == progress.batchCount else { return }
                lastDraw = progress.elapsedSeconds
                Terminal.draw(TrainingReport.progressBar(progress, epochs: options.epochs))
            },
            onEpoch: { record, timing in
                lastDraw = 0
                totalSeconds += timing.seconds
                totalWait += timing.dataWaitSeconds
                Terminal.line(TrainingReport.epochLine(record, timing, epochs: options.epochs), clearingBar: live)
                if let metrics {
                    metricsText += TrainingReport.metricsRow(record, timing) + "\n"
                    try AtomicFile.write(Array(metricsText.utf8), to: metrics)
                }
                if let plot {
                    try ImageFile.write(AnyImage(TrainingReport.curves(session.state.history)), to: plot)
                }
            })
        } catch let interrupted as TrainingInterrupted {
            if live { Terminal.line("", clearingBar: true) }
            Terminal.note(
                "\(interrupted): the checkpoint of epoch \(interrupted.completedEpochs) in \(out) is complete; "
                    + "run the same command with --resume to continue exactly where it stopped")
            throw ExitCode(Interruption.exitStatus)
        }

        let state = session.state
        var summary = "trained \(state.completedEpochs) epochs; model: \(out)"
        if let best = state.bestEpoch, let record = state.history.first(where: { $0.epoch == best }),
            let accuracy = record.validationAccuracy
        {
            summary += String(format: "; best validation accuracy %.2f%% at epoch %d: %@", accuracy * 100, best,
                              TrainingSession.bestCheckpointPath(for: out))
        }
        if totalSeconds > 0 {
            summary += String(format: "; %.1fs, waited %.2fs (%.1f%%) for data", totalSeconds, totalWait, 100 * totalWait / totalSeconds)
        }
        print(summary)
        return session
    }
}

/// Standard-error output for progress: a redrawn bar on a terminal, plain lines otherwise.
enum Terminal {
    /// Redraws the current line.
    static func draw(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    /// Prints a line (clearing a progress bar first when one is shown).
    static func line(_ text: String, clearingBar: Bool) {
        FileHandle.standardError.write(Data(((clearingBar ? "\r\u{1B}[2K" : "") + text + "\n").utf8))
    }

    /// Prints a note line.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
