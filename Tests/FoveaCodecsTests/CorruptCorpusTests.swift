import Foundation
import XCTest

@testable import FoveaCodecs

/// Every file in Fixtures/corrupt (made by Fixtures/corrupt/make_corrupt.py, one defect each, listed in
/// MANIFEST.tsv) must be rejected with a typed ``ImageFileError`` that names the file — no crash, no hang,
/// no `exit()`, and no allocation beyond the pixel limit (absurd headers are refused before allocating).
final class CorruptCorpusTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corrupt")

    static func manifest() throws -> [(file: String, defect: String)] {
        let text = try String(contentsOf: directory.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            return fields.count == 2 ? (String(fields[0]), String(fields[1])) : nil
        }
    }

    func testTheCorpusCoversEveryFormatAndKindOfDefect() throws {
        let files = try Self.manifest().map(\.file)
        XCTAssertGreaterThanOrEqual(files.count, 40)
        for prefix in ["png-", "jpeg-", "pnm-", "idx-", "npy-", "empty"] {
            XCTAssertTrue(files.contains { $0.hasPrefix(prefix) }, "no \(prefix) files")
        }
        for kind in ["truncated", "absurd", "crc", "magic", "huge"] {
            XCTAssertTrue(files.contains { $0.contains(kind) }, "no \(kind) files")
        }
    }

    func testEveryCorruptFileIsATypedErrorNamingTheFile() throws {
        for (file, defect) in try Self.manifest() {
            let path = Self.directory.appendingPathComponent(file).path
            XCTAssertThrowsError(try ImageFile.read(path), "\(file) (\(defect)) was accepted") { error in
                guard let fileError = error as? ImageFileError else {
                    return XCTFail("\(file): untyped error \(error)")
                }
                XCTAssertEqual(fileError.path, path)
                XCTAssertTrue(String(describing: fileError).contains(file), "\(file): \(fileError)")
                XCTAssertFalse(String(describing: fileError.reason).isEmpty)
            }
        }
    }

    func testHeaderInspectionAlsoRejectsEveryCorruptHeader() throws {
        // A file that is not an image at all must already fail in `info`. (Absurd but well-formed dimensions
        // are reported by `info`, as `fovea info` should tell the user how big the file claims to be.)
        for (file, defect) in try Self.manifest()
        where file.contains("magic") || file.hasPrefix("empty") || file.hasPrefix("text-") || file.hasPrefix("html-") {
            let path = Self.directory.appendingPathComponent(file).path
            XCTAssertThrowsError(try ImageFile.info(path), "\(file) (\(defect)) passed info")
        }
    }

    func testAbsurdDimensionsAreRejectedByThePixelLimitBeforeDecoding() throws {
        for file in [
            "png-absurd-dimensions.png", "jpeg-absurd-dimensions.jpg", "pnm-absurd-dimensions.ppm",
            "idx-absurd-idx3-ubyte", "npy-absurd-shape.npy",
        ] {
            let path = Self.directory.appendingPathComponent(file).path
            XCTAssertThrowsError(try ImageFile.read(path)) { error in
                guard
                    case CodecError.pixelLimitExceeded = (error as? ImageFileError)?.reason as? CodecError
                        ?? .emptyInput
                else { return XCTFail("\(file): expected the pixel limit, got \(error)") }
            }
        }
    }

    func testRejectingTheCorpusKeepsMemoryBounded() throws {
        // ru_maxrss is the process's high-water mark in KiB: decoding every corrupt file (hostile lengths and
        // dimensions included) must not raise it by more than 64 MiB over what the process already used.
        func peakKiB() -> Int {
            var usage = rusage()
            #if os(Linux)
                getrusage(RUSAGE_SELF.rawValue, &usage)
                return usage.ru_maxrss
            #else
                getrusage(RUSAGE_SELF, &usage)
                return usage.ru_maxrss / 1024  // bytes on Darwin
            #endif
        }
        let before = peakKiB()
        for (file, _) in try Self.manifest() {
            _ = try? ImageFile.read(Self.directory.appendingPathComponent(file).path)
            _ = try? ImageFile.info(Self.directory.appendingPathComponent(file).path)
        }
        XCTAssertLessThan(peakKiB() - before, 64 * 1024, "peak memory grew by \(peakKiB() - before) KiB")
    }
}
