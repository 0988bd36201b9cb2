import XCTest

@testable import FoveaNN

final class ScheduleTests: XCTestCase {
    func testStepDecayDividesEveryPeriod() {
        var schedule = StepDecay(initialRate: 1, factor: 0.5, every: 2)
        XCTAssertEqual((1...5).map { schedule.update(epoch: $0, validationMetric: nil) }, [1, 0.5, 0.5, 0.25, 0.25])
    }

    func testReduceOnPlateauDividesByTenWhenAccuracyStalls() {
        var schedule = ReduceOnPlateau(initialRate: 0.01, factor: 0.1, patience: 1)
        let rates = [0.5, 0.6, 0.6, 0.55, 0.7, 0.7, 0.7].enumerated().map {
            schedule.update(epoch: $0 + 1, validationMetric: $1)
        }
        XCTAssertEqual(rates[0...3].map { $0 }, [0.01, 0.01, 0.01, 0.001])
        XCTAssertEqual(rates[4], 0.001)
        XCTAssertEqual(rates[6], 0.0001, accuracy: 1e-9)
    }

    func testCosineGoesFromInitialToMinimum() {
        var schedule = CosineAnnealing(initialRate: 1, minimumRate: 0.1, epochs: 4)
        XCTAssertEqual(schedule.update(epoch: 2, validationMetric: nil), 0.55, accuracy: 1e-6)
        XCTAssertEqual(schedule.update(epoch: 4, validationMetric: nil), 0.1, accuracy: 1e-6)
        XCTAssertEqual(schedule.update(epoch: 9, validationMetric: nil), 0.1, accuracy: 1e-6)
    }
}
