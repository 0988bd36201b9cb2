import XCTest

@testable import FoveaFilters

final class MedianTests: XCTestCase {
    func testMedianMatchesOpenCVExactly() throws {
        XCTAssertEqual(try Fixtures.grayU8.medianFiltered(size: 3), try Fixtures.image("median_3_u8", as: UInt8.self))
        XCTAssertEqual(try Fixtures.grayU8.medianFiltered(size: 5), try Fixtures.image("median_5_u8", as: UInt8.self))
        XCTAssertEqual(
            try Fixtures.rgbU8.medianFiltered(size: 3), try Fixtures.image("median_3_rgb_u8", as: UInt8.self))
        XCTAssertEqual(try Fixtures.grayF32.medianFiltered(size: 3), try Fixtures.image("median_3_f32", as: Float.self))
        XCTAssertEqual(try Fixtures.grayF32.medianFiltered(size: 5), try Fixtures.image("median_5_f32", as: Float.self))
        XCTAssertEqual(
            try Fixtures.grayU16.medianFiltered(size: 5), try Fixtures.image("median_5_u16", as: UInt16.self))
    }

    func testMedianAgreesWithSortingOnSmallAndOddImages() throws {
        // Images narrower than one SIMD vector take the scalar path; compare both against a plain sort.
        for (w, h) in [(3, 2), (7, 5), (17, 3), (40, 9)] {
            let image = try Image<UInt8>(width: w, height: h, layout: .gray) { x, y, _ in
                UInt8((x * 97 + y * 31 + x * y) % 256)
            }
            for k in [3, 5] {
                let out = image.medianFiltered(size: k)
                for y in 0..<h {
                    for x in 0..<w {
                        var window: [UInt8] = []
                        for dy in -(k / 2)...(k / 2) {
                            for dx in -(k / 2)...(k / 2) {
                                window.append(image[x: min(max(x + dx, 0), w - 1), y: min(max(y + dy, 0), h - 1)])
                            }
                        }
                        XCTAssertEqual(
                            out[x: x, y: y], window.sorted()[window.count / 2], "\(w)×\(h) k \(k) at (\(x), \(y))")
                    }
                }
            }
        }
    }

    func testMedianRemovesSaltNoise() throws {
        var samples = [UInt8](repeating: 10, count: 49)
        samples[24] = 255
        let image = try Image<UInt8>(width: 7, height: 7, layout: .gray, samples: samples)
        XCTAssertEqual(image.medianFiltered(size: 3).samples, [UInt8](repeating: 10, count: 49))
    }
}
