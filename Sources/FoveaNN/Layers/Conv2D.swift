/// 2-D cross-correlation (the kernel is not flipped, as in every deep-learning framework) with stride, zero
/// padding, groups and an optional bias, computed as im2col + GEMM per sample.
///
/// Input `[N, C, H, W]`, weight `[O, C/G, K, K]`, bias `[O]`, output `[N, O, Hₒ, Wₒ]` with
/// Hₒ = (H + 2P − K)/S + 1. For group g: `Y_g = W_g · col(X_g)`, where `col` lays the K×K windows out as a
/// `(C/G·K·K) × (Hₒ·Wₒ)` matrix (rows ordered channel, kernel row, kernel column). Backward:
/// `∂L/∂W_g = Σ_n ∂L/∂Y_g · colᵀ`, `∂L/∂X = col2im(W_gᵀ · ∂L/∂Y_g)`. Each group of the fixed batch partition
/// owns a column buffer and a gradient partial, and the partials are added in group order.
final class Conv2D: GroupwiseLayer {
    let name: String
    let spec: LayerSpec
    let inputShape: [Int]
    let outputShape: [Int]
    let weight: Parameter
    let bias: Parameter?
    let geometry: ConvolutionGeometry
    private let columns = FloatBuffer(count: 0)
    private let partials = FloatBuffer(count: 0)
    /// The column matrices of every sample of the last training forward pass, kept for the backward pass
    /// when they fit in `columnCacheLimit` floats (otherwise the backward pass recomputes them).
    private let columnCache = FloatBuffer(count: 0)
    private var columnsAreCached = false
    static let columnCacheLimit = 1 << 24

    init(
        name: String, spec: LayerSpec, inputShape: [Int], outputShape: [Int], kernelSize: Int, stride: Int,
        padding: Int, groups: Int, hasBias: Bool
    ) {
        self.name = name
        self.spec = spec
        self.inputShape = inputShape
        self.outputShape = outputShape
        geometry = ConvolutionGeometry(
            channels: inputShape[0], height: inputShape[1], width: inputShape[2], outputChannels: outputShape[0],
            outputHeight: outputShape[1], outputWidth: outputShape[2], kernel: kernelSize, stride: stride,
            padding: padding, groups: groups)
        weight = Parameter(
            name: "\(name).weight", shape: [outputShape[0], inputShape[0] / groups, kernelSize, kernelSize])
        bias = hasBias ? Parameter(name: "\(name).bias", shape: [outputShape[0]]) : nil
    }

    var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// Multiply-adds per sample.
    var workPerSample: Int { geometry.outputSize * geometry.columnRows }

