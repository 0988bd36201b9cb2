import XCTest

@testable import FoveaData

final class DatasetSplitTests: XCTestCase {
    func testStratifiedSplitTakesTheFractionOfEveryClass() throws {
        // Classes of 10, 20 and 30 samples, interleaved; 20% of each goes to validation: 2, 4 and 6.
        var labels: [Int] = []
        for i in 0..<60 { labels.append(i % 6 == 0 ? 0 : (i % 6 < 3 ? 1 : 2)) }
        XCTAssertEqual([0, 1, 2].map { c in labels.filter { $0 == c }.count }, [10, 20, 30])
        let split = try DatasetSplit.stratified(labels: labels, validationFraction: 0.2, seed: 7)
        let validationCounts = [0, 1, 2].map { c in split.validation.filter { labels[$0] == c }.count }
        XCTAssertEqual(validationCounts, [2, 4, 6])
        XCTAssertEqual(split.training.count, 48)
        XCTAssertEqual(Set(split.training).intersection(split.validation), [])
        XCTAssertEqual((split.training + split.validation).sorted(), Array(0..<60))
    }

    func testSplitDependsOnlyOnTheSeed() throws {
        let labels = (0..<100).map { $0 % 10 }
        let a = try DatasetSplit.stratified(labels: labels, validationFraction: 0.3, seed: 1)
        let b = try DatasetSplit.stratified(labels: labels, validationFraction: 0.3, seed: 1)
        let c = try DatasetSplit.stratified(labels: labels, validationFraction: 0.3, seed: 2)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a.validation, c.validation)
    }

    func testZeroFractionKeepsEverythingForTraining() throws {
        let split = try DatasetSplit.stratified(labels: [0, 1, 1, 0], validationFraction: 0, seed: 3)
        XCTAssertEqual(split.training, [0, 1, 2, 3])
        XCTAssertEqual(split.validation, [])
    }

    func testFractionOutsideTheUnitIntervalIsRejected() {
        XCTAssertThrowsError(try DatasetSplit.stratified(labels: [0, 1], validationFraction: 1, seed: 0)) {
            XCTAssertEqual($0 as? DataError, .invalidValidationFraction(1))
        }
        XCTAssertThrowsError(try DatasetSplit.stratified(labels: [0, 1], validationFraction: -0.1, seed: 0))
    }

    func testEpochOrderIsAPermutationThatChangesEachEpoch() {
        let first = EpochOrder.shuffled(count: 50, seed: 9, epoch: 0)
        let again = EpochOrder.shuffled(count: 50, seed: 9, epoch: 0)
        let second = EpochOrder.shuffled(count: 50, seed: 9, epoch: 1)
        XCTAssertEqual(first.sorted(), Array(0..<50))
        XCTAssertEqual(first, again)
        XCTAssertNotEqual(first, second)
        XCTAssertNotEqual(first, Array(0..<50))
    }
}
