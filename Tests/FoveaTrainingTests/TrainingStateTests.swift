import Foundation
import XCTest

@testable import FoveaTraining

/// Hostile training states (a right CRC around wrong values) are typed errors before anything uses them.
final class TrainingStateTests: XCTestCase {
    private func state() -> TrainingState {
        let options = TrainingOptions(architecture: "mlp", epochs: 5, schedule: .step)
        return TrainingState(
            options: options, completedEpochs: 1, trainerStep: 4,
            schedule: options.schedule.makeSchedule(learningRate: options.learningRate, epochs: options.epochs),
            history: [
                EpochRecord(
                    epoch: 1, trainLoss: 1, trainAccuracy: 0.5, validationLoss: 1, validationAccuracy: 0.5,
                    learningRate: 0.001)
            ],
            bestEpoch: 1, classNames: ["a", "b"], normalization: Normalization(mean: [0.5], std: [0.25]))
    }

    /// `state` after `change`, encoded as a checkpoint would hold it and decoded again.
    private func roundTrip(_ change: (inout TrainingState) -> Void) throws -> TrainingState? {
        var value = state()
        change(&value)
        return try TrainingState(metadata: try value.metadata())
    }

    private func assertRefused(_ field: String, _ change: (inout TrainingState) -> Void, line: UInt = #line) {
        XCTAssertThrowsError(try roundTrip(change), line: line) { error in
            guard case .invalid(let name, _) = error as? TrainingStateError else {
                return XCTFail("expected TrainingStateError, got \(error)", line: line)
            }
            XCTAssertEqual(name, field, line: line)
        }
    }

    func testAValidStateRoundTrips() throws {
        let decoded = try XCTUnwrap(try roundTrip { _ in })
        XCTAssertEqual(decoded.completedEpochs, 1)
        XCTAssertEqual(decoded.options, state().options)
    }

    func testOutOfRangeValuesAreTypedErrors() {
        assertRefused("learning rate") { $0.options.learningRate = -0.1 }
        assertRefused("learning rate") { $0.options.learningRate = .nan }
        assertRefused("learning rate") { $0.options.learningRate = .infinity }
        assertRefused("completed epochs") { $0.completedEpochs = 9 }
        assertRefused("completed epochs") { $0.completedEpochs = -1 }
        assertRefused("history") { $0.history = [] }
        assertRefused("batch size") { $0.options.batchSize = 0 }
        assertRefused("epochs") { $0.options.epochs = 0 }
        assertRefused("validation fraction") { $0.options.validationFraction = .nan }
        assertRefused("epoch reference") { $0.bestEpoch = 7 }
        assertRefused("class names") { $0.classNames = [] }
        assertRefused("class names") { $0.classNames = ["a", "a"] }
        assertRefused("normalisation") { $0.normalization?.std = [0.25, 1] }
        assertRefused("normalisation") { $0.normalization?.std = [0] }
        assertRefused("normalisation") { $0.normalization?.mean = [.nan] }
        assertRefused("step schedule") { $0.schedule = .step(StepDecay(initialRate: 0.1, every: 1).withPeriod(0)) }
        assertRefused("cosine schedule") { $0.schedule = .cosine(CosineAnnealing(initialRate: .nan, epochs: 3)) }
    }
}

private extension StepDecay {
    /// The same schedule with another period, built through its JSON (the initialiser refuses 0, a file need not).
    func withPeriod(_ every: Int) -> StepDecay {
        let json =
            "{\"initialRate\":\(initialRate),\"factor\":\(factor),\"every\":\(every),\"learningRate\":\(learningRate)}"
        return (try? JSONDecoder().decode(StepDecay.self, from: Data(json.utf8))) ?? self
    }
}
