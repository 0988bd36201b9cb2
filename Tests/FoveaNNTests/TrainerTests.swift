import XCTest

@testable import FoveaNN

final class TrainerTests: XCTestCase {
    /// A small net touching every layer kind with a batch reduction: conv, BatchNorm, residual, pooling,
    /// dropout, dense.
    static let layers: [LayerSpec] = [
        .conv2D(outputChannels: 4, kernelSize: 3, padding: 1), .batchNorm(), .activation(.relu),
        .residual(outputChannels: 6, stride: 2), .maxPool2D(size: 2, stride: 2), .prelu, .flatten,
        .dense(outputs: 12), .batchNorm(), .activation(.elu(alpha: 1)), .dropout(rate: 0.3), .dense(outputs: 3),
    ]

    private func trainedWeights(threads: Int, steps: Int = 3) throws -> [Tensor] {
        let model = try Model(name: "test", layers: Self.layers, inputShape: [2, 8, 8], seed: 42)
        let trainer = Trainer(model: model, optimizer: Optimizer(Adam(), learningRate: 0.01), threads: threads)
        for step in 0..<steps {
            // 21 samples: two full groups of 8 and a partial one.
            let inputs = randomTensor([21, 2, 8, 8], seed: UInt64(step))
            _ = try trainer.trainStep(inputs: inputs, labels: (0..<21).map { ($0 * 7 + step) % 3 })
        }
        return model.parameters.map(\.tensor)
    }

    func testFrozenLayersKeepWeightsAndBatchNormStatisticsBitIdentical() throws {
        let model = try Model(name: "test", layers: Self.layers, inputShape: [2, 8, 8], seed: 42)
        let head = try XCTUnwrap(model.layers.last?.name)
        let frozen = Set(model.layers.map(\.name).filter { $0 != head })
        // Every BatchNorm is frozen with them: the top-level ones and those inside the residual block.
        XCTAssertEqual(model.parameters.filter { $0.name.hasSuffix("runningMean") }.count, 5)
        model.setFrozen(true, layers: frozen)
        let before = model.parameters.map(\.tensor)
        let trainer = Trainer(model: model, optimizer: Optimizer(Adam(), learningRate: 0.01), threads: 2)
        for step in 0..<3 {
            let inputs = randomTensor([21, 2, 8, 8], seed: UInt64(step))
            _ = try trainer.trainStep(inputs: inputs, labels: (0..<21).map { ($0 * 7 + step) % 3 })
        }
        for (parameter, old) in zip(model.parameters, before) {
            if parameter.isFrozen {
                XCTAssertEqual(parameter.tensor, old, "\(parameter.name) is frozen")
            } else {
                XCTAssertNotEqual(parameter.tensor, old, "\(parameter.name) trains")
            }
        }
        XCTAssertEqual(model.parameters.filter { !$0.isFrozen }.map(\.name), ["\(head).weight", "\(head).bias"])
    }

    func testWeightsAreBitIdenticalWhateverTheThreadCount() throws {
        // Split even the smallest layers across threads, so every parallel path is compared.
        let saved = BatchPartition.minimumParallelWork
        BatchPartition.minimumParallelWork = 1
        defer { BatchPartition.minimumParallelWork = saved }
        let one = try trainedWeights(threads: 1)
        XCTAssertEqual(one, try trainedWeights(threads: 2))
        XCTAssertEqual(one, try trainedWeights(threads: 3))
        let untrained = try Model(name: "test", layers: Self.layers, inputShape: [2, 8, 8], seed: 42).parameters.map(
            \.tensor)
        XCTAssertNotEqual(one, untrained)
    }

    func testTrainingSeparatesTwoEasyClasses() throws {
        // Class 0: left half bright; class 1: right half bright (plus noise).
        var random = RandomStream(seed: 3)
        let labels = (0..<32).map { $0 % 2 }
        let inputs = Tensor(shape: [32, 1, 6, 6]) { index in
            let bright = (index[3] < 3) == (labels[index[0]] == 0)
            return (bright ? 1 : 0) + Float(random.uniform(-0.2, 0.2))
        }
        let model = try Model(
            name: "toy",
            layers: [.conv2D(outputChannels: 2, kernelSize: 3), .activation(.relu), .flatten, .dense(outputs: 2)],
            inputShape: [1, 6, 6], seed: 1)
        let trainer = Trainer(model: model, optimizer: Optimizer(SGD(momentum: 0.9), learningRate: 0.05), threads: 2)
        let first = try trainer.trainStep(inputs: inputs, labels: labels)
        var last = first
        for _ in 0..<30 { last = try trainer.trainStep(inputs: inputs, labels: labels) }
        XCTAssertLessThan(last.loss, first.loss / 4)
        let evaluation = try trainer.evaluate(inputs: inputs, labels: labels)
        XCTAssertEqual(evaluation.correct, 32)
        XCTAssertEqual(evaluation.logits.shape, [32, 2])
        let probabilities = try trainer.predict(inputs: inputs)
        XCTAssertEqual(probabilities.scalars[0] + probabilities.scalars[1], 1, accuracy: 1e-6)
        XCTAssertEqual(trainer.step, 31)
    }

    func testMismatchedBatchesAreTypedErrors() throws {
        let trainer = Trainer(model: try Model(architecture: .mlp), optimizer: Optimizer(SGD(), learningRate: 1))
        XCTAssertThrowsError(try trainer.trainStep(inputs: Tensor(shape: [2, 1, 28, 28]), labels: [1])) { error in
            guard case .labelMismatch = error as? NNError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try trainer.trainStep(inputs: Tensor(shape: [2, 3, 28, 28]), labels: [1, 2])) { error in
            guard case .layerInputMismatch = error as? NNError else { return XCTFail("\(error)") }
        }
    }
}
