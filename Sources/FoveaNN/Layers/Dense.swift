/// Fully connected layer: `y = W·x + b` for each sample, with W `[outputs, inputs]` and b `[outputs]`.
///
/// Input `[N, inputs]`, output `[N, outputs]`. Each group of the fixed batch partition is one GEMM; the
/// weight gradient is one partial per group, added in group order (see `BatchPartition`).
final class Dense: GroupwiseLayer {
    let name: String
    let spec: LayerSpec
    let inputShape: [Int]
    let outputShape: [Int]
    let inputs: Int
    let outputs: Int
    let weight: Parameter
    let bias: Parameter?
    private let partials = FloatBuffer(count: 0)

    init(name: String, spec: LayerSpec, inputShape: [Int], outputs: Int, hasBias: Bool) {
        self.name = name
        self.spec = spec
        self.inputShape = inputShape
        self.inputs = inputShape.elementCount
        self.outputs = outputs
        self.outputShape = [outputs]
        weight = Parameter(name: "\(name).weight", shape: [outputs, inputs])
        bias = hasBias ? Parameter(name: "\(name).bias", shape: [outputs]) : nil
    }

    var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    var workPerSample: Int { inputs * outputs }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        let yg = output + samples.lowerBound * outputs
        BLAS.gemm(
            transposeA: false, transposeB: true, m: samples.count, n: outputs, k: inputs,
            a: input + samples.lowerBound * inputs, lda: inputs, b: weight.value.pointer, ldb: inputs, beta: 0, c: yg,
            ldc: outputs)
        if let bias = bias?.value.pointer {
            for r in 0..<samples.count {
                let row = yg + r * outputs
                for j in 0..<outputs { row[j] += bias[j] }
            }
        }
    }

    private var partialStride: Int { weight.count + outputs }

    func prepareBackward(batchSize: Int, context: PassContext) {
        partials.reserve(BatchPartition.groupCount(batchSize) * partialStride)
    }

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        let dyg = outputGradient + samples.lowerBound * outputs
        let pw = partials.pointer + group * partialStride
        // ∂L/∂W = Σ_n dyₙ xₙᵀ over the group's samples.
        BLAS.gemm(
            transposeA: true, transposeB: false, m: outputs, n: inputs, k: samples.count,
            a: dyg, lda: outputs, b: input + samples.lowerBound * inputs, ldb: inputs, beta: 0, c: pw, ldc: inputs)
        // ∂L/∂b = Σ_n dyₙ, rows in order.
        let pb = pw + outputs * inputs
        for j in 0..<outputs { pb[j] = 0 }
        for r in 0..<samples.count {
            let row = dyg + r * outputs
            for j in 0..<outputs { pb[j] += row[j] }
        }
        // ∂L/∂x = Wᵀ dy.
        if let inputGradient {
            BLAS.gemm(
                transposeA: false, transposeB: false, m: samples.count, n: inputs, k: outputs,
                a: dyg, lda: outputs, b: weight.value.pointer, ldb: inputs, beta: 0,
                c: inputGradient + samples.lowerBound * inputs, ldc: inputs)
        }
    }

    func finishBackward(batchSize: Int, context: PassContext) {
        let (all, groups) = context.allGroups(partials.pointer, stride: partialStride, batchSize: batchSize)
        BatchPartition.sumPartials(
            all, groups: groups, stride: partialStride, count: weight.count, into: weight.gradient.pointer,
            threads: context.threads)
        if let bias {
            BatchPartition.sumPartials(
                all + weight.count, groups: groups, stride: partialStride, count: outputs,
                into: bias.gradient.pointer, threads: 1)
        }
    }
}
