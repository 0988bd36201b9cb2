import Foundation
import FoveaCodecs
import XCTest

final class ConvertCommandTests: XCTestCase {
    private func fixture(_ name: String) -> String {
        CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/\(name)").path
    }

    func testConvertsAFileToTheFormatOfTheOutputExtensionLosslessly() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let output = directory + "/copy.ppm"
        let result = try CLIRunner.run(["convert", fixture("png/rgb8.png"), output])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try ImageFile.info(output).format, .pnm)
        XCTAssertEqual(try ImageFile.read(output), try ImageFile.read(fixture("png/rgb8.png")))
    }

    func testGrayBitDepthAndQualityOptionsAreApplied() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run([
            "convert", fixture("png/rgb16.png"), directory + "/g.png", "--gray", "--bit-depth", "8",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        // Gray is computed at the input's 16 bits, then rounded to 8.
        let expected = try ImageFile.read(fixture("png/rgb16.png")).converted(to: UInt16.self).converted(to: .gray)
            .converted(to: UInt8.self)
        XCTAssertEqual(try ImageFile.read(directory + "/g.png"), .uint8(expected))
        _ = try CLIRunner.run(["convert", fixture("png/rgb8.png"), directory + "/low.jpg", "--quality", "20"])
        _ = try CLIRunner.run(["convert", fixture("png/rgb8.png"), directory + "/high.jpg", "--quality", "98"])
        let low = try AtomicFile.read(directory + "/low.jpg").count
        let high = try AtomicFile.read(directory + "/high.jpg").count
        XCTAssertLessThan(low, high)
    }

    func testTheInputsICCProfileIsCarriedIntoOutputsThatKeepItsColorModel() throws {
        // jpeg/rgb_icc.jpg carries Pillow's sRGB profile (make_format_fixtures.py), expected bytes in icc/srgb.icc.
        let directory = try CLIRunner.temporaryDirectory(self).path
        let profile = try AtomicFile.read(fixture("icc/srgb.icc"))
        for name in ["out.png", "out.jpg", "out.webp", "out.tif", "small.png"] {
            let extra = name == "small.png" ? ["--resize", "12x8"] : []
            let result = try CLIRunner.run(["convert", fixture("jpeg/rgb_icc.jpg"), directory + "/" + name] + extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(
                try ImageFile.decodeWithMetadata(try AtomicFile.read(directory + "/" + name)).iccProfile, profile, name)
        }
        // To gray the RGB profile no longer describes the pixels, so it is dropped; a file without one gets none.
        XCTAssertEqual(
            try CLIRunner.run(["convert", fixture("jpeg/rgb_icc.jpg"), directory + "/gray.png", "--gray"]).status, 0)
        XCTAssertNil(try ImageFile.info(directory + "/gray.png").iccProfile)
        XCTAssertEqual(try CLIRunner.run(["convert", fixture("png/rgb8.png"), directory + "/plain.png"]).status, 0)
        XCTAssertNil(try ImageFile.info(directory + "/plain.png").iccProfile)
    }

    func testDirectoryConversionCompletesTheRestListsFailuresAndExitsOne() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input + "/sub", withIntermediateDirectories: true)
        try AtomicFile.write(try AtomicFile.read(fixture("png/rgba8.png")), to: input + "/a.png")
        try AtomicFile.write(try AtomicFile.read(fixture("jpeg/cmyk.jpg")), to: input + "/sub/b.jpg")
        try AtomicFile.write(Array("not an image".utf8), to: input + "/c.png")
        let result = try CLIRunner.run(["convert", input, root + "/out", "--to", "ppm"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error: \(input)/c.png: unrecognized format"), result.stderr)
        XCTAssertTrue(result.stderr.contains("converted 2 files, 1 failed"), result.stderr)
        XCTAssertEqual(try ImageFile.read(root + "/out/a.ppm").layout, .rgb)
        XCTAssertEqual(try ImageFile.info(root + "/out/sub/b.ppm").format, .pnm)
        let again = try CLIRunner.run(["convert", input, root + "/out", "--to", "ppm", "--skip-existing"])
        XCTAssertTrue(again.stderr.contains("converted 0 files, skipped 2 existing, 1 failed"), again.stderr)
    }

    func testAFolderJobWithFailuresLeavesEveryOtherOutputCompleteAndNoTemporaries() throws {
        // Outputs' folder fsyncs are batched (AtomicFile.DirectorySyncSet): every output must still be complete
        // under its final name when the command exits, in every output folder, with or without a shard manifest.
        let root = try CLIRunner.temporaryDirectory(self).path
        let input = root + "/in"
        let sources = ["rgb8.png", "gray8.png", "rgba8.png", "rgb16.png"]
        var expected: [String: AnyImage] = [:]
        for folder in ["", "/x", "/x/y"] {
            try FileManager.default.createDirectory(atPath: input + folder, withIntermediateDirectories: true)
            for (index, name) in sources.enumerated() {
                let relative = "\(folder)/f\(index).png"
                try AtomicFile.write(try AtomicFile.read(fixture("png/\(name)")), to: input + relative)
                expected[relative] = try ImageFile.read(fixture("png/\(name)"))
            }
            try AtomicFile.write(Array("not an image".utf8), to: input + folder + "/broken.png")
        }
        for extra in [[], ["--shard", "1/1"]] {
            let output = root + "/out\(extra.isEmpty ? "" : "-shard")"
            let result = try CLIRunner.run(["convert", input, output, "--to", "png", "--jobs", "2"] + extra)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("converted 12 files, 3 failed"), result.stderr)
            for (relative, image) in expected {
                XCTAssertEqual(try ImageFile.read(output + relative), image, relative)
            }
            let written = try FileManager.default.subpathsOfDirectory(atPath: output)
            XCTAssertFalse(written.contains { $0.contains(".fovea-tmp.") }, "\(written)")
            XCTAssertFalse(written.contains { $0.hasSuffix("broken.png") }, "\(written)")
            if !extra.isEmpty {
                XCTAssertTrue(written.contains(".fovea-shard-1-of-1.json"), "\(written)")
            }
        }
    }

    func testRefusesToOverwriteAnInput() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let path = directory + "/x.png"
        try AtomicFile.write(try AtomicFile.read(fixture("png/gray8.png")), to: path)
        let result = try CLIRunner.run(["convert", path, path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("refusing to overwrite the input"), result.stderr)
        XCTAssertEqual(try AtomicFile.read(path), try AtomicFile.read(fixture("png/gray8.png")))
    }

    func testInvalidOptionsAreUsageErrors() throws {
        let png = fixture("png/gray8.png")
        let quality = try CLIRunner.run(["convert", png, "/tmp/x.jpg", "--quality", "0"])
        XCTAssertEqual(quality.status, 64)
        XCTAssertTrue(quality.stderr.contains("--quality must be 1...100, got 0"), quality.stderr)
        let depth = try CLIRunner.run(["convert", png, "/tmp/x.png", "--bit-depth", "12"])
        XCTAssertEqual(depth.status, 64)
        XCTAssertTrue(depth.stderr.contains("--bit-depth must be 8 or 16, got 12"), depth.stderr)
        let directory = try CLIRunner.run(["convert", fixture("png"), "/tmp/fovea-never"])
        XCTAssertEqual(directory.status, 64)
        XCTAssertTrue(directory.stderr.contains("choose the output format with --to"), directory.stderr)
    }
}
