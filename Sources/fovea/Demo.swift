import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea demo` (what `make demo` runs): LeNet-5 on the bundled digits, end to end.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train LeNet-5 on the bundled digits and write the model and pictures of it.",
        discussion: """
            Holds out 10% of each digit class (400 digits the network never trains on), trains LeNet-5 with \
            the digits augmentation preset, reports the held-out accuracy and writes into --out: the model, \
            its best checkpoint, metrics.csv, curves.png (loss and accuracy per epoch), \
            augmentation-preview.png (each row: a digit, then augmented copies) and kernels.png (the \
            first-layer filters).
            """)

    @Option(help: "The IDX digit images (their labels are read from the MNIST-named file beside them).")
    var data = "Fixtures/mnist/mnist4k-images-idx3-ubyte.gz"

    @Option(help: "The folder to write into.")
    var out = "demo-output"

    @Option(help: "Number of epochs.")
    var epochs = 30

    @Option(help: "Seed of the split, weights, order and augmentation.")
    var seed: UInt64 = 0

    @Option(help: "Threads per training step.")
    var threads = Parallel.defaultThreadCount

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let started = Date()
        let dataset = try DatasetSource.open(resolvedData())
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let folder = URL(fileURLWithPath: out)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        Terminal.note("fovea demo: LeNet-5 on \(dataset.count) digits from \(data); writing into \(folder.path)/")

        let policy = AugmentationPolicy.digits
        try ImageFile.write(AnyImage(try preview(dataset, policy: policy)), to: path("augmentation-preview.png"))

        let options = TrainingOptions(
            architecture: "lenet5", epochs: epochs, batchSize: 32, optimizer: .adam, learningRate: 0.002,
            schedule: .cosine, augmentationName: "digits", augmentation: policy, validationFraction: 0.1, seed: seed)
        let model = path("lenet5-digits.fovea")
        let session = try TrainingRunner(
            options: options, dataset: dataset, validation: nil, threads: threads, workers: 2, out: model,
            metrics: path("metrics.csv"), plot: path("curves.png"), resume: false
        ).run()

        let trained = try TrainedModel(contentsOf: model)
        if let weights = trained.model.firstConvolutionWeights {
            try ImageFile.write(
                AnyImage(ImageGrid.kernelGrid(weights: weights.scalars, shape: weights.shape, scale: 20)),
                to: path("kernels.png"))
        }
        if let heldOut = session.loop.validation?.dataset {
            let report = try trained.evaluate(on: heldOut, threads: threads)
            print(
                String(
                    format: "held-out accuracy: %.2f%% (%d of %d digits never trained on), loss %.4f",
                    report.accuracy * 100, Int((report.accuracy * Double(report.samples)).rounded()),
                    report.samples, report.loss))
        }
        print(
            String(
                format: "done in %.0f s; wrote %@: lenet5-digits.fovea, lenet5-digits.best.fovea, metrics.csv, "
                    + "curves.png, augmentation-preview.png, kernels.png",
                Date().timeIntervalSince(started), folder.path))
    }

    /// `--data`, or — when it does not exist from the working directory — the same relative path under the
    /// nearest directory above the executable that has it (`.build/…/release/fovea` → the repository root).
    private func resolvedData() -> String {
        guard !FileManager.default.fileExists(atPath: data), let executable = Bundle.main.executablePath else {
            return data
        }
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            directory.deleteLastPathComponent()
            let candidate = directory.appendingPathComponent(data).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return data
    }

    /// One row per class: its first digit, then seven augmented copies drawn as in training.
    private func preview(_ dataset: any Dataset, policy: AugmentationPolicy) throws -> Image<UInt8> {
        let format = InputFormat(channels: 1, width: 28, height: 28)
        var tiles: [Image<Float>] = []
        for label in 0..<dataset.classCount {
            guard let index = (0..<dataset.count).first(where: { dataset.label(at: $0) == label }) else { continue }
            let digit = format.prepare(try dataset.image(at: index))
            tiles.append(digit)
            for copy in 1...7 {
                var rng = RandomStream(seed: seed, UInt64(label), UInt64(copy))
                tiles.append(policy.sample(width: 28, height: 28, using: &rng).apply(to: digit))
            }
        }
        return ImageGrid.tile(tiles, columns: 8, scale: 3, spacing: 3)
    }
}
