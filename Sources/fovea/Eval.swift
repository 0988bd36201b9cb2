import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea eval`: loss, accuracy, per-class accuracy and confusion matrix of a model on a labelled dataset.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a trained model on labelled images.",
        discussion: """
            Inputs are prepared as in training (size, channels, normalisation) and not augmented. Classes are \
            matched to the model's by name: a folder of some class folders only is scored against those \
            classes; a class the model does not know is an error naming it.
            """)

    @Option(help: "The model file written by `fovea train`.")
    var model: String

    @OptionGroup var dataOptions: DataOptions

    @Flag(help: "Print one JSON object (accuracy, loss, samples, classes, per_class_accuracy, confusion).")
    var json = false

    @Option(help: "Threads for the forward passes.")
    var threads = Parallel.defaultThreadCount

    func validate() throws {
        try NumericFlags.checkThreads(threads)
    }

    func run() throws {
        // Nothing to save: Ctrl-C stops at once with the interrupted status (listing a huge --data folder can take long).
        signal(SIGINT) { _ in
            let message: StaticString = "\ninterrupted: eval stopped\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(130)
        }
        let trained = try TrainedModel(contentsOf: model)
        let report = try trained.evaluate(on: try dataOptions.open(), threads: threads)
        print(json ? report.json : report.text)
    }
}
