import Foundation
import FoveaCodecs
import XCTest

/// `fovea convert DATASET_DIR out.npy|…-images-idx3-ubyte.gz`: class folders packed into a stack, labels and
/// class names (Sources/fovea/Pack.swift).
final class DatasetPackingTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = try CLIRunner.temporaryDirectory(self).path
        for folder in ["ds/cat", "ds/dog/deep", "ds/empty"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try ImageFile.write(image(1), to: root + "/ds/cat/b.png")
        try ImageFile.write(image(2), to: root + "/ds/cat/a.png")
        try ImageFile.write(image(3), to: root + "/ds/dog/deep/no-extension", format: .png)
        try ImageFile.write(image(4), to: root + "/ds/dog/z.pgm")
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: root + "/ds/dog/notes.txt"))
    }

    private func image(_ seed: Int) -> AnyImage {
        .uint8(
            Image<UInt8>.assumingValid(
                width: 3, height: 2, layout: .gray, samples: (0..<6).map { UInt8($0 * 10 + seed) }))
    }

    func testClassFoldersPackIntoAStackLabelsAndClassNames() throws {
        let result = try CLIRunner.run(["convert", root + "/ds", root + "/out.npy"])
        XCTAssertEqual(result.status, 0, result.stderr)
        // Class k = k-th folder in byte order; files in byte order of their path below it, however deep;
        // extension-less PNGs count, text files are skipped and counted, empty class folders reported.
        let stack = try NPY.read(root + "/out.npy")
        XCTAssertEqual(stack.shape, [4, 2, 3])
        let expected = [image(2), image(1), image(3), image(4)].flatMap { $0.converted(to: UInt8.self).samples }
        XCTAssertEqual(stack.storage, .uint8(expected))
        XCTAssertEqual(try NPY.read(root + "/out-labels.npy").storage, .uint8([0, 0, 1, 1]))
        let names = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: root + "/out-classes.json")))
        XCTAssertEqual(names as? [String], ["cat", "dog"])
        XCTAssertTrue(result.stderr.contains("skipped 1 file that is not a single image"), result.stderr)
        XCTAssertTrue(result.stderr.contains("empty class folders (not classes): empty"), result.stderr)
    }

    func testIDXPacksWithMNISTNamedLabels() throws {
        let result = try CLIRunner.run(["convert", root + "/ds", root + "/pets-images-idx3-ubyte.gz"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try IDX.readImages(root + "/pets-images-idx3-ubyte.gz").count, 4)
        XCTAssertEqual(try IDX.readLabels(root + "/pets-labels-idx1-ubyte.gz"), [0, 0, 1, 1])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/pets-classes.json"))
    }

    func testTheSummaryCountsOneClassInTheSingular() throws {
        try FileManager.default.removeItem(atPath: root + "/ds/dog")
        let result = try CLIRunner.run(["convert", root + "/ds", root + "/out.npy"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("\(root)/out.npy: 2×2×3, 1 class; labels \(root)/out-labels.npy"), result.stderr)
    }

    func testAnImageOfAnotherSizeIsListedAndTheRestPacked() throws {
        try ImageFile.write(
            .uint8(
                Image<UInt8>.assumingValid(width: 5, height: 5, layout: .gray, samples: Array(repeating: 7, count: 25))),
            to: root + "/ds/dog/big.png")
        let result = try CLIRunner.run(["convert", root + "/ds", root + "/out.npy"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("ds/dog/big.png: is 5×5 gray uint8, the first image 3×2 gray uint8"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--resize"), result.stderr)
        XCTAssertEqual(try NPY.read(root + "/out.npy").shape, [4, 2, 3])
    }

    func testDryRunWritesNothingAndShardingIsRefused() throws {
        let dry = try CLIRunner.run(["convert", root + "/ds", root + "/out.npy", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        XCTAssertTrue(dry.stdout.contains("4 images of 2 classes (cat, dog)"), dry.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/out.npy"))
        let sharded = try CLIRunner.run(["convert", root + "/ds", root + "/out.npy", "--shard", "1/2"])
        XCTAssertEqual(sharded.status, 64, sharded.stderr)
        XCTAssertTrue(sharded.stderr.contains("takes neither --shard nor --skip-existing"), sharded.stderr)
    }

    func testFilesDirectlyInTheRootAreCountedNotPacked() throws {
        try ImageFile.write(image(5), to: root + "/ds/stray.png")
        try ImageFile.write(image(6), to: root + "/ds/another.png")
        let result = try CLIRunner.run(["convert", root + "/ds", root + "/out.npy"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try NPY.read(root + "/out.npy").shape, [4, 2, 3], "the two loose images are not samples")
        XCTAssertTrue(
            result.stderr.contains("note: skipped 2 files outside the class folders (e.g. \(root)/ds/another.png)"),
            result.stderr)
    }

    func testARootOfImagesWithoutClassFoldersIsAUsageError() throws {
        try FileManager.default.createDirectory(atPath: root + "/mixed", withIntermediateDirectories: true)
        try ImageFile.write(image(1), to: root + "/mixed/a.png")
        try ImageFile.write(image(2), to: root + "/mixed/b.png")
        let result = try CLIRunner.run(["convert", root + "/mixed", root + "/packed.npy"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "\(root)/mixed: 2 images (e.g. \(root)/mixed/a.png) but no class subfolders: a dataset folder holds "
                    + "one folder per class"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/packed.npy"))
    }
}
