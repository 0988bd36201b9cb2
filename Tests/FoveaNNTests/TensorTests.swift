import XCTest

@testable import FoveaNN

final class TensorTests: XCTestCase {
    func testElementsAreRowMajorNCHW() throws {
        let tensor = try Tensor(shape: [2, 1, 2, 3], scalars: (0..<12).map(Float.init))
        XCTAssertEqual(tensor[1, 0, 1, 2], 11)
        XCTAssertEqual(tensor[0, 0, 1, 0], 3)
        XCTAssertEqual(tensor.sampleShape, [1, 2, 3])
        XCTAssertEqual(tensor.samples(1..<2).scalars, (6..<12).map(Float.init))
    }

    func testMismatchedElementCountThrowsWithShapeAndCounts() {
        XCTAssertThrowsError(try Tensor(shape: [2, 3], scalars: [1, 2, 3])) { error in
            XCTAssertEqual(error as? NNError, .elementCountMismatch(shape: [2, 3], expected: 6, actual: 3))
            XCTAssertTrue("\(error)".contains("[2, 3] holds 6 elements but 3"))
        }
    }

    func testReshapeKeepsOrderAndChecksCount() throws {
        let tensor = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(try tensor.reshaped(to: [3, 2])[2, 1], 6)
        XCTAssertThrowsError(try tensor.reshaped(to: [4, 2]))
    }

    func testGeneratingVisitsIndicesInRowMajorOrder() {
        let tensor = Tensor(shape: [2, 2]) { index in Float(index[0] * 10 + index[1]) }
        XCTAssertEqual(tensor.scalars, [0, 1, 10, 11])
    }
}
