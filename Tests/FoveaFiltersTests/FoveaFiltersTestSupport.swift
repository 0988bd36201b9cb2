import Foundation
import XCTest

@testable import FoveaFilters

/// A NumPy `.npy` array (version 1.x, little-endian, C order), read by a tiny test-only parser so the
/// fixtures don't depend on FoveaCodecs.
struct NpyArray {
    var descr: String
    var shape: [Int]
    var data: Data

    init(contentsOf url: URL) throws {
        let bytes = try Data(contentsOf: url)
        guard bytes.count > 10, bytes.prefix(6) == Data([0x93] + Array("NUMPY".utf8)) else {
            throw NSError(domain: "npy", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(url.path) is not .npy"])
        }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        func field(_ key: String) -> String {
            guard let r = header.range(of: "'\(key)': ") else { return "" }
            return String(header[r.upperBound...])
        }
        let descrText = field("descr").dropFirst()
        descr = String(descrText.prefix { $0 != "'" })
        precondition(field("fortran_order").hasPrefix("False"), "Fortran-order fixture \(url.path)")
        let shapeText = field("shape").dropFirst().prefix { $0 != ")" }
        shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        data = bytes.subdata(in: (10 + headerLength)..<bytes.count)
    }

    func values<T>(_ type: T.Type) -> [T] {
        let count = data.count / MemoryLayout<T>.stride
        return data.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.stride, as: T.self) }
        }
    }

    var height: Int { shape[0] }
    var width: Int { shape[1] }
    var layout: ChannelLayout { shape.count == 2 ? .gray : ChannelLayout(channelCount: shape[2]) ?? .gray }
}

enum Fixtures {
    /// Repository root: this file is Tests/FoveaFiltersTests/FoveaFiltersTestSupport.swift.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/filters")

    static func array(_ name: String) throws -> NpyArray {
        try NpyArray(contentsOf: directory.appendingPathComponent(name + ".npy"))
    }

    static func image<S: PixelSample>(_ name: String, as type: S.Type) throws -> Image<S> {
        let a = try array(name)
        return try Image(width: a.width, height: a.height, layout: a.layout, samples: a.values(S.self))
    }

    static func signed(_ name: String) throws -> SignedImage {
        let a = try array(name)
        precondition(a.descr == "<i2", "\(name) is \(a.descr), not int16")
        return try SignedImage(width: a.width, height: a.height, layout: a.layout, samples: a.values(Int16.self))
    }

    static var grayU8: Image<UInt8> { get throws { try image("input_gray_u8", as: UInt8.self) } }
    static var rgbU8: Image<UInt8> { get throws { try image("input_rgb_u8", as: UInt8.self) } }
    static var grayF32: Image<Float> { get throws { try image("input_gray_f32", as: Float.self) } }
    static var grayU16: Image<UInt16> { get throws { try image("input_gray_u16", as: UInt16.self) } }

    /// The kernels make_fixtures.py uses.
    static let k3 = Kernel(rows: [[1, 2, 0], [-1, 0.5, 3], [0, -2, 1]]).scaled(by: 0.25)
    static let k4 = Kernel(width: 4, height: 4, weights: (0..<16).map { (Float($0) - 7.5) / 10 })
    static let k52 = Kernel(
        rows: [[1, 0, 2, 0, -1], [0, 3, 0, -2, 1]].map { $0.map { $0 / 5 } }, anchorX: 1, anchorY: 0)
}

/// Asserts equal geometry and every sample within `tolerance` levels (integers).
func assertMatches<S: PixelSample & BinaryInteger>(
    _ actual: Image<S>, _ expected: Image<S>, tolerance: Int = 1, _ what: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.width, expected.width, "width \(what)", file: file, line: line)
    XCTAssertEqual(actual.height, expected.height, "height \(what)", file: file, line: line)
    XCTAssertEqual(actual.layout, expected.layout, "layout \(what)", file: file, line: line)
    guard actual.samples.count == expected.samples.count else { return }
    var worst = 0
    var worstIndex = 0
    for i in actual.samples.indices {
        let d = abs(Int(actual.samples[i]) - Int(expected.samples[i]))
        if d > worst { worst = d; worstIndex = i }
    }
    XCTAssertLessThanOrEqual(
        worst, tolerance,
        "\(what): sample \(worstIndex) is \(actual.samples[worstIndex]), OpenCV \(expected.samples[worstIndex])",
        file: file, line: line)
}

/// Asserts equal geometry and every sample within `relative` of the expected value (absolute
/// `relative × max(1, max|expected|)` floor so near-zero values are compared sensibly).
func assertMatches(
    _ actual: Image<Float>, _ expected: Image<Float>, relative: Float = 1e-4, _ what: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.width, expected.width, "width \(what)", file: file, line: line)
    XCTAssertEqual(actual.height, expected.height, "height \(what)", file: file, line: line)
    XCTAssertEqual(actual.layout, expected.layout, "layout \(what)", file: file, line: line)
    guard actual.samples.count == expected.samples.count else { return }
    let scale = max(1, expected.samples.map { abs($0) }.max() ?? 1)
    for i in actual.samples.indices {
        let e = expected.samples[i]
        let a = actual.samples[i]
        if abs(a - e) > relative * max(abs(e), scale) {
            XCTFail("\(what): sample \(i) is \(a), OpenCV \(e)", file: file, line: line)
            return
        }
    }
}
