import Foundation
import XCTest

@testable import FoveaAugment

/// Reads Fixtures/augment (made by Fixtures/augment/make_fixtures.py with OpenCV): raw inputs, a JSON index
/// of cases and their expected outputs concatenated in expected.bin. Test-only; no codecs involved.
struct OpenCVFixtures {
    struct Case: Decodable {
        var name: String
        var kind: String
        var input: String
        var matrix: [[Double]]?
        var interpolation: String
        var border: String?
        var borderValue: Double?
        var width: Int
        var height: Int
        var offset: Int
        var length: Int

        var transform: FoveaAugment.AffineTransform? {
            guard let m = matrix else { return nil }
            return FoveaAugment.AffineTransform(
                m00: m[0][0], m01: m[0][1], m02: m[0][2], m10: m[1][0], m11: m[1][1], m12: m[1][2])
        }

        var borderMode: BorderMode {
            switch border {
            case "replicate": .replicate
            case "reflect": .reflect
            case "reflect101": .reflect101
            case "wrap": .wrap
            default: .constant(.normalized(borderValue ?? 0))  // the fixtures state it normalised
            }
        }

        var interpolationMode: Interpolation { Interpolation(rawValue: interpolation) ?? .bilinear }
    }

    struct Index: Decodable {
        var width: Int
        var height: Int
        var cases: [Case]
    }

    let index: Index
    let expected: Data
    let rgb: Image<UInt8>
    let gray: Image<Float>

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/augment")

    static func load() throws -> OpenCVFixtures {
        let index = try JSONDecoder().decode(
            Index.self, from: Data(contentsOf: directory.appendingPathComponent("cases.json")))
        let expected = try Data(contentsOf: directory.appendingPathComponent("expected.bin"))
        let rgbBytes = try Data(contentsOf: directory.appendingPathComponent("input_rgb_u8.raw"))
        let grayBytes = try Data(contentsOf: directory.appendingPathComponent("input_gray_f32.raw"))
        let rgb = try Image<UInt8>(width: index.width, height: index.height, layout: .rgb, samples: [UInt8](rgbBytes))
        let gray = try Image<Float>(width: index.width, height: index.height, layout: .gray, samples: floats(grayBytes))
        return OpenCVFixtures(index: index, expected: expected, rgb: rgb, gray: gray)
    }

    static func floats(_ data: Data) -> [Float] {
        stride(from: 0, to: data.count, by: 4).map { i in
            let bits =
                UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            return Float(bitPattern: bits)
        }
    }

    func bytes(_ c: Case) -> [UInt8] { [UInt8](expected[c.offset..<(c.offset + c.length)]) }
    func floats(_ c: Case) -> [Float] { OpenCVFixtures.floats(expected.subdata(in: c.offset..<(c.offset + c.length))) }
}

/// Largest absolute difference between two UInt8 sample arrays of equal length, and where it is.
func maxDifference(_ a: [UInt8], _ b: [UInt8]) -> (value: Int, index: Int) {
    var worst = (value: 0, index: -1)
    for i in 0..<min(a.count, b.count) where abs(Int(a[i]) - Int(b[i])) > worst.value {
        worst = (abs(Int(a[i]) - Int(b[i])), i)
    }
    return worst
}

/// Largest absolute difference between two Float sample arrays of equal length, and where it is.
func maxDifference(_ a: [Float], _ b: [Float]) -> (value: Float, index: Int) {
    var worst = (value: Float(0), index: -1)
    for i in 0..<min(a.count, b.count) where abs(a[i] - b[i]) > worst.value { worst = (abs(a[i] - b[i]), i) }
    return worst
}
