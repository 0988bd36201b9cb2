/// Batch normalisation, 1-D (`[N, F]`, statistics over N) or 2-D (`[N, C, H, W]`, statistics over N, H, W).
///
/// Training: x̂ = (x − μ_B)/√(σ²_B + ε), y = γ·x̂ + β, with the batch mean μ_B and biased variance σ²_B per
/// channel; running statistics move by `momentum` towards μ_B and the unbiased variance. Inference uses the
/// running statistics instead. A frozen layer (its running statistics frozen, as `Model.setFrozen` does) runs in
/// inference mode also in a training pass, as a Keras BatchNormalization with `trainable = False` does: its running
/// statistics stay bit-identical and gradients flow through y = γ·(x − μ)/√(σ² + ε) + β with the running μ, σ².
/// Backward (training), with M values per channel:
/// ∂L/∂β = Σ ∂L/∂y, ∂L/∂γ = Σ ∂L/∂y·x̂, ∂L/∂x = γ/(M·√(σ²_B + ε)) · (M·∂L/∂y − ∂L/∂β − x̂·∂L/∂γ).
/// Channel sums are accumulated in Double, one partial per group of the fixed batch partition (gathered from
/// every process when processes share the batch, so M and the sums are the whole batch's).
final class BatchNorm: Layer {
    let name: String
    let spec: LayerSpec
    let inputShape: [Int]
    var outputShape: [Int] { inputShape }
    let gamma: Parameter
    let beta: Parameter
    let runningMean: Parameter
    let runningVariance: Parameter
    let momentum: Float
    let epsilon: Float
    private let channels: Int
    private let planeSize: Int
    private let normalized = FloatBuffer(count: 0)
    private let partials = Buffer<Double>(count: 0)
    /// Per channel: the batch mean, then 1/√(σ² + ε) of the last training forward pass.
    private let statistics: FloatBuffer

    init(name: String, momentum: Float, epsilon: Float, inputShape: [Int]) {
        self.name = name
        self.spec = .batchNorm(momentum: momentum, epsilon: epsilon)
        self.momentum = momentum
        self.epsilon = epsilon
        self.inputShape = inputShape
        channels = inputShape[0]
        planeSize = inputShape.elementCount / channels
        gamma = Parameter(name: "\(name).gamma", shape: [channels])
        beta = Parameter(name: "\(name).beta", shape: [channels])
        runningMean = Parameter(name: "\(name).runningMean", shape: [channels], role: .state)
        runningVariance = Parameter(name: "\(name).runningVariance", shape: [channels], role: .state)
        gamma.value.pointer.update(repeating: 1, count: channels)
        runningVariance.value.pointer.update(repeating: 1, count: channels)
        statistics = FloatBuffer(count: 2 * channels)
    }

    var parameters: [Parameter] { [gamma, beta, runningMean, runningVariance] }

