import CFoveaKernels

/// A convolution followed by its BatchNorm (and optionally a ReLU) as one inference step: the BatchNorm's
/// running statistics are folded into the convolution's weights and bias, so the pair costs one pass over
/// memory instead of three.
///
/// With s = γ/√(σ² + ε) per output channel o (σ², μ the running variance and mean), `W'[o] = s[o] · W[o]`
/// and `b'[o] = β[o] − s[o] · μ[o] + s[o] · b[o]` (b the convolution's bias, or 0), then
/// `y = max(0, W' ∗ x + b')` when a ReLU follows. Unfolded inference computes `(W ∗ x + b − μ) · s + β`;
/// the two agree to rounding (the products are rounded in a different order), which
/// `SequentialTests.testFoldedBatchNormInferenceMatchesTheUnfoldedLayers` bounds. Training never folds.
///
/// On CPUs with AVX-512 (`fovea_simd_level() >= 2`) an ungrouped convolution runs as a direct convolution
/// (`fovea_conv_forward_avx512`, CFoveaKernels' conv.c) with the bias, an optional residual and the ReLU in its
/// epilogue; elsewhere as im2col + GEMM. The two sum the taps in different orders (a few ulps apart, bounded by
/// the same test); each is the same bit for bit at any thread count, since every sample is computed on its own.
final class FoldedConvolution {
    let convolution: Conv2D
    let batchNorm: BatchNorm
    /// Whether the step ends with `max(0, ·)` (a ReLU layer followed the BatchNorm).
    let relu: Bool
    private let weights = FloatBuffer(count: 0)
    private let bias = FloatBuffer(count: 0)
    /// The folded weights in the direct kernel's layout, and its padded-input scratch per group.
    private let packed = FloatBuffer(count: 0)
    private let scratch = FloatBuffer(count: 0)
    private var shape: fovea_conv_shape
    /// Whether the last `prepareForward` chose the direct kernel.
    private(set) var usesDirectKernel = false

    /// Tests set it to `false` to compare the direct kernel with im2col + GEMM.
    nonisolated(unsafe) static var allowsDirectKernel = true

    init(_ convolution: Conv2D, _ batchNorm: BatchNorm, relu: Bool) {
        self.convolution = convolution
        self.batchNorm = batchNorm
        self.relu = relu
        let g = convolution.geometry
        shape = fovea_conv_shape(
            channels: g.channels, height: g.height, width: g.width, output_channels: g.outputChannels,
            output_height: g.outputHeight, output_width: g.outputWidth, kernel: g.kernel, stride: g.stride,
            padding: g.padding)
    }

    var workPerSample: Int { convolution.workPerSample }

    /// Floats of one input sample (`C·H·W`).
    var inputSize: Int { convolution.geometry.inputSize }

    /// Folds the current parameters (they may have changed since the last call) and prepares the convolution.
    func prepareForward(batchSize: Int, context: PassContext) {
        usesDirectKernel =
            Self.allowsDirectKernel && convolution.geometry.groups == 1 && fovea_simd_level() >= 2
        if !usesDirectKernel { convolution.prepareForward(batchSize: batchSize, context: context) }
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
        if usesDirectKernel {
            packed.reserve(fovea_conv_packed_count(&shape))
            fovea_conv_pack(&shape, weights.pointer, packed.pointer)
            // Zeroed when (re)allocated; the kernel writes only the input's positions, so the padding stays zero.
            let allocated = scratch.count
            scratch.reserve(BatchPartition.groupCount(batchSize) * scratchStride)
            if scratch.count != allocated { scratch.zero() }
        }
    }

    /// Floats of direct-kernel scratch per group.
    private var scratchStride: Int {
        var shape = shape
        return fovea_conv_scratch_count(&shape)
    }

    /// One sample (`input` `[C, H, W]` → `output` `[O, Hₒ, Wₒ]`) with group `group`'s scratch: the folded
    /// convolution, then `+ residual` (same shape as the output) when given, then `max(0, ·)` if `relu`.
    func forwardSample(
        _ group: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        residual: UnsafePointer<Float>?, relu: Bool
    ) {
        if usesDirectKernel {
            fovea_conv_forward_avx512(
                &shape, input, packed.pointer, bias.pointer, residual, relu ? 1 : 0, scratch(ofGroup: group), output)
            return
        }
        guard let residual else {
            convolution.forwardSample(
                group, input: input, output: output, weights: UnsafePointer(weights.pointer),
                bias: UnsafePointer(bias.pointer), relu: relu)
            return
        }
        convolution.forwardSample(
            group, input: input, output: output, weights: UnsafePointer(weights.pointer),
            bias: UnsafePointer(bias.pointer), relu: false)
        let count = convolution.geometry.outputSize
        if relu {
            for i in 0..<count { output[i] = Swift.max(0, output[i] + residual[i]) }
        } else {
            for i in 0..<count { output[i] += residual[i] }
        }
    }

