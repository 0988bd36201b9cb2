/// Why a model could not be exported. Each case says which tensor or setting is wrong.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A layer needs a tensor the model does not have (a model from a newer or older Fovea layout).
    case missingTensor(name: String, layer: String)
    /// A tensor has another shape than its layer's spec implies.
    case tensorShapeMismatch(name: String, expected: [Int], actual: [Int])
    /// Tensors of the model that no exported layer uses; exporting without them would change the network.
    case unusedTensors([String])
    /// The input normalisation does not have one mean and one positive, finite deviation per input channel.
    case normalizationMismatch(channels: Int, means: Int, deviations: Int)
    /// The class names do not match the model's outputs.
    case classNamesMismatch(names: Int, outputs: Int)
    /// The encoder refused the message or archive (for example an ONNX file past protobuf's 2 GiB limit).
    case encodingFailed(format: ExportFormat, reason: String)

    /// What is wrong, for a user.
    public var description: String {
        switch self {
        case .missingTensor(let name, let layer):
            return "layer \(layer) needs tensor \(name), which the model does not have"
        case .tensorShapeMismatch(let name, let expected, let actual):
            return "tensor \(name) has shape \(actual), its layer expects \(expected)"
        case .unusedTensors(let names):
            return "tensors not used by any exported layer: \(names.joined(separator: ", "))"
        case .normalizationMismatch(let channels, let means, let deviations):
            return "input normalisation has \(means) means and \(deviations) deviations for \(channels) channels "
                + "(deviations must be positive and finite)"
        case .classNamesMismatch(let names, let outputs):
            return "\(names) class names for a model with \(outputs) outputs"
        case .encodingFailed(let format, let reason):
            return "could not encode the \(format.rawValue) file: \(reason)"
        }
    }
}