    func prepareForward(batchSize: Int, context: PassContext) {
        let g = geometry
        let cacheCount = batchSize * g.groups * g.columnStride
        columnsAreCached = context.isTraining && !g.isPointwise && cacheCount <= Conv2D.columnCacheLimit
        if columnsAreCached { columnCache.reserve(cacheCount) }
        if !g.isPointwise { columns.reserve(BatchPartition.groupCount(batchSize) * g.scratchCount) }
    }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        forwardGroup(
            group, samples: samples, input: input, output: output, weights: UnsafePointer(weight.value.pointer),
            bias: bias.map { UnsafePointer($0.value.pointer) }, relu: false)
    }

    /// The forward pass of one group with the given weights (`[O, C/G, K, K]`) and per-channel bias, then
    /// `max(0, ·)` if `relu`: the layer's own parameters, or the BatchNorm-folded ones of
    /// ``FoldedConvolution`` (inference).
    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        weights w: UnsafePointer<Float>, bias: UnsafePointer<Float>?, relu: Bool
    ) {
        let g = geometry
        for n in samples {
            let cache = columnsAreCached ? columnCache.pointer + n * g.groups * g.columnStride : nil
            forwardSample(
                group, input: input + n * g.inputSize, output: output + n * g.outputSize, cache: cache,
                weights: w, bias: bias, relu: relu)
        }
    }

    /// The forward pass of one sample (`input` `[C, H, W]`, `output` `[O, Hₒ, Wₒ]`) with group `group`'s
    /// scratch; `cache`, when given, receives the sample's column matrices (the training cache).
    func forwardSample(
        _ group: Int, input xn: UnsafePointer<Float>, output yn: UnsafeMutablePointer<Float>,
        cache: UnsafeMutablePointer<Float>? = nil, weights w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
        relu: Bool
    ) {
        let g = geometry
        let groupScratch = scratch(ofGroup: group)
        for k in 0..<g.groups {
            let xk = xn + k * g.groupChannels * g.planeSize
            let matrix: UnsafePointer<Float>
            if g.isPointwise {
                matrix = xk
            } else {
                let target = cache.map { $0 + k * g.columnStride } ?? groupScratch
                g.im2col(xk, into: target, padded: groupScratch + 2 * g.columnStride)
                matrix = UnsafePointer(target)
            }
            BLAS.gemm(
                transposeA: false, transposeB: false, m: g.groupOutputChannels, n: g.outputPlaneSize,
                k: g.columnRows, a: w + k * g.groupOutputChannels * g.columnRows, lda: g.columnRows,
                b: matrix, ldb: g.outputPlaneSize, beta: 0,
                c: yn + k * g.groupOutputChannels * g.outputPlaneSize, ldc: g.outputPlaneSize)
        }
        if let bias {
            for o in 0..<g.outputChannels {
                let plane = yn + o * g.outputPlaneSize
                let value = bias[o]
                if relu {
                    for i in 0..<g.outputPlaneSize { plane[i] = Swift.max(0, plane[i] + value) }
                } else {
                    for i in 0..<g.outputPlaneSize { plane[i] += value }
                }
            }
        } else if relu {
            for i in 0..<g.outputSize { yn[i] = Swift.max(0, yn[i]) }
        }
    }

    /// Group `group`'s im2col scratch (`geometry.scratchCount` floats, reserved by `prepareForward`).
    private func scratch(ofGroup group: Int) -> UnsafeMutablePointer<Float> {
        columns.pointer + group * geometry.scratchCount
    }

    private var partialStride: Int { weight.count + geometry.outputChannels }

    func prepareBackward(batchSize: Int, context: PassContext) {
        let groups = BatchPartition.groupCount(batchSize)
        columns.reserve(groups * geometry.scratchCount)
        partials.reserve(groups * partialStride)
    }

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        let g = geometry
        let w = weight.value.pointer
        let scratch = columns.pointer + group * g.scratchCount
        let columnGradient = scratch + g.columnStride
        let pw = partials.pointer + group * partialStride
        let pb = pw + weight.count
        for o in 0..<g.outputChannels { pb[o] = 0 }
        for n in samples {
            let xn = input + n * g.inputSize
            let dyn = outputGradient + n * g.outputSize
            let first = n == samples.lowerBound
            for k in 0..<g.groups {
                let xk = xn + k * g.groupChannels * g.planeSize
                let dyk = dyn + k * g.groupOutputChannels * g.outputPlaneSize
                let wk = w + k * g.groupOutputChannels * g.columnRows
                let matrix: UnsafePointer<Float>
                if g.isPointwise {
                    matrix = xk
                } else if columnsAreCached {
                    matrix = UnsafePointer(columnCache.pointer + (n * g.groups + k) * g.columnStride)
                } else {
                    g.im2col(xk, into: scratch, padded: scratch + 2 * g.columnStride)
                    matrix = UnsafePointer(scratch)
                }
                // ∂L/∂W_k += ∂L/∂Y_k · colᵀ (the first sample of the group overwrites).
                BLAS.gemm(
                    transposeA: false, transposeB: true, m: g.groupOutputChannels, n: g.columnRows,
                    k: g.outputPlaneSize, a: dyk, lda: g.outputPlaneSize, b: matrix, ldb: g.outputPlaneSize,
                    beta: first ? 0 : 1, c: pw + k * g.groupOutputChannels * g.columnRows, ldc: g.columnRows)
                guard let inputGradient else { continue }
                let dxk = inputGradient + n * g.inputSize + k * g.groupChannels * g.planeSize
                if g.isPointwise {
                    BLAS.gemm(
                        transposeA: true, transposeB: false, m: g.columnRows, n: g.outputPlaneSize,
                        k: g.groupOutputChannels, a: wk, lda: g.columnRows, b: dyk, ldb: g.outputPlaneSize, beta: 0,
                        c: dxk, ldc: g.outputPlaneSize)
                } else {
                    BLAS.gemm(
                        transposeA: true, transposeB: false, m: g.columnRows, n: g.outputPlaneSize,
                        k: g.groupOutputChannels, a: wk, lda: g.columnRows, b: dyk, ldb: g.outputPlaneSize, beta: 0,
                        c: columnGradient, ldc: g.outputPlaneSize)
                    g.col2im(columnGradient, into: dxk, padded: scratch + 2 * g.columnStride)
                }
            }
            if bias != nil {
                for o in 0..<g.outputChannels {
                    pb[o] += Reduction.sum(dyn + o * g.outputPlaneSize, count: g.outputPlaneSize)
                }
            }
        }
    }

    func finishBackward(batchSize: Int, context: PassContext) {
        let (all, groups) = context.allGroups(partials.pointer, stride: partialStride, batchSize: batchSize)
        BatchPartition.sumPartials(
            all, groups: groups, stride: partialStride, count: weight.count, into: weight.gradient.pointer,
            threads: context.threads)
        if let bias {
            BatchPartition.sumPartials(
                all + weight.count, groups: groups, stride: partialStride, count: geometry.outputChannels,
                into: bias.gradient.pointer, threads: 1)
        }
    }
}

