import FoveaCodecs
import FoveaCore
import FoveaNN
import FoveaTraining

/// A network with what a user of the exported file needs besides the weights: the input standardisation it
/// was trained with and its class names.
///
/// ```swift
/// let export = try ModelExport(TrainedModel(contentsOf: "model.fovea"))
/// try export.write(.onnx, to: "model.onnx")   // input N×C×H×W float32 in [0, 1], output logits
/// try export.write(.npz, to: "weights.npz")   // numpy.load(...)["conv1.weight"]
/// ```
public struct ModelExport {
    /// The network; its weights are read, never changed.
    public let model: Model
    /// The per-channel standardisation of the inputs (applied inside the ONNX graph), or `nil`.
    public let normalization: Normalization?
    /// Class names, index = output (stored in the ONNX metadata as `class_names`).
    public let classNames: [String]

    /// Exports `model`; `classNames` default to "0", "1", … one per output.
    ///
    /// - Throws: ``ExportError/classNamesMismatch(names:outputs:)``,
    ///   ``ExportError/normalizationMismatch(channels:means:deviations:)``.
    public init(model: Model, normalization: Normalization? = nil, classNames: [String]? = nil) throws {
        let outputs = model.outputShape.reduce(1, *)
        let names = classNames ?? (0..<outputs).map(String.init)
        guard names.count == outputs else { throw ExportError.classNamesMismatch(names: names.count, outputs: outputs) }
        if let normalization {
            let channels = model.inputShape.first ?? 0
            guard normalization.mean.count == channels, normalization.std.count == channels,
                normalization.mean.allSatisfy(\.isFinite), normalization.std.allSatisfy({ $0 > 0 && $0.isFinite })
            else {
                throw ExportError.normalizationMismatch(
                    channels: channels, means: normalization.mean.count, deviations: normalization.std.count)
            }
        }
        self.model = model
        self.normalization = normalization
        self.classNames = names
    }

    /// Exports a model loaded from a checkpoint, with the normalisation and class names of its training run.
    public init(_ trained: TrainedModel) throws {
        try self.init(model: trained.model, normalization: trained.normalization, classNames: trained.classNames)
    }

    /// The file's bytes in `format`.
    ///
    /// - Throws: ``ExportError``.
    public func encoded(as format: ExportFormat) throws -> [UInt8] {
        switch format {
        case .onnx: try onnxBytes()
        case .npz: try npzBytes()
        }
    }

    /// Writes the file in `format` to `path` atomically (temporary file, `fsync`, rename).
    ///
    /// - Throws: ``ExportError``; `FileError` (from `AtomicFile`) naming the path when it cannot be written.
    public func write(_ format: ExportFormat, to path: String) throws {
        try AtomicFile.write(try encoded(as: format), to: path)
    }
}
