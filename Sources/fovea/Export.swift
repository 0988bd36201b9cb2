import ArgumentParser
import Foundation
import FoveaExport
import FoveaTraining

/// `fovea export`: a trained model as ONNX or as NumPy arrays.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a trained model as ONNX or as NumPy arrays (.npz).",
        discussion: """
            onnx (opset 13): input "input" N×C×H×W float32 with samples in [0, 1] (the training normalisation, \
            if any, is inside the graph), output "logits" N×classes; initializers carry Fovea's tensor names \
            (conv1.weight …); class names are in the metadata as class_names. npz: one float32 array per tensor \
            by the same names, plus normalization.mean and normalization.std when the model standardises its \
            inputs. Without --format, an output ending in .npz gets npz, one ending in .onnx (or with no \
            extension) onnx; any other extension is a usage error. The file is written atomically; missing \
            folders are created.
            """)

    @Argument(help: "The model file written by `fovea train`.")
    var model: String

    @Argument(help: "The file to write.")
    var output: String

    @Option(help: "The file format (default: npz for an output ending in .npz, onnx for .onnx or no extension).")
    var format: ExportFormat?

    /// The format asked for, or the one the output's extension names.
    var resolvedFormat: ExportFormat {
        format ?? (output.lowercased().hasSuffix(".npz") ? .npz : .onnx)
    }

    /// Refuses, as a usage error, an output extension that names neither format when `--format` is not given.
    func checkExtension() throws {
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        if format == nil, !ext.isEmpty, ExportFormat(rawValue: ext) == nil {
            throw ValidationError(
                "\(output): no export format for the file extension '\(ext)'; name the output .onnx or .npz, "
                    + "or pass --format onnx|npz")
        }
    }

    func run() throws {
        // The output is never the model itself (symlinks and hard links included) nor an existing directory.
        let plan = OutputPlan(items: [BatchItem(input: model, outputs: [output])])
        try plan.validate()
        try checkExtension()
        let trained = try TrainedModel(contentsOf: model)
        let export = try ModelExport(trained)
        try plan.prepare()
        try export.write(resolvedFormat, to: output)
        let tensors = trained.model.parameters.count
        print("\(trained.model.architecture) (\(tensors) tensors) → \(output) [\(resolvedFormat.rawValue)]")
    }
}

extension ExportFormat: ExpressibleByArgument {}
