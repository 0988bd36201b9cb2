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
final class Activation: GroupwiseLayer {
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

    var workPerSample: Int { inputShape.elementCount }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        let size = inputShape.elementCount
        let range = samples.lowerBound * size..<samples.upperBound * size
        let (x, y) = (input, output)
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

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        guard let inputGradient else { return }
        let size = inputShape.elementCount
        let range = samples.lowerBound * size..<samples.upperBound * size
        let (x, y, dy, dx) = (input, output, outputGradient, inputGradient)
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

/// PReLU: y = x for x > 0, aᶜ·x otherwise, with one learned slope aᶜ per channel (per feature for `[F]`).
///
/// ∂y/∂x = 1 or aᶜ; ∂L/∂aᶜ = Σ over the batch and the channel's positions with x ≤ 0 of ∂L/∂y · x.
final class PReLU: GroupwiseLayer {
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

    var workPerSample: Int { inputShape.elementCount }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        let a = slope.value.pointer
        for n in samples {
            for c in 0..<channels {
                let offset = (n * channels + c) * planeSize
                let (xp, yp, s) = (input + offset, output + offset, a[c])
                for i in 0..<planeSize { yp[i] = xp[i] > 0 ? xp[i] : s * xp[i] }
            }
        }
    }

    func prepareBackward(batchSize: Int, context: PassContext) {
        partials.reserve(BatchPartition.groupCount(batchSize) * channels)
    }

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        let a = slope.value.pointer
        let pg = partials.pointer + group * channels
        for c in 0..<channels { pg[c] = 0 }
        for n in samples {
            for c in 0..<channels {
                let offset = (n * channels + c) * planeSize
                let (xp, dyp, s) = (input + offset, outputGradient + offset, a[c])
                var sum: Float = 0
                for i in 0..<planeSize where xp[i] <= 0 { sum += dyp[i] * xp[i] }
                pg[c] += sum
                if let inputGradient {
                    let dxp = inputGradient + offset
                    for i in 0..<planeSize { dxp[i] = xp[i] > 0 ? dyp[i] : s * dyp[i] }
                }
            }
        }
    }

    func finishBackward(batchSize: Int, context: PassContext) {
        let (all, groups) = context.allGroups(partials.pointer, stride: channels, batchSize: batchSize)
        BatchPartition.sumPartials(
            all, groups: groups, stride: channels, count: channels, into: slope.gradient.pointer, threads: 1)
    }
}

/// Inverted dropout: in training, each element is kept with probability 1 − rate and scaled by 1/(1 − rate),
/// so inference needs no rescaling. The mask of sample n at step t is drawn from
/// `RandomStream(seed: layerSeed, t, n)`, so it does not depend on the thread count or the batch split (n counts
/// from the start of the whole batch when processes share it).
final class Dropout: GroupwiseLayer {
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

    var workPerSample: Int { inputShape.elementCount }

    func prepareForward(batchSize: Int, context: PassContext) {
        if context.isTraining, rate > 0 { mask.reserve(batchSize * inputShape.elementCount) }
    }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        let size = inputShape.elementCount
        guard context.isTraining, rate > 0 else {
            for i in samples.lowerBound * size..<samples.upperBound * size { output[i] = input[i] }
            return
        }
        let scale = Float(1 / (1 - rate))
        let m = mask.pointer
        for n in samples {
            var random = RandomStream(seed: seed, context.step, UInt64(context.firstSample + n))
            for i in n * size..<(n + 1) * size {
                m[i] = random.nextUnit() < rate ? 0 : scale
                output[i] = input[i] * m[i]
            }
        }
    }

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        guard let inputGradient else { return }
        let size = inputShape.elementCount
        let range = samples.lowerBound * size..<samples.upperBound * size
        guard context.isTraining, rate > 0 else {
            for i in range { inputGradient[i] = outputGradient[i] }
            return
        }
        for i in range { inputGradient[i] = outputGradient[i] * mask.pointer[i] }
    }
}
