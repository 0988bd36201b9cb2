import Foundation
import FoveaTraining
import XCTest

/// `fovea export` run as a user would: a model trained with `--normalize` on 120 bundled digits, exported to
/// ONNX and .npz, the ONNX file run in onnxruntime (`Tests/FoveaExportTests/check_onnx.py` through
/// `FOVEA_PYTHON`) against Fovea's own pass and `fovea eval`; and the ways it must refuse.
final class ExportCommandTests: XCTestCase {
    private var checker: URL {
        CLIRunner.repositoryRoot.appendingPathComponent("Tests/FoveaExportTests/check_onnx.py")
    }

    /// The first 120 bundled digits as an IDX pair; returns the images' path.
    private func smallDigits(in directory: URL) throws -> String {
        let fixtures = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist")
        let images = try IDX.readImages(fixtures.appendingPathComponent("mnist4k-images-idx3-ubyte.gz").path)
        let labels = try IDX.readLabels(fixtures.appendingPathComponent("mnist4k-labels-idx1-ubyte.gz").path)
        let path = directory.appendingPathComponent("small-images-idx3-ubyte").path
        try IDX.writeImages(Array(images.prefix(120)), to: path)
        try IDX.writeLabels(
            Array(labels.prefix(120)), to: directory.appendingPathComponent("small-labels-idx1-ubyte").path)
        return path
    }

