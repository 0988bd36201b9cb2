import XCTest

@testable import FoveaImage

final class ImageConversionTests: XCTestCase {
    func testUInt8ToUInt16MultipliesBy257() throws {
        let image = try Image<UInt8>(width: 4, height: 1, layout: .gray, samples: [0, 1, 128, 255])
        XCTAssertEqual(image.converted(to: UInt16.self).samples, [0, 257, 32896, 65535])
    }

    func testUInt16ToUInt8RoundsToNearest() throws {
        // v / 257 rounded: 128 → 0.498 → 0; 129 → 0.502 → 1; 32896 → 128; 65535 → 255; 65407 → 254.5… → 255
        let image = try Image<UInt16>(width: 5, height: 1, layout: .gray, samples: [128, 129, 32896, 65407, 65535])
        XCTAssertEqual(image.converted(to: UInt8.self).samples, [0, 1, 128, 255, 255])
    }

    func testEveryUInt8SurvivesARoundTripThroughUInt16AndFloat() throws {
        let all = (0...255).map { UInt8($0) }
        let image = try Image<UInt8>(width: 256, height: 1, layout: .gray, samples: all)
        XCTAssertEqual(image.converted(to: UInt16.self).converted(to: UInt8.self).samples, all)
        XCTAssertEqual(image.converted(to: Float.self).converted(to: UInt8.self).samples, all)
    }

    func testFloatToIntegerClampsAndRounds() throws {
        let image = try Image<Float>(width: 5, height: 1, layout: .gray, samples: [-0.5, 0, 0.5, 1, 7])
        XCTAssertEqual(image.converted(to: UInt8.self).samples, [0, 0, 128, 255, 255])  // 127.5 rounds away from zero
        XCTAssertEqual(image.converted(to: UInt16.self).samples, [0, 0, 32768, 65535, 65535])
    }

    func testIntegerToFloatDividesByMaximum() throws {
        let image = try Image<UInt8>(width: 2, height: 1, layout: .gray, samples: [51, 255])
        XCTAssertEqual(image.converted(to: Float.self).samples, [0.2, 1.0])  // correctly rounded, as numpy/255
    }

    func testRGBToGrayMatchesPillowsIntegerBT601() throws {
        // Pillow: L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16; values below worked out by hand.
        // (255,0,0): 19595*255 = 4996725, +32768 = 5029493 >> 16 = 76
        // (0,255,0): 38470*255 = 9809850, +32768 = 9842618 >> 16 = 150
        // (0,0,255): 7471*255 = 1905105, +32768 = 1937873 >> 16 = 29
        // (10,200,30): 195950 + 7694000 + 224130 + 32768 = 8146848 >> 16 = 124
        let image = try Image<UInt8>(
            width: 4, height: 1, layout: .rgb, samples: [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30])
        XCTAssertEqual(image.converted(to: .gray).samples, [76, 150, 29, 124])
    }

    func testFloatRGBToGrayUsesBT601Weights() throws {
        let image = try Image<Float>(width: 1, height: 1, layout: .rgb, samples: [1, 0.5, 0.25])
        let y = image.converted(to: .gray).samples[0]
        XCTAssertEqual(y, 0.299 + 0.2935 + 0.0285, accuracy: 1e-6)
    }

    func testGrayToRGBReplicatesAndAddingAlphaIsOpaque() throws {
        let image = try Image<UInt16>(width: 2, height: 1, layout: .gray, samples: [7, 9])
        XCTAssertEqual(image.converted(to: .rgb).samples, [7, 7, 7, 9, 9, 9])
        XCTAssertEqual(image.converted(to: .rgba).samples, [7, 7, 7, 65535, 9, 9, 9, 65535])
        XCTAssertEqual(image.converted(to: .grayAlpha).samples, [7, 65535, 9, 65535])
    }

    func testDroppingAlphaKeepsColorAndKeepingAlphaCarriesIt() throws {
        let image = try Image<UInt8>(width: 1, height: 1, layout: .rgba, samples: [10, 20, 30, 40])
        XCTAssertEqual(image.converted(to: .rgb).samples, [10, 20, 30])
        let grayAlpha = image.converted(to: .grayAlpha)
        // (10*19595 + 20*38470 + 30*7471 + 32768) >> 16 = (195950 + 769400 + 224130 + 32768) >> 16 = 18
        XCTAssertEqual(grayAlpha.samples, [18, 40])
    }
}
