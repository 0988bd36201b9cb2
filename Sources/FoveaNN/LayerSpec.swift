/// An elementwise activation function.
public enum ActivationFunction: Sendable, Codable, Equatable {
    /// max(0, x).
    case relu
    /// x for x > 0, `slope`·x otherwise.
    case leakyReLU(slope: Float)
    /// x for x > 0, `alpha`·(eˣ − 1) otherwise.
    case elu(alpha: Float)
    /// 1 / (1 + e⁻ˣ).
    case sigmoid
    /// tanh x.
    case tanh
    /// ln(1 + eˣ), computed stably.
    case softplus
    /// x / (1 + |x|).
    case softsign

    /// The short name used in layer names and summaries.
    var kind: String {
        switch self {
        case .relu: "relu"
        case .leakyReLU: "leakyrelu"
        case .elu: "elu"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softplus: "softplus"
        case .softsign: "softsign"
        }
    }
}

/// The value description of one layer: what it is, without weights or input size.
///
/// Input sizes (channels, features) are inferred from the previous layer, as in the built-in
/// architectures, so a network is a list of specs plus an input shape. Specs are saved in checkpoints and
/// give shape inference and parameter counts without allocating anything (`Model.summary`).
public enum LayerSpec: Sendable, Codable, Equatable {
    /// 2-D cross-correlation (as in every deep-learning framework: the kernel is not flipped) of an
    /// `[C, H, W]` input with `outputChannels` square kernels of `kernelSize`, zero padding of `padding` on
    /// each side and `stride`. Output `[outputChannels, (H + 2P − K)/S + 1, (W + 2P − K)/S + 1]` (floor).
    /// `groups` splits input and output channels into independent groups (depthwise when it equals C).
    /// Weight `[outputChannels, C / groups, K, K]`, bias `[outputChannels]`.
    case conv2D(
        outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0, groups: Int = 1, bias: Bool = true,
        initializer: Initializer = .heNormal)
    /// Maximum over `size × size` windows moved by `stride`; padding cells never win.
    case maxPool2D(size: Int, stride: Int, padding: Int = 0)
    /// Mean over `size × size` windows moved by `stride`; padding cells count as zeros in the mean.
    case averagePool2D(size: Int, stride: Int, padding: Int = 0)
    /// Mean over H and W: `[C, H, W]` → `[C]`.
    case globalAveragePool
    /// Fully connected: y = W·x + b with W `[outputs, inputs]`, on a `[inputs]` input.
    case dense(outputs: Int, bias: Bool = true, initializer: Initializer = .heNormal)
    /// `[C, H, W]` → `[C·H·W]` (no copy of meaning: the NCHW order is kept).
    case flatten
    /// An elementwise activation.
    case activation(ActivationFunction)
    /// PReLU: x for x > 0, aᶜ·x otherwise, with one learned slope per channel (per feature for `[F]`
    /// inputs), initialised to 0.25.
    case prelu
    /// Inverted dropout: in training, each element is zeroed with probability `rate` and the survivors are
    /// scaled by 1/(1 − `rate`); identity in inference. Seeded by the model seed, the step and the sample.
    case dropout(rate: Double)
    /// Batch normalisation over the batch (and H, W for `[C, H, W]` inputs: 2-D; `[F]` inputs: 1-D), with
    /// learned scale γ and shift β per channel and running statistics updated as
    /// `running = (1 − momentum)·running + momentum·batch` (unbiased variance), used in inference.
    case batchNorm(momentum: Float = 0.1, epsilon: Float = 1e-5)
    /// A basic residual block: conv 3×3 (stride) → BatchNorm → ReLU → conv 3×3 → BatchNorm, added to the
    /// input (identity skip) or to a 1×1 stride-`stride` convolution + BatchNorm of it when the shape
    /// changes, then ReLU.
    case residual(outputChannels: Int, stride: Int = 1)
    /// The given layers applied in order (a nested `Sequential`).
    case sequential([LayerSpec])

    /// The short name used to name layers: `conv`, `maxpool`, `dense`, `relu`...
    public var kind: String {
        switch self {
        case .conv2D: "conv"
        case .maxPool2D: "maxpool"
        case .averagePool2D: "avgpool"
        case .globalAveragePool: "gap"
        case .dense: "dense"
        case .flatten: "flatten"
        case .activation(let function): function.kind
        case .prelu: "prelu"
        case .dropout: "dropout"
        case .batchNorm: "bn"
        case .residual: "res"
        case .sequential: "seq"
        }
    }

