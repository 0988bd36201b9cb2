import Foundation
import XCTest

@testable import FoveaData

/// The file-backed sources (IDX pairs and class folders of real image files) opened through
/// ``DatasetSource``.
final class DatasetSourceTests: XCTestCase {
    private let mnistImages = repositoryRoot.appendingPathComponent("Fixtures/mnist/mnist4k-images-idx3-ubyte.gz").path

    func testBundledDigitsOpenWithTheirSiblingLabelFile() throws {
        // The fixture holds 4,000 digits, 400 of each class (as the issue states).
        let dataset = try DatasetSource.open(mnistImages)
        XCTAssertEqual(dataset.count, 4000)
        XCTAssertEqual(dataset.classNames, (0...9).map(String.init))
        XCTAssertEqual(dataset.classCounts, [Int](repeating: 400, count: 10))
        let first = try dataset.image(at: 0)
        XCTAssertEqual([first.width, first.height], [28, 28])
        XCTAssertEqual(first.layout, .gray)
    }

    func testIDXCountMismatchNamesBothFiles() throws {
        let directory = try makeTemporaryDirectory(self)
        let images = directory.appendingPathComponent("x-images-idx3-ubyte").path
        let labels = directory.appendingPathComponent("x-labels-idx1-ubyte").path
        let digit = Image<UInt8>.assumingValid(width: 2, height: 2, layout: .gray, samples: [0, 1, 2, 3])
        try IDX.writeImages([digit, digit, digit], to: images)
        try IDX.writeLabels([1, 2], to: labels)
        XCTAssertThrowsError(try DatasetSource.open(images, labels: labels)) {
            XCTAssertEqual($0 as? DataError, .countMismatch(images: 3, labels: 2, imagePath: images, labelPath: labels))
            XCTAssertTrue("\($0)".contains("3 images"), "\($0)")
        }
    }

    func testMissingLabelFileIsAClearError() throws {
        let directory = try makeTemporaryDirectory(self)
        let images = directory.appendingPathComponent("digits-images-idx3-ubyte").path
        try IDX.writeImages([Image<UInt8>.assumingValid(width: 1, height: 1, layout: .gray, samples: [9])], to: images)
        XCTAssertThrowsError(try DatasetSource.open(images)) {
            XCTAssertEqual($0 as? DataError, .missingLabelFile(imagePath: images))
        }
        let absent = directory.appendingPathComponent("absent-labels").path
        XCTAssertThrowsError(try DatasetSource.open(images, labels: absent)) {
            XCTAssertEqual($0 as? DataError, .missingFile(path: absent))
        }
    }

    func testClassFolderOfPNGsDecodesAndReportsACorruptFileByPath() throws {
        let root = try makeTemporaryDirectory(self)
        for (folder, value) in [("seven", UInt8(70)), ("one", UInt8(10))] {
            let directory = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let image = Image<UInt8>.assumingValid(
                width: 3, height: 3, layout: .gray, samples: .init(repeating: value, count: 9))
            try ImageFile.write(AnyImage(image), to: directory.appendingPathComponent("a.png").path)
        }
        let dataset = try DatasetSource.open(root.path)
        XCTAssertEqual(dataset.classNames, ["one", "seven"])
        XCTAssertEqual(try dataset.image(at: 1).converted(to: UInt8.self).samples.first, 70)

        let corrupt = root.appendingPathComponent("seven/b.png").path
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0]).write(to: URL(fileURLWithPath: corrupt))
        let reopened = try DatasetSource.open(root.path)
        XCTAssertThrowsError(try reopened.image(at: 2)) { error in
            guard case .unreadableImage(let path, _) = error as? DataError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, corrupt)
        }
    }
}
