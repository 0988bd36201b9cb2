import XCTest

@testable import FoveaData

final class NormalizationTests: XCTestCase {
    func testNormalizationStatisticsComeFromThePreparedSamples() throws {
        // Half the pixels 0, half 1: mean 0.5, population standard deviation 0.5.
        let dataset = try InMemoryDataset(
            images: [constantImage(0), constantImage(255), constantImage(0), constantImage(255)],
            labels: [0, 1, 0, 1], source: "halves")
        let stats = try Normalization.computed(from: dataset, format: InputFormat(channels: 1, width: 4, height: 4))
        XCTAssertEqual(stats.mean[0], 0.5, accuracy: 1e-6)
        XCTAssertEqual(stats.std[0], 0.5, accuracy: 1e-6)
    }
}
