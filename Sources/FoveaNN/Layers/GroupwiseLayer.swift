/// A layer whose passes treat each group of the batch partition on its own: no statistic over the batch,
/// and parameter gradients kept as one partial per group until `finishBackward`.
///
/// A lone groupwise layer runs its groups in one parallel region per pass. `Sequential` goes further: it
/// runs a stretch of consecutive groupwise layers group by group inside a single parallel region (a group
/// of samples goes through all of them while it is still in cache), so a whole LeNet-5 forward pass is one
/// region instead of one per layer — on a busy machine every region is a barrier that waits for the
/// slowest thread. Results are the same either way, bit for bit.
protocol GroupwiseLayer: Layer {
    /// Floats touched or multiply-adds per sample, for deciding how many threads a lone pass deserves.
    var workPerSample: Int { get }
    /// Reserves buffers and fixes per-pass state before `forwardGroup` runs on any group.
    func prepareForward(batchSize: Int, context: PassContext)
    /// The forward pass of the samples of one group (`input` and `output` point to the whole batch).
    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext)
    /// Reserves buffers before `backwardGroup` runs on any group.
    func prepareBackward(batchSize: Int, context: PassContext)
    /// The backward pass of one group: its input gradient, and its partial of the parameter gradients.
    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext)
    /// Adds the groups' partials into the parameter gradients, in group order.
    func finishBackward(batchSize: Int, context: PassContext)
}

extension GroupwiseLayer {
    func prepareForward(batchSize: Int, context: PassContext) {}
    func prepareBackward(batchSize: Int, context: PassContext) {}
    func finishBackward(batchSize: Int, context: PassContext) {}

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        prepareForward(batchSize: batchSize, context: context)
        let (x, y) = (UncheckedSendable(input), UncheckedSendable(output))
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: workPerSample) {
            group, samples in
            forwardGroup(group, samples: samples, input: x.value, output: y.value, context: context)
        }
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        prepareBackward(batchSize: batchSize, context: context)
        let (x, y, dy, dx) = (
            UncheckedSendable(input), UncheckedSendable(output), UncheckedSendable(outputGradient),
            UncheckedSendable(inputGradient)
        )
        BatchPartition.forEachGroup(batchSize: batchSize, threads: context.threads, workPerSample: workPerSample) {
            group, samples in
            backwardGroup(
                group, samples: samples, input: x.value, output: y.value, outputGradient: dy.value,
                inputGradient: dx.value,
                context: context)
        }
        finishBackward(batchSize: batchSize, context: context)
    }
}