    private func trainedModel(in directory: URL) throws -> (model: String, data: String) {
        let data = try smallDigits(in: directory)
        let train = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "lenet5", "--epochs", "1", "--batch-size", "16", "--normalize",
                "--out", "m.fovea", "--threads", "1",
            ], in: directory)
        XCTAssertEqual(train.status, 0, train.stderr)
        return (directory.appendingPathComponent("m.fovea").path, data)
    }

    /// Python with onnxruntime, or a skip (a failure under CI=true).
    private func python() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["FOVEA_PYTHON"], !python.isEmpty { return python }
        if environment["CI"] == "true" {
            XCTFail("CI=true but FOVEA_PYTHON is not set: .ci/run must export it")
            throw CocoaError(.executableNotLoadable)
        }
        throw XCTSkip("set FOVEA_PYTHON to a Python with onnxruntime and numpy")
    }

    func testExportedONNXGivesEvalsPredictionOnEverySampleAndNPZHoldsTheWeights() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let (model, data) = try trainedModel(in: directory)
        let onnx = try CLIRunner.run(["export", "m.fovea", "m.onnx"], in: directory)
        XCTAssertEqual(onnx.status, 0, onnx.stderr)
        XCTAssertEqual(onnx.stdout, "lenet5 (10 tensors) → m.onnx [onnx]\n")
        let npz = try CLIRunner.run(["export", "m.fovea", "w.npz"], in: directory)
        XCTAssertEqual(npz.status, 0, npz.stderr)
        XCTAssertEqual(npz.stdout, "lenet5 (10 tensors) → w.npz [npz]\n")
        let explicit = try CLIRunner.run(["export", "--format", "npz", "m.fovea", "weights.bin"], in: directory)
        XCTAssertEqual(explicit.status, 0, explicit.stderr)
        let archive = try AtomicFile.read(directory.appendingPathComponent("w.npz").path)
        XCTAssertEqual(try AtomicFile.read(directory.appendingPathComponent("weights.bin").path), archive)
        XCTAssertEqual(Array(archive.prefix(4)), [0x50, 0x4B, 0x03, 0x04])

        // Fovea's logits for every sample, through the loader as eval prepares them (normalised), and the raw
        // [0, 1] samples the ONNX model takes (normalisation is inside its graph).
        let trained = try TrainedModel(contentsOf: model)
        XCTAssertNotNil(trained.normalization, "--normalize stores the statistics")
        let dataset = try DatasetSource.open(data)
        let raw = DataLoader(
            dataset: dataset, format: trained.format, batchSize: 120, shuffle: false, seed: 0, workers: 1)
        let inputs = try XCTUnwrap(try raw.batches(epoch: 0).next())
        let prepared = try XCTUnwrap(
            try trained.loader(for: dataset, batchSize: 120, workers: 1).batches(epoch: 0).next())
        let logits = try trained.model(try prepared.inputTensor())
        let npy = (
            inputs: directory.appendingPathComponent("inputs.npy").path,
            logits: directory.appendingPathComponent("logits.npy").path
        )
        try NPY.write(try NPYArray(shape: inputs.shape, storage: .float32(inputs.inputs)), to: npy.inputs)
        try NPY.write(try NPYArray(shape: logits.shape, storage: .float32(logits.scalars)), to: npy.logits)

        let eval = try CLIRunner.run(["eval", "--model", "m.fovea", "--data", data, "--json"], in: directory)
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as? [String: Any])
        let evalConfusion = try XCTUnwrap(report["confusion"] as? [[Int]])

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = [checker.path, "onnx", "m.onnx", npy.inputs, npy.logits, "--tolerance", "1e-4"]
        process.currentDirectoryURL = directory
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, String(decoding: errData, as: UTF8.self))
        let check = try XCTUnwrap(try JSONSerialization.jsonObject(with: outData) as? [String: Any])
        let predicted = try XCTUnwrap(check["argmax"] as? [Int])
        XCTAssertEqual(predicted.count, 120)
        // The confusion matrix of onnxruntime's predictions is eval's, cell for cell.
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        for (label, prediction) in zip(inputs.labels, predicted) { confusion[label][prediction] += 1 }
        XCTAssertEqual(confusion, evalConfusion)
        XCTAssertLessThanOrEqual(try XCTUnwrap(check["max_abs_difference"] as? Double), 1e-4)
        print("fovea export lenet5 (--normalize, 120 digits): max |Δlogit| = \(check["max_abs_difference"] ?? "?")")
    }

    func testCorruptOrTruncatedModelIsAClearErrorAndWritesNothing() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        try Data("not a model".utf8).write(to: directory.appendingPathComponent("bad.fovea"))
        let bad = try CLIRunner.run(["export", "bad.fovea", "out.onnx"], in: directory)
        XCTAssertEqual(bad.status, 1, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("bad.fovea"), bad.stderr)
        let model = try Model(architecture: .mlp)
        let whole = directory.appendingPathComponent("whole.fovea").path
        try Checkpoint.save(model: model, to: whole)
        let bytes = try AtomicFile.read(whole)
        try AtomicFile.write(
            Array(bytes.prefix(bytes.count / 2)), to: directory.appendingPathComponent("half.fovea").path)
        let half = try CLIRunner.run(["export", "half.fovea", "out.npz"], in: directory)
        XCTAssertEqual(half.status, 1, half.stderr)
        XCTAssertTrue(half.stderr.contains("half.fovea"), half.stderr)
        let missing = try CLIRunner.run(["export", "absent.fovea", "out.onnx"], in: directory)
        XCTAssertEqual(missing.status, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("absent.fovea"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.onnx").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out.npz").path))
    }

    func testUnwritableOutputIsADataErrorAndTheInputIsNeverOverwritten() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        try Checkpoint.save(model: try Model(architecture: .mlp), to: directory.appendingPathComponent("m.fovea").path)
        let before = try AtomicFile.read(directory.appendingPathComponent("m.fovea").path)
        // A folder that cannot exist (its parent is a file) is a data error naming it.
        let unwritable = try CLIRunner.run(["export", "m.fovea", "m.fovea/sub/m.onnx"], in: directory)
        XCTAssertEqual(unwritable.status, 1, unwritable.stderr)
        XCTAssertTrue(unwritable.stderr.contains("m.fovea/sub"), unwritable.stderr)
        let same = try CLIRunner.run(["export", "m.fovea", "./m.fovea"], in: directory)
        XCTAssertEqual(same.status, 64, same.stderr)
        XCTAssertTrue(same.stderr.contains("refusing to overwrite the input m.fovea"), same.stderr)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("folder.onnx"), withIntermediateDirectories: false)
        let folder = try CLIRunner.run(["export", "m.fovea", "folder.onnx"], in: directory)
        XCTAssertEqual(folder.status, 64, folder.stderr)
        XCTAssertTrue(folder.stderr.contains("folder.onnx is an existing directory"), folder.stderr)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("folder.onnx"))
        // Missing folders are created, as for every other output.
        let nested = try CLIRunner.run(["export", "m.fovea", "new/dir/m.onnx"], in: directory)
        XCTAssertEqual(nested.status, 0, nested.stderr)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("new"))
        XCTAssertEqual(try AtomicFile.read(directory.appendingPathComponent("m.fovea").path), before)
        let format = try CLIRunner.run(["export", "m.fovea", "m.out", "--format", "tflite"], in: directory)
        XCTAssertEqual(format.status, 64, format.stderr)
        XCTAssertTrue(format.stderr.contains("tflite"), format.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["m.fovea"])
    }

    func testAnOutputExtensionNamingNoExportFormatIsAUsageErrorUnlessTheFormatIsGiven() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        try Checkpoint.save(model: try Model(architecture: .mlp), to: directory.appendingPathComponent("m.fovea").path)
        // `weights.npy` once got an ONNX graph: any extension but .npz meant ONNX.
        let npy = try CLIRunner.run(["export", "m.fovea", "weights.npy"], in: directory)
        XCTAssertEqual(npy.status, 64, npy.stderr)
        XCTAssertTrue(
            npy.stderr.contains(
                "weights.npy: no export format for the file extension 'npy'; name the output .onnx or .npz"),
            npy.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["m.fovea"])
        let bare = try CLIRunner.run(["export", "m.fovea", "model"], in: directory)
        XCTAssertEqual(bare.status, 0, bare.stderr)
        XCTAssertEqual(bare.stdout, "mlp (4 tensors) → model [onnx]\n")
        let upper = try CLIRunner.run(["export", "m.fovea", "W.NPZ"], in: directory)
        XCTAssertEqual(upper.status, 0, upper.stderr)
        XCTAssertTrue(upper.stdout.hasSuffix("[npz]\n"), upper.stdout)
    }
}