/// The sizes of one convolution and its im2col / col2im transforms (one sample, one channel group).
struct ConvolutionGeometry: Sendable {
    let channels: Int
    let height: Int
    let width: Int
    let outputChannels: Int
    let outputHeight: Int
    let outputWidth: Int
    let kernel: Int
    let stride: Int
    let padding: Int
    let groups: Int

    var groupChannels: Int { channels / groups }
    var groupOutputChannels: Int { outputChannels / groups }
    var planeSize: Int { height * width }
    var outputPlaneSize: Int { outputHeight * outputWidth }
    var inputSize: Int { channels * planeSize }
    var outputSize: Int { outputChannels * outputPlaneSize }
    var columnRows: Int { groupChannels * kernel * kernel }
    var columnCount: Int { columnRows * outputPlaneSize }
    /// Floats reserved per column matrix: 8 more than `columnCount`, because the stride-1 copy writes whole
    /// 8-float vectors and may run up to 7 floats past a row (the next row then overwrites them).
    var columnStride: Int { columnCount + 8 }
    /// Floats of one zero-padded input plane for the stride-1 copy, with 8 floats of slack for vector reads.
    var paddedPlaneCount: Int { (height + 2 * padding) * (width + 2 * padding) + 8 }
    /// Per-group scratch: a column matrix, its gradient, and a padded plane.
    var scratchCount: Int { 2 * columnStride + paddedPlaneCount }
    /// A 1×1, stride-1, unpadded kernel reads the input as its own column matrix.
    var isPointwise: Bool { kernel == 1 && stride == 1 && padding == 0 }

    /// The output columns `lower..<upper` whose input column `ox·S − P + kx` lies inside the image.
    @inline(__always)
    func validColumns(kx: Int) -> (lower: Int, upper: Int) {
        let lower = padding - kx <= 0 ? 0 : (padding - kx + stride - 1) / stride
        let last = width - 1 + padding - kx
        let upper = last < 0 ? 0 : Swift.min(outputWidth, last / stride + 1)
        return (Swift.min(lower, upper), upper)
    }

