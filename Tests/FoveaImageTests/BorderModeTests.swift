import Foundation
import XCTest

import FoveaImage

final class BorderModeTests: XCTestCase {
    /// OpenCV's documented sketches for the row `abcdefgh` (indices 0…7), three samples each side.
    func testSourceIndicesMatchOpenCVSketches() {
        func row(_ mode: BorderMode) -> [Int] {
            (-3..<11).map { mode.sourceIndex($0, count: 8) ?? -1 }
        }
        XCTAssertEqual(row(.constant(.sample(0))), [-1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, -1, -1, -1])
        XCTAssertEqual(row(.replicate), [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7])
        XCTAssertEqual(row(.reflect), [2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5])  // cba|abcdefgh|hgf
        XCTAssertEqual(row(.reflect101), [3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4])  // dcb|abcdefgh|gfe
        XCTAssertEqual(row(.wrap), [5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2])  // fgh|abcdefgh|abc
    }

    func testReflectionRepeatsWhenThePadIsWiderThanTheImage() {
        // Row "abc": reflect101 continues ...c b | a b c | b a b c...
        XCTAssertEqual(
            (-4..<7).map { BorderMode.reflect101.sourceIndex($0, count: 3) }, [0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2])
        XCTAssertEqual(BorderMode.reflect101.sourceIndex(-5, count: 1), 0)
        XCTAssertEqual(BorderMode.wrap.sourceIndex(-7, count: 3), 2)
    }

    func testDefaultIsReflect101AndBlackIsNormalisedZero() {
        XCTAssertEqual(BorderMode.default, .reflect101)
        XCTAssertEqual(BorderMode.black, .constant(.normalized(0)))
    }

    func testFarPositionsUseTheClosedForms() {
        // Period 2n = 6 for reflect on "abc": position 600 = 100 periods, so index 0; -601 mirrors to 0 as well.
        XCTAssertEqual(BorderMode.reflect.sourceIndex(600, count: 3), 0)
        XCTAssertEqual(BorderMode.reflect.sourceIndex(-601, count: 3), 0)
        // Period 2n - 2 = 4 for reflect101 on "abc": 1_000_002 ≡ 2, -1_000_001 ≡ 3 → 4 - 3 = 1.
        XCTAssertEqual(BorderMode.reflect101.sourceIndex(1_000_002, count: 3), 2)
        XCTAssertEqual(BorderMode.reflect101.sourceIndex(-1_000_001, count: 3), 1)
    }
}

final class BorderValueTests: XCTestCase {
    /// Worked by hand: normalised values go through `PixelSample.init(normalized:)` (×255 or ×65535, rounded).
    func testNormalisedValuesConvertToEachSampleType() {
        let value = BorderValue.normalized(0.2)
        XCTAssertEqual(value.sampleUnits(for: UInt8.self), 51)  // 0.2 × 255
        XCTAssertEqual(value.sampleUnits(for: UInt16.self), 13107)  // 0.2 × 65535
        XCTAssertEqual(value.sampleUnits(for: Float.self), 0.2)
        XCTAssertEqual(value.sample(as: UInt8.self), 51)
        XCTAssertEqual(BorderValue.normalized(0.5).sample(as: UInt8.self), 128)  // 127.5 rounds up
        XCTAssertEqual(BorderValue.normalized(1.5).sample(as: UInt8.self), 255)  // clamped
    }

    func testSampleUnitValuesAreUsedAsGiven() {
        XCTAssertEqual(BorderValue.sample(7.5).sampleUnits(for: UInt8.self), 7.5)  // filters compute in Float
        XCTAssertEqual(BorderValue.sample(7).sample(as: UInt8.self), 7)
        XCTAssertEqual(BorderValue.sample(300).sample(as: UInt8.self), 255)  // clamped when stored
        XCTAssertEqual(BorderValue.sample(1000).sample(as: UInt16.self), 1000)
        XCTAssertEqual(BorderValue.sample(-2.5).sample(as: Float.self), -2.5)
    }
}

final class BorderModeCodableTests: XCTestCase {
    private func json(_ mode: BorderMode) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(mode), as: UTF8.self)
    }

    private func decode(_ text: String) throws -> BorderMode {
        try JSONDecoder().decode(BorderMode.self, from: Data(text.utf8))
    }

    func testJSONStatesTheUnitsOfASampleConstant() throws {
        XCTAssertEqual(try json(.constant(.normalized(0.5))), #"{"mode":"constant","value":0.5}"#)
        XCTAssertEqual(try json(.constant(.sample(7))), #"{"mode":"constant","units":"sample","value":7}"#)
        XCTAssertEqual(try json(.wrap), #"{"mode":"wrap"}"#)
        for mode in [
            BorderMode.constant(.normalized(0.25)), .constant(.sample(200)), .replicate, .reflect, .reflect101,
        ] {
            XCTAssertEqual(try decode(try json(mode)), mode)
        }
    }

    /// Manifests and replay files written before `BorderValue` carry `{"mode":"constant","value":v}` with `v`
    /// normalised, and a bare `{"mode":"constant"}` meant 0.
    func testFilesWrittenBeforeBorderValueDecodeUnchanged() throws {
        XCTAssertEqual(try decode(#"{"mode":"constant","value":0.2}"#), .constant(.normalized(0.2)))
        XCTAssertEqual(try decode(#"{"mode":"constant"}"#), .black)
        XCTAssertEqual(try decode(#"{"mode":"constant","units":"normalized","value":1}"#), .constant(.normalized(1)))
    }

    func testUnknownNamesAreRejected() {
        XCTAssertThrowsError(try decode(#"{"mode":"mirror"}"#))
        XCTAssertThrowsError(try decode(#"{"mode":"constant","units":"percent","value":5}"#))
    }
}
