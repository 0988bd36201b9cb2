import Foundation
import XCTest

@testable import FoveaNN

final class CheckpointJSONTests: XCTestCase {
    struct Record: Codable, Equatable {
        var loss: Double
        var best: Float
        var settings: [String: Double]
    }

    func testNonFiniteNumbersRoundTripInsteadOfFailingTheCheckpoint() throws {
        // A diverged run: the loss is NaN and a plateau scheduler's "best" is still −∞.
        let record = Record(loss: .nan, best: -.infinity, settings: ["b": .infinity, "a": 1])
        let data = try CheckpointJSON.encoder().encode(record)
        XCTAssertEqual(
            String(decoding: data, as: UTF8.self), #"{"best":"-inf","loss":"nan","settings":{"a":1,"b":"inf"}}"#)
        let decoded = try CheckpointJSON.decoder().decode(Record.self, from: data)
        XCTAssertTrue(decoded.loss.isNaN)
        XCTAssertEqual(decoded.best, -.infinity)
        XCTAssertEqual(decoded.settings, ["a": 1, "b": .infinity])
    }
}
