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
