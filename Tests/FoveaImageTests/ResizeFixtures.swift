import Foundation

@testable import FoveaImage

/// Reads Fixtures/resize (made once by Fixtures/resize/make_fixtures.py with Pillow and OpenCV): raw inputs,
/// a JSON index of cases and their expected outputs concatenated in expected.bin.
struct ResizeFixtures {
    struct Case: Decodable {
        var library: String
        var op: String
        var input: String
        var filter: String
        var antialias: Bool
        var width: Int
        var height: Int
        var offset: Int
        var length: Int
        var dtype: String

        var resampleFilter: ResampleFilter { ResampleFilter(rawValue: filter) ?? .bilinear }
        var label: String { "\(library) \(op) \(input) → \(width)×\(height) \(filter)" }
    }

    struct Index: Decodable {
        var width: Int
        var height: Int
        var cases: [Case]
    }

    let index: Index
    let directory: URL
    let expected: Data

    static func load() throws -> ResizeFixtures {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fixtures/resize").standardizedFileURL
        let index = try JSONDecoder().decode(
            Index.self, from: Data(contentsOf: directory.appendingPathComponent("cases.json")))
        return ResizeFixtures(
            index: index, directory: directory,
            expected: try Data(contentsOf: directory.appendingPathComponent("expected.bin")))
    }

    static func layout(of input: String) -> ChannelLayout {
        if input.hasPrefix("rgba") { return .rgba }
        if input.hasPrefix("rgb") { return .rgb }
        return .gray
    }

    func input<S: PixelSample>(_ name: String, as: S.Type) throws -> Image<S> {
        let data = try Data(contentsOf: directory.appendingPathComponent("input_\(name).raw"))
        let samples: [S] = decode(data)
        return try Image(width: index.width, height: index.height, layout: Self.layout(of: name), samples: samples)
    }

    func output<S: PixelSample>(_ c: Case, as: S.Type) -> [S] {
        decode(expected.subdata(in: c.offset..<(c.offset + c.length)))
    }

    private func decode<S: PixelSample>(_ data: Data) -> [S] {
        data.withUnsafeBytes { raw -> [S] in
            switch S.sampleType {
            case .uint8: return Array(raw.bindMemory(to: UInt8.self)) as? [S] ?? []
            case .uint16:
                return (0..<(raw.count / 2)).map {
                    UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))
                }
                    as? [S] ?? []
            case .float32:
                return (0..<(raw.count / 4)).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
                } as? [S] ?? []
            }
        }
    }
}

/// The largest |a − b| over two equally long sample arrays, and where it is.
func largestDifference<S: PixelSample>(_ a: [S], _ b: [S]) -> (value: Double, index: Int) {
    var worst = (value: 0.0, index: -1)
    for i in 0..<min(a.count, b.count) {
        let d = abs(units(a[i]) - units(b[i]))
        if d > worst.value { worst = (d, i) }
    }
    return worst
}

/// A sample in its type's own units (0…255, 0…65535, or the float), exactly.
private func units<S: PixelSample>(_ s: S) -> Double {
    if let v = s as? UInt8 { return Double(v) }
    if let v = s as? UInt16 { return Double(v) }
    return Double(s.normalized)
}
