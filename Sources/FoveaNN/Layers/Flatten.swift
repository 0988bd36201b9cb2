/// `[N, C, H, W]` → `[N, C·H·W]`, keeping the NCHW element order (a copy, so buffers never alias).
final class Flatten: Layer {
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

    func forward(
        _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batchSize: Int, context: PassContext
    ) {
        output.update(from: input, count: batchSize * outputShape[0])
    }

    func backward(
        input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
        inputGradient: UnsafeMutablePointer<Float>?, batchSize: Int, context: PassContext
    ) {
        inputGradient?.update(from: outputGradient, count: batchSize * outputShape[0])
    }
}