    /// The per-sample output shape for a per-sample `input` shape (the (I − F + 2P)/S + 1 rule for
    /// convolutions and pools).
    ///
    /// - Throws: `NNError.layerInputMismatch` for an input rank the layer cannot take, `NNError.emptyOutput`
    ///   when a window does not fit, `NNError.invalidLayerConfiguration` for impossible settings.
    public func outputShape(for input: [Int], layerName: String? = nil) throws -> [Int] {
        let name = layerName ?? kind
        func image() throws -> (c: Int, h: Int, w: Int) {
            guard input.count == 3 else {
                throw NNError.layerInputMismatch(layer: name, expected: "[C, H, W]", actual: input)
            }
            return (input[0], input[1], input[2])
        }
        func window(_ size: Int, _ stride: Int, _ padding: Int) throws -> [Int] {
            let (c, h, w) = try image()
            guard size >= 1, stride >= 1, padding >= 0 else {
                throw NNError.invalidLayerConfiguration(
                    layer: name, reason: "size \(size) and stride \(stride) must be ≥ 1, padding \(padding) ≥ 0")
            }
            let oh = (h + 2 * padding - size) / stride + 1
            let ow = (w + 2 * padding - size) / stride + 1
            guard h + 2 * padding >= size, w + 2 * padding >= size, oh > 0, ow > 0 else {
                throw NNError.emptyOutput(layer: name, inputShape: input)
            }
            return [c, oh, ow]
        }
        switch self {
        case .conv2D(let outputChannels, let kernelSize, let stride, let padding, let groups, _, _):
            let (c, _, _) = try image()
            guard groups >= 1, c % groups == 0, outputChannels % groups == 0, outputChannels >= 1 else {
                throw NNError.invalidLayerConfiguration(
                    layer: name,
                    reason:
                        "input channels \(c) and output channels \(outputChannels) must be divisible by groups \(groups)"
                )
            }
            let shape = try window(kernelSize, stride, padding)
            return [outputChannels, shape[1], shape[2]]
        case .maxPool2D(let size, let stride, let padding), .averagePool2D(let size, let stride, let padding):
            guard padding * 2 <= size else {
                throw NNError.invalidLayerConfiguration(
                    layer: name, reason: "padding \(padding) exceeds half the window \(size)")
            }
            return try window(size, stride, padding)
        case .globalAveragePool:
            return [try image().c]
        case .dense(let outputs, _, _):
            guard input.count == 1 else {
                throw NNError.layerInputMismatch(
                    layer: name, expected: "[features] (insert a flatten layer)", actual: input)
            }
            guard outputs >= 1 else {
                throw NNError.invalidLayerConfiguration(layer: name, reason: "outputs \(outputs) < 1")
            }
            return [outputs]
        case .flatten:
            return [input.elementCount]
        case .activation, .prelu, .batchNorm:
            guard input.count == 1 || input.count == 3 else {
                throw NNError.layerInputMismatch(layer: name, expected: "[F] or [C, H, W]", actual: input)
            }
            return input
        case .dropout(let rate):
            guard rate >= 0, rate < 1 else {
                throw NNError.invalidLayerConfiguration(layer: name, reason: "rate \(rate) is outside [0, 1)")
            }
            return input
        case .residual(let outputChannels, let stride):
            let (_, h, w) = try image()
            guard outputChannels >= 1, stride >= 1 else {
                throw NNError.invalidLayerConfiguration(
                    layer: name, reason: "channels \(outputChannels) and stride \(stride) must be ≥ 1")
            }
            return [outputChannels, (h - 1) / stride + 1, (w - 1) / stride + 1]
        case .sequential(let layers):
            return try layers.reduce(input) { shape, layer in try layer.outputShape(for: shape, layerName: name) }
        }
    }

    /// The number of trainable scalars for a per-sample `input` shape (BatchNorm running statistics are
    /// state, not counted, as in PyTorch's `parameters()`).
    public func parameterCount(for input: [Int]) throws -> Int {
        let output = try outputShape(for: input)
        switch self {
        case .conv2D(let outputChannels, let kernelSize, _, _, let groups, let bias, _):
            return outputChannels * (input[0] / groups) * kernelSize * kernelSize + (bias ? outputChannels : 0)
        case .dense(let outputs, let bias, _):
            return outputs * input[0] + (bias ? outputs : 0)
        case .prelu, .batchNorm:
            return (input.first ?? 1) * (self == .prelu ? 1 : 2)
        case .residual(let outputChannels, _):
            let c = input[0]
            let main = outputChannels * c * 9 + outputChannels * outputChannels * 9 + 4 * outputChannels
            let projection = output == input ? 0 : outputChannels * c + 2 * outputChannels
            return main + projection
        case .sequential(let layers):
            var (shape, total) = (input, 0)
            for layer in layers {
                total += try layer.parameterCount(for: shape)
                shape = try layer.outputShape(for: shape)
            }
            return total
        case .maxPool2D, .averagePool2D, .globalAveragePool, .flatten, .activation, .dropout:
            return 0
        }
    }

    /// A one-line human description, for example `conv 5×5, 16 filters, stride 1, padding 0`.
    public var summary: String {
        switch self {
        case .conv2D(let outputs, let k, let s, let p, let g, let bias, _):
            return "conv \(k)×\(k), \(outputs) filters, stride \(s), padding \(p)" + (g > 1 ? ", groups \(g)" : "")
                + (bias ? "" : ", no bias")
        case .maxPool2D(let size, let s, let p): return "max pool \(size)×\(size), stride \(s), padding \(p)"
        case .averagePool2D(let size, let s, let p): return "average pool \(size)×\(size), stride \(s), padding \(p)"
        case .globalAveragePool: return "global average pool"
        case .dense(let outputs, let bias, _): return "dense \(outputs)" + (bias ? "" : ", no bias")
        case .flatten: return "flatten"
        case .activation(let function): return "\(function)"
        case .prelu: return "prelu"
        case .dropout(let rate): return "dropout \(rate)"
        case .batchNorm: return "batch norm"
        case .residual(let outputs, let s): return "residual block \(outputs) channels, stride \(s)"
        case .sequential(let layers): return "sequential (\(layers.map(\.summary).joined(separator: "; ")))"
        }
    }
}
