import Foundation
import FoveaCodecs
import XCTest

/// How batch commands map inputs to outputs (Sources/fovea/BatchJob.swift), through `fovea convert`.
final class BatchJobTests: XCTestCase {
    func testAFileIntoAPathEndingInASlashCreatesThatDirectory() throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let image = try Image<UInt8>(width: 3, height: 2, layout: .gray, samples: [1, 2, 3, 4, 5, 6])
        let input = root.appendingPathComponent("in.png").path
        try ImageFile.write(.uint8(image), to: input)
        let result = try CLIRunner.run(["convert", input, root.path + "/new/"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try ImageFile.read(root.path + "/new/in.png"), .uint8(image))
    }

    func testHiddenFilesAndTemporaryFilesAreNotInputs() throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let image = try Image<UInt8>(width: 2, height: 2, layout: .gray, samples: [9, 8, 7, 6])
        try ImageFile.write(.uint8(image), to: input.appendingPathComponent("a.png").path)
        // What a killed atomic write leaves behind: a hidden, partial temporary file.
        try Data([0x89, 0x50, 0x4E]).write(to: input.appendingPathComponent(".b.png.Xy12Ab"))
        let result = try CLIRunner.run(["convert", input.path, root.appendingPathComponent("out").path, "--to", "pgm"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root.path + "/out"), ["a.pgm"])
    }
}
