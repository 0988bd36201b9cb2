import Foundation
import XCTest

@testable import FoveaData

final class ImageFolderDatasetTests: XCTestCase {
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
