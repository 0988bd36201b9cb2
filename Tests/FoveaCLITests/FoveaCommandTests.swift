import XCTest

/// The newest released version in CHANGELOG.md (its first `## X.Y.Z` heading): what `fovea --version` must say.
func releasedVersion() throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let changelog = try String(contentsOf: root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
    for line in changelog.split(separator: "\n") where line.hasPrefix("## ") {
        let word = line.dropFirst(3).prefix { !$0.isWhitespace }
        let parts = word.split(separator: ".")
        if parts.count == 3, parts.allSatisfy({ Int($0) != nil }) { return String(word) }
    }
    XCTFail("CHANGELOG.md has no '## X.Y.Z' heading")
    return ""
}

final class FoveaCommandTests: XCTestCase {
    func testVersionFlagPrintsTheReleasedVersion() throws {
        let result = try CLIRunner.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), try releasedVersion())
    }

    func testHelpForAnUnknownSubcommandIsAUsageError() throws {
        let result = try CLIRunner.run(["help", "nope"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("unknown subcommand 'nope'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("convert"), result.stderr)
        XCTAssertEqual(try CLIRunner.run(["help", "convert"]).status, 0)
        XCTAssertEqual(try CLIRunner.run(["help"]).status, 0)
    }

    func testUnknownFlagIsAUsageErrorWithExitCode64() throws {
        let result = try CLIRunner.run(["--no-such-flag"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("Unknown option '--no-such-flag'"), result.stderr)
    }

    func testUnknownSubcommandIsRejected() throws {
        let result = try CLIRunner.run(["frobnicate"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("frobnicate"), result.stderr)
    }
}

final class VersionCommandTests: XCTestCase {
    func testVersionNamesTheCLibraries() throws {
        let result = try CLIRunner.run(["version"])
        XCTAssertEqual(result.status, 0)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "fovea \(try releasedVersion())")
        XCTAssertTrue(lines.last?.hasPrefix("libpng 1.6.") == true, result.stdout)
        XCTAssertTrue(result.stdout.contains("libjpeg API "), result.stdout)
    }
}
