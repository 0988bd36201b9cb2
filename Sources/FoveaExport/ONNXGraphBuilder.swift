import Foundation
import FoveaNN

/// Builds the nodes and initializers of an ONNX graph from Fovea layer specs, one layer at a time.
///
/// Values (the edges of the graph) are named after the layer that produces them (`conv1`, `res2.main.bn1`),
/// initializers after the Fovea tensor they hold (`conv1.weight`). Tensors are looked up by name in the
/// model and must have the shape the spec implies; `finish` fails when one was never used.
struct ONNXGraphBuilder {
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    private let tensors: [String: Tensor]
    private let tensorOrder: [String]
    private var used: Set<String> = []

    /// A builder over the model's tensors (name → value, and their order for error messages).
    init(tensors: [(name: String, tensor: Tensor)]) {
        self.tensors = Dictionary(tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        tensorOrder = tensors.map(\.name)
    }

    // MARK: Layers

    /// Appends the nodes of `specs` named as `Sequential` names them (`prefix.kind<running number>`), fed by
    /// `input` of per-sample shape `shape`; returns the last value's name and per-sample shape.
    mutating func appendLayers(_ specs: [LayerSpec], prefix: String, input: String, shape: [Int]) throws -> (
        value: String, shape: [Int]
    ) {
        var counts: [String: Int] = [:]
        var (value, shape) = (input, shape)
        for spec in specs {
            counts[spec.kind, default: 0] += 1
            let name = (prefix.isEmpty ? "" : prefix + ".") + spec.kind + String(counts[spec.kind] ?? 1)
            (value, shape) = try appendLayer(spec, name: name, input: value, shape: shape)
        }
        return (value, shape)
    }

    /// Appends the nodes of one layer called `name`.
    mutating func appendLayer(_ spec: LayerSpec, name: String, input: String, shape: [Int]) throws -> (
        value: String, shape: [Int]
    ) {
        let output = try spec.outputShape(for: shape, layerName: name)
        switch spec {
        case .conv2D(let outputChannels, let kernelSize, let stride, let padding, let groups, let bias, _):
            var inputs = [
                input,
                try initializer(
                    "\(name).weight", layer: name, shape: [outputChannels, shape[0] / groups, kernelSize, kernelSize]),
            ]
            if bias { inputs.append(try initializer("\(name).bias", layer: name, shape: [outputChannels])) }
            appendNode(
                "Conv", name: name, inputs: inputs,
                attributes: [
                    .ints("kernel_shape", [kernelSize, kernelSize]), .ints("strides", [stride, stride]),
                    .ints("pads", [padding, padding, padding, padding]), .ints("dilations", [1, 1]),
                    .int("group", groups),
                ])
        case .maxPool2D(let size, let stride, let padding):
            // Fovea's max pool never lets a padding cell win, as ONNX MaxPool.
            appendNode(
                "MaxPool", name: name, inputs: [input],
                attributes: [
                    .ints("kernel_shape", [size, size]), .ints("strides", [stride, stride]),
                    .ints("pads", [padding, padding, padding, padding]),
                ])
        case .averagePool2D(let size, let stride, let padding):
            // Padding cells count as zeros in the mean (divide by size²).
            appendNode(
                "AveragePool", name: name, inputs: [input],
                attributes: [
                    .ints("kernel_shape", [size, size]), .ints("strides", [stride, stride]),
                    .ints("pads", [padding, padding, padding, padding]), .int("count_include_pad", 1),
                ])
        case .globalAveragePool:
            // ONNX keeps [N, C, 1, 1]; Fovea's layer gives [N, C].
            appendNode("GlobalAveragePool", name: name + ".pool", inputs: [input], output: name + ".pool")
            appendNode("Flatten", name: name, inputs: [name + ".pool"], attributes: [.int("axis", 1)])
        case .dense(let outputs, let bias, _):
            var inputs = [input, try initializer("\(name).weight", layer: name, shape: [outputs, shape[0]])]
            if bias { inputs.append(try initializer("\(name).bias", layer: name, shape: [outputs])) }
            // y = x·Wᵀ + b with W [outputs, inputs], as Fovea stores it.
            appendNode("Gemm", name: name, inputs: inputs, attributes: [.int("transB", 1)])
        case .flatten:
            guard shape.count > 1 else { return (input, output) }
            appendNode("Flatten", name: name, inputs: [input], attributes: [.int("axis", 1)])
        case .activation(let function):
            switch function {
            case .relu: appendNode("Relu", name: name, inputs: [input])
            case .leakyReLU(let slope):
                appendNode("LeakyRelu", name: name, inputs: [input], attributes: [.float("alpha", slope)])
            case .elu(let alpha): appendNode("Elu", name: name, inputs: [input], attributes: [.float("alpha", alpha)])
            case .sigmoid: appendNode("Sigmoid", name: name, inputs: [input])
            case .tanh: appendNode("Tanh", name: name, inputs: [input])
            case .softplus: appendNode("Softplus", name: name, inputs: [input])
            case .softsign: appendNode("Softsign", name: name, inputs: [input])
            }
        case .prelu:
            // One slope per channel, stored [C, 1, 1] for image inputs so it broadcasts over H and W.
            let channels = shape[0]
            let slope = try initializer(
                "\(name).slope", layer: name, shape: [channels], dims: [channels] + shape.dropFirst().map { _ in 1 })
            appendNode("PRelu", name: name, inputs: [input, slope])
        case .dropout:
            return (input, output)  // the identity in inference
        case .batchNorm(_, let epsilon):
            let channels = [shape[0]]
            let inputs = [
                input, try initializer("\(name).gamma", layer: name, shape: channels),
                try initializer("\(name).beta", layer: name, shape: channels),
                try initializer("\(name).runningMean", layer: name, shape: channels),
                try initializer("\(name).runningVariance", layer: name, shape: channels),
            ]
            appendNode("BatchNormalization", name: name, inputs: inputs, attributes: [.float("epsilon", epsilon)])
        case .residual(let outputChannels, let stride):
            // As FoveaNN's ResidualBlock: main path and, when the shape changes, a projection shortcut.
            let main = try appendLayers(
                [
                    .conv2D(outputChannels: outputChannels, kernelSize: 3, stride: stride, padding: 1, bias: false),
                    .batchNorm(), .activation(.relu),
                    .conv2D(outputChannels: outputChannels, kernelSize: 3, stride: 1, padding: 1, bias: false),
                    .batchNorm(),
                ], prefix: name + ".main", input: input, shape: shape)
            var skip = input
            if main.shape != shape {
                skip = try appendLayers(
                    [
                        .conv2D(outputChannels: outputChannels, kernelSize: 1, stride: stride, padding: 0, bias: false),
                        .batchNorm(),
                    ], prefix: name + ".projection", input: input, shape: shape
                ).value
            }
            appendNode("Add", name: name + ".add", inputs: [main.value, skip], output: name + ".add")
            appendNode("Relu", name: name, inputs: [name + ".add"])
        case .sequential(let layers):
            return try appendLayers(layers, prefix: name, input: input, shape: shape)
        }
        return (name, output)
    }

    /// Standardises the graph input per channel: `(x − mean[c]) · (1/std[c])`, the loader's own arithmetic.
    mutating func appendNormalization(mean: [Float], std: [Float], input: String, shape: [Int]) -> String {
        let dims = [1, mean.count] + shape.dropFirst().map { _ in 1 }
        initializers.append(tensorProto("normalization.mean", dims: dims, scalars: mean))
        initializers.append(tensorProto("normalization.inverseStd", dims: dims, scalars: std.map { 1 / $0 }))
        appendNode(
            "Sub", name: "normalization.sub", inputs: [input, "normalization.mean"], output: "normalization.sub")
        appendNode("Mul", name: "normalization", inputs: ["normalization.sub", "normalization.inverseStd"])
        return "normalization"
    }

    /// Makes `value` the graph output `output`: renames the last node's output when it produced `value`,
    /// otherwise (an input passed straight through) adds an Identity node.
    mutating func route(_ value: String, to output: String) {
        if let last = nodes.indices.last, nodes[last].output == [value] {
            nodes[last].output = [output]
        } else {
            appendNode("Identity", name: output, inputs: [value], output: output)
        }
    }

    /// Throws ``ExportError/unusedTensors(_:)`` unless every model tensor became an initializer.
    func checkAllTensorsUsed() throws {
        let unused = tensorOrder.filter { !used.contains($0) }
        guard unused.isEmpty else { throw ExportError.unusedTensors(unused) }
    }

    // MARK: Nodes and tensors

    /// One node attribute.
    enum Attribute {
        case int(String, Int)
        case ints(String, [Int])
        case float(String, Float)

        var proto: Onnx_AttributeProto {
            var attribute = Onnx_AttributeProto()
            switch self {
            case .int(let name, let value):
                attribute.name = name
                attribute.type = .int
                attribute.i = Int64(value)
            case .ints(let name, let values):
                attribute.name = name
                attribute.type = .ints
                attribute.ints = values.map { Int64($0) }
            case .float(let name, let value):
                attribute.name = name
                attribute.type = .float
                attribute.f = value
            }
            return attribute
        }
    }

    private mutating func appendNode(
        _ operation: String, name: String, inputs: [String], output: String? = nil, attributes: [Attribute] = []
    ) {
        var node = Onnx_NodeProto()
        node.opType = operation
        node.name = name
        node.input = inputs
        node.output = [output ?? name]
        node.attribute = attributes.map(\.proto)
        nodes.append(node)
    }

    /// Adds the model tensor `name` as an initializer after checking it has `shape`; `dims` (same element
    /// count) is the ONNX shape when it differs. Returns the initializer's name.
    private mutating func initializer(_ name: String, layer: String, shape: [Int], dims: [Int]? = nil) throws
        -> String
    {
        guard let tensor = tensors[name] else { throw ExportError.missingTensor(name: name, layer: layer) }
        guard tensor.shape == shape else {
            throw ExportError.tensorShapeMismatch(name: name, expected: shape, actual: tensor.shape)
        }
        used.insert(name)
        initializers.append(tensorProto(name, dims: dims ?? shape, scalars: tensor.scalars))
        return name
    }

    /// A float32 tensor stored as little-endian raw bytes.
    private func tensorProto(_ name: String, dims: [Int], scalars: [Float]) -> Onnx_TensorProto {
        var proto = Onnx_TensorProto()
        proto.name = name
        proto.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        proto.dims = dims.map { Int64($0) }
        // ONNX raw_data is little-endian: the in-memory bytes on every host Fovea runs on, swapped otherwise.
        proto.rawData =
            UInt32(1).littleEndian == 1
            ? scalars.withUnsafeBytes { Data($0) }
            : Data(scalars.flatMap { scalar in withUnsafeBytes(of: scalar.bitPattern.littleEndian, Array.init) })
        return proto
    }
}
