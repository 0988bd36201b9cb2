import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea summary`: a model's layer table.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a model's layers with their output shapes and parameter counts.")

    @Argument(help: "A model file, or an architecture name: \(Architecture.all.map(\.name).joined(separator: ", ")).")
    var model: String

    func run() throws {
        if FileManager.default.fileExists(atPath: model) {
            let trained = try TrainedModel(contentsOf: model)
            print("\(trained.model.architecture), input \(trained.model.inputShape.map(String.init).joined(separator: "×"))")
            print(trained.model.summary().table)
            if let state = trained.state {
                print("trained \(state.completedEpochs) epochs; classes: \(state.classNames.joined(separator: " "))")
            }
        } else {
            let architecture = try Architecture.named(model)
            print("\(architecture.name), input \(architecture.defaultInputShape.map(String.init).joined(separator: "×"))")
            print(try architecture.summary().table)
        }
    }
}
