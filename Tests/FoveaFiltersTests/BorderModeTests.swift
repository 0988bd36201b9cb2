import XCTest

@testable import FoveaFilters

final class BorderModeTests: XCTestCase {
    /// OpenCV's documented sketches for the row `abcdefgh` (indices 0…7), three samples each side.
    func testSourceIndicesMatchOpenCVSketches() {
        func row(_ mode: BorderMode) -> [Int] {
            (-3..<11).map { mode.sourceIndex($0, count: 8) ?? -1 }
        }
        XCTAssertEqual(row(.constant(0)), [-1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, -1, -1, -1])
        XCTAssertEqual(row(.replicate), [0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7])
        XCTAssertEqual(row(.reflect), [2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5])  // cba|abcdefgh|hgf
        XCTAssertEqual(row(.reflect101), [3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4])  // dcb|abcdefgh|gfe
        XCTAssertEqual(row(.wrap), [5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2])  // fgh|abcdefgh|abc
    }

    func testReflectionRepeatsWhenThePadIsWiderThanTheImage() {
        // Row "abc": reflect101 continues ...c b | a b c | b a b c...
        XCTAssertEqual((-4..<7).map { BorderMode.reflect101.sourceIndex($0, count: 3) }, [0, 1, 2, 1, 0, 1, 2, 1, 0, 1, 2])
        XCTAssertEqual(BorderMode.reflect101.sourceIndex(-5, count: 1), 0)
        XCTAssertEqual(BorderMode.wrap.sourceIndex(-7, count: 3), 2)
    }

    func testDefaultIsReflect101() {
        XCTAssertEqual(BorderMode.default, .reflect101)
    }
}
