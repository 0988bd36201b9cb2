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

    @Option(help: "Pixels per kernel weight (1…\(Kernels.maximumScale)).")
    var scale = 12

    /// Largest `--scale`: a 64-pixel tile per weight already draws an 11×11 kernel 704 pixels wide.
    static let maximumScale = 64
    /// Largest grid drawn, in pixels (the codecs' default pixel limit).
    static let maximumPixels = DecodingOptions.defaultPixelLimit

    func validate() throws {
        guard (1...Self.maximumScale).contains(scale) else {
            throw ValidationError("--scale must be 1…\(Self.maximumScale) pixels per weight, got \(scale)")
        }
        guard ImageFormat(fileExtension: ImageFormat.fileExtension(of: output)) == .png else {
            throw ValidationError("the kernel grid is a PNG: name the output .png, got \(output)")
        }
    }

    func run() throws {
        try OutputPlan(items: [], sideOutputs: [("OUTPUT", output)], sideInputs: [("--model", model)]).validate()
        let trained = try TrainedModel(contentsOf: model)
        guard let weights = trained.model.firstConvolutionWeights else {
            throw ValidationError("\(model) (\(trained.model.architecture)) has no convolution layer to draw")
        }
        // Filters × (side + gap) squared: refuse a grid that would not fit the pixel limit before drawing it.
        let (filters, side) = (weights.shape[0], max(weights.shape[2], weights.shape[3]))
        let columns = Int(Double(filters).squareRoot().rounded(.up))
        let pixels =
            Double(columns * (side * scale + 2))
            * Double(((filters + columns - 1) / max(columns, 1)) * (side * scale + 2))
        guard pixels <= Double(Self.maximumPixels) else {
            throw ValidationError(
                "a grid of \(filters) filters at --scale \(scale) would need \(Int(pixels)) pixels; lower --scale")
        }
        try OutputPlan(items: [], sideOutputs: [("OUTPUT", output)]).prepare()
        let grid = ImageGrid.kernelGrid(weights: weights.scalars, shape: weights.shape, scale: scale)
        try ImageFile.write(AnyImage(grid), to: output)
        print("\(weights.shape[0]) filters of \(weights.shape[2])×\(weights.shape[3]) → \(output)")
    }
}
