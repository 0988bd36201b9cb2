import Foundation
import XCTest

@testable import FoveaNN

/// Checkpoints with a correct CRC but a hostile header (found by the `checkpoint` fuzz harness and by hand)
/// must be refused before the model is built: no huge allocation, no arithmetic trap.
final class CheckpointValidationTests: XCTestCase {
    /// Saves a tiny model, replaces `old` by `new` in the JSON header, fixes the length and the CRC.
    func tamperedCheckpoint(replacing old: String, with new: String) throws -> String {
        let model = try Model(
            name: "tiny",
            layers: [
                .conv2D(outputChannels: 2, kernelSize: 3, padding: 1), .activation(.relu),
                .maxPool2D(size: 2, stride: 2), .flatten, .dense(outputs: 3),
            ],
            inputShape: [1, 4, 4], seed: 1)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.fovea").path
        try Checkpoint.save(model: model, to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let header = String(decoding: bytes[16..<16 + headerLength], as: UTF8.self)
        XCTAssertTrue(header.contains(old), "fixture header no longer contains \(old)")
        let newHeader = Array(header.replacingOccurrences(of: old, with: new).utf8)
        bytes =
            Array(bytes[0..<12]) + le32(UInt32(newHeader.count)) + newHeader
            + Array(bytes[(16 + headerLength)..<(bytes.count - 4)])
        bytes += le32(CRC32.checksum(bytes))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func le32(_ v: UInt32) -> [UInt8] {
        [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }

    func assertRefused(_ old: String, _ new: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try tamperedCheckpoint(replacing: old, with: new)
        let checkpoint = try Checkpoint.load(from: path)  // the file itself is well-formed
        XCTAssertThrowsError(try checkpoint.makeModel(), "\(new) was accepted", file: file, line: line) { error in
            guard case NNError.corruptCheckpoint = error else {
                return XCTFail("expected corruptCheckpoint, got \(error)", file: file, line: line)
            }
        }
    }

    func testUntamperedCheckpointStillBuilds() throws {
        let path = try tamperedCheckpoint(replacing: "\"outputs\":3", with: "\"outputs\":3")
        XCTAssertEqual(try Checkpoint.load(from: path).makeModel().summary().totalParameters, 47)
    }

    func testADenseLayerOfNineHundredMillionOutputsIsRefused() throws {
        try assertRefused("\"outputs\":3", "\"outputs\":900000000")
    }

    func testAFortyThousandSquareInputIsRefused() throws {
        try assertRefused("\"inputShape\":[1,4,4]", "\"inputShape\":[1,40000,40000]")
    }

    func testNegativeChannelsAndZeroStridesAreRefused() throws {
        try assertRefused("\"outputChannels\":2,", "\"outputChannels\":-2,")
        try assertRefused("\"size\":2,\"stride\":2", "\"size\":2,\"stride\":0")
    }

    func testLayersThatDoNotMatchTheSavedScalarsAreRefused() throws {
        // 4 outputs would need 8·4 + 4 = 36 dense parameters; the file holds 27.
        try assertRefused("\"outputs\":3", "\"outputs\":4")
    }

    func testUnreadablePathsSayWhyInWords() {
        XCTAssertThrowsError(try Checkpoint.load(from: "/nonexistent/model.fovea")) { error in
            XCTAssertEqual(
                String(describing: error), "reading /nonexistent/model.fovea failed: No such file or directory")
        }
        XCTAssertThrowsError(try Checkpoint.load(from: NSTemporaryDirectory())) { error in
            XCTAssertTrue(String(describing: error).hasSuffix("failed: Is a directory"), "\(error)")
        }
    }
}
