/// Fully connected layer: `y = W·x + b` for each sample, with W `[outputs, inputs]` and b `[outputs]`.
///
/// Input `[N, inputs]`, output `[N, outputs]`. Each group of the fixed batch partition is one GEMM; the
/// weight gradient is one partial per group, added in group order (see `BatchPartition`).
final class Dense: Layer {
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

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        let (x, y, w) = (UncheckedSendable(input), UncheckedSendable(output), UncheckedSendable(weight.value.pointer))
        let b = UncheckedSendable(bias?.value.pointer)
        let (inputs, outputs) = (self.inputs, self.outputs)
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: inputs * outputs) { _, samples in
            let yg = y.value + samples.lowerBound * outputs
            BLAS.gemm(
                transposeA: false, transposeB: true, m: samples.count, n: outputs, k: inputs,
                a: x.value + samples.lowerBound * inputs, lda: inputs, b: w.value, ldb: inputs, beta: 0, c: yg, ldc: outputs)
            if let bias = b.value {
                for r in 0..<samples.count {
                    let row = yg + r * outputs
                    for j in 0..<outputs { row[j] += bias[j] }
                }
            }
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        let groups = BatchPartition.groupCount(batchSize)
        let stride = weight.count + outputs
        partials.reserve(groups * stride)
        let (x, dy, w) = (UncheckedSendable(input), UncheckedSendable(outputGradient), UncheckedSendable(weight.value.pointer))
        let (dx, p) = (UncheckedSendable(inputGradient), UncheckedSendable(partials.pointer))
        let (inputs, outputs) = (self.inputs, self.outputs)
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: inputs * outputs) { group, samples in
            let dyg = dy.value + samples.lowerBound * outputs
            let pw = p.value + group * stride
            // ∂L/∂W = Σ_n dyₙ xₙᵀ over the group's samples.
            BLAS.gemm(
                transposeA: true, transposeB: false, m: outputs, n: inputs, k: samples.count,
                a: dyg, lda: outputs, b: x.value + samples.lowerBound * inputs, ldb: inputs, beta: 0, c: pw, ldc: inputs)
            // ∂L/∂b = Σ_n dyₙ, rows in order.
            let pb = pw + outputs * inputs
            pb.update(repeating: 0, count: outputs)
            for r in 0..<samples.count {
                let row = dyg + r * outputs
                for j in 0..<outputs { pb[j] += row[j] }
            }
            // ∂L/∂x = Wᵀ dy.
            if let dxv = dx.value {
                BLAS.gemm(
                    transposeA: false, transposeB: false, m: samples.count, n: inputs, k: outputs,
                    a: dyg, lda: outputs, b: w.value, ldb: inputs, beta: 0,
                    c: dxv + samples.lowerBound * inputs, ldc: inputs)
            }
        }
        BatchPartition.sumPartials(
            partials.pointer, groups: groups, stride: stride, count: weight.count, into: weight.gradient.pointer,
            threads: context.threads)
        if let bias {
            BatchPartition.sumPartials(
                partials.pointer + weight.count, groups: groups, stride: stride, count: outputs,
                into: bias.gradient.pointer, threads: 1)
        }
    }
}
