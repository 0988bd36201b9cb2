import Foundation
import XCTest

import FoveaCodecs

/// Transfer learning where it shows: convolutions pretrained on digits 0–4, frozen, and a new head fine-tuned on
/// 300 digits 5–9, against the same network trained from scratch on the same 300 digits for the same steps.
/// The figures go into BENCHMARKS.md ("Transfer learning").
final class TransferLearningTests: XCTestCase {
    /// Writes the digits at `indices` whose label passes `keep` as an IDX pair; returns the image path.
    private func subset(
        _ name: String, _ indices: Range<Int>, limit: Int = .max, keep: (UInt8) -> Bool, in directory: URL
    ) throws -> String {
        let (images, labels) = try TrainingFixtures.digits(4000)
        let chosen = indices.filter { keep(labels[$0]) }.prefix(limit)
        let path = directory.appendingPathComponent("\(name)-images-idx3-ubyte").path
        try IDX.writeImages(chosen.map { images[$0] }, to: path)
        try IDX.writeLabels(
            chosen.map { labels[$0] }, to: directory.appendingPathComponent("\(name)-labels-idx1-ubyte").path)
        return path
    }

    private func accuracy(_ model: String, on data: String, in directory: URL) throws -> Double {
        let result = try CLIRunner.run(["eval", "--model", model, "--data", data, "--json"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["accuracy"] as? Double)
    }

    func testFrozenConvolutionsFromDigitsZeroToFourBeatTrainingFromScratchOnFewDigitsFiveToNine() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        let pretrain = try subset("low", 0..<3000, keep: { $0 <= 4 }, in: directory)
        let few = try subset("few", 0..<3000, limit: 300, keep: { $0 >= 5 }, in: directory)
        let test = try subset("test", 3000..<4000, keep: { $0 >= 5 }, in: directory)
        let common = ["--model", "lenet5", "--batch-size", "32", "--threads", "2", "--seed", "1"]
        let backbone = try CLIRunner.run(
            ["train", "--data", pretrain, "--epochs", "5", "--val-split", "0", "--out", "backbone.fovea"] + common,
            in: directory)
        XCTAssertEqual(backbone.status, 0, backbone.stderr)

        // The same budget for both: one epoch over 300 digits (10 steps), the same seed, optimizer and rate. With
        // larger budgets training from scratch catches up on MNIST (BENCHMARKS.md has the grid).
        let budget = ["--data", few, "--epochs", "1", "--val-split", "0"] + common
        let scratch = try CLIRunner.run(["train", "--out", "scratch.fovea"] + budget, in: directory)
        XCTAssertEqual(scratch.status, 0, scratch.stderr)
        let tuned = try CLIRunner.run(
            ["train", "--out", "tuned.fovea", "--init-from", "backbone.fovea", "--freeze", "conv1,conv2"] + budget,
            in: directory)
        XCTAssertEqual(tuned.status, 0, tuned.stderr)
        XCTAssertTrue(
            tuned.stderr.contains("new: dense3"), "a ten-class head replaces the five-class one: \(tuned.stderr)")

        let fromScratch = try accuracy("scratch.fovea", on: test, in: directory)
        let transferred = try accuracy("tuned.fovea", on: test, in: directory)
        print(
            String(
                format:
                    "transfer: from scratch %.2f%%, fine-tuned from 0-4 with frozen convolutions %.2f%% (held-out 5-9)",
                fromScratch * 100, transferred * 100))
        XCTAssertGreaterThan(transferred, fromScratch + 0.05, "scratch \(fromScratch), transferred \(transferred)")
    }
}
