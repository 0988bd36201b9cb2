import Foundation
import XCTest

import FoveaCodecs

/// `fovea predict` on stacks, folders and with `--json`.
final class PredictCommandTests: XCTestCase {
    func testEveryImageOfAnIDXStackAndANpyStackIsClassified() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let model = try TrainingFixtures.model(in: directory)
        let (images, _) = try TrainingFixtures.digits(7)
        let stack = directory.appendingPathComponent("seven-images-idx3-ubyte").path
        try IDX.writeImages(images, to: stack)
        let idx = try CLIRunner.run(["predict", "--model", model, stack], in: directory)
        XCTAssertEqual(idx.status, 0, idx.stderr)
        let idxLines = idx.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(idxLines.count, 7, idx.stdout)
        XCTAssertEqual(idxLines.map { $0.components(separatedBy: ": ")[0] }, (0..<7).map { "\(stack)[\($0)]" })

        // The same seven digits as a 7×28×28 .npy stack give the same classes, and each alone as a PNG too.
        let npy = directory.appendingPathComponent("seven.npy").path
        let array = try NPYArray(shape: [7, 28, 28], storage: .uint8(images.flatMap(\.samples)))
        try NPY.write(array, to: npy)
        let fromNpy = try CLIRunner.run(["predict", "--model", model, npy], in: directory)
        XCTAssertEqual(fromNpy.status, 0, fromNpy.stderr)
        func classes(_ text: String) -> [String] {
            text.split(separator: "\n").map { String($0.components(separatedBy: ": ")[1]) }
        }
        XCTAssertEqual(classes(fromNpy.stdout), classes(idx.stdout))
        try ImageFile.write(AnyImage(images[3]), to: directory.appendingPathComponent("three.png").path)
        let single = try CLIRunner.run(["predict", "--model", model, "three.png"], in: directory)
        XCTAssertEqual(classes(single.stdout), [classes(idx.stdout)[3]])
    }

    func testFoldersAreReadRecursivelyAndJSONHasOneLinePerImage() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let model = try TrainingFixtures.model(in: directory)
        let (images, _) = try TrainingFixtures.digits(3)
        let folder = directory.appendingPathComponent("photos/2024/june")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try ImageFile.write(AnyImage(images[0]), to: directory.appendingPathComponent("photos/a.png").path)
        try ImageFile.write(AnyImage(images[1]), to: folder.appendingPathComponent("no-extension").path, format: .png)
        try ImageFile.write(AnyImage(images[2]), to: folder.appendingPathComponent("c.pgm").path)
        try Data("shopping list".utf8).write(to: folder.appendingPathComponent("notes.txt"))

        let result = try CLIRunner.run(["predict", "--model", model, "photos", "--json", "--top", "3"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("skipped 1 file that is not an image (\(folder.path)/notes.txt)"), result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, result.stdout)
        var paths: [String] = []
        for line in lines {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            paths.append(try XCTUnwrap(object["path"] as? String))
            XCTAssertNil(object["index"], "a single image has no index")
            let top = try XCTUnwrap(object["top"] as? [[String: Any]])
            XCTAssertEqual(top.count, 3)
            let probabilities = top.compactMap { $0["probability"] as? Double }
            XCTAssertEqual(probabilities, probabilities.sorted(by: >), "most probable first")
            XCTAssertTrue(top.allSatisfy { ($0["class"] as? String).map { Int($0) != nil } ?? false })
        }
        XCTAssertEqual(paths.map { URL(fileURLWithPath: $0).lastPathComponent }, ["c.pgm", "no-extension", "a.png"])

        let stack = directory.appendingPathComponent("two-images-idx3-ubyte").path
        try IDX.writeImages(Array(images.prefix(2)), to: stack)
        let indexed = try CLIRunner.run(["predict", "--model", model, stack, "--json", "--top", "50"], in: directory)
        let second = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(indexed.stdout.split(separator: "\n")[1].utf8))
                as? [String: Any])
        XCTAssertEqual(second["index"] as? Int, 1)
        XCTAssertEqual((second["top"] as? [Any])?.count, 10, "--top beyond the class count shows every class")
    }

    func testNumericFlagsAreChecked() throws {
        for (flag, value, message) in [
            ("--tta", "0", "--tta must be in 1...1000"), ("--tta", "5000", "--tta must be in 1...1000"),
            ("--top", "0", "--top must be at least 1"), ("--threads", "0", "--threads must be in 1...1024"),
        ] {
            let result = try CLIRunner.run(["predict", "--model", "m.fovea", "x.png", flag, value])
            XCTAssertEqual(result.status, 64, "\(flag) \(value)")
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
        }
    }

    func testShardsTogetherPrintTheUnshardedLinesEachInputFileInExactlyOneShard() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let model = try TrainingFixtures.model(in: directory)
        let (images, _) = try TrainingFixtures.digits(7)
        let folder = directory.appendingPathComponent("in/sub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, image) in images.prefix(5).enumerated() {
            try ImageFile.write(AnyImage(image), to: folder.appendingPathComponent("\(index).png").path)
        }
        // A stack is one input: its two images land in the same shard.
        try IDX.writeImages(Array(images.suffix(2)), to: directory.appendingPathComponent("in/stack-idx3-ubyte").path)
        let whole = try CLIRunner.run(["predict", "--model", model, "in", "--json", "--top", "2"], in: directory)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        let expected = whole.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(expected.count, 7)
        var union: [String] = []
        var perShard: [Int] = []
        for k in 1...3 {
            let part = try CLIRunner.run(
                ["predict", "--model", model, "in", "--json", "--top", "2", "--shard", "\(k)/3"], in: directory)
            XCTAssertEqual(part.status, 0, part.stderr)
            let lines = part.stdout.split(separator: "\n").map(String.init)
            union += lines
            perShard.append(lines.count)
        }
        XCTAssertEqual(union.sorted(), expected.sorted(), "the shards' lines together are the unsharded run's")
        // Six input files in byte order (in/stack-idx3-ubyte, in/sub/0.png … 4.png): shard 1 has files 0 and 3
        // (the stack's 2 images and 2.png), shard 2 files 1 and 4, shard 3 files 2 and 5.
        XCTAssertEqual(perShard, [3, 2, 2])

        let bad = try CLIRunner.run(["predict", "--model", model, "in", "--shard", "4/3"], in: directory)
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--shard takes K/N"), bad.stderr)
    }
}
