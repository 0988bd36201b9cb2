import Foundation
import FoveaTraining
import XCTest

@testable import FoveaExport

/// The ONNX graph: its structure read back with the same generated messages, and its numbers compared with
/// Fovea's inference pass by onnxruntime (`check_onnx.py`, through `FOVEA_PYTHON`).
final class ModelExportONNXTests: XCTestCase {
    private func decoded(_ export: ModelExport) throws -> Onnx_ModelProto {
        try Onnx_ModelProto(serializedBytes: try export.onnxBytes())
    }

    private func dims(_ info: Onnx_ValueInfoProto) -> [String] {
        info.type.tensorType.shape.dim.map { dimension in
            switch dimension.value {
            case .dimParam(let name): name
            case .dimValue(let extent): String(extent)
            case nil: "?"
            }
        }
    }

    // MARK: Structure (no Python needed)

    func testLeNet5GraphHasOpset13NamedInitializersAndNCHWInputToLogits() throws {
        let model = try Model(architecture: .lenet5, seed: 1)
        let proto = try decoded(try ModelExport(model: model))
        XCTAssertEqual(proto.irVersion, 7)
        XCTAssertEqual(proto.opsetImport.map(\.domain), [""])
        XCTAssertEqual(proto.opsetImport.map(\.version), [13])
        XCTAssertEqual(proto.producerName, "fovea")
        // The layer list of Architecture.lenet5, by hand: conv 6@5×5 pad 2, relu, pool, conv 16@5×5, relu, pool,
        // flatten, dense 120, relu, dense 84, relu, dense 10.
        XCTAssertEqual(
            proto.graph.node.map(\.opType),
            ["Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Relu", "Gemm"])
        let shapes = Dictionary(uniqueKeysWithValues: proto.graph.initializer.map { ($0.name, $0.dims) })
        XCTAssertEqual(
            shapes,
            [
                "conv1.weight": [6, 1, 5, 5], "conv1.bias": [6], "conv2.weight": [16, 6, 5, 5], "conv2.bias": [16],
                "dense1.weight": [120, 400], "dense1.bias": [120], "dense2.weight": [84, 120], "dense2.bias": [84],
                "dense3.weight": [10, 84], "dense3.bias": [10],
            ])
        XCTAssertEqual(proto.graph.input.map(\.name), ["input"])
        XCTAssertEqual(dims(proto.graph.input[0]), ["N", "1", "28", "28"])
        XCTAssertEqual(proto.graph.output.map(\.name), ["logits"])
        XCTAssertEqual(dims(proto.graph.output[0]), ["N", "10"])
        XCTAssertEqual(proto.graph.node.last?.output, ["logits"])
        // The first convolution's attributes: 5×5, stride 1, padding 2 on every side.
        let conv1 = try XCTUnwrap(proto.graph.node.first)
        let attributes = Dictionary(uniqueKeysWithValues: conv1.attribute.map { ($0.name, $0) })
        XCTAssertEqual(attributes["kernel_shape"]?.ints, [5, 5])
        XCTAssertEqual(attributes["pads"]?.ints, [2, 2, 2, 2])
        XCTAssertEqual(attributes["strides"]?.ints, [1, 1])
        XCTAssertEqual(attributes["group"]?.i, 1)
        // The weights are the model's, bit for bit, little-endian.
        let weight = try XCTUnwrap(proto.graph.initializer.first { $0.name == "conv1.weight" })
        let expected = try XCTUnwrap(model.parameters.first { $0.name == "conv1.weight" }).tensor.scalars
        let stored = stride(from: 0, to: weight.rawData.count, by: 4).map { offset in
            Float(bitPattern: weight.rawData[offset..<offset + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }
        XCTAssertEqual(stored, expected)
        XCTAssertEqual(weight.dataType, 1)  // FLOAT
    }

    func testResNetSmallKeepsEveryBatchNormAndProjectionUnderItsFoveaName() throws {
        let proto = try decoded(try ModelExport(model: try perturbedModel(.resnetSmall)))
        // By hand from Architecture.resnetSmall: conv1 + bn1, then three residual blocks (16 → 16 identity,
        // 16 → 32 and 32 → 64 with a 1×1 projection + BatchNorm), then gap and dense1.
        func bn(_ name: String) -> [String] {
            ["gamma", "beta", "runningMean", "runningVariance"].map { "\(name).\($0)" }
        }
        var names = ["conv1.weight"] + bn("bn1")
        for block in ["res1", "res2", "res3"] {
            names += ["\(block).main.conv1.weight"] + bn("\(block).main.bn1")
            names += ["\(block).main.conv2.weight"] + bn("\(block).main.bn2")
            if block != "res1" { names += ["\(block).projection.conv1.weight"] + bn("\(block).projection.bn1") }
        }
        names += ["dense1.weight", "dense1.bias"]
        XCTAssertEqual(proto.graph.initializer.map(\.name), names)
        XCTAssertEqual(proto.graph.node.filter { $0.opType == "BatchNormalization" }.count, 9)
        XCTAssertEqual(
            proto.graph.node.filter { $0.opType == "Add" }.map(\.name), ["res1.add", "res2.add", "res3.add"])
        // The skip of res1 is the block's input itself (the output of relu1).
        XCTAssertEqual(proto.graph.node.first { $0.name == "res1.add" }?.input, ["res1.main.bn2", "relu1"])
        XCTAssertEqual(
            proto.graph.node.first { $0.name == "res2.add" }?.input, ["res2.main.bn2", "res2.projection.bn1"])
        XCTAssertEqual(dims(proto.graph.input[0]), ["N", "3", "32", "32"])
        XCTAssertTrue(
            proto.graph.node.filter { $0.opType == "BatchNormalization" }.allSatisfy { node in
                node.attribute.map(\.name) == ["epsilon"] && node.attribute[0].f == 1e-5
            })
    }

    func testNormalizationBecomesTheFirstTwoNodesAndClassNamesTheMetadata() throws {
        let model = try Model(architecture: .vggSmall, classes: 3, seed: 2)
        let normalization = Normalization(mean: [0.25, 0.5, 0.75], std: [0.5, 0.25, 0.125])
        let proto = try decoded(
            try ModelExport(model: model, normalization: normalization, classNames: ["cat", "dog", "\"quoted\""]))
        XCTAssertEqual(proto.graph.node.prefix(2).map(\.opType), ["Sub", "Mul"])
        XCTAssertEqual(proto.graph.node[0].input, ["input", "normalization.mean"])
        let inverse = try XCTUnwrap(proto.graph.initializer.first { $0.name == "normalization.inverseStd" })
        XCTAssertEqual(inverse.dims, [1, 3, 1, 1])
        XCTAssertEqual(inverse.rawData.count, 12)
        // 1/0.5, 1/0.25, 1/0.125 = 2, 4, 8 exactly.
        XCTAssertEqual([UInt8](inverse.rawData), [0, 0, 0, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0, 0x41])
        let metadata = Dictionary(uniqueKeysWithValues: proto.metadataProps.map { ($0.key, $0.value) })
        XCTAssertEqual(metadata["architecture"], "vgg-small")
        XCTAssertEqual(metadata["class_names"], #"["cat","dog","\"quoted\""]"#)
        // Dropout is the identity in inference and leaves no node.
        XCTAssertFalse(proto.graph.node.contains { $0.opType == "Dropout" })
        XCTAssertEqual(dims(proto.graph.output[0]), ["N", "3"])
    }

    func testSameModelGivesTheSameBytes() throws {
        let model = try perturbedModel(.mlp)
        XCTAssertEqual(try ModelExport(model: model).onnxBytes(), try ModelExport(model: model).onnxBytes())
    }

    func testMismatchedNormalizationOrClassNamesAreRefused() throws {
        let model = try Model(architecture: .lenet5)
        XCTAssertThrowsError(
            try ModelExport(model: model, normalization: Normalization(mean: [0, 0, 0], std: [1, 1, 1]))
        ) { error in
            XCTAssertEqual(error as? ExportError, .normalizationMismatch(channels: 1, means: 3, deviations: 3))
        }
        XCTAssertThrowsError(try ModelExport(model: model, classNames: ["a", "b"])) { error in
            XCTAssertEqual(error as? ExportError, .classNamesMismatch(names: 2, outputs: 10))
            XCTAssertEqual("\(error)", "2 class names for a model with 10 outputs")
        }
    }

    func testATensorOfTheWrongShapeOrAnUnusedTensorIsAnErrorNotAGraph() throws {
        var builder = ONNXGraphBuilder(tensors: [("dense1.weight", Tensor(shape: [3, 5]))])
        XCTAssertThrowsError(
            try builder.appendLayer(.dense(outputs: 3, bias: false), name: "dense1", input: "input", shape: [4])
        ) { error in
            XCTAssertEqual(
                error as? ExportError, .tensorShapeMismatch(name: "dense1.weight", expected: [3, 4], actual: [3, 5]))
        }
        XCTAssertThrowsError(
            try builder.appendLayer(.dense(outputs: 3), name: "dense2", input: "input", shape: [4])
        ) { error in
            XCTAssertEqual(error as? ExportError, .missingTensor(name: "dense2.weight", layer: "dense2"))
        }
        XCTAssertThrowsError(try builder.checkAllTensorsUsed()) { error in
            XCTAssertEqual(error as? ExportError, .unusedTensors(["dense1.weight"]))
        }
    }

    // MARK: onnxruntime agrees with Fovea

    /// Exports `model`, runs it in onnxruntime on `count` random [0, 1] samples and requires every logit
    /// within 1e-4 of Fovea's and the same argmax on every sample.
    private func assertONNXRuntimeAgrees(
        _ model: Model, normalization: Normalization? = nil, count: Int = 16, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        _ = try PythonPeer.interpreter()
        let directory = try makeTemporaryDirectory(self)
        let (onnx, inputsFile, logitsFile) = (
            directory.appendingPathComponent("model.onnx"), directory.appendingPathComponent("inputs.npy"),
            directory.appendingPathComponent("logits.npy")
        )
        try ModelExport(model: model, normalization: normalization).write(.onnx, to: onnx.path)
        let inputs = try randomInputs(count: count, shape: model.inputShape)
        let logits = try foveaLogits(model, inputs: inputs, normalization: normalization)
        try writeNPY(inputs, to: inputsFile)
        try writeNPY(logits, to: logitsFile)
        let result = try PythonPeer.check(["onnx", onnx.path, inputsFile.path, logitsFile.path, "--tolerance", "1e-4"])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let report = try PythonPeer.json(result)
        XCTAssertEqual(report["argmax"] as? [Int], argmax(logits), file: file, line: line)
        XCTAssertEqual(report["samples"] as? Int, count, file: file, line: line)
        let difference = try XCTUnwrap(report["max_abs_difference"] as? Double, file: file, line: line)
        XCTAssertLessThanOrEqual(difference, 1e-4, file: file, line: line)
        if let opset = report["opset"] as? Int { XCTAssertGreaterThanOrEqual(opset, 13, file: file, line: line) }
        print("onnxruntime vs Fovea, \(model.architecture): max |Δlogit| = \(difference) over \(count) samples")
    }

    func testLeNet5RunsInONNXRuntimeWithFoveasLogitsAndNormalization() throws {
        try assertONNXRuntimeAgrees(
            try perturbedModel(.lenet5), normalization: Normalization(mean: [0.1307], std: [0.3081]))
    }

    func testMLPRunsInONNXRuntimeWithFoveasLogits() throws {
        try assertONNXRuntimeAgrees(try perturbedModel(.mlp))
    }

    func testVGGSmallRunsInONNXRuntimeWithFoveasLogitsAndNormalization() throws {
        try assertONNXRuntimeAgrees(
            try perturbedModel(.vggSmall),
            normalization: Normalization(mean: [0.49, 0.48, 0.45], std: [0.25, 0.24, 0.26]))
    }

    func testResNetSmallRunsInONNXRuntimeWithBatchNormInInferenceForm() throws {
        try assertONNXRuntimeAgrees(
            try perturbedModel(.resnetSmall),
            normalization: Normalization(mean: [0.5, 0.4, 0.3], std: [0.2, 0.3, 0.4]))
    }

    /// The largest architecture run here (57 M parameters with 10 classes): channel groups on conv 2, 4 and 5,
    /// 3×3 stride-2 max pools, 4096-wide dense layers.
    func testAlexNetWithChannelGroupsRunsInONNXRuntimeWithFoveasLogits() throws {
        try assertONNXRuntimeAgrees(try perturbedModel(.alexnet, classes: 10), count: 2)
    }

    /// Every layer kind the specs can describe, including the ones no built-in architecture uses.
    func testEveryLayerKindRunsInONNXRuntimeWithFoveasLogits() throws {
        let layers: [LayerSpec] = [
            .conv2D(outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, bias: false), .batchNorm(),
            .activation(.leakyReLU(slope: 0.1)), .prelu,
            .conv2D(outputChannels: 4, kernelSize: 3, padding: 1, groups: 2), .activation(.elu(alpha: 0.7)),
            .averagePool2D(size: 3, stride: 2, padding: 1),
            .sequential([.conv2D(outputChannels: 6, kernelSize: 1), .activation(.tanh)]),
            .maxPool2D(size: 3, stride: 1, padding: 1), .residual(outputChannels: 6), .activation(.softplus),
            .flatten, .dense(outputs: 12, bias: false), .batchNorm(epsilon: 1e-3), .prelu, .dropout(rate: 0.3),
            .activation(.softsign), .dense(outputs: 8), .activation(.sigmoid), .dense(outputs: 5),
        ]
        let model = try Model(name: "every-layer", layers: layers, inputShape: [2, 9, 11], seed: 5)
        perturb(model, seed: 5)
        try assertONNXRuntimeAgrees(model, normalization: Normalization(mean: [0.3, 0.6], std: [0.2, 0.4]))
        let proto = try decoded(try ModelExport(model: model))
        XCTAssertTrue(proto.graph.initializer.contains { $0.name == "seq1.conv1.weight" })
        XCTAssertEqual(proto.graph.initializer.first { $0.name == "prelu1.slope" }?.dims, [4, 1, 1])
        XCTAssertEqual(proto.graph.initializer.first { $0.name == "prelu2.slope" }?.dims, [12])
    }
}

/// The checker itself must reject what it is there to catch.
final class CheckONNXScriptTests: XCTestCase {
    func testCheckerFailsWhenALogitIsOffByMoreThanTheTolerance() throws {
        _ = try PythonPeer.interpreter()
        let directory = try makeTemporaryDirectory(self)
        let model = try perturbedModel(.mlp)
        let onnx = directory.appendingPathComponent("model.onnx")
        try ModelExport(model: model).write(.onnx, to: onnx.path)
        let inputs = try randomInputs(count: 4, shape: model.inputShape)
        var logits = try foveaLogits(model, inputs: inputs, normalization: nil)
        logits.scalars[13] += 2e-4  // sample 1, class 3
        try writeNPY(inputs, to: directory.appendingPathComponent("inputs.npy"))
        try writeNPY(logits, to: directory.appendingPathComponent("logits.npy"))
        let result = try PythonPeer.check([
            "onnx", onnx.path, directory.appendingPathComponent("inputs.npy").path,
            directory.appendingPathComponent("logits.npy").path,
        ])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stderr.contains("sample 1, class 3"), result.stderr)
    }
}
