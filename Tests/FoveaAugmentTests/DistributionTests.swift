import Foundation
import XCTest

@testable import FoveaAugment

final class DistributionTests: XCTestCase {
    func testUniformDrawsStayInRangeAndCoverIt() {
        var rng = RandomStream(seed: 1)
        let draws = (0..<4000).map { _ in Distribution.uniform(-10, 10).sample(using: &rng) }
        XCTAssertTrue(draws.allSatisfy { $0 >= -10 && $0 < 10 })
        XCTAssertLessThan(draws.min()!, -9.9)
        XCTAssertGreaterThan(draws.max()!, 9.9)
        XCTAssertEqual(draws.reduce(0, +) / 4000, 0, accuracy: 0.5)  // σ of the mean: 5.77/√4000 = 0.09
    }

    func testLogUniformIsSymmetricInTheLogarithm() {
        var rng = RandomStream(seed: 2)
        let draws = (0..<4000).map { _ in Distribution.reciprocal(1.6).sample(using: &rng) }
        XCTAssertTrue(draws.allSatisfy { $0 >= 1 / 1.6 && $0 < 1.6 })
        let logs = draws.map { log($0) }
        // log s is U(−0.47, 0.47): mean 0 (σ of the mean 0.0043), and half the draws are below 1.
        XCTAssertEqual(logs.reduce(0, +) / 4000, 0, accuracy: 0.02)
        XCTAssertEqual(Double(draws.filter { $0 < 1 }.count) / 4000, 0.5, accuracy: 0.04)
        XCTAssertLessThan(draws.min()!, 1 / 1.6 * 1.01)
        XCTAssertGreaterThan(draws.max()!, 1.6 / 1.01)
    }

    func testConstantDrawsNothing() {
        var rng = RandomStream(seed: 3)
        XCTAssertEqual(Distribution.constant(90).sample(using: &rng), 90)
        XCTAssertEqual(rng.counter, 0)
        XCTAssertEqual(Distribution.symmetric(8).bounds, -8...8)
    }
}
