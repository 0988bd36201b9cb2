import Foundation
import XCTest

@testable import FoveaData

final class InMemoryDatasetTests: XCTestCase {
    func testCSVRowsBecomeLabelledSquareImagesAfterAHeader() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory.appendingPathComponent("digits.csv").path
        try "label,p0,p1,p2,p3\n3,0,255,10,20\r\n\n7,1,2,3,4\n".write(toFile: path, atomically: true, encoding: .utf8)
        let dataset = try InMemoryDataset(csvFile: path)
        XCTAssertEqual(dataset.count, 2)
        XCTAssertEqual(dataset.labels, [3, 7])
        XCTAssertEqual(dataset.classNames, ["0", "1", "2", "3", "4", "5", "6", "7"])
        let first = try dataset.image(at: 0).converted(to: UInt8.self)
        XCTAssertEqual([first.width, first.height], [2, 2])
        XCTAssertEqual(first.samples, [0, 255, 10, 20])
    }

    func testCSVErrorsNameTheLineAndColumn() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory.appendingPathComponent("bad.csv").path
        try "1,0,0,0,0\n2,0,x,0,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try InMemoryDataset(csvFile: path)) {
            XCTAssertEqual($0 as? DataError, .malformedCSVField(path: path, line: 2, column: 3))
            XCTAssertTrue("\($0)".contains("bad.csv:2"))
        }
        try "1,0,0,0,0\n2,0,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try InMemoryDataset(csvFile: path)) {
            XCTAssertEqual(
                $0 as? DataError, .inconsistentCSVRow(path: path, line: 2, expectedPixels: 4, actualPixels: 2))
        }
        XCTAssertThrowsError(try InMemoryDataset(csvFile: directory.appendingPathComponent("none.csv").path)) {
            XCTAssertEqual($0 as? DataError, .missingFile(path: directory.appendingPathComponent("none.csv").path))
        }
    }

    func testInMemoryDatasetRejectsMismatchedCounts() {
        XCTAssertThrowsError(try InMemoryDataset(images: [constantImage(1)], labels: [0, 1], source: "x")) {
            XCTAssertEqual($0 as? DataError, .countMismatch(images: 1, labels: 2, imagePath: "x", labelPath: "x"))
        }
    }
}
