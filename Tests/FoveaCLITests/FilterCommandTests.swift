import Foundation
import FoveaCodecs
import XCTest

final class FilterCommandTests: XCTestCase {
    private func fixture(_ name: String) -> String {
        CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/filters/\(name).npy").path
    }

    func testSobelXToNPYKeepsOpenCVsSignedValues() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run(["filter", "sobel-x", fixture("input_gray_u8"), directory + "/sx.npy"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let written = try NPY.read(directory + "/sx.npy")
        XCTAssertEqual(written.dataType, .int16)
        XCTAssertEqual(written, try NPY.read(fixture("sobel_dx1_dy0_k3_u8_to_s16")))
    }

    func testSignedResultsWrittenToPNGAreAbsoluteValuesSaturated() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run(["filter", "sobel-x", fixture("input_gray_u8"), directory + "/sx.png"])
        XCTAssertEqual(result.status, 0, result.stderr)
        guard case .int16(let signed) = try NPY.read(fixture("sobel_dx1_dy0_k3_u8_to_s16")).storage else {
            return XCTFail("fixture is not int16")
        }
        let expected = signed.map { UInt8(min(abs(Int($0)), 255)) }
        XCTAssertEqual(try ImageFile.read(directory + "/sx.png").converted(to: UInt8.self).samples, expected)
    }

    func testCannyMatchesOpenCV() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run([
            "filter", "canny", fixture("input_gray_u8"), directory + "/edges.npy", "--low", "50", "--high", "150",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try NPY.read(directory + "/edges.npy"), try NPY.read(fixture("canny_50_150_l1_u8")))
    }

    func testDirectoryInputFiltersTheRestAndReportsFailures() throws {
        let root = try CLIRunner.temporaryDirectory(self).path
        let input = root + "/in"
        try FileManager.default.createDirectory(atPath: input + "/sub", withIntermediateDirectories: true)
        try AtomicFile.write(try AtomicFile.read(fixture("input_gray_u8")), to: input + "/a.npy")
        try AtomicFile.write(try AtomicFile.read(fixture("input_rgb_u8")), to: input + "/sub/b.npy")
        try AtomicFile.write(Array("not an image".utf8), to: input + "/c.png")
        let result = try CLIRunner.run(["filter", "median", input, root + "/out", "--ksize", "5", "--to", "png"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error: \(input)/c.png: unrecognized format"), result.stderr)
        XCTAssertTrue(result.stderr.contains("filtered 2 files, 1 failed"), result.stderr)
        let median = try ImageFile.read(root + "/out/a.png")
        XCTAssertEqual(median, try NPY.read(fixture("median_5_u8")).image())
        XCTAssertEqual(try ImageFile.read(root + "/out/sub/b.png").layout, .rgb)
    }

    func testInvalidOptionsAreUsageErrors() throws {
        let input = fixture("input_gray_u8")
        let gaussian = try CLIRunner.run(["filter", "gaussian", input, "/tmp/fovea-never.png"])
        XCTAssertEqual(gaussian.status, 64)
        XCTAssertTrue(gaussian.stderr.contains("gaussian needs --sigma, --ksize or both"), gaussian.stderr)
        let kernel = try CLIRunner.run(["filter", "custom", input, "/tmp/fovea-never.png", "--kernel", "1,2;3"])
        XCTAssertEqual(kernel.status, 64)
        XCTAssertTrue(kernel.stderr.contains("rows have different lengths"), kernel.stderr)
        let canny = try CLIRunner.run(["filter", "canny", input, "/tmp/fovea-never.png", "--low", "10"])
        XCTAssertEqual(canny.status, 64)
        XCTAssertTrue(canny.stderr.contains("canny needs --low and --high"), canny.stderr)
        let median = try CLIRunner.run(["filter", "median", input, "/tmp/fovea-never.png", "--ksize", "7"])
        XCTAssertEqual(median.status, 64)
        XCTAssertTrue(median.stderr.contains("median --ksize must be 3 or 5, got 7"), median.stderr)
    }
}
