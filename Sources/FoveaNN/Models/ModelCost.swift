import Foundation

/// What a network costs to run: multiply-adds per sample and the memory a training step holds.
///
/// Multiply-adds count the products of convolutions and dense layers, one per weight use:
/// conv `O · Hₒ · Wₒ · (C/G) · K²`, dense `O · I` (bias additions, pooling, activations and BatchNorm are
/// not multiply-adds and are left out, as in the papers' counts). FLOPs are 2 × multiply-adds.
extension LayerSpec {
    /// Multiply-adds of one sample's forward pass for a per-sample `input` shape.
    /// - Throws: the shape errors of ``outputShape(for:layerName:)``.
    public func multiplyAdds(for input: [Int]) throws -> Int {
        let output = try outputShape(for: input)
        switch self {
        case .conv2D(let outputChannels, let kernelSize, _, _, let groups, _, _):
            return outputChannels * output[1] * output[2] * (input[0] / groups) * kernelSize * kernelSize
        case .dense(let outputs, _, _):
            return outputs * input[0]
        case .residual(let outputChannels, let stride):
            let plane = output[1] * output[2]
            let main = outputChannels * plane * input[0] * 9 + outputChannels * plane * outputChannels * 9
            let projection = output == input && stride == 1 ? 0 : outputChannels * plane * input[0]
            return main + projection
        case .sequential(let layers):
            var (shape, total) = (input, 0)
            for layer in layers {
                total += try layer.multiplyAdds(for: shape)
                shape = try layer.outputShape(for: shape)
            }
            return total
        case .maxPool2D, .averagePool2D, .globalAveragePool, .flatten, .activation, .prelu, .dropout, .batchNorm:
            return 0
        }
    }

    /// Floats of scratch memory one training step reserves for this layer at `batchSize`, following the
    /// implementation: a convolution's im2col columns (and their gradient) per group of 8 samples, its weight-
    /// gradient partials per group, and the cached columns when they fit in 2²⁴ floats; a dense layer's
    /// gradient partials per group; a max pool's winner indices; a dropout mask.
    func trainingScratch(for input: [Int], batchSize: Int) throws -> Int {
        let output = try outputShape(for: input)
        let groups = (batchSize + 7) / 8
        switch self {
        case .conv2D(let outputChannels, let kernel, let stride, let padding, let channelGroups, _, _):
            let rows = input[0] / channelGroups * kernel * kernel
            let columnStride = rows * output[1] * output[2] + 8
            let padded = (input[1] + 2 * padding) * (input[2] + 2 * padding) + 8
            let pointwise = kernel == 1 && stride == 1 && padding == 0
            let scratch = pointwise ? 0 : groups * (2 * columnStride + padded)
            let cache = batchSize * channelGroups * columnStride
            let partials = groups * (outputChannels * rows + outputChannels)
            return scratch + partials + (!pointwise && cache <= 1 << 24 ? cache : 0)
        case .dense(let outputs, _, _):
            return groups * (outputs * input[0] + outputs)
        case .maxPool2D:
            return batchSize * output.elementCount
        case .dropout:
            return batchSize * input.elementCount
        case .batchNorm, .prelu:
            return groups * 2 * (input.first ?? 1)
        case .residual(let outputChannels, let stride):
            // Two 3×3 convolutions (and a 1×1 projection), three BatchNorms, and the block's own activations.
            let first = LayerSpec.conv2D(outputChannels: outputChannels, kernelSize: 3, stride: stride, padding: 1)
            let second = LayerSpec.conv2D(outputChannels: outputChannels, kernelSize: 3, padding: 1)
            let projection = LayerSpec.conv2D(outputChannels: outputChannels, kernelSize: 1, stride: stride)
            let inner =
                try first.trainingScratch(for: input, batchSize: batchSize)
                + second.trainingScratch(for: output, batchSize: batchSize)
                + projection.trainingScratch(for: input, batchSize: batchSize)
            return inner + 6 * batchSize * output.elementCount
        case .sequential(let layers):
            var (shape, total) = (input, 0)
            for layer in layers {
                total += try layer.trainingScratch(for: shape, batchSize: batchSize)
                total += 2 * batchSize * shape.elementCount
                shape = try layer.outputShape(for: shape)
            }
            return total
        case .averagePool2D, .globalAveragePool, .flatten, .activation:
            return 0
        }
    }

