import Foundation
import XCTest

import FoveaCodecs

/// `fovea eval` scores class folders by class name.
final class EvalCommandTests: XCTestCase {
    func testAFolderOfSomeClassFoldersIsScoredAgainstThoseClasses() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let model = try TrainingFixtures.model(in: directory)
        let test = directory.appendingPathComponent("test")
        let counts = try TrainingFixtures.folders(test, classes: [5, 7])
        let result = try CLIRunner.run(["eval", "--model", model, "--data", test.path, "--json"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let confusion = try XCTUnwrap(object["confusion"] as? [[Int]])
        XCTAssertEqual(confusion.count, 10, "the model's ten classes")
        let rowTotals = confusion.map { $0.reduce(0, +) }
        // Folder "5" is class 5, not class 0 (its position among the folders).
        XCTAssertEqual(rowTotals[5], counts[5])
        XCTAssertEqual(rowTotals[7], counts[7])
        XCTAssertEqual(rowTotals[0], 0)
        XCTAssertEqual(rowTotals[1], 0)
        let perClass = try XCTUnwrap(object["per_class_accuracy"] as? [Any])
        XCTAssertTrue(perClass[0] is NSNull, "no samples of class 0")

        // The accuracy equals what `predict` says about the same files (predict needs no labels).
        let predict = try CLIRunner.run(["predict", "--model", model, test.path], in: directory)
        XCTAssertEqual(predict.status, 0, predict.stderr)
        let lines = predict.stdout.split(separator: "\n")
        let correct = lines.filter { line in
            let parts = line.split(separator: "/")
            let folder = parts[parts.count - 2]
            return line.split(separator: ": ").last?.split(separator: " ").first == folder
        }.count
        XCTAssertEqual(lines.count, (counts[5] ?? 0) + (counts[7] ?? 0))
        XCTAssertEqual(object["accuracy"] as? Double ?? -1, Double(correct) / Double(lines.count), accuracy: 1e-6)
    }

    func testAClassTheModelDoesNotKnowIsAnErrorNamingIt() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let model = try TrainingFixtures.model(in: directory)
        let test = directory.appendingPathComponent("test")
        try TrainingFixtures.folders(test, classes: [3], from: 40)
        try FileManager.default.createDirectory(
            at: test.appendingPathComponent("cat"), withIntermediateDirectories: true)
        let (images, _) = try TrainingFixtures.digits(1)
        try ImageFile.write(AnyImage(images[0]), to: test.appendingPathComponent("cat/tabby.png").path)
        let result = try CLIRunner.run(["eval", "--model", model, "--data", test.path], in: directory)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("class \"cat\" is not one of the model's 10 classes"), result.stderr)
        XCTAssertTrue(result.stderr.contains("tabby.png"), result.stderr)
    }

    func testNumericFlagsAreChecked() throws {
        for threads in ["0", "-3", "100000"] {
            let result = try CLIRunner.run(["eval", "--model", "m.fovea", "--data", "x", "--threads=\(threads)"])
            XCTAssertEqual(result.status, 64, threads)
            XCTAssertTrue(result.stderr.contains("--threads must be in 1...1024"), result.stderr)
        }
    }
}
