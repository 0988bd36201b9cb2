import Foundation
import FoveaCodecs
import XCTest

/// The colour and erasing flags shared by `fovea augment` and `fovea train`.
final class AugmentationFlagsTests: XCTestCase {
    /// A 6×5 RGB PNG of distinct, coloured samples.
    private func writeImage(_ path: String) throws -> Image<UInt8> {
        let image = try Image<UInt8>(width: 6, height: 5, layout: .rgb) { x, y, c in
            UInt8((20 + 37 * x + 11 * y + 70 * c) % 251)
        }
        try ImageFile.write(.uint8(image), to: path)
        return image
    }

    private func augment(_ flags: [String]) throws -> (Image<UInt8>, Image<UInt8>, CLIRunner.Result) {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let original = try writeImage(directory + "/a.png")
        let result = try CLIRunner.run(
            ["augment", directory + "/a.png", directory + "/b.png", "--preset", "none"] + flags)
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
            let (r, g, b) = (
                Int(original.samples[3 * i]), Int(original.samples[3 * i + 1]), Int(original.samples[3 * i + 2])
            )
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

    func testWholeImageResizedCropIsThePlainAntialiasedResize() throws {
        // 6×5 image, scale 1:1 and ratio 6/5: torchvision's sampling picks the whole image every time.
        let (original, out, _) = try augment([
            "--random-resized-crop", "3x4", "--crop-scale", "1:1", "--crop-ratio", "1.2:1.2",
        ])
        XCTAssertEqual(out, try original.resized(width: 3, height: 4, filter: .bilinear))
    }

    func testGeometryFlagsReplayByteForByte() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        _ = try writeImage(directory + "/a.png")
        let flags = [
            "--random-resized-crop", "8x6", "--perspective", "0.5", "--elastic", "3:2", "--rotate=-10:10", "--copies",
            "3",
        ]
        let first = try CLIRunner.run(
            ["augment", directory + "/a.png", directory + "/first", "--manifest", directory + "/m.jsonl"] + flags)
        XCTAssertEqual(first.status, 0, first.stderr)
        let again = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/again", "--replay", directory + "/m.jsonl", "--copies", "3",
        ])
        XCTAssertEqual(again.status, 0, again.stderr)
        for k in 0..<3 {
            let a = try Data(contentsOf: URL(fileURLWithPath: directory + "/first/a_\(k).png"))
            XCTAssertEqual(a, try Data(contentsOf: URL(fileURLWithPath: directory + "/again/a_\(k).png")))
            guard case .uint8(let image) = try ImageFile.read(directory + "/first/a_\(k).png") else { return XCTFail() }
            XCTAssertEqual([image.width, image.height], [8, 6])
        }
        let manifest = try String(contentsOfFile: directory + "/m.jsonl", encoding: .utf8)
        XCTAssertTrue(
            manifest.contains("\"resizedCrop\"") && manifest.contains("\"homography\"")
                && manifest.contains("\"elastic\""))
    }

    func testJPEGQualityReencodesThroughLibjpeg() throws {
        let (original, out, _) = try augment(["--jpeg-quality", "30:30"])
        guard case .uint8(let expected) = try JPEG.decode(try JPEG.encode(original, quality: 30)) else {
            return XCTFail()
        }
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

    func testRandAugmentPresetRecordsItsOpsAndTakesItsTwoFlags() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        _ = try writeImage(directory + "/a.png")
        let result = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/out", "--copies", "20", "--preset", "randaugment",
            "--ra-ops", "3",
            "--ra-magnitude", "30", "--manifest", directory + "/m.jsonl",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = try String(contentsOfFile: directory + "/m.jsonl", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 20)
        XCTAssertTrue(lines.allSatisfy { $0.contains(#""preset":"randaugment""#) })
        // Magnitude bin 30 of RandAugment: ±30° rotations, factors 1 ± 0.9, solarize at 0: some line shows one.
        let text = lines.joined()
        XCTAssertTrue(
            text.contains("\"rotationDegrees\":30") || text.contains("\"rotationDegrees\":-30")
                || text.contains("\"factor\":1.9") || text.contains("\"threshold\":0"), text)
        let misuse = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/b.png", "--preset", "classic", "--ra-ops", "1",
        ])
        XCTAssertEqual(misuse.status, 64)
        XCTAssertTrue(
            misuse.stderr.contains("--ra-ops and --ra-magnitude change the randaugment preset"), misuse.stderr)
    }

    /// Ranges that start below zero take a space like every other value (`--hue -0.1:0.1`, as torchvision users
    /// write them), not only the `=` form, and give the same bytes.
    func testNegativeRangesTakeASpaceOrAnEqualsSign() throws {
        for (spaced, joined) in [
            (["--hue", "-0.05:-0.05"], ["--hue=-0.05:-0.05"]), (["--rotate", "-7:-7"], ["--rotate=-7:-7"]),
        ] {
            let (original, a, _) = try augment(spaced)
            let (_, b, _) = try augment(joined)
            XCTAssertEqual(a.samples, b.samples, "\(spaced)")
            XCTAssertNotEqual(a.samples, original.samples, "\(spaced) changed nothing")
        }
        let directory = try CLIRunner.temporaryDirectory(self).path
        _ = try writeImage(directory + "/a.png")
        let result = try CLIRunner.run(["augment", directory + "/a.png", directory + "/b.png", "--brightness", "-1:1"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("--brightness is a factor range with MIN ≥ 0"), result.stderr)
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
            (
                ["--random-resized-crop", "224"],
                "--random-resized-crop takes WxH with whole numbers 1…65536, e.g. 224x224; got '224'"
            ),
            (["--random-resized-crop", "0x4"], "--random-resized-crop takes WxH"),
            (
                ["--random-resized-crop", "4x4", "--crop-scale", "0:1"],
                "--crop-scale is an area fraction MIN:MAX within (0, 1], got '0:1'"
            ),
            (["--random-resized-crop", "4x4", "--crop-scale", "nan:1"], "--crop-scale takes MIN:MAX with MIN ≤ MAX"),
            (
                ["--random-resized-crop", "4x4", "--crop-ratio", "0:2"],
                "--crop-ratio is an aspect ratio width/height MIN:MAX with MIN > 0"
            ),
            (
                ["--crop-ratio", "1:2"],
                "--crop-scale and --crop-ratio shape --random-resized-crop WxH; give that flag too"
            ),
            (["--perspective", "1.5"], "--perspective is a distortion scale in 0…1, got 1.5"),
            (["--perspective", "nan"], "--perspective is a distortion scale in 0…1, got nan"),
            (["--elastic", "34"], "--elastic takes ALPHA:SIGMA in pixels"),
            (
                ["--elastic", "34:0"],
                "--elastic takes ALPHA:SIGMA in pixels with ALPHA in 0…10000 and SIGMA in (0, 1000]"
            ),
            (["--elastic=-1:4"], "--elastic takes ALPHA:SIGMA"),
        ] {
            let result = try CLIRunner.run(["augment", directory + "/a.png", directory + "/b.png"] + flags)
            XCTAssertEqual(result.status, 64, "\(flags)")
            XCTAssertTrue(result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
    }
}

/// `fovea augment --replay`: a manifest re-applied reproduces every output byte for byte.
final class AugmentReplayTests: XCTestCase {
    func testReplayReproducesEveryOutputByteForByte() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        try FileManager.default.createDirectory(atPath: directory + "/in/cats", withIntermediateDirectories: true)
        for (n, name) in ["cats/a.png", "cats/b.png", "c.png"].enumerated() {
            let image = try Image<UInt8>(width: 9 + n, height: 7, layout: .rgb) { x, y, c in
                UInt8((x * 29 + y * 13 + c * 71 + n * 5) % 256)
            }
            try ImageFile.write(.uint8(image), to: directory + "/in/" + name)
        }
        let flags = [
            "--copies", "2", "--seed", "7", "--brightness", "0.6:1.4", "--contrast", "0.6:1.4", "--saturation",
            "0.6:1.4",
            "--hue=-0.1:0.1", "--gamma", "0.8:1.2", "--grayscale", "0.3", "--blur", "0.1:1", "--noise", "0.02",
            "--jpeg-quality", "40:90", "--erase", "0.5", "--erase-value", "random",
        ]
        let first = try CLIRunner.run(
            ["augment", directory + "/in", directory + "/first", "--manifest", directory + "/m.jsonl"] + flags)
        XCTAssertEqual(first.status, 0, first.stderr)
        // Replayed with another seed and preset: the manifest decides.
        let second = try CLIRunner.run([
            "augment", directory + "/in", directory + "/second", "--copies", "2", "--replay", directory + "/m.jsonl",
            "--seed", "99", "--preset", "none",
            "--manifest", directory + "/m2.jsonl",
        ])
        XCTAssertEqual(second.status, 0, second.stderr)
        for name in ["cats/a_0.png", "cats/a_1.png", "cats/b_0.png", "cats/b_1.png", "c_0.png", "c_1.png"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: directory + "/first/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: directory + "/second/" + name))
            XCTAssertEqual(a, b, name)
        }
        let manifest = try String(contentsOfFile: directory + "/m.jsonl", encoding: .utf8)
        XCTAssertEqual(manifest.split(separator: "\n").count, 6)
        XCTAssertTrue(manifest.contains(#""preset":"classic""#), manifest)
        // The replayed run's manifest records the same parameters.
        let replayed = try String(contentsOfFile: directory + "/m2.jsonl", encoding: .utf8)
        let parameters = { (text: String) in
            text.split(separator: "\n").map { $0.components(separatedBy: #""parameters":"#)[1] }
        }
        XCTAssertEqual(
            parameters(replayed).map { $0.components(separatedBy: #","preset""#)[0] },
            parameters(manifest).map { $0.components(separatedBy: #","preset""#)[0] })
    }

    func testReplayOfAManifestThatDoesNotFitFailsClearly() throws {
        let directory = try CLIRunner.temporaryDirectory(self).path
        let image = try Image<UInt8>(width: 5, height: 4, layout: .gray, repeating: 3)
        try ImageFile.write(.uint8(image), to: directory + "/a.png")
        try ImageFile.write(
            .uint8(try Image<UInt8>(width: 6, height: 4, layout: .gray, repeating: 3)), to: directory + "/b.png")
        XCTAssertEqual(
            try CLIRunner.run([
                "augment", directory + "/a.png", directory + "/o.png", "--manifest", directory + "/m.jsonl",
            ]).status, 0)
        let wrongSize = try CLIRunner.run([
            "augment", directory + "/b.png", directory + "/p.png", "--replay", directory + "/m.jsonl",
        ])
        XCTAssertEqual(wrongSize.status, 1)
        XCTAssertTrue(wrongSize.stderr.contains("was drawn for a 5×4 image, not 6×4"), wrongSize.stderr)
        let missing = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/q.png", "--copies", "2", "--replay", directory + "/m.jsonl",
        ])
        XCTAssertTrue(missing.stderr.contains("the replay manifest has no entry for input 0, copy 1"), missing.stderr)
        try "not json\n".write(toFile: directory + "/bad.jsonl", atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run([
            "augment", directory + "/a.png", directory + "/r.png", "--replay", directory + "/bad.jsonl",
        ])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("line 1: not a manifest entry"), bad.stderr)
    }
}
