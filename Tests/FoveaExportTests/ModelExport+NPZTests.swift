import CMinizip
import Foundation
import FoveaTraining
import XCTest

@testable import FoveaExport

/// The .npz archive, read back by minizip's unzip side and by numpy.load (through `FOVEA_PYTHON`).
final class ModelExportNPZTests: XCTestCase {
    /// Every entry of the zip at `path`: name, compression method, CRC-checked contents.
    private func entries(ofZipAt path: String) throws -> [(name: String, method: Int, bytes: [UInt8])] {
        let zip = try XCTUnwrap(unzOpen64(path), "minizip cannot open \(path)")
        defer { unzClose(zip) }
        var result: [(String, Int, [UInt8])] = []
        var status = unzGoToFirstFile(zip)
        while status == UNZ_OK {
            var info = unz_file_info64()
            var name = [CChar](repeating: 0, count: 512)
            XCTAssertEqual(unzGetCurrentFileInfo64(zip, &info, &name, 512, nil, 0, nil, 0), UNZ_OK)
            XCTAssertEqual(unzOpenCurrentFile(zip), UNZ_OK)
            var bytes = [UInt8](repeating: 0, count: Int(info.uncompressed_size))
            let read = bytes.withUnsafeMutableBytes { unzReadCurrentFile(zip, $0.baseAddress, UInt32($0.count)) }
            XCTAssertEqual(Int(read), bytes.count)
            XCTAssertEqual(unzCloseCurrentFile(zip), UNZ_OK, "CRC of the entry")  // UNZ_CRCERROR otherwise
            let text = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            result.append((text, Int(info.compression_method), bytes))
            status = unzGoToNextFile(zip)
        }
        XCTAssertEqual(status, UNZ_END_OF_LIST_OF_FILE)
        return result
    }

    func testLeNet5ArchiveHoldsOneStoredNPYPerTensorByFoveaNameThenTheNormalization() throws {
        let directory = try makeTemporaryDirectory(self)
        let model = try perturbedModel(.lenet5)
        let normalization = Normalization(mean: [0.1307], std: [0.3081])
        let path = directory.appendingPathComponent("weights.npz").path
        try ModelExport(model: model, normalization: normalization).write(.npz, to: path)
        let found = try entries(ofZipAt: path)
        XCTAssertEqual(
            found.map(\.name),
            [
                "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "dense1.weight", "dense1.bias",
                "dense2.weight", "dense2.bias", "dense3.weight", "dense3.bias", "normalization.mean",
                "normalization.std",
            ].map { $0 + ".npy" })
        XCTAssertEqual(Set(found.map(\.method)), [0], "stored, as numpy.savez")
        let tensors = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name + ".npy", $0.tensor) })
        for entry in found {
            let array = try NPY.decode(entry.bytes)
            if let tensor = tensors[entry.name] {
                XCTAssertEqual(array.shape, tensor.shape, entry.name)
                XCTAssertEqual(array.storage, .float32(tensor.scalars), entry.name)
            }
        }
        XCTAssertEqual(try NPY.decode(found[10].bytes).storage, .float32([0.1307]))
        XCTAssertEqual(try NPY.decode(found[11].bytes).storage, .float32([0.3081]))
        XCTAssertEqual(try NPY.decode(found[4].bytes).shape, [120, 400])
    }

    func testSameModelGivesTheSameArchiveBytes() throws {
        let model = try perturbedModel(.mlp)
        XCTAssertEqual(try ModelExport(model: model).npzBytes(), try ModelExport(model: model).npzBytes())
    }

    func testNumpyLoadsEveryArrayWithFoveasShapeAndValues() throws {
        _ = try PythonPeer.interpreter()
        let directory = try makeTemporaryDirectory(self)
        let model = try perturbedModel(.resnetSmall)
        let path = directory.appendingPathComponent("weights.npz").path
        try ModelExport(model: model).write(.npz, to: path)
        let result = try PythonPeer.check(["npz", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let arrays = try PythonPeer.json(result)
        XCTAssertEqual(Set(arrays.keys), Set(model.parameters.map(\.name)))
        for parameter in model.parameters {
            let array = try XCTUnwrap(arrays[parameter.name] as? [String: Any], parameter.name)
            XCTAssertEqual(array["dtype"] as? String, "float32", parameter.name)
            XCTAssertEqual(array["shape"] as? [Int], parameter.shape, parameter.name)
            let values = try XCTUnwrap(array["values"] as? [Double], parameter.name).map { Float($0) }
            XCTAssertEqual(values, parameter.tensor.scalars, parameter.name)
        }
    }
}
