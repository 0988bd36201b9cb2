import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea kernels`: the first convolution's filters as an image grid.
struct Kernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw a model's first-layer convolution filters as a grid of tiles.",
        discussion: """
            One tile per filter, each stretched to black–white by its own minimum and maximum; 3-channel \
            filters are drawn in colour, others as the mean over their input channels.
            """)

    @Option(help: "The model file.")
    var model: String

    @Argument(help: "The PNG file to write.")
    var output: String

    @Option(help: "Pixels per kernel weight.")
    var scale = 12

    func validate() throws {
        guard scale >= 1 else { throw ValidationError("--scale must be at least 1") }
    }

    func run() throws {
        let trained = try TrainedModel(contentsOf: model)
        guard let weights = trained.model.firstConvolutionWeights else {
            throw ValidationError("\(model) (\(trained.model.architecture)) has no convolution layer to draw")
        }
        let grid = ImageGrid.kernelGrid(weights: weights.scalars, shape: weights.shape, scale: scale)
        try ImageFile.write(AnyImage(grid), to: output)
        print("\(weights.shape[0]) filters of \(weights.shape[2])×\(weights.shape[3]) → \(output)")
    }
}