    /// Lays out the windows of `groupChannels` planes at `source` as a `columnRows × outputPlaneSize` matrix
    /// (written into `columnStride` floats; `padded` is scratch of `paddedPlaneCount` floats).
    ///
    /// Stride 1 (the common case) goes through a zero-padded copy of each plane so that every row of the
    /// matrix is a plain copy of `outputWidth` floats, done in 8-float vectors without bounds checks.
    func im2col(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        padded: UnsafeMutablePointer<Float>
    ) {
        guard stride == 1 else {
            im2colStrided(source, into: destination)
            return
        }
        let paddedWidth = width + 2 * padding
        for i in 0..<paddedPlaneCount { padded[i] = 0 }
        var row = destination
        for c in 0..<groupChannels {
            let plane = source + c * planeSize
            for y in 0..<height {
                let from = plane + y * width
                let to = padded + (y + padding) * paddedWidth + padding
                for x in 0..<width { to[x] = from[x] }
            }
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    for oy in 0..<outputHeight {
                        let from = UnsafeRawPointer(padded + (oy + ky) * paddedWidth + kx)
                        let to = UnsafeMutableRawPointer(row + oy * outputWidth)
                        var offset = 0
                        while offset < outputWidth * 4 {
                            to.storeBytes(
                                of: from.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self),
                                toByteOffset: offset, as: SIMD8<Float>.self)
                            offset += 32
                        }
                    }
                    row += outputPlaneSize
                }
            }
        }
    }

    /// `im2col` for strides above 1: per row, the in-image columns are copied and the rest zero-filled.
    func im2colStrided(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>) {
        var row = destination
        for c in 0..<groupChannels {
            let plane = source + c * planeSize
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    let (lower, upper) = validColumns(kx: kx)
                    for oy in 0..<outputHeight {
                        let out = row + oy * outputWidth
                        let iy = oy * stride - padding + ky
                        guard iy >= 0, iy < height else {
                            for ox in 0..<outputWidth { out[ox] = 0 }
                            continue
                        }
                        for ox in 0..<lower { out[ox] = 0 }
                        for ox in upper..<outputWidth { out[ox] = 0 }
                        let inRow = plane + iy * width - padding + kx
                        var ox = lower
                        if stride == 2 {
                            // Eight outputs from sixteen inputs (the even lanes), while the load stays inside
                            // the row's valid samples (the last one read is inRow[2·ox + 15] ≤ inRow[2·(upper − 1)]).
                            while 2 * ox + 16 <= 2 * (upper - 1) + 1 {
                                let v = UnsafeRawPointer(inRow + 2 * ox).loadUnaligned(as: SIMD16<Float>.self)
                                let even = SIMD8<Float>(v[0], v[2], v[4], v[6], v[8], v[10], v[12], v[14])
                                UnsafeMutableRawPointer(out + ox).storeBytes(of: even, as: SIMD8<Float>.self)
                                ox += 8
                            }
                        }
                        while ox < upper {
                            out[ox] = inRow[ox * stride]
                            ox += 1
                        }
                    }
                    row += outputPlaneSize
                }
            }
        }
    }

    /// The adjoint of `im2col`: overwrites the `groupChannels` planes at `destination` with the sums of the
    /// column entries that read each input element.
    ///
    /// Stride 1 accumulates into a zero-padded plane (`padded`, `paddedPlaneCount` floats) in 8-float vectors
    /// plus a scalar tail, then copies its interior out; the order of the additions is the same either way.
    func col2im(
        _ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
        padded: UnsafeMutablePointer<Float>
    ) {
        guard stride == 1 else {
            col2imStrided(source, into: destination)
            return
        }
        let paddedWidth = width + 2 * padding
        let vectorEnd = outputWidth / 8 * 8
        var row = source
        for c in 0..<groupChannels {
            for i in 0..<paddedPlaneCount { padded[i] = 0 }
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    for oy in 0..<outputHeight {
                        let from = row + oy * outputWidth
                        let to = padded + (oy + ky) * paddedWidth + kx
                        var ox = 0
                        while ox < vectorEnd {
                            let sum =
                                UnsafeRawPointer(to + ox).loadUnaligned(as: SIMD8<Float>.self)
                                + UnsafeRawPointer(from + ox).loadUnaligned(as: SIMD8<Float>.self)
                            UnsafeMutableRawPointer(to + ox).storeBytes(of: sum, as: SIMD8<Float>.self)
                            ox += 8
                        }
                        while ox < outputWidth {
                            to[ox] += from[ox]
                            ox += 1
                        }
                    }
                    row += outputPlaneSize
                }
            }
            let plane = destination + c * planeSize
            for y in 0..<height {
                let from = padded + (y + padding) * paddedWidth + padding
                let to = plane + y * width
                for x in 0..<width { to[x] = from[x] }
            }
        }
    }

    /// `col2im` for strides above 1.
    func col2imStrided(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>) {
        for i in 0..<groupChannels * planeSize { destination[i] = 0 }
        var row = source
        for c in 0..<groupChannels {
            let plane = destination + c * planeSize
            for ky in 0..<kernel {
                for kx in 0..<kernel {
                    let (lower, upper) = validColumns(kx: kx)
                    for oy in 0..<outputHeight {
                        let iy = oy * stride - padding + ky
                        guard iy >= 0, iy < height else { continue }
                        let from = row + oy * outputWidth
                        let inRow = plane + iy * width - padding + kx
                        if stride == 1 {
                            for ox in lower..<upper { inRow[ox] += from[ox] }
                        } else {
                            for ox in lower..<upper { inRow[ox * stride] += from[ox] }
                        }
                    }
                    row += outputPlaneSize
                }
            }
        }
    }
}
