import Foundation
import XCTest

@testable import FoveaAugment

/// Reads Fixtures/augment/geometric (made by make_geometric.py with Pillow, OpenCV and SciPy, the random
/// draws re-derived from the stream's definition and torchvision's sampling rules).
struct GeometricFixtures {
    struct Case: Decodable {
        var kind: String
        var seed: UInt64
        var width: Int
        var height: Int
        var offset: Int
        var length: Int
        // resizedCrop
        var outputWidth: Int?
        var outputHeight: Int?
        var scale: [Double]?
        var ratio: [Double]?
        var crop: [Int]?
        // perspective
        var degrees: Double?
        var distortion: Double?
        var endpoints: [[Int]]?
        var matrix: [[Double]]?
        // elastic
        var alpha: Double?
        var sigma: Double?
        var fieldSeed: String?
        var dxSample: [Double]?
        var dySample: [Double]?
    }

    struct Index: Decodable {
        var width: Int
        var height: Int
        var cases: [Case]
    }

    let index: Index
    let expected: [UInt8]
    let input: Image<UInt8>

    func cases(_ kind: String) -> [Case] { index.cases.filter { $0.kind == kind } }

    func expected(_ c: Case) -> Image<UInt8> {
        Image.assumingValid(
            width: c.width, height: c.height, layout: .rgb, samples: Array(expected[c.offset..<(c.offset + c.length)]))
    }

    static func load() throws -> GeometricFixtures {
        let folder = AugmentFixtureFolder("geometric")
        let index = try folder.index(Index.self)
        let expected = try folder.bytes("expected.bin")
        let rgb = try folder.bytes("input_rgb_u8.raw")
        return GeometricFixtures(
            index: index, expected: expected,
            input: try Image(width: index.width, height: index.height, layout: .rgb, samples: rgb))
    }
}

/// The largest absolute difference between two 8-bit images of the same size (Int.max when sizes differ).
func largestDifference(_ a: Image<UInt8>, _ b: Image<UInt8>) -> Int {
    guard a.width == b.width, a.height == b.height, a.samples.count == b.samples.count else { return .max }
    return zip(a.samples, b.samples).map { abs(Int($0) - Int($1)) }.max() ?? 0
}
