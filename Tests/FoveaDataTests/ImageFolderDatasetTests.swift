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

    /// The tests' files hold numbers, not image bytes: recognise them by extension instead of magic bytes.
    private let byExtension: ImageFolderDataset.Recognizer = { path in
        ["png", "jpg"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
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
        let dataset = try ImageFolderDataset(directory: root.path, decoder: textDecoder, recognizer: byExtension)
        XCTAssertEqual(dataset.classNames, ["cat", "zebra"])
        XCTAssertEqual(dataset.labels, [0, 1, 1])
        XCTAssertEqual(dataset.files.map { URL(fileURLWithPath: $0).lastPathComponent }, ["x.jpg", "a.PNG", "b.png"])
        XCTAssertEqual(try dataset.image(at: 1).converted(to: UInt8.self).samples, [20, 20, 20, 20])
        XCTAssertEqual(
            dataset.skippedFiles.map { URL(fileURLWithPath: $0).lastPathComponent }, ["notes.txt", "readme.md"])
        XCTAssertEqual(dataset.emptyClassFolders, ["empty"])
    }

    func testFilesBelowClassFoldersAreFoundRecursivelyAndRecognisedByContent() throws {
        let root = try makeTemporaryDirectory(self)
        let manager = FileManager.default
        for folder in ["seven/2024/june", "three", "three/.cache", "nothing"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let image = constantImage(9, width: 3, height: 2)
        try ImageFile.write(image, to: root.appendingPathComponent("seven/no-extension").path, format: .png)
        try ImageFile.write(image, to: root.appendingPathComponent("seven/2024/june/deep.png").path)
        try ImageFile.write(image, to: root.appendingPathComponent("three/a.pgm").path)
        try ImageFile.write(image, to: root.appendingPathComponent("three/.cache/hidden.png").path)
        try Data("a text file named like a picture".utf8).write(to: root.appendingPathComponent("three/b.png"))
        try Data("notes".utf8).write(to: root.appendingPathComponent("nothing/notes.txt"))

        let dataset = try ImageFolderDataset(directory: root.path)
        XCTAssertEqual(dataset.classNames, ["seven", "three"], "a folder without images is not a class")
        XCTAssertEqual(dataset.emptyClassFolders, ["nothing"])
        let relative = dataset.files.map { String($0.dropFirst(root.path.count + 1)) }
        XCTAssertEqual(relative, ["seven/2024/june/deep.png", "seven/no-extension", "three/a.pgm"])
        XCTAssertEqual(dataset.labels, [0, 0, 1])
        XCTAssertEqual(
            dataset.skippedFiles.map { String($0.dropFirst(root.path.count + 1)) },
            ["nothing/notes.txt", "three/b.png"])
        XCTAssertEqual(try dataset.image(at: 1).width, 3, "the extension-less PNG decodes")
    }

    func testAnUnreadableImageInAClassFolderIsReportedByPath() throws {
        let root = try makeClassFolders(["a/1.png": "5", "b/broken.png": "garbage"])
        let dataset = try ImageFolderDataset(directory: root.path, decoder: textDecoder, recognizer: byExtension)
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
        XCTAssertThrowsError(
            try ImageFolderDataset(directory: root.path, decoder: textDecoder, recognizer: byExtension)
        ) {
            XCTAssertEqual($0 as? DataError, .noClasses(directory: root.path))
        }
        let missing = root.appendingPathComponent("absent").path
        XCTAssertThrowsError(try ImageFolderDataset(directory: missing, decoder: textDecoder, recognizer: byExtension))
        {
            XCTAssertEqual($0 as? DataError, .missingFile(path: missing))
        }
    }

    func testFilesDirectlyInTheRootAreLeftOutAndListed() throws {
        let root = try makeClassFolders([
            "cat/1.png": "10", "stray.png": "20", "a-notes.txt": "not an image", ".DS_Store": "hidden",
        ])
        let dataset = try ImageFolderDataset(directory: root.path, decoder: textDecoder, recognizer: byExtension)
        XCTAssertEqual(dataset.classNames, ["cat"])
        XCTAssertEqual(dataset.files, [root.appendingPathComponent("cat/1.png").path])
        // Byte order of the names; hidden files are not listed; the text file counts (it is not in a class).
        XCTAssertEqual(dataset.looseFiles, ["a-notes.txt", "stray.png"].map { root.appendingPathComponent($0).path })
        XCTAssertEqual(dataset.skippedFiles, [])
    }

    func testImagesInARootWithoutClassFoldersAreAnError() throws {
        let root = try makeClassFolders(["b.png": "1", "a.jpg": "2", "notes.txt": "3", "empty/readme.md": "4"])
        XCTAssertThrowsError(
            try ImageFolderDataset(directory: root.path, decoder: textDecoder, recognizer: byExtension)
        ) {
            // Two of the three loose files are images; the first in byte order is the example.
            let example = root.appendingPathComponent("a.jpg").path
            XCTAssertEqual(
                $0 as? DataError, .imagesOutsideClassFolders(directory: root.path, count: 2, example: example))
            XCTAssertEqual(
                "\($0)",
                "\(root.path): 2 images (e.g. \(example)) but no class subfolders: a dataset folder holds one "
                    + "folder per class (\(root.path)/cat/1.png); move the images into class folders")
        }
        let textOnly = try makeClassFolders(["notes.txt": "3"])
        XCTAssertThrowsError(
            try ImageFolderDataset(directory: textOnly.path, decoder: textDecoder, recognizer: byExtension)
        ) {
            XCTAssertEqual($0 as? DataError, .noClasses(directory: textOnly.path))
        }
    }
}