    /// Group `group`'s direct-kernel scratch (`prepareForward` chose the direct kernel).
    private func scratch(ofGroup group: Int) -> UnsafeMutablePointer<Float> {
        scratch.pointer + group * scratchStride
    }

    /// Whether this 1×1 convolution can read the scratch `layout` fills: both on the direct kernel, the same
    /// input and stride, and no more padding than `layout`'s (a projection beside its block's first convolution).
    func canRead(scratchOf layout: FoldedConvolution) -> Bool {
        usesDirectKernel && layout.usesDirectKernel && shape.kernel == 1 && shape.channels == layout.shape.channels
            && shape.height == layout.shape.height && shape.width == layout.shape.width
            && shape.stride == layout.shape.stride && shape.padding <= layout.shape.padding
    }

    /// Whether `forwardFilled` can write this convolution's output straight into `next`'s scratch: both on the
    /// direct kernel, `next`'s input this output, and `next` of stride 1 (or 2, unless the output is 8 wide).
    func canWrite(into next: FoldedConvolution) -> Bool {
        usesDirectKernel && next.usesDirectKernel
            && (next.shape.stride == 1 || (next.shape.stride == 2 && shape.output_width != 8))
            && next.shape.channels == shape.output_channels && next.shape.height == shape.output_height
            && next.shape.width == shape.output_width
    }

    /// The direct kernel's fill alone: one sample's `input` into group `group`'s scratch (see `forwardFilled`).
    func fill(_ group: Int, input: UnsafePointer<Float>) {
        fovea_conv_fill_avx512(&shape, input, scratch(ofGroup: group))
    }

    /// Whether this convolution's output can take its residual from `layout`'s scratch (an identity skip read
    /// where `layout`, its block's first convolution, was filled): both on the direct kernel, `layout` of
    /// stride 1 and its input this output's shape, and the output not 8 wide.
    func canReadResidual(fromScratchOf layout: FoldedConvolution) -> Bool {
        usesDirectKernel && layout.usesDirectKernel && layout.shape.stride == 1 && shape.output_width != 8
            && layout.shape.channels == shape.output_channels && layout.shape.height == shape.output_height
            && layout.shape.width == shape.output_width
    }

    /// `forwardSample` on the direct kernel without its fill, the same bits: reads the scratch of `layout`
    /// (`self`, or a convolution this one `canRead`), already filled for the sample, and writes `output` (dense)
    /// or, when `next` is given (`canWrite(into:)`), `next`'s scratch, which `next` then reads without a fill.
    /// The residual is `residual` (dense), or the scratch of `residualLayout` (`canReadResidual`).
    func forwardFilled(
        _ group: Int, layout: FoldedConvolution, residual: UnsafePointer<Float>?,
        residualLayout: FoldedConvolution? = nil, relu: Bool, output: UnsafeMutablePointer<Float>?,
        next: FoldedConvolution?
    ) {
        var layoutShape = layout.shape
        let source = layout.scratch(ofGroup: group)
        let destination = next.map { $0.scratch(ofGroup: group) } ?? output
        guard let destination else { return }
        var nextShape = next?.shape ?? shape
        var residualShape = residualLayout?.shape ?? shape
        let skip = residualLayout.map { UnsafePointer($0.scratch(ofGroup: group)) } ?? residual
        withUnsafePointer(to: &nextShape) { nextPointer in
            withUnsafePointer(to: &residualShape) { residualPointer in
                fovea_conv_forward_filled_avx512(
                    &shape, &layoutShape, source, packed.pointer, bias.pointer, skip,
                    residualLayout == nil ? nil : residualPointer, relu ? 1 : 0, next == nil ? nil : nextPointer,
                    destination)
            }
        }
    }

    /// `forwardSample` (no residual) with the output written into `next`'s scratch (`canWrite(into:)`).
    func forwardSample(_ group: Int, input: UnsafePointer<Float>, into next: FoldedConvolution) {
        fill(group, input: input)
        forwardFilled(group, layout: self, residual: nil, relu: relu, output: nil, next: next)
    }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        let g = convolution.geometry
        for n in samples {
            forwardSample(
                group, input: input + n * g.inputSize, output: output + n * g.outputSize, residual: nil, relu: relu)
        }
    }
}
