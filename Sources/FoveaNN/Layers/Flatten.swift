/// `[N, C, H, W]` → `[N, C·H·W]`, keeping the NCHW element order (a copy, so buffers never alias).
final class Flatten: GroupwiseLayer {
    let name: String
    let spec: LayerSpec = .flatten
    let inputShape: [Int]
    let outputShape: [Int]
    var parameters: [Parameter] { [] }

    init(name: String, inputShape: [Int]) {
        self.name = name
        self.inputShape = inputShape
        self.outputShape = [inputShape.elementCount]
    }

    var workPerSample: Int { outputShape[0] }

    func forwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
        context: PassContext
    ) {
        let size = outputShape[0]
        for i in samples.lowerBound * size..<samples.upperBound * size { output[i] = input[i] }
    }

    func backwardGroup(
        _ group: Int, samples: Range<Int>, input: UnsafePointer<Float>, output: UnsafePointer<Float>,
        outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?, context: PassContext
    ) {
        guard let inputGradient else { return }
        let size = outputShape[0]
        for i in samples.lowerBound * size..<samples.upperBound * size { inputGradient[i] = outputGradient[i] }
    }
}
