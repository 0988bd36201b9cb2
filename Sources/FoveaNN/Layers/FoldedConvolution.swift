/// A convolution followed by its BatchNorm (and optionally a ReLU) as one inference step: the BatchNorm's
/// running statistics are folded into the convolution's weights and bias, so the pair costs one pass over
/// memory instead of three.
///
/// With s = γ/√(σ² + ε) per output channel o (σ², μ the running variance and mean), `W'[o] = s[o] · W[o]`
/// and `b'[o] = β[o] − s[o] · μ[o] + s[o] · b[o]` (b the convolution's bias, or 0), then
/// `y = max(0, W' ∗ x + b')` when a ReLU follows. Unfolded inference computes `(W ∗ x + b − μ) · s + β`;
/// the two agree to rounding (the products are rounded in a different order), which
/// `SequentialTests.testFoldedBatchNormInferenceMatchesTheUnfoldedLayers` bounds. Training never folds.
final class FoldedConvolution {
    let convolution: Conv2D
    let batchNorm: BatchNorm
    /// Whether the step ends with `max(0, ·)` (a ReLU layer followed the BatchNorm).
    let relu: Bool
    private let weights = FloatBuffer(count: 0)
    private let bias = FloatBuffer(count: 0)

    init(_ convolution: Conv2D, _ batchNorm: BatchNorm, relu: Bool) {
        self.convolution = convolution
        self.batchNorm = batchNorm
        self.relu = relu
    }

    var workPerSample: Int { convolution.workPerSample }

    /// Folds the current parameters (they may have changed since the last call) and prepares the convolution.
    func prepareForward(batchSize: Int, context: PassContext) {
        convolution.prepareForward(batchSize: batchSize, context: context)
        let channels = convolution.outputShape[0]
        let perChannel = convolution.weight.count / channels
        weights.reserve(convolution.weight.count)
        bias.reserve(channels)
        let (w, folded, b) = (convolution.weight.value.pointer, weights.pointer, bias.pointer)
        let (gamma, beta) = (batchNorm.gamma.value.pointer, batchNorm.beta.value.pointer)
        let (mean, variance) = (batchNorm.runningMean.value.pointer, batchNorm.runningVariance.value.pointer)
        let convolutionBias = convolution.bias?.value.pointer
        for o in 0..<channels {
            let scale = gamma[o] * (1 / (variance[o] + batchNorm.epsilon).squareRoot())
            for i in o * perChannel..<(o + 1) * perChannel { folded[i] = w[i] * scale }
            b[o] = beta[o] - scale * mean[o] + scale * (convolutionBias?[o] ?? 0)
        }
    }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        convolution.forwardGroup(
            group, samples: samples, input: input, output: output, weights: UnsafePointer(weights.pointer),
            bias: UnsafePointer(bias.pointer), relu: relu)
    }
}
