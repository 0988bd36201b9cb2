/// Checks that a loaded checkpoint describes a network that can be built from what the file holds, before
/// anything is allocated: a file whose CRC is right can still come from a stranger, and a layer spec of
/// "dense 900,000,000" or an input of 40000×40000 must be an error, not an 18 GB allocation or a trap.
extension Checkpoint {
    /// Largest channel count, feature count or spatial extent a checkpoint may declare.
    static let maximumExtent = 1 << 16
    /// Largest kernel, window, stride or padding a checkpoint may declare.
    static let maximumWindow = 1 << 10
    /// Largest number of scalars in one sample's input or in any layer's output.
    static let maximumActivation = 1 << 28

    /// Throws `NNError.corruptCheckpoint` unless every declared size is within the bounds above, every layer's
    /// output shape can be inferred, and the layers' trainable parameter count equals the scalars saved for them.
    func validateArchitecture(path: String = "checkpoint") throws {
        func fail(_ reason: String) -> NNError { .corruptCheckpoint(path: path, reason: reason) }
        guard !inputShape.isEmpty, inputShape.count <= 3,
            inputShape.allSatisfy({ (1...Self.maximumExtent).contains($0) }),
            inputShape.reduce(1, *) <= Self.maximumActivation
        else { throw fail("input shape \(inputShape) is outside the supported sizes") }
        for spec in layers { try checkBounds(spec, fail) }
        var shape = inputShape
        var declared = 0
        for spec in layers {
            declared += try spec.parameterCount(for: shape)
            shape = try spec.outputShape(for: shape)
            guard shape.allSatisfy({ $0 >= 1 }), shape.reduce(1, *) <= Self.maximumActivation else {
                throw fail("a layer's output shape \(shape) is outside the supported sizes")
            }
        }
        let saved = tensors.reduce(0) { $0 + $1.tensor.shape.reduce(1, *) }
        let state = layers.reduce(0) { $0 + stateCount(of: $1) }
        guard declared <= saved, saved <= declared + stateCountBound(state) else {
            throw fail("the layers declare \(declared) trainable parameters but the file holds \(saved) scalars")
        }
    }

    private func checkBounds(_ spec: LayerSpec, _ fail: (String) -> NNError) throws {
        let extent = 1...Self.maximumExtent
        let window = 1...Self.maximumWindow
        switch spec {
        case .conv2D(let outputs, let kernel, let stride, let padding, let groups, _, _):
            guard extent.contains(outputs), window.contains(kernel), window.contains(stride),
                (0...Self.maximumWindow).contains(padding), extent.contains(groups)
            else { throw fail("conv layer with out-of-range settings: \(spec.summary)") }
        case .maxPool2D(let size, let stride, let padding), .averagePool2D(let size, let stride, let padding):
            guard window.contains(size), window.contains(stride), (0...Self.maximumWindow).contains(padding) else {
                throw fail("pooling layer with out-of-range settings: \(spec.summary)")
            }
        case .dense(let outputs, _, _):
            guard extent.contains(outputs) else { throw fail("dense layer with \(outputs) outputs") }
        case .residual(let outputs, let stride):
            guard extent.contains(outputs), window.contains(stride) else {
                throw fail("residual block with out-of-range settings: \(spec.summary)")
            }
        case .dropout(let rate):
            guard rate >= 0, rate < 1 else { throw fail("dropout rate \(rate) outside [0, 1)") }
        case .sequential(let inner):
            for layer in inner { try checkBounds(layer, fail) }
        case .globalAveragePool, .flatten, .activation, .prelu, .batchNorm:
            break
        }
    }

    /// BatchNorm layers also save running statistics (state); count how many BatchNorms there are.
    private func stateCount(of spec: LayerSpec) -> Int {
        switch spec {
        case .batchNorm: 1
        case .residual: 3
        case .sequential(let inner): inner.reduce(0) { $0 + stateCount(of: $1) }
        default: 0
        }
    }

    /// Running mean and variance per channel, at most `maximumExtent` channels each.
    private func stateCountBound(_ batchNorms: Int) -> Int { batchNorms * 2 * Self.maximumExtent }
}
