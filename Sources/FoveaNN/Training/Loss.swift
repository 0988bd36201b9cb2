import Foundation

/// What the network is trained to match, per sample.
public enum Targets: Sendable {
    /// One class index per sample, in `0..<classes` (one-hot for the MSE and BCE losses).
    case labels([Int])
    /// A dense target per sample: a tensor of the logits' shape `[N, classes]` (multi-hot for BCE).
    case values(Tensor)
}

/// A training loss on the network's last output `z` (`[N, K]`), averaged over the batch.
///
/// Each loss is computed per sample (in parallel) and the per-sample values are added in sample order, so
/// the value is independent of the thread count. The gradient written is ∂(mean loss)/∂z.
public enum Loss: String, Sendable, Codable, CaseIterable {
    /// Softmax cross-entropy from logits: ℓ = log Σⱼ e^{zⱼ} − z_y, computed as m + log Σⱼ e^{zⱼ−m} with
    /// m = maxⱼ zⱼ (no overflow). ∂ℓ/∂z = softmax(z) − onehot(y).
    case softmaxCrossEntropy
    /// The quadratic cost of Nielsen's `network.py`: ℓ = ½ Σⱼ (zⱼ − tⱼ)², averaged over the batch
    /// (so half the squared error summed over outputs, not divided by K). ∂ℓ/∂z = z − t.
    case meanSquaredError
    /// Binary cross-entropy from logits, summed over the K independent outputs (multi-label):
    /// ℓ = Σⱼ max(zⱼ, 0) − zⱼtⱼ + log(1 + e^{−|zⱼ|}). ∂ℓ/∂zⱼ = sigmoid(zⱼ) − tⱼ.
    case binaryCrossEntropy

    /// The mean loss of `logits` and, when `gradient` is given, ∂(mean loss)/∂logits written into it.
    ///
    /// - Parameters:
    ///   - logits: `batchSize × classes` floats.
    ///   - perSample: scratch of `batchSize` doubles for the per-sample losses.
    ///   - sharing: When processes share the batch, this process's `batchSize` samples are its share: the mean
    ///     and the gradient's 1/N are the whole batch's, the per-sample losses gathered and added in sample order.
    func evaluate(
        logits: UnsafePointer<Float>, batchSize: Int, classes: Int, targets: Targets,
        gradient: UnsafeMutablePointer<Float>?, perSample: UnsafeMutablePointer<Double>, threads: Int,
        sharing: SharedBatch? = nil
    ) -> Double {
        let (z, dz, losses) = (UncheckedSendable(logits), UncheckedSendable(gradient), UncheckedSendable(perSample))
        let wholeBatch = sharing?.batchSize ?? batchSize
        let scale = 1 / Float(wholeBatch)
        let loss = self
        let targets = UncheckedSendable(targets)
        BatchPartition.forEachGroup(batchSize: batchSize, threads: threads, workPerSample: classes * 4) { _, samples in
            for n in samples {
                let row = z.value + n * classes
                let gradientRow = dz.value.map { $0 + n * classes }
                @inline(__always) func target(_ j: Int) -> Float {
                    switch targets.value {
                    case .labels(let labels): labels[n] == j ? 1 : 0
                    case .values(let tensor): tensor.scalars[n * classes + j]
                    }
                }
                var value = 0.0
                switch loss {
                case .softmaxCrossEntropy:
                    var maximum = -Float.infinity
                    for j in 0..<classes { maximum = Swift.max(maximum, row[j]) }
                    var sum: Float = 0
                    for j in 0..<classes { sum += exp(row[j] - maximum) }
                    let logSum = maximum + log(sum)
                    for j in 0..<classes {
                        let t = target(j)
                        value += Double(t * (logSum - row[j]))
                        gradientRow?[j] = (exp(row[j] - logSum) - t) * scale
                    }
                case .meanSquaredError:
                    for j in 0..<classes {
                        let difference = row[j] - target(j)
                        value += 0.5 * Double(difference * difference)
                        gradientRow?[j] = difference * scale
                    }
                case .binaryCrossEntropy:
                    for j in 0..<classes {
                        let (x, t) = (row[j], target(j))
                        value += Double(Swift.max(x, 0) - x * t + log1p(exp(-abs(x))))
                        gradientRow?[j] = (1 / (1 + exp(-x)) - t) * scale
                    }
                }
                losses.value[n] = value
            }
        }
        let all = sharing?.allSamples(UnsafePointer(perSample), width: 1) ?? UnsafePointer(perSample)
        var total = 0.0
        for n in 0..<wholeBatch { total += all[n] }
        return total / Double(wholeBatch)
    }

    /// The mean loss of a batch of logits `[N, K]` and its gradient ∂(mean loss)/∂logits, as tensors.
    ///
    /// - Throws: `NNError.labelMismatch` when the targets do not fit the logits.
    public func evaluate(logits: Tensor, targets: Targets) throws -> (loss: Double, gradient: Tensor) {
        guard logits.rank == 2 else { throw NNError.invalidShape(logits.shape, reason: "logits must be [N, classes]") }
        let (n, k) = (logits.shape[0], logits.shape[1])
        try targets.validate(batchSize: n, classes: k)
        var gradient = Tensor(shape: logits.shape)
        var perSample = [Double](repeating: 0, count: n)
        let value = logits.withUnsafeBufferPointer { z in
            gradient.withUnsafeMutableBufferPointer { dz in
                perSample.withUnsafeMutableBufferPointer { p in
                    guard let zb = z.baseAddress, let pb = p.baseAddress else { return 0.0 }
                    return evaluate(
                        logits: zb, batchSize: n, classes: k, targets: targets, gradient: dz.baseAddress, perSample: pb,
                        threads: 1)
                }
            }
        }
        return (value, gradient)
    }
}

extension Targets {
    /// Throws unless there is one target per sample and every label is a valid class.
    func validate(batchSize: Int, classes: Int) throws {
        switch self {
        case .labels(let labels):
            guard labels.count == batchSize else {
                throw NNError.labelMismatch(reason: "\(labels.count) labels for a batch of \(batchSize)")
            }
            if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
                throw NNError.labelMismatch(reason: "label \(labels[bad]) of sample \(bad) is outside 0..<\(classes)")
            }
        case .values(let tensor):
            guard tensor.shape == [batchSize, classes] else {
                throw NNError.labelMismatch(
                    reason: "targets of shape \(tensor.shape) for outputs [\(batchSize), \(classes)]")
            }
        }
    }
}

/// Softmax over the last axis of `[N, K]` logits: pᵢ = e^{zᵢ−m} / Σⱼ e^{zⱼ−m}, m = maxⱼ zⱼ.
public func softmax(_ logits: Tensor) -> Tensor {
    var result = logits
    let k = logits.shape.last ?? 1
    guard k > 0 else { return result }
    for n in 0..<logits.count / k {
        let row = n * k..<(n + 1) * k
        let maximum = logits.scalars[row].max() ?? 0
        var sum: Float = 0
        for i in row {
            result.scalars[i] = exp(logits.scalars[i] - maximum)
            sum += result.scalars[i]
        }
        for i in row { result.scalars[i] /= sum }
    }
    return result
}
