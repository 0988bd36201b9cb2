import Foundation

/// An elementwise activation layer (see `ActivationFunction` for the formulas); the shape is unchanged.
///
/// Backward rules, next to each forward formula:
/// - ReLU: y = max(0, x); ∂y/∂x = 1 if y > 0 else 0.
/// - LeakyReLU: y = x or s·x; ∂y/∂x = 1 if x > 0 else s.
/// - ELU: y = x or α(eˣ − 1); ∂y/∂x = 1 if x > 0 else y + α.
/// - Sigmoid: y = 1/(1 + e⁻ˣ); ∂y/∂x = y(1 − y).
/// - Tanh: y = tanh x; ∂y/∂x = 1 − y².
/// - Softplus: y = max(x, 0) + ln(1 + e^−|x|); ∂y/∂x = sigmoid(x).
/// - Softsign: y = x/(1 + |x|); ∂y/∂x = 1/(1 + |x|)².
final class Activation: Layer {
    let name: String
    let spec: LayerSpec
    let function: ActivationFunction
    let inputShape: [Int]
    var outputShape: [Int] { inputShape }
    var parameters: [Parameter] { [] }

    init(name: String, function: ActivationFunction, inputShape: [Int]) {
        self.name = name
        self.function = function
        self.spec = .activation(function)
        self.inputShape = inputShape
    }

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        let (x, y) = (UncheckedSendable(input), UncheckedSendable(output))
        let size = inputShape.elementCount
        let function = self.function
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount) { _, samples in
            let range = samples.lowerBound * size..<samples.upperBound * size
            let (x, y) = (x.value, y.value)
            switch function {
            case .relu: for i in range { y[i] = Swift.max(0, x[i]) }
            case .leakyReLU(let slope): for i in range { y[i] = x[i] > 0 ? x[i] : slope * x[i] }
            case .elu(let alpha): for i in range { y[i] = x[i] > 0 ? x[i] : alpha * (exp(x[i]) - 1) }
            case .sigmoid: for i in range { y[i] = 1 / (1 + exp(-x[i])) }
            case .tanh: for i in range { y[i] = Foundation.tanh(x[i]) }
            case .softplus: for i in range { y[i] = Swift.max(x[i], 0) + log1p(exp(-abs(x[i]))) }
            case .softsign: for i in range { y[i] = x[i] / (1 + abs(x[i])) }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        guard let inputGradient else { return }
        let (x, y, dy, dx) = (
            UncheckedSendable(input), UncheckedSendable(output), UncheckedSendable(outputGradient),
            UncheckedSendable(inputGradient)
        )
        let size = inputShape.elementCount
        let function = self.function
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount) { _, samples in
            let range = samples.lowerBound * size..<samples.upperBound * size
            let (x, y, dy, dx) = (x.value, y.value, dy.value, dx.value)
            switch function {
            // Every load is unconditional so the selects vectorise.
            case .relu:
                for i in range {
                    let g = dy[i]
                    dx[i] = y[i] > 0 ? g : 0
                }
            case .leakyReLU(let slope):
                for i in range {
                    let g = dy[i]
                    dx[i] = x[i] > 0 ? g : slope * g
                }
            case .elu(let alpha):
                for i in range {
                    let g = dy[i]
                    dx[i] = x[i] > 0 ? g : g * (y[i] + alpha)
                }
            case .sigmoid: for i in range { dx[i] = dy[i] * y[i] * (1 - y[i]) }
            case .tanh: for i in range { dx[i] = dy[i] * (1 - y[i] * y[i]) }
            case .softplus: for i in range { dx[i] = dy[i] / (1 + exp(-x[i])) }
            case .softsign:
                for i in range {
                    let d = 1 + abs(x[i])
                    dx[i] = dy[i] / (d * d)
                }
            }
        }
    }
}

/// PReLU: y = x for x > 0, aᶜ·x otherwise, with one learned slope aᶜ per channel (per feature for `[F]`).
///
/// ∂y/∂x = 1 or aᶜ; ∂L/∂aᶜ = Σ over the batch and the channel's positions with x ≤ 0 of ∂L/∂y · x.
final class PReLU: Layer {
    let name: String
    let spec: LayerSpec = .prelu
    let inputShape: [Int]
    var outputShape: [Int] { inputShape }
    let slope: Parameter
    private let channels: Int
    private let planeSize: Int
    private let partials = FloatBuffer(count: 0)