    /// Whether a pass uses (and updates) batch statistics: a training pass over a layer whose running statistics
    /// are not frozen.
    private func usesBatchStatistics(_ context: PassContext) -> Bool {
        context.isTraining && !(runningMean.isFrozen && runningVariance.isFrozen)
    }

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        let (channels, planeSize) = (self.channels, self.planeSize)
        let (x, y) = (UncheckedSendable(input), UncheckedSendable(output))
        let (g, b) = (UncheckedSendable(gamma.value.pointer), UncheckedSendable(beta.value.pointer))
        guard usesBatchStatistics(context) else {
            let (rm, rv, epsilon) = (runningMean.value.pointer, runningVariance.value.pointer, epsilon)
            let shift = UncheckedSendable((0..<channels).map { c in (rm[c], 1 / (rv[c] + epsilon).squareRoot()) })
            BatchPartition.forEachGroup(
                batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount
            ) { _, samples in
                for n in samples {
                    for c in 0..<channels {
                        let offset = (n * channels + c) * planeSize
                        let (mean, inverse) = shift.value[c]
                        let (scale, bias) = (g.value[c] * inverse, b.value[c])
                        for i in offset..<offset + planeSize { y.value[i] = (x.value[i] - mean) * scale + bias }
                    }
                }
            }
            return
        }
        partials.reserve(BatchPartition.groupCount(batchSize) * channels)
        normalized.reserve(batchSize * channels * planeSize)
        let (p, xhat, stats) = (
            UncheckedSendable(partials.pointer), UncheckedSendable(normalized.pointer),
            UncheckedSendable(statistics.pointer)
        )
        let count = Double(context.wholeBatchSize(batchSize) * planeSize)
        // Pass 1: the mean.
        BatchPartition.forEachGroup(
            batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount
        ) { group, samples in
            let pg = p.value + group * channels
            for c in 0..<channels {
                var sum = 0.0
                for n in samples {
                    let offset = (n * channels + c) * planeSize
                    sum += Double(Reduction.sum(x.value + offset, count: planeSize))
                }
                pg[c] = sum
            }
        }
        var means = [Double](repeating: 0, count: channels)
        let (meanPartials, groups) = context.allGroups(partials.pointer, stride: channels, batchSize: batchSize)
        for c in 0..<channels {
            for group in 0..<groups { means[c] += meanPartials[group * channels + c] }
            means[c] /= count
        }
        // Pass 2: the biased variance around it.
        let meanValues = UncheckedSendable(means)
        BatchPartition.forEachGroup(
            batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount
        ) { group, samples in
            let pg = p.value + group * channels
            for c in 0..<channels {
                let mean = Float(meanValues.value[c])
                var sum = 0.0
                for n in samples {
                    let offset = (n * channels + c) * planeSize
                    sum += Double(Reduction.squaredDeviations(x.value + offset, count: planeSize, mean: mean))
                }
                pg[c] = sum
            }
        }
        let variancePartials = context.allGroups(partials.pointer, stride: channels, batchSize: batchSize).pointer
        for c in 0..<channels {
            var sum = 0.0
            for group in 0..<groups { sum += variancePartials[group * channels + c] }
            let variance = sum / count
            statistics.pointer[c] = Float(means[c])
            statistics.pointer[channels + c] = Float(1 / (variance + Double(epsilon)).squareRoot())
            let unbiased = count > 1 ? variance * count / (count - 1) : variance
            runningMean.value.pointer[c] = (1 - momentum) * runningMean.value.pointer[c] + momentum * Float(means[c])
            runningVariance.value.pointer[c] =
                (1 - momentum) * runningVariance.value.pointer[c] + momentum * Float(unbiased)
        }
        // Pass 3: normalise, scale and shift.
        BatchPartition.forEachGroup(
            batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount
        ) { _, samples in
            for n in samples {
                for c in 0..<channels {
                    let offset = (n * channels + c) * planeSize
                    let (mean, inverse) = (stats.value[c], stats.value[channels + c])
                    let (scale, bias) = (g.value[c], b.value[c])
                    for i in offset..<offset + planeSize {
                        let normalized = (x.value[i] - mean) * inverse
                        xhat.value[i] = normalized
                        y.value[i] = normalized * scale + bias
                    }
                }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        let (channels, planeSize) = (self.channels, self.planeSize)
        partials.reserve(BatchPartition.groupCount(batchSize) * channels * 2)
        let training = usesBatchStatistics(context)
        let (x, dy, dx) = (
            UncheckedSendable(input), UncheckedSendable(outputGradient), UncheckedSendable(inputGradient)
        )
        let (p, xhat, stats) = (
            UncheckedSendable(partials.pointer), UncheckedSendable(normalized.pointer),
            UncheckedSendable(statistics.pointer)
        )
        let (rm, rv, epsilon) = (
            UncheckedSendable(runningMean.value.pointer), UncheckedSendable(runningVariance.value.pointer), self.epsilon
        )
        // x̂ as the forward pass saw it: stored in training, recomputed from the running statistics in inference.
        @inline(__always) func normalizedValue(_ i: Int, _ c: Int) -> Float {
            training ? xhat.value[i] : (x.value[i] - rm.value[c]) / (rv.value[c] + epsilon).squareRoot()
        }
        BatchPartition.forEachGroup(
            batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount
        ) { group, samples in
            let pg = p.value + group * channels * 2
            for c in 0..<channels {
                var sumGradient = 0.0
                var sumProduct = 0.0
                for n in samples {
                    let offset = (n * channels + c) * planeSize
                    sumGradient += Double(Reduction.sum(dy.value + offset, count: planeSize))
                    if training {
                        sumProduct += Double(Reduction.dot(dy.value + offset, xhat.value + offset, count: planeSize))
                    } else {
                        var b: Float = 0
                        for i in offset..<offset + planeSize { b += dy.value[i] * normalizedValue(i, c) }
                        sumProduct += Double(b)
                    }
                }
                pg[2 * c] = sumGradient
                pg[2 * c + 1] = sumProduct
            }
        }
        let (sums, groups) = context.allGroups(partials.pointer, stride: channels * 2, batchSize: batchSize)
        for c in 0..<channels {
            var (a, b) = (0.0, 0.0)
            for group in 0..<groups {
                a += sums[group * channels * 2 + 2 * c]
                b += sums[group * channels * 2 + 2 * c + 1]
            }
            beta.gradient.pointer[c] = Float(a)
            gamma.gradient.pointer[c] = Float(b)
        }
        guard dx.value != nil else { return }
        let count = Float(context.wholeBatchSize(batchSize) * planeSize)
        let (g, dg, db) = (
            UncheckedSendable(gamma.value.pointer), UncheckedSendable(gamma.gradient.pointer),
            UncheckedSendable(beta.gradient.pointer)
        )
        BatchPartition.forEachGroup(
            batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount
        ) { _, samples in
            guard let dxv = dx.value else { return }
            for n in samples {
                for c in 0..<channels {
                    let offset = (n * channels + c) * planeSize
                    if training {
                        let scale = g.value[c] * stats.value[channels + c] / count
                        let (sumGradient, sumProduct) = (db.value[c], dg.value[c])
                        for i in offset..<offset + planeSize {
                            dxv[i] = scale * (count * dy.value[i] - sumGradient - xhat.value[i] * sumProduct)
                        }
                    } else {
                        let scale = g.value[c] / (rv.value[c] + epsilon).squareRoot()
                        for i in offset..<offset + planeSize { dxv[i] = scale * dy.value[i] }
                    }
                }
            }
        }
    }
}
