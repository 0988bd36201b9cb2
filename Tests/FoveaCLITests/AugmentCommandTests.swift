import Foundation
import FoveaCodecs
import XCTest

final class AugmentCommandTests: XCTestCase {
    /// A 4×4 RGB PNG whose samples are all distinct, written to `path`.
    private func writeSquare(_ path: String, offset: Int = 0) throws -> Image<UInt8> {
        let image = try Image<UInt8>(width: 4, height: 4, layout: .rgb) { x, y, c in UInt8(offset + 16 * y + 4 * x + c)
        }
        try ImageFile.write(.uint8(image), to: path)
        return image
    }

    func testPresetNoneWithAFixedRotationTurnsEveryImageAQuarterCounterClockwise() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let original = try writeSquare(directory + "/a.png")
        let result = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/b.png", "--preset", "none", "--rotate", "90:90",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        guard case .uint8(let rotated) = try ImageFile.read(directory + "/b.png") else { return XCTFail("not 8-bit") }
        // Counter-clockwise on screen: output (x, y) shows source (3 − y, x).
        for y in 0..<4 {
            for x in 0..<4 {
                for c in 0..<3 { XCTAssertEqual(rotated[x: x, y: y, channel: c], original[x: 3 - y, y: x, channel: c]) }
            }
        }
    }

    func testCopiesOfOneFileAreNumberedInTheOutputDirectory() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        _ = try writeSquare(directory + "/a.png")
        let result = try CLIRunner.run(
            [
                "augment", directory + "/a.png", directory + "/out", "--copies", "3", "--preset", "none", "--rotate",
                "0:360",
            ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/out").sorted()
        XCTAssertEqual(names, ["a_0.png", "a_1.png", "a_2.png"])
        XCTAssertNotEqual(
            try AtomicFile.read(directory + "/out/a_0.png"), try AtomicFile.read(directory + "/out/a_1.png"))
    }

    func testPresetNoneWithFlipOneMirrorsEveryImage() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let original = try writeSquare(directory + "/a.png")
        let result = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/m.png", "--preset", "none", "--flip", "1",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        guard case .uint8(let mirrored) = try ImageFile.read(directory + "/m.png") else { return XCTFail("not 8-bit") }
        for y in 0..<4 {
            for x in 0..<4 { XCTAssertEqual(mirrored[x: x, y: y, channel: 1], original[x: 3 - x, y: y, channel: 1]) }
        }
    }

    func testShardsTogetherGiveExactlyTheUnshardedRun() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        for (i, name) in ["cats/a.png", "cats/b.png", "dogs/c.png", "dogs/d.png", "dogs/e.png"].enumerated() {
            try FileManager.default.createDirectory(
                atPath: root + "/in/" + name.split(separator: "/")[0], withIntermediateDirectories: true)
            _ = try writeSquare(root + "/in/" + name, offset: 3 * i)
        }
        let common = ["--copies", "2", "--seed", "5", "--jobs", "2"]
        let whole = try CLIRunner.run(
            ["augment", root + "/in", root + "/whole", "--manifest", root + "/whole.jsonl"] + common)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        for k in 1...2 {
            let part = try CLIRunner.run(
                [
                    "augment", root + "/in", root + "/parts", "--shard", "\(k)/2", "--manifest",
                    root + "/part\(k).jsonl", "--jobs", "1",
                ]
                    + common.dropLast(2))
            XCTAssertEqual(part.status, 0, part.stderr)
        }
        for name in ["cats/a_0.png", "cats/a_1.png", "cats/b_0.png", "dogs/c_1.png", "dogs/d_0.png", "dogs/e_1.png"] {
            XCTAssertEqual(
                try AtomicFile.read(root + "/whole/" + name), try AtomicFile.read(root + "/parts/" + name), name)
        }
        let lines = { (path: String) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") }
        XCTAssertEqual(try lines(root + "/whole.jsonl").count, 10)
        let first = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try lines(root + "/whole.jsonl")[0].utf8)) as? [String: Any])
        XCTAssertEqual(first["index"] as? Int, 0)
        XCTAssertEqual(first["copy"] as? Int, 0)
        XCTAssertEqual(first["seed"] as? Int, 5)
        XCTAssertEqual(first["output"] as? String, root + "/whole/cats/a_0.png")
        XCTAssertNotNil((first["parameters"] as? [String: Any])?["transform"])
        XCTAssertEqual(try lines(root + "/part1.jsonl").count + lines(root + "/part2.jsonl").count, 10)
    }

    func testIDXInputGivesAnIDXStackOfCopiesIndependentOfJobs() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        let input = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/idx/images-idx3-ubyte.gz").path
        let originals = try IDX.readImages(input)
        let one = try CLIRunner.run([
            "augment", input, root + "/one.gz", "--copies", "3", "--jobs", "1", "--preview", root + "/grid.png",
        ])
        let two = try CLIRunner.run(["augment", input, root + "/two.gz", "--copies", "3", "--jobs", "2"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(two.status, 0, two.stderr)
        XCTAssertEqual(try IDX.readImages(root + "/one.gz").count, originals.count * 3)
        XCTAssertEqual(try IDX.readImages(root + "/one.gz"), try IDX.readImages(root + "/two.gz"))
        XCTAssertEqual(try ImageFile.info(root + "/grid.png").format, .png)
    }

    func testIDXLabelsAreRepeatedToMatchTheCopiesOfTheShard() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        let mnist = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist").path
        let labels = try IDX.readLabels(mnist + "/mnist4k-labels-idx1-ubyte.gz")
        let result = try CLIRunner.run([
            "augment", mnist + "/mnist4k-images-idx3-ubyte.gz", root + "/img.gz", "--preset", "digits", "--copies", "2",
            "--shard", "2/1000", "--labels", mnist + "/mnist4k-labels-idx1-ubyte.gz", "--labels-output",
            root + "/lab.gz",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        // Shard 2 of 1000 holds images 1, 1001, 2001, 3001; each label twice, in order.
        let expected = [1, 1001, 2001, 3001].flatMap { [labels[$0], labels[$0]] }
        XCTAssertEqual(try IDX.readLabels(root + "/lab.gz"), expected)
        XCTAssertEqual(try IDX.readImages(root + "/img.gz").count, 8)
    }

    func testUnreadableFilesAreListedAndTheRestCompleted() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        _ = try writeSquare(root + "/in/good.png")
        try AtomicFile.write(Array("not an image".utf8), to: root + "/in/bad.png")
        let result = try CLIRunner.run(["augment", root + "/in", root + "/out"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error: \(root)/in/bad.png: unrecognized format"), result.stderr)
        XCTAssertTrue(result.stderr.contains("augmented 1 file, 1 failed"), result.stderr)
        XCTAssertEqual(try ImageFile.info(root + "/out/good.png").format, .png)
    }

    func testARunResumedWithSkipExistingStillWritesTheWholeManifestAndPreview() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        for (i, name) in ["a", "b", "c"].enumerated() { _ = try writeSquare(root + "/in/\(name).png", offset: 50 * i) }
        try IDX.writeImages(
            [0, 1].map { k in
                try Image<UInt8>(width: 3, height: 3, layout: .gray) { x, y, _ in UInt8(k * 9 + 3 * y + x) }
            },
            to: root + "/in/s-idx3-ubyte")
        let flags = ["--copies", "2", "--preset", "classic", "--seed", "5"]
        let whole = try CLIRunner.run(
            ["augment", root + "/in", root + "/out"] + flags + [
                "--manifest", root + "/m1.jsonl", "--preview", root + "/p1.png",
            ])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        // As after Ctrl-C: some outputs written, no manifest or preview yet. The manifest of the resumed run
        // once listed only the outputs it wrote, so --replay could not redo the others.
        for name in ["b_0.png", "b_1.png", "s-idx3-ubyte_1"] {
            try FileManager.default.removeItem(atPath: root + "/out/" + name)
        }
        let resumed = try CLIRunner.run(
            ["augment", root + "/in", root + "/out"] + flags
                + ["--skip-existing", "--manifest", root + "/m2.jsonl", "--preview", root + "/p2.png"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stderr.contains("augmented 2 files (6 images), skipped 2 existing"), resumed.stderr)
        XCTAssertEqual(try AtomicFile.read(root + "/m2.jsonl"), try AtomicFile.read(root + "/m1.jsonl"))
        XCTAssertEqual(try AtomicFile.read(root + "/p2.png"), try AtomicFile.read(root + "/p1.png"))
    }

    func testAnEmptyFileIsReportedAsEmptyAsConvertReportsIt() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        _ = try writeSquare(root + "/in/good.png")
        try AtomicFile.write([], to: root + "/in/empty.png")
        let result = try CLIRunner.run(["augment", root + "/in", root + "/out"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error: \(root)/in/empty.png: empty input: 0 bytes"), result.stderr)
        XCTAssertTrue(result.stderr.contains("augmented 1 file, 1 failed"), result.stderr)
    }

    func testInvalidFlagsAreRejectedWithTheReason() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        _ = try writeSquare(directory + "/a.png")
        let shard = try CLIRunner.run(["augment", directory + "/a.png", directory + "/b.png", "--shard", "3/2"])
        XCTAssertNotEqual(shard.status, 0)
        XCTAssertTrue(shard.stderr.contains("--shard takes K/N with 1 ≤ K ≤ N"), shard.stderr)
        let rotate = try CLIRunner.run(["augment", directory + "/a.png", directory + "/b.png", "--rotate", "10:5"])
        XCTAssertTrue(rotate.stderr.contains("--rotate takes MIN:MAX with MIN ≤ MAX"), rotate.stderr)
        let preset = try CLIRunner.run(["augment", directory + "/a.png", directory + "/b.png", "--preset", "wild"])
        XCTAssertTrue(
            preset.stderr.contains(
                "unknown --preset wild; choose one of classic, digits, none, randaugment, trivialaugment"),
            preset.stderr)
        let same = try CLIRunner.run(["augment", directory + "/a.png", directory + "/a.png"])
        XCTAssertTrue(same.stderr.contains("refusing to overwrite the input"), same.stderr)
    }

    func testAGIFInputNeedsToPNGBeforeAnythingIsWritten() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let gif = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/gif/gray.gif").path
        try FileManager.default.createDirectory(atPath: directory + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: gif, toPath: directory + "/in/g.gif")
        let square = try writeSquare(directory + "/in/a.png")
        let refused = try CLIRunner.run(["augment", directory + "/in", directory + "/out", "--preset", "none"])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(directory)/out/g.gif: GIF is read only"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--to png"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/out"), "nothing written")

        let png = try CLIRunner.run(
            ["augment", directory + "/in", directory + "/out", "--preset", "none", "--to", "png"])
        XCTAssertEqual(png.status, 0, png.stderr)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory + "/out").sorted(), ["a.png", "g.png"])
        // --preset none draws the identity: each output holds its input's pixels, the GIF's as PNG.
        XCTAssertEqual(try ImageFile.read(directory + "/out/a.png"), .uint8(square))
        XCTAssertEqual(try ImageFile.read(directory + "/out/g.png"), try ImageFile.read(gif))
        // As convert: --keep-extension goes with --to, and an IDX stack is augmented into IDX, not --to's format.
        let kept = try CLIRunner.run(["augment", directory + "/in", directory + "/kept", "--keep-extension"])
        XCTAssertEqual(kept.status, 64, kept.stderr)
        XCTAssertTrue(kept.stderr.contains("--keep-extension goes with --to"), kept.stderr)
        try IDX.writeImages(
            [try Image<UInt8>(width: 2, height: 2, layout: .gray) { x, y, _ in UInt8(x + y) }],
            to: directory + "/s-idx3-ubyte")
        let idx = try CLIRunner.run([
            "augment", directory + "/s-idx3-ubyte", directory + "/t-idx3-ubyte", "--to", "png",
        ])
        XCTAssertEqual(idx.status, 64, idx.stderr)
        XCTAssertTrue(idx.stderr.contains("is an IDX stack, augmented into IDX: drop --to"), idx.stderr)
    }

    func testToJPEGDropsAlphaAsConvertDoes() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let rgba = try Image<UInt8>(width: 2, height: 2, layout: .rgba) { x, y, c in
            c == 3 ? 128 : UInt8(60 * x + 100 * y + c)
        }
        try FileManager.default.createDirectory(atPath: directory + "/in", withIntermediateDirectories: true)
        try ImageFile.write(.uint8(rgba), to: directory + "/in/a.png")
        let result = try CLIRunner.run(
            ["augment", directory + "/in", directory + "/out", "--preset", "none", "--to", "jpg"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let written = try ImageFile.read(directory + "/out/a.jpg")
        XCTAssertEqual(written.layout, .rgb, "alpha dropped, not an error")
        XCTAssertEqual(written.width, 2)
    }
}
