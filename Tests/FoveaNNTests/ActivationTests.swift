import XCTest

@testable import FoveaNN

final class ActivationTests: XCTestCase {
    func testActivationsMatchTheirFormulas() throws {
        let input = try Tensor(shape: [1, 4], scalars: [-2, -0.5, 0.5, 3])
        func apply(_ function: ActivationFunction) throws -> [Float] {
            try makeLayer(.activation(function), inputShape: [4]).forward(input).scalars
        }
        XCTAssertEqual(try apply(.relu), [0, 0, 0.5, 3])
        XCTAssertEqual(try apply(.leakyReLU(slope: 0.1)), [-0.2, -0.05, 0.5, 3])
        XCTAssertEqual(try apply(.softsign), [-2.0 / 3, -0.5 / 1.5, 0.5 / 1.5, 0.75])
        let elu = try apply(.elu(alpha: 1))
        XCTAssertEqual(elu[0], Float(exp(-2.0) - 1), accuracy: 1e-6)
        let sigmoid = try apply(.sigmoid)
        XCTAssertEqual(sigmoid[3], Float(1 / (1 + exp(-3.0))), accuracy: 1e-6)
        let tanh = try apply(.tanh)
        XCTAssertEqual(tanh[1], Float(Foundation.tanh(-0.5)), accuracy: 1e-6)
        let softplus = try apply(.softplus)
        XCTAssertEqual(softplus[0], Float(log(1 + exp(-2.0))), accuracy: 1e-6)
        XCTAssertEqual(softplus[3], Float(log(1 + exp(3.0))), accuracy: 1e-6)
    }

    func testGradientsMatchFiniteDifferences() throws {
        let functions: [ActivationFunction] = [
            .relu, .leakyReLU(slope: 0.2), .elu(alpha: 0.7), .sigmoid, .tanh, .softplus, .softsign,
        ]
        for function in functions {
            let layer = try makeLayer(.activation(function), inputShape: [2, 3, 3])
            try checkGradients(of: layer, input: randomTensor([2, 2, 3, 3], seed: 5, margin: 0.05), epsilon: 1e-2)
        }
    }

    func testPReLUUsesOneSlopePerChannelAndLearnsIt() throws {
        let layer = try makeLayer(.prelu, inputShape: [2, 1, 2])
        let output = try layer.forward(try Tensor(shape: [1, 2, 1, 2], scalars: [-4, 4, -8, 8]))
        XCTAssertEqual(output.scalars, [-1, 4, -2, 8])
        try checkGradients(of: layer, input: randomTensor([3, 2, 1, 2], seed: 6, margin: 0.05))
        try checkGradients(
            of: try makeLayer(.prelu, inputShape: [5]), input: randomTensor([4, 5], seed: 7, margin: 0.05))
    }

    func testDropoutIsInvertedSeededAndIdentityInInference() throws {
        let layer = try makeLayer(.dropout(rate: 0.5), inputShape: [1000])
        let input = Tensor(shape: [2, 1000], repeating: 1)
        let training = PassContext(isTraining: true, step: 3)
        let output = try layer.forward(input, context: training)
        XCTAssertTrue(output.scalars.allSatisfy { $0 == 0 || $0 == 2 })
        let kept = output.scalars.filter { $0 > 0 }.count
        XCTAssertTrue((900...1100).contains(kept), "kept \(kept) of 2000")
        XCTAssertEqual(try layer.forward(input, context: training), output, "same step, same mask")
        XCTAssertNotEqual(try layer.forward(input, context: PassContext(isTraining: true, step: 4)), output)
        XCTAssertEqual(try layer.forward(input, context: PassContext(threads: 2, isTraining: true, step: 3)), output)
        XCTAssertEqual(try layer.forward(input), input)
        try checkGradients(of: layer, input: randomTensor([2, 1000], seed: 1), context: training, probes: 8)
    }
}
