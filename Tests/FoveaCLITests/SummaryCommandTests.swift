import Foundation
import XCTest

/// `fovea summary`: multiply-adds per layer and the cost footer.
final class SummaryCommandTests: XCTestCase {
    /// LeNet-5 by hand: conv1 = 6 filters · 28·28 outputs · 1·5·5 = 117,600; conv2 = 16 · 10·10 · 6·5·5 =
    /// 240,000; dense 400·120 = 48,000, 120·84 = 10,080, 84·10 = 840; total 416,520 (FLOPs 833,040).
    func testLeNet5ShowsItsMultiplyAddsPerLayerAndInTotal() throws {
        let result = try CLIRunner.run(["summary", "lenet5"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func row(_ name: String) -> [String] {
            (lines.first { $0.hasPrefix(name + " ") } ?? "").split(separator: " ").map(String.init)
        }
        XCTAssertEqual(row("conv1").last, "117,600", result.stdout)
        XCTAssertEqual(row("conv2").last, "240,000")
        XCTAssertEqual(row("dense1").last, "48,000")
        XCTAssertEqual(row("dense2").last, "10,080")
        XCTAssertEqual(row("dense3").last, "840")
        XCTAssertEqual(row("maxpool1").last, "0")
        XCTAssertEqual(row("total"), ["total", "61,706", "416,520"])
        XCTAssertTrue(result.stdout.contains("FLOPs per sample (forward): 833,040"), result.stdout)
        // Parameters 61,706 × 4 bytes = 246,824 B = 241.0 KiB; Adam keeps two moments: 482.1 KiB.
        XCTAssertTrue(result.stdout.contains("parameter memory: 241.0 KiB"), result.stdout)
        XCTAssertTrue(result.stdout.contains("optimizer state (adam): 482.1 KiB"), result.stdout)
        // Batch 10: 15,002 output floats per sample, kept and back-propagated: 2 · 10 · 15,002 · 4 B = 1.1 MiB.
        let small = try CLIRunner.run(["summary", "lenet5", "--batch-size", "10"])
        XCTAssertTrue(
            small.stdout.contains("activation memory at batch 10, forward and backward: 1.1 MiB"), small.stdout)
        XCTAssertTrue(result.stdout.contains("input: adapts to the data"), result.stdout)
    }

    func testFixedInputArchitecturesSaySo() throws {
        let result = try CLIRunner.run(["summary", "vgg16"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("input: fixed at 224×224"), result.stdout)
        XCTAssertTrue(result.stdout.contains("138,357,544"), result.stdout)
        let bad = try CLIRunner.run(["summary", "lenet5", "--batch-size", "0"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("--batch-size must be in 1...65536"), bad.stderr)
    }
}