    /// Floats of state (not trained) the layer keeps: BatchNorm's running mean and variance.
    func stateCount(for input: [Int]) throws -> Int {
        switch self {
        case .batchNorm: return 2 * (input.first ?? 1)
        case .residual(let outputChannels, _):
            let output = try outputShape(for: input)
            return 2 * outputChannels * (output == input ? 2 : 3)
        case .sequential(let layers):
            var (shape, total) = (input, 0)
            for layer in layers {
                total += try layer.stateCount(for: shape)
                shape = try layer.outputShape(for: shape)
            }
            return total
        default: return 0
        }
    }
}

/// The memory one training step of a model holds, in bytes, for a batch size and an optimizer.
///
/// An estimate from the layer specs that follows what Fovea allocates: weights and their gradients, the
/// optimizer's per-parameter state, every layer's output and its gradient for the batch (the forward
/// activations are kept for the backward pass), and each layer's scratch (im2col columns and per-group
/// gradient partials, see ``LayerSpec``). The loader's prefetched batches are counted as inputs.
public struct MemoryEstimate: Sendable, Hashable {
    /// Weights and BatchNorm statistics (4 bytes each).
    public var parameters: Int
    /// Weight gradients.
    public var gradients: Int
    /// The optimizer's state (momentum, moments…).
    public var optimizerState: Int
    /// Layer outputs and their gradients for the batch, forward and backward.
    public var activations: Int
    /// Per-layer scratch of a training step.
    public var scratch: Int
    /// Input batches: the one being trained on and those the loader builds ahead.
    public var inputs: Int

    /// Everything together.
    public var total: Int { parameters + gradients + optimizerState + activations + scratch + inputs }
}

extension ModelSummary {
    /// Multiply-adds of one sample's forward pass (see ``LayerSpec/multiplyAdds(for:)``).
    public var totalMultiplyAdds: Int { rows.reduce(0) { $0 + $1.multiplyAdds } }

    /// The memory of a training step at `batchSize` with an optimizer keeping `optimizerSlots` floats per
    /// trainable parameter (0 for SGD, 1 for momentum and RMSprop, 2 for Adam), and `prefetchedBatches` input
    /// batches built ahead by the loader.
    public func trainingMemory(batchSize: Int, optimizerSlots: Int, prefetchedBatches: Int = 0) -> MemoryEstimate {
        let outputs = rows.reduce(0) { $0 + $1.outputShape.elementCount }
        return MemoryEstimate(
            parameters: 4 * (totalParameters + rows.reduce(0) { $0 + $1.stateCount }),
            gradients: 4 * totalParameters,
            optimizerState: 4 * optimizerSlots * totalParameters,
            activations: 4 * 2 * batchSize * outputs,
            scratch: 4
                * rows.reduce(0) {
                    $0 + ((try? $1.spec.trainingScratch(for: $1.inputShape, batchSize: batchSize)) ?? 0)
                },
            inputs: 4 * (1 + prefetchedBatches) * batchSize * inputShape.elementCount)
    }

    /// The memory of an inference pass at `batchSize`: weights, one output per layer and the convolution columns.
    public func inferenceMemory(batchSize: Int) -> Int {
        let outputs = rows.reduce(0) { $0 + $1.outputShape.elementCount }
        return 4 * (totalParameters + batchSize * (outputs + inputShape.elementCount))
    }
}

/// `bytes` in binary units with one decimal: `512 B`, `1.5 KiB`, `23.4 MiB`, `1.2 GiB`.
public func describeBytes(_ bytes: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
}

/// `value` with thousands separated by commas: `416520` → `416,520`.
public func groupedDigits(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
        if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
        out.append(character)
    }
    return (value < 0 ? "-" : "") + out
}
