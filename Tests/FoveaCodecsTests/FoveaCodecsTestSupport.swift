import Foundation
import XCTest

@testable import FoveaCodecs

/// Fixtures under `Fixtures/codecs`, made by `Fixtures/codecs/make_fixtures.py`, and their expected pixels.
enum Fixtures {
    /// The repository root: this file is Tests/FoveaCodecsTests/FoveaCodecsTestSupport.swift.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Absolute path of `Fixtures/codecs/<relative>`.
    static func path(_ relative: String) -> String {
        root.appendingPathComponent("Fixtures/codecs/\(relative)").path
    }

    /// Bytes of `Fixtures/codecs/<relative>`.
    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }

    /// `manifest.json` (make_fixtures.py) and `manifest-formats.json` (make_format_fixtures.py), keyed by fixture
    /// name; an unreadable manifest leaves its fixtures out, which ``entry(_:)`` reports.
    nonisolated(unsafe) static let manifest: [String: [String: Any]] = {
        var merged: [String: [String: Any]] = [:]
        for file in ["manifest.json", "manifest-formats.json"] {
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path(file))),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]]
            else { continue }
            merged.merge(object) { _, new in new }
        }
        return merged
    }()

    /// The manifest entry `name`. A missing entry (or an unreadable manifest) fails the test rather than skipping
    /// it, so a fixture lost in a checkout cannot turn a test green.
    static func entry(_ name: String) throws -> [String: Any] {
        guard let entry = manifest[name] else { throw MissingFixture(name: name) }
        return entry
    }

    /// The expected decode of fixture `name` as recorded by the scripts (formula values, checked against Pillow).
    static func expected(_ name: String) throws -> AnyImage {
        let entry = try entry(name)
        guard let file = entry["expected"] as? String, let width = entry["width"] as? Int,
            let height = entry["height"] as? Int, let layoutName = entry["layout"] as? String,
            let layout = ChannelLayout(rawValue: layoutName), let type = entry["sampleType"] as? String
        else { throw MissingFixture(name: name, field: "expected, width, height, layout or sampleType") }
        let raw = try bytes(file)
        switch type {
        case "uint16":
            let samples = stride(from: 0, to: raw.count, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
            return .uint16(try Image(width: width, height: height, layout: layout, samples: samples))
        case "float32":
            let samples = stride(from: 0, to: raw.count, by: 4).map { i in
                Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(raw[i + $1]) << (8 * UInt32($1)) })
            }
            return .float32(try Image(width: width, height: height, layout: layout, samples: samples))
        default:
            return .uint8(try Image(width: width, height: height, layout: layout, samples: raw))
        }
    }
}

/// A fixture the test needs is in neither `Fixtures/codecs/manifest.json` nor `manifest-formats.json` (rerun
/// `make_fixtures.py` / `make_format_fixtures.py`); thrown, so the test fails.
struct MissingFixture: Error, CustomStringConvertible {
    var name: String
    var field: String? = nil

    var description: String {
        if let field { return "fixture \(name) in the Fixtures/codecs manifests lacks \(field)" }
        return "fixture \(name) missing from the Fixtures/codecs manifests (or they are unreadable)"
    }
}

/// Asserts that decoding fixture `name` gives exactly its expected image (size, layout, sample type, samples).
func assertDecodesToExpected(
    _ name: String, options: DecodingOptions = .init(), file: StaticString = #filePath, line: UInt = #line
) throws {
    let decoded = try ImageFile.decode(try Fixtures.bytes(name), options: options)
    let expected = try Fixtures.expected(name)
    XCTAssertEqual(decoded.width, expected.width, "\(name) width", file: file, line: line)
    XCTAssertEqual(decoded.height, expected.height, "\(name) height", file: file, line: line)
    XCTAssertEqual(decoded.layout, expected.layout, "\(name) layout", file: file, line: line)
    XCTAssertEqual(decoded.sampleType, expected.sampleType, "\(name) sample type", file: file, line: line)
    if decoded != expected {
        XCTFail("\(name): decoded samples differ from the expected ones", file: file, line: line)
    }
}

/// Asserts that `body` throws an error of type `E` matching `matches`, and returns its description.
@discardableResult
func assertThrows<E: Error, R>(
    _ errorType: E.Type, _ body: () throws -> R, file: StaticString = #filePath, line: UInt = #line,
    matching matches: (E) -> Bool = { _ in true }
) -> String {
    do {
        _ = try body()
        XCTFail("expected a \(E.self), nothing was thrown", file: file, line: line)
    } catch let error as E {
        XCTAssertTrue(matches(error), "unexpected \(error)", file: file, line: line)
        return String(describing: error)
    } catch let wrapped as ImageFileError {
        if let error = wrapped.reason as? E {
            XCTAssertTrue(matches(error), "unexpected \(error)", file: file, line: line)
            return String(describing: wrapped)
        }
        XCTFail("expected a \(E.self), got \(wrapped)", file: file, line: line)
    } catch {
        XCTFail("expected a \(E.self), got \(type(of: error)): \(error)", file: file, line: line)
    }
    return ""
}

/// A deterministic pseudo-random image (xorshift), for round trips.
func randomImage<S: PixelSample & FixedWidthInteger>(
    _: S.Type, width: Int, height: Int, layout: ChannelLayout, seed: UInt64
) -> Image<S> {
    var state = seed | 1
    let count = width * height * layout.channelCount
    var samples = [S]()
    samples.reserveCapacity(count)
    for _ in 0..<count {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        samples.append(S(truncatingIfNeeded: state >> 20))
    }
    return Image.assumingValid(width: width, height: height, layout: layout, samples: samples)
}

/// A temporary directory removed after the test.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-codecs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
}

/// Asserts that decoding fixture `name` gives its expected image to within `tolerance` levels per sample
/// (lossy formats: the peer's libwebp may be another version than the system's).
func assertDecodesNearExpected(
    _ name: String, tolerance: Int, file: StaticString = #filePath, line: UInt = #line
) throws {
    let decoded = try ImageFile.decode(try Fixtures.bytes(name))
    guard case .uint8(let got) = decoded, case .uint8(let want) = try Fixtures.expected(name) else {
        return XCTFail("\(name): expected 8-bit images", file: file, line: line)
    }
    XCTAssertEqual(got.width, want.width, "\(name) width", file: file, line: line)
    XCTAssertEqual(got.height, want.height, "\(name) height", file: file, line: line)
    XCTAssertEqual(got.layout, want.layout, "\(name) layout", file: file, line: line)
    guard got.samples.count == want.samples.count else { return }
    let worst = zip(got.samples, want.samples).map { abs(Int($0) - Int($1)) }.max() ?? 0
    XCTAssertLessThanOrEqual(
        worst, tolerance, "\(name): largest difference from the peer's decode", file: file, line: line)
}
