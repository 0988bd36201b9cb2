import Foundation
import FoveaNN
import SwiftProtobuf

extension ModelExport {
    /// The ONNX opset the graph uses (default domain).
    public static let onnxOpset = 13
    /// The ONNX IR version written (7 is the one that goes with opset 13).
    public static let onnxIRVersion = 7

    /// The network as an ONNX model (opset ``onnxOpset``).
    ///
    /// - Input `input`: `[N, C, H, W]` float32 (the model's per-sample shape after a symbolic batch `N`), samples
    ///   scaled to [0, 1] as decoding gives them (UInt8 `v` → `v/255`); the training normalisation, if any, is
    ///   applied inside the graph.
    /// - Output `logits`: `[N, classes]` float32, before softmax.
    /// - Initializers carry Fovea's tensor names (`conv1.weight`, `res2.main.bn1.runningMean`…); BatchNorm is in
    ///   inference form (running statistics), Dropout is left out.
    /// - Metadata: `architecture`, `class_names` (a JSON array, index = output), `input_range` (`[0, 1]`).
    ///
    /// - Throws: ``ExportError`` when a tensor is missing, misshapen or unused, or the model cannot be encoded.
    public func onnxBytes() throws -> [UInt8] {
        var builder = ONNXGraphBuilder(tensors: model.parameters.map { ($0.name, $0.tensor) })
        var value = "input"
        if let normalization {
            value = builder.appendNormalization(
                mean: normalization.mean, std: normalization.std, input: value, shape: model.inputShape)
        }
        let last = try builder.appendLayers(model.specs, prefix: "", input: value, shape: model.inputShape)
        builder.route(last.value, to: "logits")
        try builder.checkAllTensorsUsed()

        var graph = Onnx_GraphProto()
        graph.name = model.architecture
        graph.node = builder.nodes
        graph.initializer = builder.initializers
        graph.input = [Self.valueInfo("input", shape: model.inputShape)]
        graph.output = [Self.valueInfo("logits", shape: last.shape)]

        var proto = Onnx_ModelProto()
        proto.irVersion = Int64(Self.onnxIRVersion)
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Int64(Self.onnxOpset)
        proto.opsetImport = [opset]
        proto.producerName = "fovea"
        proto.docString =
            "\(model.architecture): input N×\(model.inputShape.map(String.init).joined(separator: "×")) float32 in "
            + "[0, 1]\(normalization == nil ? "" : ", standardised inside the graph"); output logits"
        proto.graph = graph
        let names = String(decoding: try JSONEncoder().encode(classNames), as: UTF8.self)
        proto.metadataProps = [("architecture", model.architecture), ("class_names", names), ("input_range", "[0, 1]")]
            .map { key, value in
                var entry = Onnx_StringStringEntryProto()
                entry.key = key
                entry.value = value
                return entry
            }
        do {
            return try proto.serializedBytes()
        } catch {
            throw ExportError.encodingFailed(format: .onnx, reason: "\(error)")
        }
    }

    /// A float32 graph input or output of per-sample `shape` behind a symbolic batch dimension `N`.
    private static func valueInfo(_ name: String, shape: [Int]) -> Onnx_ValueInfoProto {
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = "N"
        let dims =
            [batch]
            + shape.map { extent in
                var dimension = Onnx_TensorShapeProto.Dimension()
                dimension.dimValue = Int64(extent)
                return dimension
            }
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape.dim = dims
        var type = Onnx_TypeProto()
        type.tensorType = tensor
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = type
        return info
    }
}
