import Foundation
import FoveaCodecs
import XCTest

/// The colour and erasing flags shared by `fovea augment` and `fovea train`.
final class AugmentationFlagsTests: XCTestCase {
    /// A 6×5 RGB PNG of distinct, coloured samples.
    private func writeImage(_ path: String) throws -> Image<UInt8> {
        let image = try Image<UInt8>(width: 6, height: 5, layout: .rgb) { x, y, c in UInt8((20 + 37 * x + 11 * y + 70 * c) % 251) }
        try ImageFile.write(.uint8(image), to: path)
        return image
    }

    private func augment(_ flags: [String]) throws -> (Image<UInt8>, Image<UInt8>, CLIRunner.Result) {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let original = try writeImage(directory + "/a.png")
        let result = try CLIRunner.run(["augment", directory + "/a.png", directory + "/b.png", "--preset", "none"] + flags)
        guard result.status == 0, case .uint8(let out) = try ImageFile.read(directory + "/b.png") else {
            XCTFail(result.stderr)
            return (original, original, result)
        }
        return (original, out, result)
    }

    func testFixedBrightnessHalvesEverySample() throws {
        let (original, out, _) = try augment(["--brightness", "0.5:0.5"])
        // v' = 0.5 v rounded to nearest (ties away from zero after the +0.5 floor): 20 → 10, 27 → 14 …
        XCTAssertEqual(out.samples, original.samples.map { UInt8((Double($0) * 0.5 + 0.5).rounded(.down)) })
    }

    func testGrayscaleOneMakesEveryPixelGreyWithThreeChannels() throws {
        let (original, out, _) = try augment(["--grayscale", "1"])
        XCTAssertEqual(out.layout, .rgb)
        for i in 0..<original.pixelCount {
            let (r, g, b) = (Int(original.samples[3 * i]), Int(original.samples[3 * i + 1]), Int(original.samples[3 * i + 2]))
            let l = UInt8((19595 * r + 38470 * g + 7471 * b + 32768) >> 16)
            XCTAssertEqual(Array(out.samples[(3 * i)..<(3 * i + 3)]), [l, l, l])
        }
    }

    func testEraseOneWhitensOneRectangleAfterTheGeometry() throws {
        let (original, out, _) = try augment(["--flip", "1", "--erase", "1", "--erase-value", "1"])
        let changed = (0..<original.pixelCount).filter { i in
            let x = i % 6
            let y = i / 6
            return (0..<3).contains { c in out[x: x, y: y, channel: c] != original[x: 5 - x, y: y, channel: c] }
        }
        XCTAssertFalse(changed.isEmpty)
        for i in changed { XCTAssertEqual(Array(out.samples[(3 * i)..<(3 * i + 3)]), [255, 255, 255]) }
        let xs = changed.map { $0 % 6 }
        let ys = changed.map { $0 / 6 }
        // The changed pixels fill their bounding box (one axis-aligned rectangle), up to pixels that were white already.
        XCTAssertEqual(changed.count, (xs.max()! - xs.min()! + 1) * (ys.max()! - ys.min()! + 1))
    }

    func testJPEGQualityReencodesThroughLibjpeg() throws {
        let (original, out, _) = try augment(["--jpeg-quality", "30:30"])
        guard case .uint8(let expected) = try JPEG.decode(try JPEG.encode(original, quality: 30)) else { return XCTFail() }
        XCTAssertEqual(out, expected)
    }

    func testManifestRecordsTheDrawnColourValues() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        _ = try writeImage(directory + "/a.png")
        let result = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/b.png", "--preset", "none", "--saturation", "0.5:1.5",
            "--hue=-0.1:0.1", "--manifest", directory + "/m.jsonl",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let line = try String(contentsOfFile: directory + "/m.jsonl", encoding: .utf8)
        XCTAssertTrue(line.contains(#""photometric":[{"saturation":{"factor":"#), line)
        XCTAssertTrue(line.contains(#"{"hue":{"shift":"#), line)
    }

    func testBadColourFlagsAreUsageErrors() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        _ = try writeImage(directory + "/a.png")
        for (flags, message) in [
            (["--hue=-0.7:0.1"], "--hue must stay within -0.5:0.5"),
            (["--brightness=-1:1"], "--brightness is a factor range with MIN ≥ 0"),
            (["--gamma", "0:2"], "--gamma needs MIN > 0"),
            (["--jpeg-quality", "0:90"], "--jpeg-quality takes whole numbers MIN:MAX within 1…100"),
            (["--erase", "2"], "--erase is a probability in 0…1"),
            (["--erase-value", "grey"], "--erase-value takes a number in 0…1 or 'random'"),
            (["--noise=-0.1"], "--noise must be in 0…1"),
        ] {
            let result = try CLIRunner.run(["augment", directory + "/a.png", directory + "/b.png"] + flags)
            XCTAssertEqual(result.status, 64, "\(flags)")
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }
}
