import XCTest

final class FoveaCommandTests: XCTestCase {
    func testVersionFlagPrintsTheVersion() throws {
        let result = try CLIRunner.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
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
        XCTAssertEqual(lines.first, "fovea 0.1.0")
        XCTAssertTrue(lines.last?.hasPrefix("libpng 1.6.") == true, result.stdout)
        XCTAssertTrue(result.stdout.contains("libjpeg API "), result.stdout)
    }
}
