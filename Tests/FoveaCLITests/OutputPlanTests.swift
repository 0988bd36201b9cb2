import Foundation
import FoveaCodecs
import XCTest

/// The output plan every batch command builds before it writes (Sources/fovea/OutputPlan.swift), met where a
/// user meets it: stacks handled whole, collisions and outputs that are inputs refused before any write,
/// `--dry-run`, output formats by extension, stale temporaries cleared.
final class OutputPlanTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = try CLIRunner.temporaryDirectory(self).path
    }

    private func fixture(_ name: String) -> String {
        CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/" + name).path
    }

    /// Every file below `root`, relative, sorted.
    private func listing(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter {
                !((try? FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.type] as? FileAttributeType)
                    == .typeDirectory)
            }
            .sorted()
    }

    private func gray(_ width: Int, _ height: Int, _ seed: Int) throws -> AnyImage {
        .uint8(
            try Image<UInt8>(
                width: width, height: height, layout: .gray,
                samples: (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ seed &* 11) }))
    }

    // MARK: Stacks

    func testAnIDXStackConvertsWholeToIDXAndToNumberedPNGs() throws {
        let stack = fixture("codecs/idx/images-idx3-ubyte")  // 3 images of 5×4
        let expected = try IDX.readImages(stack)
        XCTAssertEqual(expected.count, 3)

        let toIDX = try CLIRunner.run(["convert", stack, root + "/copy-images-idx3-ubyte"])
        XCTAssertEqual(toIDX.status, 0, toIDX.stderr)
        XCTAssertEqual(try IDX.readImages(root + "/copy-images-idx3-ubyte"), expected)
        XCTAssertTrue(toIDX.stderr.contains("converted 1 file (3 images)"), toIDX.stderr)

        let toPNG = try CLIRunner.run(["convert", stack, root + "/digit.png"])
        XCTAssertEqual(toPNG.status, 0, toPNG.stderr)
        XCTAssertEqual(
            listing(root).filter { $0.hasSuffix(".png") }, ["digit-00000.png", "digit-00001.png", "digit-00002.png"])
        for (i, image) in expected.enumerated() {
            XCTAssertEqual(try ImageFile.read(root + "/digit-0000\(i).png"), .uint8(image))
        }
    }

    func testAStackInsideADirectoryContributesEveryImage() throws {
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: fixture("codecs/idx/images-idx3-ubyte"), toPath: root + "/in/train-idx3-ubyte")
        try ImageFile.write(try gray(3, 2, 1), to: root + "/in/single.png")
        let result = try CLIRunner.run(["convert", root + "/in", root + "/out", "--to", "png"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            listing(root + "/out"),
            ["single.png", "train-idx3-ubyte-00000.png", "train-idx3-ubyte-00001.png", "train-idx3-ubyte-00002.png"])
        XCTAssertTrue(result.stderr.contains("converted 2 files (4 images)"), result.stderr)
    }

    func testANumPyStackConvertsToIDXAndInfoCountsItsImages() throws {
        let images = try (0..<4).map { try gray(6, 5, $0) }
        try ImageStack.write(images, to: root + "/stack.npy")
        let info = try CLIRunner.run(["info", root + "/stack.npy"])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("NPY 6×5, 1 channel, 8-bit, 4 images"), info.stdout)
        let result = try CLIRunner.run(["convert", root + "/stack.npy", root + "/stack-idx3-ubyte.gz"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try IDX.readImages(root + "/stack-idx3-ubyte.gz").map { AnyImage.uint8($0) }, images)
    }

    func testFilterKeepsEveryImageOfAStackAndWritesOneNumPyStack() throws {
        let stack = fixture("codecs/idx/images-idx3-ubyte")
        let result = try CLIRunner.run(["filter", "sobel-x", stack, root + "/dx.npy"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let array = try NPY.read(root + "/dx.npy")
        XCTAssertEqual(array.shape, [3, 4, 5])
        XCTAssertEqual(array.dataType, .int16)
        // Each plane equals the same filter applied to that image alone.
        for (i, image) in try IDX.readImages(stack).enumerated() {
            let single = root + "/single\(i).png"
            try ImageFile.write(.uint8(image), to: single)
            let one = try CLIRunner.run(["filter", "sobel-x", single, root + "/single\(i).npy"])
            XCTAssertEqual(one.status, 0, one.stderr)
            guard case .int16(let all) = array.storage,
                case .int16(let plane) = try NPY.read(root + "/single\(i).npy").storage
            else { return XCTFail("expected int16 arrays") }
            XCTAssertEqual(Array(all[(i * 20)..<((i + 1) * 20)]), plane)
        }
    }

    // MARK: Collisions and inputs

    func testTwoInputsWritingOneOutputAreAUsageErrorAndNothingIsWritten() throws {
        try FileManager.default.createDirectory(atPath: root + "/photos", withIntermediateDirectories: true)
        try ImageFile.write(try gray(4, 4, 1), to: root + "/photos/a.png")
        try ImageFile.write(try gray(4, 4, 2), to: root + "/photos/a.jpg")
        try ImageFile.write(try gray(4, 4, 3), to: root + "/photos/b.png")
        let result = try CLIRunner.run(["convert", root + "/photos", root + "/out", "--to", "png", "--jobs", "2"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("1 output would be written twice; nothing was written"), result.stderr)
        XCTAssertTrue(result.stderr.contains("out/a.png ← \(root)/photos/a.jpg, \(root)/photos/a.png"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--keep-extension"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out"))

        let kept = try CLIRunner.run(["convert", root + "/photos", root + "/out", "--to", "png", "--keep-extension"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertEqual(listing(root + "/out"), ["a.jpg.png", "a.png.png", "b.png.png"])
    }

    func testSideOutputsThatNameAnInputAreRefusedAndTheInputIsKept() throws {
        try FileManager.default.createDirectory(atPath: root + "/dir", withIntermediateDirectories: true)
        try ImageFile.write(try gray(8, 8, 1), to: root + "/dir/x.png")
        let original = try AtomicFile.read(root + "/dir/x.png")
        for flag in ["--manifest", "--preview"] {
            let result = try CLIRunner.run(["augment", root + "/dir", root + "/out", flag, root + "/dir/x.png"])
            XCTAssertEqual(result.status, 64, "\(flag): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("refusing to overwrite the input \(root)/dir/x.png"), result.stderr)
            XCTAssertTrue(result.stderr.contains("named by \(flag)"), result.stderr)
        }
        let labels = try CLIRunner.run([
            "augment", fixture("codecs/idx/images-idx3-ubyte"), root + "/aug-idx3-ubyte",
            "--labels", fixture("codecs/idx/labels-idx1-ubyte.gz"), "--labels-output",
            fixture("codecs/idx/labels-idx1-ubyte.gz"),
        ])
        XCTAssertEqual(labels.status, 64, labels.stderr)
        XCTAssertTrue(labels.stderr.contains("named by --labels-output"), labels.stderr)
        XCTAssertEqual(try AtomicFile.read(root + "/dir/x.png"), original)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out"))
    }

    func testAnInputNamedByAFlagIsRefusedByItsPathAndTheFlag() throws {
        let labels = fixture("codecs/idx/labels-idx1-ubyte.gz")
        let result = try CLIRunner.run([
            "augment", fixture("codecs/idx/images-idx3-ubyte"), root + "/aug-idx3-ubyte", "--labels", labels,
            "--labels-output", labels,
        ])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "refusing to overwrite the input \(labels) (named by --labels) with an output (named by --labels-output)"
            ),
            result.stderr)
    }

    func testAnOutputFolderInsideTheInputFolderHoldsOutputsNotInputs() throws {
        try FileManager.default.createDirectory(atPath: root + "/photos/day", withIntermediateDirectories: true)
        try ImageFile.write(try gray(4, 4, 1), to: root + "/photos/a.pgm")
        try ImageFile.write(try gray(4, 4, 2), to: root + "/photos/day/b.pgm")
        let first = try CLIRunner.run(["convert", root + "/photos", root + "/photos/png", "--to", "png"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("converted 2 files"), first.stderr)
        // Run again: the first run's outputs are not read back as inputs (that once refused the run for
        // "overwriting the input photos/png/a.png", or, with --keep-extension, nested png/png/… one level a run).
        let again = try CLIRunner.run(["convert", root + "/photos", root + "/photos/png/", "--to", "png"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("converted 2 files"), again.stderr)
        let kept = try CLIRunner.run([
            "convert", root + "/photos", root + "/photos/png", "--to", "png", "--keep-extension", "--skip-existing",
        ])
        XCTAssertEqual(kept.status, 0, kept.stderr)
        XCTAssertTrue(kept.stderr.contains("converted 2 files"), kept.stderr)
        XCTAssertEqual(
            listing(root + "/photos"),
            ["a.pgm", "day/b.pgm", "png/a.pgm.png", "png/a.png", "png/day/b.pgm.png", "png/day/b.png"])
        // The same folder as input and output still reads everything (its outputs sit beside the inputs).
        let inPlace = try CLIRunner.run(["filter", "box", root + "/photos/png", root + "/photos/png", "--dry-run"])
        XCTAssertEqual(inPlace.status, 64, inPlace.stderr)
        XCTAssertTrue(inPlace.stderr.contains("refusing to overwrite the input"), inPlace.stderr)
    }

    func testAGIFOutputIsAUsageErrorBeforeAnythingIsWritten() throws {
        let result = try CLIRunner.run(["convert", fixture("codecs/png/gray8.png"), root + "/out.gif"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("out.gif: GIF is read only: write PNG, WebP or another format"), result.stderr)
        // A folder holding a GIF, filtered into its own formats, is refused whole; --to png then does it all.
        try FileManager.default.createDirectory(atPath: root + "/in", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture("codecs/gif/gray.gif"), toPath: root + "/in/g.gif")
        try ImageFile.write(try gray(4, 4, 1), to: root + "/in/a.png")
        let folder = try CLIRunner.run(["filter", "box", root + "/in", root + "/out"])
        XCTAssertEqual(folder.status, 64, folder.stderr)
        XCTAssertTrue(folder.stderr.contains("\(root)/out/g.gif: GIF is read only"), folder.stderr)
        XCTAssertTrue(folder.stderr.contains("--to png"), folder.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out"))
        let png = try CLIRunner.run(["filter", "box", root + "/in", root + "/out", "--to", "png"])
        XCTAssertEqual(png.status, 0, png.stderr)
        XCTAssertEqual(listing(root + "/out"), ["a.png", "g.png"])
    }

    func testAFolderThatCannotBeCreatedIsNamedWithTheSystemsReason() throws {
        try ImageFile.write(try gray(4, 4, 1), to: root + "/file.png")
        let result = try CLIRunner.run(["convert", root + "/file.png", root + "/file.png.d/x/out.png"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let blocked = try CLIRunner.run(["convert", root + "/file.png", root + "/file.png/x/out.png"])
        XCTAssertEqual(blocked.status, 1, blocked.stderr)
        XCTAssertEqual(blocked.stderr, "Error: \(root)/file.png/x: cannot create this folder: Not a directory\n")
    }

    func testASideOutputCollidingWithAnImageOutputIsRefused() throws {
        try ImageFile.write(try gray(8, 8, 1), to: root + "/x.png")
        let result = try CLIRunner.run(["augment", root + "/x.png", root + "/y.png", "--preview", root + "/y.png"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("would be written twice"), result.stderr)
    }

    // MARK: Formats, dry runs, folders

    func testAugmentWritesTheFormatItsOutputNameSays() throws {
        try ImageFile.write(
            .uint8(
                try Image<UInt8>(width: 16, height: 16, layout: .rgb) { x, y, c in
                    UInt8((x * 13 + y * 7 + c * 50) % 256)
                }),
            to: root + "/camera.png")
        let result = try CLIRunner.run(["augment", root + "/camera.png", root + "/out.jpg", "--preset", "none"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(ImageFormat.detect(try AtomicFile.read(root + "/out.jpg")), .jpeg)
        let unknown = try CLIRunner.run(["augment", root + "/camera.png", root + "/out.tga"])
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("no image format for the file extension 'tga'"), unknown.stderr)
    }

    func testAnOutputExtensionNoFormatWritesIsAUsageError() throws {
        let result = try CLIRunner.run(["convert", fixture("codecs/png/gray8.png"), root + "/out.webq"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("out.webq: no image format for the file extension 'webq'"), result.stderr)
        XCTAssertEqual(listing(root), [])
    }

    func testDryRunPrintsThePlanAndWritesNothing() throws {
        let result = try CLIRunner.run([
            "convert", fixture("codecs/idx/images-idx3-ubyte"), root + "/new/d.png", "--dry-run",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stdout.contains(
                "images-idx3-ubyte → \(root)/new/d-00000.png, \(root)/new/d-00001.png, \(root)/new/d-00002.png"),
            result.stdout)
        XCTAssertTrue(result.stdout.contains("dry run: 1 input, 3 outputs; nothing written"), result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/new"))
        let augment = try CLIRunner.run([
            "augment", fixture("codecs/png"), root + "/aug", "--copies", "2", "--manifest", root + "/m.jsonl",
            "--dry-run",
        ])
        XCTAssertEqual(augment.status, 0, augment.stderr)
        XCTAssertTrue(augment.stdout.contains("--manifest → \(root)/m.jsonl"), augment.stdout)
        XCTAssertEqual(listing(root), [])
    }

    func testMissingOutputFoldersAreCreatedAndStaleTemporariesCleared() throws {
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, 255)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let stale = root + "/out/.a.png.fovea-tmp.99999999.\(hostName).AbCdEf"
        try Data([1, 2]).write(to: URL(fileURLWithPath: stale))
        let result = try CLIRunner.run(["filter", "box", fixture("codecs/png/gray8.png"), root + "/out/deep/er/a.png"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/out/deep/er/a.png"))
        let again = try CLIRunner.run(["filter", "box", fixture("codecs/png/gray8.png"), root + "/out/a.png"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "the killed run's temporary is still there")
    }

    // MARK: Numbers

    func testNonFiniteAndHugeNumbersAreUsageErrorsNamingTheFlag() throws {
        let png = fixture("codecs/png/gray8.png")
        let cases: [([String], String)] = [
            (
                [
                    "filter", "gaussian", png, root + "/g.png", "--sigma", "1", "--border", "constant",
                    "--border-value", "nan",
                ], "--border-value must be a finite number"
            ),
            (
                ["filter", "box", png, root + "/g.png", "--border", "constant", "--border-value", "inf"],
                "--border-value must be a finite number"
            ),
            (["convert", png, root + "/c.png", "--jobs", "100000"], "--jobs must be 1…256"),
            (["convert", png, root + "/c.png", "--max-pixels", "0"], "--max-pixels must be 1…"),
            (["convert", png, root + "/c.png", "--shard", "3/2"], "--shard takes K/N"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        XCTAssertEqual(listing(root), [])
    }

    func testMaxPixelsIsTheSettingTheLimitMessageNames() throws {
        let result = try CLIRunner.run([
            "convert", fixture("codecs/png/gray8.png"), root + "/c.png", "--max-pixels", "4",
        ])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("--max-pixels"), result.stderr)
    }

    func testGaussianWithFloatOutputIsFloatAllTheWay() throws {
        // Reference: cv2.GaussianBlur on a float copy (Fixtures/filters/make_float_output_fixtures.py).
        let input = root + "/in.npy"
        try FileManager.default.copyItem(atPath: fixture("filters/input_gray_u8.npy"), toPath: input)
        let result = try CLIRunner.run([
            "filter", "gaussian", input, root + "/g.npy", "--ksize", "7", "--sigma", "1", "--output-type", "f32",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        guard case .float32(let got) = try NPY.read(root + "/g.npy").storage,
            case .float32(let expected) = try NPY.read(fixture("filters/gaussian_7x7_s1_u8_to_f32.npy")).storage
        else { return XCTFail("expected float arrays") }
        XCTAssertEqual(got.count, expected.count)
        let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? .infinity
        XCTAssertLessThan(worst, 1e-3, "largest difference from OpenCV's float blur")
        XCTAssertTrue(got.contains { $0 != $0.rounded() }, "float output must not be whole numbers")
    }
}
