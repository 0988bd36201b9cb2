import XCTest

/// `fovea filter` flags that would be ignored or would build absurd kernels are usage errors (exit 64).
final class FilterFlagTests: XCTestCase {
    func testIgnoredAndAbsurdFlagsAreUsageErrors() throws {
        let input = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/png/gray8.png").path
        let output = try CLIRunner.temporaryDirectory(self).appendingPathComponent("o.png").path
        let cases: [([String], String)] = [
            (["scharr-x", "--ksize", "5"], "scharr-x has a fixed kernel size"),
            (["box", "--sigma", "2"], "--sigma is only for gaussian and canny"),
            (["box", "--border-value", "3"], "--border-value only applies with --border constant"),
            (["gaussian", "--sigma", "nan"], "--sigma must be a finite number"),
            (["gaussian", "--sigma", "inf"], "--sigma must be a finite number"),
            (["gaussian", "--sigma", "1e30"], "--sigma must be a finite number"),
            (["box", "--ksize", "3037000500"], "--ksize must be at most 1601"),
            (["canny", "--low", "nan", "--high", "5"], "--low must be a finite number"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(["filter", arguments[0], input, output] + arguments.dropFirst())
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}

/// A misspelt option is named (with the nearest real one) even where the command's own checks would fail
/// first: without it, `--lwo 50` said only "canny needs --low and --high thresholds".
final class MisspeltOptionTests: XCTestCase {
    func testAMisspeltOptionIsNamedBeforeTheCommandsOwnChecks() throws {
        let input = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/png/gray8.png").path
        let output = try CLIRunner.temporaryDirectory(self).appendingPathComponent("o.png").path
        let cases: [([String], String)] = [
            (["filter", "canny", "--lwo", "50", "--high", "150"], "Unknown option '--lwo'. Did you mean '--low'?"),
            (["filter", "canny", "--low", "50", "--hihg=150"], "Unknown option '--hihg'. Did you mean '--high'?"),
            (["filter", "gaussian", "--sigmaa", "2"], "Unknown option '--sigmaa'. Did you mean '--sigma'?"),
            (["convert", "--max-pixel", "5"], "Unknown option '--max-pixel'. Did you mean '--max-pixels'?"),
            (["filter", "canny", "--zzzzzz", "1", "--low", "1", "--high", "2"], "Unknown option '--zzzzzz'.\n"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(arguments + [input, output])
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("Usage: fovea \(arguments[0])"), "\(arguments): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output), "nothing is written")
        // A subcommand's subcommand: its own usage and help line.
        let nested = try CLIRunner.run(["shards", "status", "--bogus", output])
        XCTAssertEqual(nested.status, 64, nested.stderr)
        XCTAssertTrue(nested.stderr.contains("Unknown option '--bogus'."), nested.stderr)
        XCTAssertTrue(nested.stderr.contains("See 'fovea shards status --help'"), nested.stderr)
        // Correctly spelt options, `=` forms included, are not mistaken for typos.
        let fine = try CLIRunner.run(["filter", "canny", "--low=50", "--high", "150", input, output])
        XCTAssertEqual(fine.status, 0, fine.stderr)
    }
}

/// Values that start with "-" are values: `--kernel "-1,0,1"` and `--border-value -1` give the bytes of the `=` form.
final class NegativeFilterValueTests: XCTestCase {
    func testNegativeValuesNeedNoEqualsSign() throws {
        let input = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/png/gray8.png").path
        let directory = try CLIRunner.temporaryDirectory(self)
        let cases: [([String], [String])] = [
            (["custom", "--kernel", "-1,0,1"], ["custom", "--kernel=-1,0,1"]),
            (
                ["box", "--border", "constant", "--border-value", "-1", "--output-type", "f32"],
                ["box", "--border", "constant", "--border-value=-1", "--output-type", "f32"]
            ),
        ]
        for (index, (spaced, joined)) in cases.enumerated() {
            let outputs = (0..<2).map { directory.appendingPathComponent("o\(index)-\($0).npy").path }
            for (arguments, output) in zip([spaced, joined], outputs) {
                let result = try CLIRunner.run(["filter", arguments[0], input, output] + arguments.dropFirst())
                XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            }
            let written = try outputs.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
            XCTAssertFalse(written[0].isEmpty)
            XCTAssertEqual(written[0], written[1], "\(spaced) and \(joined) differ")
        }
    }
}

/// `--to` takes the same formats on `convert` and `filter` (one `OutputExtension` type), named alike in errors.
final class OutputExtensionFlagTests: XCTestCase {
    func testConvertAndFilterTakeTheSameFormatsAfterTo() throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let input = root.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/png/gray8.png").path,
            toPath: input.appendingPathComponent("a.png").path)
        for command in [["convert"], ["filter", "box"]] {
            let out = root.appendingPathComponent("out-\(command[0])").path
            let written = try CLIRunner.run(command + [input.path, out, "--to", "WEBP"])
            XCTAssertEqual(written.status, 0, "\(command): \(written.stderr)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/a.webp"), "\(command)")
            let refused = try CLIRunner.run(command + [input.path, out, "--to", "gif"])
            XCTAssertEqual(refused.status, 64, "\(command): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("'gif' is invalid for '--to"), "\(command): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("npy"), "\(command): \(refused.stderr)")
        }
    }
}

/// Degenerate but valid inputs must not crash the commands that summarise them.
final class EmptyImageTests: XCTestCase {
    func testAugmentPreviewOfAnIDXStackOfEmptyImagesIsWritten() throws {
        let directory = try CLIRunner.temporaryDirectory(self)
        // Two images of 0×0 pixels: a valid IDX file (it once divided by zero in the preview).
        let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]
        try Data(header).write(to: directory.appendingPathComponent("empty.idx"))
        let result = try CLIRunner.run(["augment", "empty.idx", "out.idx", "--preview", "p.png"], in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("p.png").path))
    }
}
