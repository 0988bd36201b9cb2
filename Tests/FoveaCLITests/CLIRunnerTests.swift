import Foundation
import XCTest

final class CLIRunnerTests: XCTestCase {
    /// `fovea info` on 2,000 missing files writes one error line per file to stderr, about 0.5 MB — far beyond
    /// a pipe's 64 KiB — while stdout stays open and empty. A runner that read stdout to its end before stderr
    /// would wait forever; this one must return everything within the timeout.
    func testAFullStderrPipeDoesNotBlockTheRunner() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let padding = String(repeating: "x", count: 100)
        let paths = (0..<2000).map { "\(directory)/missing-\($0)-\(padding).png" }
        let finished = expectation(description: "fovea info returned")
        let box = ResultBox()
        Thread.detachNewThread {
            box.result = try? CLIRunner.run(["info"] + paths)
            finished.fulfill()
        }
        wait(for: [finished], timeout: 60)
        let result = try XCTUnwrap(box.result, "the runner did not return (pipe deadlock) or could not start fovea")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 2000)
        XCTAssertGreaterThan(result.stderr.utf8.count, 4 * 65536)
        XCTAssertTrue(lines.last?.hasPrefix("error: \(paths[1999]): ") ?? false, String(lines.last ?? ""))
    }

    private final class ResultBox: @unchecked Sendable {
        var result: CLIRunner.Result?
    }
}
