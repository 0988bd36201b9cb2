import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea predict`: the most probable classes of each image.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify images with a trained model.",
        discussion: """
            Prints, for each image, its top classes with their probabilities. With --tta N the probabilities \
            are averaged over N views: the image itself and N-1 seeded augmented copies (the training \
            augmentation, or the digits preset when training used none) — multi-view voting as in the \
            AlexNet recipe.
            """)

    @Option(help: "The model file written by `fovea train`.")
    var model: String

    @Argument(help: "Image files (PNG, JPEG, PNM).")
    var images: [String]

    @Option(help: "How many classes to print per image.")
    var top = 1

    @Option(help: "Views averaged per image (1 = the image alone).")
    var tta = 1

    @Option(help: "Seed of the augmented views.")
    var seed: UInt64 = 0

    @Option(help: "Threads for the forward passes.")
    var threads = Parallel.defaultThreadCount

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one image") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard tta >= 1 else { throw ValidationError("--tta must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let trained = try TrainedModel(contentsOf: model)
        // An unreadable file is reported and the others are still classified (one batch of forward passes).
        var readable: [(path: String, image: AnyImage)] = []
        for path in images {
            do { readable.append((path, try ImageFile.read(path))) } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
        }
        let probabilities = try trained.predict(readable.map(\.image), views: tta, seed: seed, threads: threads)
        for ((path, _), scores) in zip(readable, probabilities) {
            let ranked = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            let shown = ranked.prefix(top).map { String(format: "%@ %.4f", trained.classNames[$0], scores[$0]) }
            print("\(path): \(shown.joined(separator: ", "))")
        }
        let failures = images.count - readable.count
        if failures > 0 {
            FileHandle.standardError.write(Data("\(failures) of \(images.count) images could not be classified\n".utf8))
            throw ExitCode.failure
        }
    }
}
