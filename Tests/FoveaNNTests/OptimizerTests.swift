import XCTest

@testable import FoveaNN

final class OptimizerTests: XCTestCase {
    /// One parameter [1, −2] with a fixed gradient, updated `steps` times by `optimizer`.
    private func run(_ optimizer: Optimizer, gradient: [Float] = [0.5, -1], steps: Int) throws -> [Float] {
        let parameter = Parameter(name: "w", shape: [2])
        try parameter.setValues([1, -2])
        for _ in 0..<steps {
            for (i, g) in gradient.enumerated() { parameter.gradient.pointer[i] = g }
            optimizer.update([parameter])
        }
        return parameter.value.array()
    }

    func testPlainSGD() throws {
        XCTAssertEqual(try run(Optimizer(SGD(), learningRate: 0.1), steps: 2), [0.9, -1.8])
    }

    func testMomentumAccumulatesVelocity() throws {
        // v1 = g, v2 = 0.9g + g = 1.9g: w = w0 − 0.1·(1 + 1.9)·g.
        let w = try run(Optimizer(SGD(momentum: 0.9), learningRate: 0.1), steps: 2)
        XCTAssertEqual(w[0], 1 - 0.1 * 2.9 * 0.5, accuracy: 1e-6)
        XCTAssertEqual(w[1], -2 + 0.1 * 2.9, accuracy: 1e-6)
    }

    func testNesterovLooksAhead() throws {
        // Step 1: v = g, update g + 0.9g = 1.9g; step 2: v = 1.9g, update g + 0.9·1.9g = 2.71g.
        let w = try run(Optimizer(SGD(momentum: 0.9, nesterov: true), learningRate: 0.1), steps: 2)
        XCTAssertEqual(w[0], 1 - 0.1 * (1.9 + 2.71) * 0.5, accuracy: 1e-6)
    }

    func testRMSprop() throws {
        // s = 0.1·g², w −= η·g/√s = η·sign(g)·√10.
        let w = try run(Optimizer(RMSprop(rho: 0.9, epsilon: 0), learningRate: 0.01), steps: 1)
        XCTAssertEqual(w[0], 1 - 0.01 * Float(10).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(w[1], -2 + 0.01 * Float(10).squareRoot(), accuracy: 1e-6)
    }

    func testAdamFirstStepsMoveByTheLearningRate() throws {
        // With a constant gradient, m̂ = g and v̂ = g², so each step moves by η·sign(g) (ε = 0).
        let w = try run(Optimizer(Adam(epsilon: 0), learningRate: 0.01), steps: 3)
        XCTAssertEqual(w[0], 1 - 0.03, accuracy: 1e-6)
        XCTAssertEqual(w[1], -2 + 0.03, accuracy: 1e-6)
    }

    func testWeightDecayIsL2ForSGDAndDecoupledForAdamW() throws {
        // SGD: g' = g + λw = 0.5 + 0.1·1.
        let sgd = try run(Optimizer(SGD(), learningRate: 1, weightDecay: 0.1), steps: 1)
        XCTAssertEqual(sgd[0], 1 - 0.6, accuracy: 1e-6)
        // AdamW: w −= η(sign(g) + λw) = 0.01·(1 + 0.1).
        let adamW = try run(
            Optimizer(Adam(epsilon: 0, decoupled: true), learningRate: 0.01, weightDecay: 0.1), steps: 1)
        XCTAssertEqual(adamW[0], 1 - 0.011, accuracy: 1e-6)
    }

    func testClippingByNormAndByValue() throws {
        // ‖[3, 4]‖ = 5, clipped to 1: g = [0.6, 0.8].
        let norm = try run(Optimizer(SGD(), learningRate: 1, clipping: .norm(1)), gradient: [3, 4], steps: 1)
        XCTAssertEqual(norm[0], 0.4, accuracy: 1e-6)
        XCTAssertEqual(norm[1], -2.8, accuracy: 1e-6)
        let value = try run(Optimizer(SGD(), learningRate: 1, clipping: .value(0.5)), gradient: [3, -0.25], steps: 1)
        XCTAssertEqual(value, [0.5, -1.75])
    }

    func testFrozenAndStateTensorsAreLeftAlone() throws {
        let frozen = Parameter(name: "frozen", shape: [1])
        frozen.isFrozen = true
        frozen.gradient.pointer[0] = 1
        let state = Parameter(name: "state", shape: [1], role: .state)
        Optimizer(SGD(), learningRate: 1).update([frozen, state])
        XCTAssertEqual(frozen.value.array(), [0])
        XCTAssertEqual(state.value.array(), [0])
    }
}
