import Foundation
import XCTest

import FoveaTraining

@testable import FoveaExport

/// A fresh temporary directory, removed when the test ends.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-export-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// `architecture` (with `classes` outputs) with every bias, BatchNorm scale/shift/statistic and PReLU slope
/// moved off its initial value (0 or 1) by a seeded draw, so an exporter that dropped or swapped one of them
/// would be caught.
/// Running variances are drawn from [0.5, 2], scales from [0.5, 1.5], the rest from [−0.2, 0.2].
func perturbedModel(_ architecture: Architecture, classes: Int? = nil, seed: UInt64 = 3) throws -> Model {
    let model = try Model(architecture: architecture, classes: classes, seed: seed)
    perturb(model, seed: seed)
    return model
}

/// Perturbs a model in place as ``perturbedModel(_:classes:seed:)`` describes.
func perturb(_ model: Model, seed: UInt64) {
    for (index, parameter) in model.parameters.enumerated() where !parameter.name.hasSuffix(".weight") {
        var random = RandomStream(seed: seed, UInt64(index))
        let (low, high): (Double, Double) =
            parameter.name.hasSuffix("runningVariance")
            ? (0.5, 2) : parameter.name.hasSuffix("gamma") ? (0.5, 1.5) : (-0.2, 0.2)
        try? parameter.setValues((0..<parameter.count).map { _ in Float(random.uniform(low, high)) })
    }
}

/// `count` samples of `shape` with every value uniform in [0, 1], from `seed`.
func randomInputs(count: Int, shape: [Int], seed: UInt64 = 11) throws -> Tensor {
    var random = RandomStream(seed: seed)
    let size = shape.reduce(1, *)
    return try Tensor(shape: [count] + shape, scalars: (0..<count * size).map { _ in Float(random.nextUnit()) })
}

/// Fovea's logits for raw [0, 1] inputs: standardised as the data loader does (`(x − mean)·(1/std)`), then
/// the model's inference pass.
func foveaLogits(_ model: Model, inputs: Tensor, normalization: Normalization?) throws -> Tensor {
    guard let normalization else { return try model(inputs) }
    let channels = model.inputShape[0]
    let plane = model.inputShape.dropFirst().reduce(1, *)
    var scalars = inputs.scalars
    for index in scalars.indices {
        let c = index / plane % channels
        scalars[index] = (scalars[index] - normalization.mean[c]) * (1 / normalization.std[c])
    }
    return try model(try Tensor(shape: inputs.shape, scalars: scalars))
}

/// The index of the first largest value of each row of an `[N, K]` tensor.
func argmax(_ logits: Tensor) -> [Int] {
    let k = logits.shape[1]
    return (0..<logits.shape[0]).map { row in
        let values = logits.scalars[row * k..<(row + 1) * k]
        var best = 0
        for (offset, value) in values.enumerated() where value > values[values.startIndex + best] { best = offset }
        return best
    }
}

/// Writes `tensor` as a float32 `.npy` file.
func writeNPY(_ tensor: Tensor, to url: URL) throws {
    try NPY.write(try NPYArray(shape: tensor.shape, storage: .float32(tensor.scalars)), to: url.path)
}