    init(name: String, inputShape: [Int]) {
        self.name = name
        self.inputShape = inputShape
        channels = inputShape[0]
        planeSize = inputShape.elementCount / channels
        slope = Parameter(name: "\(name).slope", shape: [channels])
        slope.value.pointer.update(repeating: 0.25, count: channels)
    }

    var parameters: [Parameter] { [slope] }

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        let (x, y, a) = (UncheckedSendable(input), UncheckedSendable(output), UncheckedSendable(slope.value.pointer))
        let (channels, planeSize) = (self.channels, self.planeSize)
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount) { _, samples in
            for n in samples {
                for c in 0..<channels {
                    let offset = (n * channels + c) * planeSize
                    let (xp, yp, s) = (x.value + offset, y.value + offset, a.value[c])
                    for i in 0..<planeSize { yp[i] = xp[i] > 0 ? xp[i] : s * xp[i] }
                }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        let groups = BatchPartition.groupCount(batchSize)
        partials.reserve(groups * channels)
        let (x, dy, dx) = (UncheckedSendable(input), UncheckedSendable(outputGradient), UncheckedSendable(inputGradient))
        let (a, p) = (UncheckedSendable(slope.value.pointer), UncheckedSendable(partials.pointer))
        let (channels, planeSize) = (self.channels, self.planeSize)
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount) { group, samples in
            let pg = p.value + group * channels
            pg.update(repeating: 0, count: channels)
            for n in samples {
                for c in 0..<channels {
                    let offset = (n * channels + c) * planeSize
                    let (xp, dyp, s) = (x.value + offset, dy.value + offset, a.value[c])
                    var sum: Float = 0
                    for i in 0..<planeSize where xp[i] <= 0 { sum += dyp[i] * xp[i] }
                    pg[c] += sum
                    if let dxv = dx.value {
                        let dxp = dxv + offset
                        for i in 0..<planeSize { dxp[i] = xp[i] > 0 ? dyp[i] : s * dyp[i] }
                    }
                }
            }
        }
        BatchPartition.sumPartials(
            partials.pointer, groups: groups, stride: channels, count: channels, into: slope.gradient.pointer, threads: 1)
    }
}

/// Inverted dropout: in training, each element is kept with probability 1 − rate and scaled by 1/(1 − rate),
/// so inference needs no rescaling. The mask of sample n at step t is drawn from
/// `RandomStream(seed: layerSeed, t, n)`, so it does not depend on the thread count or the batch split.
final class Dropout: Layer {
    let name: String
    let spec: LayerSpec
    let inputShape: [Int]
    var outputShape: [Int] { inputShape }
    var parameters: [Parameter] { [] }
    let rate: Double
    let seed: UInt64
    private let mask = FloatBuffer(count: 0)

    init(name: String, rate: Double, seed: UInt64, inputShape: [Int]) {
        self.name = name
        self.rate = rate
        self.seed = seed
        self.spec = .dropout(rate: rate)
        self.inputShape = inputShape
    }

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        let size = inputShape.elementCount
        guard context.isTraining, rate > 0 else {
            output.update(from: input, count: batchSize * size)
            return
        }
        mask.reserve(batchSize * size)
        let (x, y, m) = (UncheckedSendable(input), UncheckedSendable(output), UncheckedSendable(mask.pointer))
        let (rate, seed, step) = (self.rate, self.seed, context.step)
        let scale = Float(1 / (1 - rate))
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: inputShape.elementCount) { _, samples in
            for n in samples {
                var random = RandomStream(seed: seed, step, UInt64(n))
                for i in n * size..<(n + 1) * size {
                    m.value[i] = random.nextUnit() < rate ? 0 : scale
                    y.value[i] = x.value[i] * m.value[i]
                }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        guard let inputGradient else { return }
        let count = batchSize * inputShape.elementCount
        guard context.isTraining, rate > 0 else {
            inputGradient.update(from: outputGradient, count: count)
            return
        }
        for i in 0..<count { inputGradient[i] = outputGradient[i] * mask.pointer[i] }
    }
}
