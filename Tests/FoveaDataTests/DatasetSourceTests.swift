import Foundation
import XCTest

@testable import FoveaData

final class DatasetSourceTests: XCTestCase {
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
            XCTAssertEqual($0 as? DataError, .inconsistentCSVRow(path: path, line: 2, expectedPixels: 4, actualPixels: 2))
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

    /// Test decoder for the class-folder tests: the file holds one decimal byte value; "broken" fails.
    private let textDecoder: ImageFolderDataset.Decoder = { path in
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let value = UInt8(text) else { throw DataError.empty(source: "not a number") }
        return constantImage(value, width: 2, height: 2)
    }

    private func makeClassFolders(_ files: [String: String]) throws -> URL {
        let root = try makeTemporaryDirectory(self)
        for (relative, contents) in files {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    func testClassFoldersAreIndexedInSortedOrder() throws {
        let root = try makeClassFolders([
            "zebra/b.png": "30", "zebra/a.PNG": "20", "cat/x.jpg": "10", "cat/notes.txt": "ignored",
            ".hidden/y.png": "1", "empty/readme.md": "no images",
        ])
        let dataset = try ImageFolderDataset(directory: root.path, decoder: textDecoder)
        XCTAssertEqual(dataset.classNames, ["cat", "zebra"])
        XCTAssertEqual(dataset.labels, [0, 1, 1])
        XCTAssertEqual(dataset.files.map { URL(fileURLWithPath: $0).lastPathComponent }, ["x.jpg", "a.PNG", "b.png"])
        XCTAssertEqual(try dataset.image(at: 1).converted(to: UInt8.self).samples, [20, 20, 20, 20])
    }

    func testAnUnreadableImageInAClassFolderIsReportedByPath() throws {
        let root = try makeClassFolders(["a/1.png": "5", "b/broken.png": "garbage"])
        let dataset = try ImageFolderDataset(directory: root.path, decoder: textDecoder)
        let loader = DataLoader(
            dataset: dataset, format: InputFormat(channels: 1, width: 2, height: 2), batchSize: 2, shuffle: false,
            seed: 0, workers: 2)
        let batches = loader.batches(epoch: 0)
        XCTAssertThrowsError(try batches.next()) { error in
            guard case .unreadableImage(let path, _) = error as? DataError else {
                return XCTFail("expected unreadableImage, got \(error)")
            }
            XCTAssertTrue(path.hasSuffix("b/broken.png"))
            XCTAssertTrue("\(error)".contains("b/broken.png"))
        }
    }

    func testMissingOrEmptyClassDirectoriesAreErrors() throws {
        let root = try makeTemporaryDirectory(self)
        XCTAssertThrowsError(try ImageFolderDataset(directory: root.path, decoder: textDecoder)) {
            XCTAssertEqual($0 as? DataError, .noClasses(directory: root.path))
        }
        let missing = root.appendingPathComponent("absent").path
        XCTAssertThrowsError(try ImageFolderDataset(directory: missing, decoder: textDecoder)) {
            XCTAssertEqual($0 as? DataError, .missingFile(path: missing))
        }
    }
}
