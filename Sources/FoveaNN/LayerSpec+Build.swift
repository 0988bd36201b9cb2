extension LayerSpec {
    /// Builds the runtime layer for a per-sample `inputShape`, initialising its weights from `random`
    /// (tensor *j* of the layer draws from `random.substream(j)`; biases start at zero).
    func makeLayer(name: String, inputShape: [Int], random: RandomStream) throws -> any Layer {
        let output = try outputShape(for: inputShape, layerName: name)
        switch self {
        case .conv2D(_, let kernelSize, let stride, let padding, let groups, let bias, let initializer):
            let layer = Conv2D(
                name: name, spec: self, inputShape: inputShape, outputShape: output, kernelSize: kernelSize,
                stride: stride,
                padding: padding, groups: groups, hasBias: bias)
            var stream = random.substream(0)
            let area = kernelSize * kernelSize
            initializer.fill(
                layer.weight.value.pointer, count: layer.weight.count, fanIn: inputShape[0] / groups * area,
                fanOut: output[0] / groups * area, random: &stream)
            return layer
        case .dense(let outputs, let bias, let initializer):
            let layer = Dense(name: name, spec: self, inputShape: inputShape, outputs: outputs, hasBias: bias)
            var stream = random.substream(0)
            initializer.fill(
                layer.weight.value.pointer, count: layer.weight.count, fanIn: inputShape[0], fanOut: outputs,
                random: &stream)
            return layer
        case .maxPool2D(let size, let stride, let padding):
            return Pool2D(
                name: name, spec: self, mode: .maximum, inputShape: inputShape, outputShape: output, size: size,
                stride: stride, padding: padding)
        case .averagePool2D(let size, let stride, let padding):
            return Pool2D(
                name: name, spec: self, mode: .average, inputShape: inputShape, outputShape: output, size: size,
                stride: stride, padding: padding)
        case .globalAveragePool:
            return GlobalAveragePool(name: name, inputShape: inputShape)
        case .flatten:
            return Flatten(name: name, inputShape: inputShape)
        case .activation(let function):
            return Activation(name: name, function: function, inputShape: inputShape)
        case .prelu:
            return PReLU(name: name, inputShape: inputShape)
        case .dropout(let rate):
            return Dropout(name: name, rate: rate, seed: random.key, inputShape: inputShape)
        case .batchNorm(let momentum, let epsilon):
            return BatchNorm(name: name, momentum: momentum, epsilon: epsilon, inputShape: inputShape)
        case .residual(let outputChannels, let stride):
            return try ResidualBlock(
                name: name, outputChannels: outputChannels, stride: stride, inputShape: inputShape, random: random)
        case .sequential(let layers):
            return try Sequential(layers, inputShape: inputShape, name: name, seed: random.key)
        }
    }
}
