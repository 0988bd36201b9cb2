import Foundation
import FoveaCodecs
import XCTest

final class GeometryFlagsTests: XCTestCase {
    private func fixture(_ name: String) -> String {
        CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/\(name)").path
    }

    func testResizeShorterSideThenCenterCropGivesTheRequestedSize() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let source = try ImageFile.read(fixture("png/rgb8.png")).converted(to: UInt8.self)
        let result = try CLIRunner.run([
            "convert", fixture("png/rgb8.png"), directory + "/out.png", "--resize", "20", "--center-crop", "16x16",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = try ImageFile.read(directory + "/out.png").converted(to: UInt8.self)
        XCTAssertEqual([out.width, out.height], [16, 16])
        // The same plan through the library gives the same pixels.
        let plan = GeometryPlan(resize: .shorterSide(20), centerCrop: PixelSize(width: 16, height: 16))
        XCTAssertEqual(out, try plan.apply(to: source))
    }

    func testFitPadKeepsTheAspectRatioOnAFixedCanvas() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run([
            "convert", fixture("png/rgb8.png"), directory + "/out.png", "--resize", "24x12", "--fit", "pad",
            "--pad-value", "1", "--resample", "bicubic",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let source = try ImageFile.read(fixture("png/rgb8.png")).converted(to: UInt8.self)
        let expected = try GeometryPlan(resize: .size(width: 24, height: 12), fit: .pad, filter: .bicubic, padValue: 1)
            .apply(to: source)
        XCTAssertEqual(try ImageFile.read(directory + "/out.png").converted(to: UInt8.self), expected)
    }

    func testBadGeometryFlagsAreUsageErrorsNamingTheFlagAndTheRange() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let cases: [([String], String)] = [
            (["--resize", "0x10"], "--resize sides must be 1…65536, got 0x10"),
            (["--resize", "abc"], "--resize must be WxH (or S), got abc"),
            (["--resize", "-3"], "--resize"),
            (["--resize", "10", "--fit", "pad"], "--fit goes with --resize WxH"),
            (["--crop", "1,2,3"], "--crop must be X,Y,W,H (four integers), got 1,2,3"),
            (["--crop", "0,0,0,5"], "--crop W and H must be 1…65536"),
            (["--center-crop", "64x64", "--resize", "32x32"], "must fit the --resize 32x32 result"),
            (["--resize", "8x8", "--fit", "pad", "--pad-value", "2"], "--pad-value must be 0…1, got 2.0"),
        ]
        for (flags, message) in cases {
            let result = try CLIRunner.run(["convert", fixture("png/rgb8.png"), directory + "/x.png"] + flags)
            XCTAssertEqual(result.status, 64, "\(flags): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/x.png"))
    }

    func testACropOutsideTheImageIsADataErrorAndWritesNothing() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run([
            "convert", fixture("png/rgb8.png"), directory + "/x.png", "--crop", "0,0,5000,5",
        ])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("--crop 0,0,5000,5 is not inside the"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/x.png"))
    }

    func testAugmentResizesBeforeAugmenting() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run([
            "augment", fixture("png/rgb8.png"), directory + "/out.png", "--preset", "none", "--resize", "10x7",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = try ImageFile.read(directory + "/out.png")
        XCTAssertEqual([out.width, out.height], [10, 7])
    }

    /// An IDX stack takes the same flags: every image is resized (and centre-cropped) before augmenting, and the
    /// pixels are the library plan's.
    func testAugmentAppliesGeometryToEveryImageOfAnIDXStack() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let input = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/idx/images-idx3-ubyte.gz").path
        let result = try CLIRunner.run([
            "augment", input, directory + "/out-idx3-ubyte", "--preset", "none", "--resize", "20", "--center-crop",
            "16x12",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let source = try IDX.readImages(input)
        let out = try IDX.readImages(directory + "/out-idx3-ubyte")
        XCTAssertEqual(out.count, source.count)
        let plan = GeometryPlan(resize: .shorterSide(20), centerCrop: PixelSize(width: 16, height: 12))
        for (a, b) in zip(out, source) { XCTAssertEqual(a, try plan.apply(to: b)) }
    }

    func testACenterCropLargerThanAnIDXImageIsADataErrorAndWritesNothing() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let input = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/codecs/idx/images-idx3-ubyte.gz").path
        let result = try CLIRunner.run([
            "augment", input, directory + "/out-idx3-ubyte", "--preset", "none", "--center-crop", "500x500",
        ])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("500x500"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/out-idx3-ubyte"))
    }

    func testACenterCropLargerThanAnImageThatWasNotResizedSaysTheImage() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let result = try CLIRunner.run([
            "convert", fixture("png/rgb8.png"), directory + "/out.png", "--center-crop", "1000x1000",
        ])
        XCTAssertNotEqual(result.status, 0, result.stderr)
        // rgb8.png is 13×11 and no --resize was given: the message must not call it resized.
        XCTAssertTrue(
            result.stderr.contains("--center-crop 1000x1000 does not fit the 13×11 image: need 1…13 × 1…11"),
            result.stderr)
        XCTAssertFalse(result.stderr.contains("resized"), result.stderr)
    }
}
