import Foundation
import XCTest

final class InfoCommandTests: XCTestCase {
    private func fixture(_ name: String) -> String {
        CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/\(name)").path
    }

    func testPrintsOneLinePerFileWithFormatSizeChannelsAndDepth() throws {
        let png = fixture("png/palette4_trns_adam7.png")
        let jpeg = fixture("jpeg/exif6.jpg")
        let result = try CLIRunner.run(["info", png, jpeg])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(
            result.stdout,
            "\(png): PNG 13×11, 4 channels, 4-bit, interlaced\n\(jpeg): JPEG 16×8, 3 channels, 8-bit, orientation 6\n")
    }

    func testJSONPrintsOneObjectPerFile() throws {
        let jpeg = fixture("jpeg/rgb_progressive.jpg")
        let result = try CLIRunner.run(["info", "--json", jpeg])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["format"] as? String, "jpeg")
        XCTAssertEqual(object["width"] as? Int, 37)
        XCTAssertEqual(object["height"] as? Int, 29)
        XCTAssertEqual(object["channels"] as? Int, 3)
        XCTAssertEqual(object["bitDepth"] as? Int, 8)
        XCTAssertEqual(object["progressive"] as? Bool, true)
        XCTAssertTrue(object["orientation"] is NSNull)
        XCTAssertEqual(object["path"] as? String, jpeg)
    }

    func testAFailingFileIsReportedAndTheRestStillPrintedThenExitIsOne() throws {
        let missing = "/nonexistent/fovea.png"
        let good = fixture("pnm/gray16.pgm")
        let result = try CLIRunner.run(["info", missing, good])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "\(good): PNM 7×5, 1 channel, 16-bit\n")
        XCTAssertEqual(result.stderr, "error: \(missing): cannot open: No such file or directory\n")
    }

    func testAFolderStandsForEveryFileBelowItInPathOrder() throws {
        let root = try CLIRunner.temporaryDirectory(self)
        let folder = root.appendingPathComponent("scans/deep")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: fixture("pnm/gray16.pgm"), toPath: folder.appendingPathComponent("b.pgm").path)
        try FileManager.default.copyItem(
            atPath: fixture("jpeg/exif6.jpg"), toPath: root.appendingPathComponent("scans/a.jpg").path)
        try Data().write(to: root.appendingPathComponent("scans/empty.png"))
        try Data([1]).write(to: root.appendingPathComponent("scans/.hidden.png"))
        let result = try CLIRunner.run(["info", "scans"], in: root)
        XCTAssertEqual(result.status, 1, result.stderr)
        let base = root.appendingPathComponent("scans").standardizedFileURL.path
        XCTAssertEqual(
            result.stdout,
            "\(base)/a.jpg: JPEG 16×8, 3 channels, 8-bit, orientation 6\n\(base)/deep/b.pgm: PNM 7×5, 1 channel, 16-bit\n"
        )
        XCTAssertEqual(result.stderr, "error: \(base)/empty.png: empty input: 0 bytes\n")
        // A folder named like an image, holding nothing, is said to be empty rather than passed over in silence.
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("photo.png"), withIntermediateDirectories: false)
        let empty = try CLIRunner.run(["info", "photo.png"], in: root)
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertEqual(empty.stdout, "")
        XCTAssertEqual(empty.stderr, "note: photo.png: no files in this folder\n")
    }

    func testCorruptFileErrorSaysWhatIsWrong() throws {
        let bad = fixture("bad/truncated.ppm")
        let truncated = try CLIRunner.run(["info", fixture("jpeg/gray.jpg"), bad])
        XCTAssertEqual(truncated.status, 0, "info reads only the header, which is intact")
        let text = try CLIRunner.run(["info", fixture("make_fixtures.py")])
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stderr.contains("unrecognized format: leading bytes [22 22 22 57 72 69 74 65]"), text.stderr)
    }
}
