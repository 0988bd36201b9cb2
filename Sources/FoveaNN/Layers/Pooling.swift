/// Max or average pooling over `size × size` windows moved by `stride`, with `padding` on each side.
///
/// Input `[N, C, H, W]`, output `[N, C, Hₒ, Wₒ]` with Hₒ = (H + 2P − size)/S + 1 (floor). Max pooling ignores
/// padding cells and routes the gradient to the first maximum of each window (row-major order); average
/// pooling counts padding cells as zeros (divides by size², PyTorch's `count_include_pad`) and spreads the
/// gradient evenly over the window.
final class Pool2D: GroupwiseLayer {
    enum Mode { case maximum, average }

    let name: String
    let spec: LayerSpec
    let mode: Mode
    let inputShape: [Int]
    let outputShape: [Int]
    var parameters: [Parameter] { [] }
    private let size: Int
    private let stride: Int
    private let padding: Int
    /// For max pooling: the index in its input plane of each output's winner.
    private let winners = Buffer<Int32>(count: 0)

    init(
        name: String, spec: LayerSpec, mode: Mode, inputShape: [Int], outputShape: [Int], size: Int, stride: Int,
        padding: Int
    ) {
        self.name = name
        self.spec = spec
        self.mode = mode
        self.inputShape = inputShape
        self.outputShape = outputShape
        self.size = size
        self.stride = stride
        self.padding = padding
    }

    var workPerSample: Int { inputShape.elementCount }

    func prepareForward(batchSize: Int, context: PassContext) {
        if mode == .maximum { winners.reserve(batchSize * outputShape.elementCount) }
    }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        let (c, h, w) = (inputShape[0], inputShape[1], inputShape[2])
        let (oh, ow) = (outputShape[1], outputShape[2])
        let scale = 1 / Float(size * size)
        let planes = samples.lowerBound * c..<samples.upperBound * c
        if mode == .maximum, size == 2, stride == 2, padding == 0 {
            for plane in planes {
                Pool2D.maximum2x2(
                    input + plane * h * w, width: w, into: output + plane * oh * ow,
                    winners: winners.pointer + plane * oh * ow,
                    outputHeight: oh, outputWidth: ow)
            }
            return
        }
        for plane in planes {
            let xp = input + plane * h * w
            let yp = output + plane * oh * ow
            let wp = winners.pointer + plane * oh * ow
            for oy in 0..<oh {
                let y0 = Swift.max(0, oy * stride - padding)
                let y1 = Swift.min(h, oy * stride - padding + size)
                for ox in 0..<ow {
                    let x0 = Swift.max(0, ox * stride - padding)
                    let x1 = Swift.min(w, ox * stride - padding + size)
                    if mode == .maximum {
                        var best = -Float.infinity
                        var index = y0 * w + x0
                        for iy in y0..<y1 {
                            for ix in x0..<x1 where xp[iy * w + ix] > best {
                                best = xp[iy * w + ix]
                                index = iy * w + ix
                            }
                        }
                        yp[oy * ow + ox] = best
                        wp[oy * ow + ox] = Int32(truncatingIfNeeded: index)
                    } else {
                        var sum: Float = 0
                        for iy in y0..<y1 {
                            for ix in x0..<x1 { sum += xp[iy * w + ix] }
                        }
                        yp[oy * ow + ox] = sum * scale
                    }
                }
            }
        }
    }

    /// The common 2×2, stride-2, unpadded max pool of one plane: no clipping, the four candidates compared
    /// in row-major order (the first maximum wins, as in the general loop).
    @inline(__always)
    static func maximum2x2(
        _ x: UnsafePointer<Float>, width w: Int, into y: UnsafeMutablePointer<Float>,
        winners: UnsafeMutablePointer<Int32>,
        outputHeight oh: Int, outputWidth ow: Int
    ) {
        for oy in 0..<oh {
            let top = 2 * oy * w
            for ox in 0..<ow {
                let i = top + 2 * ox
                var best = x[i]
                var index = i
                if x[i + 1] > best { best = x[i + 1]; index = i + 1 }
                if x[i + w] > best { best = x[i + w]; index = i + w }
                if x[i + w + 1] > best { best = x[i + w + 1]; index = i + w + 1 }
                y[oy * ow + ox] = best
                winners[oy * ow + ox] = Int32(truncatingIfNeeded: index)
            }
        }
    }

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        guard let inputGradient else { return }
        let (c, h, w) = (inputShape[0], inputShape[1], inputShape[2])
        let (oh, ow) = (outputShape[1], outputShape[2])
        let scale = 1 / Float(size * size)
        for plane in samples.lowerBound * c..<samples.upperBound * c {
            let dxp = inputGradient + plane * h * w
            let dyp = outputGradient + plane * oh * ow
            for i in 0..<h * w { dxp[i] = 0 }
            if mode == .maximum {
                let wp = winners.pointer + plane * oh * ow
                for i in 0..<oh * ow { dxp[Int(wp[i])] += dyp[i] }
                continue
            }
            for oy in 0..<oh {
                let y0 = Swift.max(0, oy * stride - padding)
                let y1 = Swift.min(h, oy * stride - padding + size)
                for ox in 0..<ow {
                    let x0 = Swift.max(0, ox * stride - padding)
                    let x1 = Swift.min(w, ox * stride - padding + size)
                    let share = dyp[oy * ow + ox] * scale
                    for iy in y0..<y1 {
                        for ix in x0..<x1 { dxp[iy * w + ix] += share }
                    }
                }
            }
        }
    }
}

/// Global average pooling: `[N, C, H, W]` → `[N, C]`, each output the mean of its channel plane;
/// the gradient is spread evenly: ∂L/∂x = ∂L/∂y / (H·W).
final class GlobalAveragePool: GroupwiseLayer {
    let name: String
    let spec: LayerSpec = .globalAveragePool
    let inputShape: [Int]
    let outputShape: [Int]
    var parameters: [Parameter] { [] }

    init(name: String, inputShape: [Int]) {
        self.name = name
        self.inputShape = inputShape
        self.outputShape = [inputShape[0]]
    }

    var workPerSample: Int { inputShape.elementCount }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        let (channels, planeSize) = (inputShape[0], inputShape[1] * inputShape[2])
        let scale = 1 / Float(planeSize)
        for plane in samples.lowerBound * channels..<samples.upperBound * channels {
            output[plane] = Reduction.sum(input + plane * planeSize, count: planeSize) * scale
        }
    }

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        guard let inputGradient else { return }
        let (channels, planeSize) = (inputShape[0], inputShape[1] * inputShape[2])
        let scale = 1 / Float(planeSize)
        for plane in samples.lowerBound * channels..<samples.upperBound * channels {
            let value = outputGradient[plane] * scale
            let target = inputGradient + plane * planeSize
            for i in 0..<planeSize { target[i] = value }
        }
    }
}
