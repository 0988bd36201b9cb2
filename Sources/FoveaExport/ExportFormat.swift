/// A file format a trained model can be exported to.
public enum ExportFormat: String, Sendable, CaseIterable, Codable {
    /// ONNX (opset 13): the network as a graph, input N×C×H×W float32 in [0, 1], output the logits.
    case onnx
    /// NumPy `.npz`: one float32 array per tensor, keyed by its Fovea name (`conv1.weight`…).
    case npz

    /// The usual file extension, without the dot.
    public var fileExtension: String { rawValue }
}
