import Foundation
import FoveaTraining
import XCTest

@testable import FoveaExport

/// `ModelExport` from a checkpoint, and writing: atomic, and a clear error when the path cannot be written.
final class ModelExportTests: XCTestCase {
    func testExportFromACheckpointCarriesItsClassNamesAndWritesBothFormats() throws {
        let directory = try makeTemporaryDirectory(self)
        let model = try perturbedModel(.mlp)
        let checkpoint = directory.appendingPathComponent("m.fovea").path
        try Checkpoint.save(model: model, to: checkpoint)
        let export = try ModelExport(try TrainedModel(contentsOf: checkpoint))
        XCTAssertEqual(export.classNames, (0..<10).map(String.init))  // a checkpoint without training state
        XCTAssertNil(export.normalization)
        for format in ExportFormat.allCases {
            let path = directory.appendingPathComponent("m.\(format.fileExtension)").path
            try export.write(format, to: path)
            XCTAssertEqual(try AtomicFile.read(path), try export.encoded(as: format))
        }
        let onnx = try AtomicFile.read(directory.appendingPathComponent("m.onnx").path)
        XCTAssertEqual(Array(onnx.prefix(2)), [0x08, 0x07], "field 1 (ir_version) = 7 first")
        let npz = try AtomicFile.read(directory.appendingPathComponent("m.npz").path)
        XCTAssertEqual(Array(npz.prefix(4)), [0x50, 0x4B, 0x03, 0x04], "a zip local file header")
        // No temporary file is left beside the outputs.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        XCTAssertEqual(names, ["m.fovea", "m.npz", "m.onnx"])
    }

    func testWritingIntoAMissingDirectoryOrOverADirectoryThrowsAndLeavesNothing() throws {
        let directory = try makeTemporaryDirectory(self)
        let export = try ModelExport(model: try Model(architecture: .mlp))
        let missing = directory.appendingPathComponent("no/such/dir/m.onnx").path
        XCTAssertThrowsError(try export.write(.onnx, to: missing)) { error in
            XCTAssertTrue("\(error)".contains(missing), "\(error)")
        }
        let folder = directory.appendingPathComponent("folder.npz")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        XCTAssertThrowsError(try export.write(.npz, to: folder.path)) { error in
            XCTAssertTrue("\(error)".contains(folder.path), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["folder.npz"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
    }
}
