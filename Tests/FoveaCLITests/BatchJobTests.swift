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

    func testOutputsReachingAnInputThroughASymlinkOrHardLinkAreRefused() throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let source = root.appendingPathComponent("sd")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let image = try Image<UInt8>(width: 2, height: 2, layout: .gray, samples: [1, 2, 3, 4])
        let input = source.appendingPathComponent("a.png").path
        try ImageFile.write(.uint8(image), to: input)
        let original = try Data(contentsOf: URL(fileURLWithPath: input))
        try FileManager.default.createSymbolicLink(atPath: root.path + "/link", withDestinationPath: source.path)
        try FileManager.default.linkItem(atPath: input, toPath: root.path + "/hard.png")
        for arguments in [
            ["convert", input, root.path + "/link/a.png"],
            ["convert", input, root.path + "/hard.png"],
            ["filter", "gaussian", source.path, root.path + "/link", "--sigma", "1"],
            ["augment", source.path, root.path + "/link"],
        ] {
            let result = try CLIRunner.run(arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.stderr.contains("refusing to overwrite the input"), result.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: input)), original)
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

/// `filter` and `augment` over a tree with a broken file: every good file is done, the failure is listed,
/// the exit status is 1, and `--skip-existing` then redoes only what is missing.
final class BatchSkipExistingTests: XCTestCase {
    func makeTree(_ root: URL) throws -> URL {
        let input = root.appendingPathComponent("in/class-a")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for index in 0..<4 {
            let image = try Image<UInt8>(width: 9, height: 7, layout: .gray) { x, y, _ in
                UInt8((x * 20 + y * 7 + index) % 256)
            }
            try ImageFile.write(.uint8(image), to: input.appendingPathComponent("img\(index).png").path)
        }
        try Data("truncated".utf8).write(to: input.appendingPathComponent("broken.png"))
        return root.appendingPathComponent("in")
    }

    func check(_ arguments: (String, String) -> [String], outputsPerImage: Int) throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let input = try makeTree(root)
        let output = root.appendingPathComponent("out").path
        let first = try CLIRunner.run(arguments(input.path, output))
        XCTAssertEqual(first.status, 1, first.stderr)
        XCTAssertTrue(first.stderr.contains("broken.png"), first.stderr)
        let written = try FileManager.default.contentsOfDirectory(atPath: output + "/class-a").sorted()
        XCTAssertEqual(written.count, 4 * outputsPerImage, "\(written)")

        // Remove one output; the re-run with --skip-existing redoes exactly that one (and fails on the broken file).
        try FileManager.default.removeItem(atPath: output + "/class-a/" + written[0])
        let again = try CLIRunner.run(arguments(input.path, output) + ["--skip-existing"])
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertTrue(again.stderr.contains("skipped 3 existing"), again.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output + "/class-a").sorted(), written)
    }

    func testFilterKeepsGoingAndSkipExistingRedoesOnlyWhatIsMissing() throws {
        try check({ ["filter", "gaussian", $0, $1, "--sigma", "1"] }, outputsPerImage: 1)
    }

    func testAugmentKeepsGoingAndSkipExistingRedoesOnlyWhatIsMissing() throws {
        try check({ ["augment", $0, $1, "--copies", "2", "--seed", "3"] }, outputsPerImage: 2)
    }
}
