import CZlib
import Foundation
import FoveaCodecs
import XCTest

/// A model file whose CRC is right but whose training state does not fit the network (a hand-edited or
/// hostile file) is a clear error in `predict` and `eval`, not an index out of range.
final class DamagedModelTests: XCTestCase {
    func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    func le32(_ v: UInt32) -> [UInt8] {
        [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }

    func testExtraClassNameInTheTrainingStateIsACorruptModelError() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let fixtures = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist")
        let images = try IDX.readImages(fixtures.appendingPathComponent("mnist4k-images-idx3-ubyte.gz").path)
        let labels = try IDX.readLabels(fixtures.appendingPathComponent("mnist4k-labels-idx1-ubyte.gz").path)
        let picked = Array(stride(from: 0, to: 4000, by: 40))
        try IDX.writeImages(picked.map { images[$0] }, to: directory.appendingPathComponent("s-images-idx3-ubyte").path)
        try IDX.writeLabels(picked.map { labels[$0] }, to: directory.appendingPathComponent("s-labels-idx1-ubyte").path)
        try ImageFile.write(.uint8(images[0]), to: directory.appendingPathComponent("digit.png").path)
        let train = try CLIRunner.run(
            ["train", "--data", "s-images-idx3-ubyte", "--model", "mlp", "--epochs", "1", "--out", "m.fovea"],
            in: directory)
        XCTAssertEqual(train.status, 0, train.stderr)

        // Add an eleventh class name inside the JSON training state, then fix the header length and the CRC.
        let path = directory.appendingPathComponent("m.fovea")
        var bytes = [UInt8](try Data(contentsOf: path))
        let headerLength = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        let header = String(decoding: bytes[16..<16 + headerLength], as: UTF8.self)
        let marker = #"\"classNames\":["#
        XCTAssertTrue(header.contains(marker), "the checkpoint no longer stores class names as expected")
        let tampered = Array(header.replacingOccurrences(of: marker, with: marker + #"\"extra\","#).utf8)
        bytes =
            Array(bytes[0..<12]) + le32(UInt32(tampered.count)) + tampered
            + Array(bytes[(16 + headerLength)..<(bytes.count - 4)])
        bytes += le32(crc32(bytes))
        try Data(bytes).write(to: path)

        for arguments in [
            ["predict", "--model", "m.fovea", "digit.png"],
            ["eval", "--model", "m.fovea", "--data", "s-images-idx3-ubyte"],
        ] {
            let result = try CLIRunner.run(arguments, in: directory)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("11 class names for a network with 10 outputs"), result.stderr)
        }
    }
}
