import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea summary`: a model's layer table with its costs.
struct Summary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Print a model's layers with their output shapes, parameters and multiply-adds, and what training "
            + "it costs.",
        discussion: """
            Multiply-adds count the products of convolutions (O·Hₒ·Wₒ·C/G·K²) and dense layers (O·I) for one \
            sample; FLOPs are twice that. The footer gives the parameter memory, the activation memory of one \
            training step at --batch-size (every layer's output kept for the backward pass, and its gradient), \
            the optimizer's state, and the training step's estimated peak (what `fovea train` checks against \
            the memory available).
            """)

    @Argument(help: "A model file, or an architecture name: \(Architecture.all.map(\.name).joined(separator: ", ")).")
    var model: String

    @Option(name: .customLong("batch-size"), help: "Batch size for the memory figures.")
    var batchSize = 64

    @Option(
        help: "Optimizer for the state figure: \(OptimizerChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
    var optimizer = OptimizerChoice.adam

    func validate() throws {
        guard (1...TrainingState.maximumBatchSize).contains(batchSize) else {
            throw ValidationError("--batch-size must be in 1...\(TrainingState.maximumBatchSize), not \(batchSize)")
        }
    }

    func run() throws {
        Interruption.exitOnInterrupt()
        let summary: ModelSummary
        let architecture: Architecture?
        if FileManager.default.fileExists(atPath: model) {
            let trained = try TrainedModel(contentsOf: model)
            let input = trained.model.inputShape.map(String.init).joined(separator: "×")
            print("\(trained.model.architecture), input \(input)")
            summary = trained.model.summary()
            architecture = try? Architecture.named(trained.model.architecture)
            print(summary.table)
            if let state = trained.state {
                print("trained \(state.completedEpochs) epochs; classes: \(state.classNames.joined(separator: " "))")
                if let origin = state.origin {
                    print(
                        "initialised from \(origin.path) (\(origin.architecture)): "
                            + "loaded \(origin.loadedLayers.joined(separator: ", "))"
                            + (state.options.frozenLayers.isEmpty
                                ? "" : "; frozen: \(state.options.frozenLayers.joined(separator: ", "))"))
                }
            }
        } else {
            let named = try Architecture.named(model)
            architecture = named
            print("\(named.name), input \(named.defaultInputShape.map(String.init).joined(separator: "×"))")
            summary = try named.summary()
            print(summary.table)
        }
        if let architecture {
            let shape = architecture.defaultInputShape
            print(
                architecture.hasFixedInput
                    ? "input: fixed at \(shape[1])×\(shape[2]) (data of another size is refused by `fovea train`; "
                        + "resize it first with `fovea convert … --resize WxH`)"
                    : "input: adapts to the data (images are resized to \(shape[1])×\(shape[2]) as they are loaded)")
        }
        let memory = summary.trainingMemory(
            batchSize: batchSize, optimizerSlots: optimizer.stateSlots, prefetchedBatches: 4)
        let multiplyAdds = summary.totalMultiplyAdds
        print(
            "FLOPs per sample (forward): \(groupedDigits(2 * multiplyAdds)) "
                + "(\(groupedDigits(multiplyAdds)) multiply-adds)"
        )
        print("parameter memory: \(describeBytes(memory.parameters)) (gradients \(describeBytes(memory.gradients)))")
        print(
            "activation memory at batch \(batchSize), forward and backward: \(describeBytes(memory.activations)); "
                + "layer scratch \(describeBytes(memory.scratch))")
        print("optimizer state (\(optimizer.rawValue)): \(describeBytes(memory.optimizerState))")
        print("training step peak estimate: \(describeBytes(memory.total))")
    }
}
