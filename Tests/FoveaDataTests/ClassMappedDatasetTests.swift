import XCTest

@testable import FoveaData

final class ClassMappedDatasetTests: XCTestCase {
    private func dataset(labels: [Int], classNames: [String]) throws -> InMemoryDataset {
        try InMemoryDataset(
            images: labels.map { constantImage(UInt8($0)) }, labels: labels, classNames: classNames, source: "set")
    }

    func testLabelsFollowClassNamesNotPositions() throws {
        // Folders "5" and "7" are classes 0 and 1 of the folder listing, but 5 and 7 of a digit model.
        let subset = try dataset(labels: [0, 1, 1], classNames: ["5", "7"])
        let mapped = try ClassMappedDataset(subset, classNames: (0...9).map(String.init))
        XCTAssertEqual(mapped.labels, [5, 7, 7])
        XCTAssertEqual(mapped.classCount, 10)
        XCTAssertEqual(mapped.classCounts, [0, 0, 0, 0, 0, 1, 0, 2, 0, 0])
    }

    func testAClassTheTargetDoesNotKnowIsAnErrorNamingItAndAFile() throws {
        let data = try dataset(labels: [0, 1], classNames: ["cat", "dog"])
        XCTAssertThrowsError(try ClassMappedDataset(data, classNames: ["cat", "fox"])) { error in
            XCTAssertEqual(error as? DataError, .unknownClass(name: "dog", known: ["cat", "fox"], source: "set[1]"))
            XCTAssertTrue(
                "\(error)".contains("class \"dog\" is not one of the model's 2 classes (cat fox)"), "\(error)")
        }
    }

    func testUnknownClassesWithoutSamplesAreIgnored() throws {
        // IDX labels name every number up to the largest: "1" has no sample here and need not be known.
        let data = try dataset(labels: [0, 2], classNames: ["0", "1", "2"])
        let mapped = try ClassMappedDataset(data, classNames: ["2", "0"])
        XCTAssertEqual(mapped.labels, [1, 0])
    }
}
