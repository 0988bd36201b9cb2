/// A named network definition: layer specs, a default input shape and a default class count.
///
/// The built-in names, used everywhere (API, CLI, checkpoints): `mlp`, `lenet5`, `vgg-small`,
/// `resnet-small`, `alexnet`, `vgg16`.
public struct Architecture: Sendable {
    /// The name, for example `lenet5`.
    public let name: String
    /// The per-sample input shape `[C, H, W]` the definition was designed for.
    public let defaultInputShape: [Int]
    /// The number of classes of the original definition.
    public let defaultClasses: Int
    /// Whether the definition is tied to its input size (AlexNet at 227, VGG-16 at 224: their dense layers were
    /// sized for it, and the point of using them is the original recipe). Training refuses data of another size
    /// unless it is resized on purpose; the small architectures take any data, resized to their input.
    public let hasFixedInput: Bool
    private let makeLayers: @Sendable (Int) -> [LayerSpec]

    /// Creates a custom architecture from a function of the class count.
    public init(
        name: String, defaultInputShape: [Int], defaultClasses: Int, hasFixedInput: Bool = false,
        layers: @escaping @Sendable (Int) -> [LayerSpec]
    ) {
        self.name = name
        self.defaultInputShape = defaultInputShape
        self.defaultClasses = defaultClasses
        self.hasFixedInput = hasFixedInput
        self.makeLayers = layers
    }

    /// The layer specs for `classes` outputs (logits; the loss applies softmax).
    public func layers(classes: Int) -> [LayerSpec] { makeLayers(classes) }

    /// The shape and parameter count of every layer, computed from the specs without allocating weights.
    public func summary(inputShape: [Int]? = nil, classes: Int? = nil) throws -> ModelSummary {
        try ModelSummary(
            layers: layers(classes: classes ?? defaultClasses), inputShape: inputShape ?? defaultInputShape)
    }

    /// The built-in architecture called `name`.
    ///
    /// - Throws: `NNError.unknownArchitecture` listing the known names.
    public static func named(_ name: String) throws -> Architecture {
        guard let architecture = all.first(where: { $0.name == name }) else {
            throw NNError.unknownArchitecture(name, known: all.map(\.name))
        }
        return architecture
    }

    /// Every built-in architecture.
    public static let all: [Architecture] = [mlp, lenet5, vggSmall, resnetSmall, alexnet, vgg16]

    /// Nielsen's `network.py` MLP [784, 30, 10]: flatten, dense 30, sigmoid, dense 10 (logits).
    public static let mlp = Architecture(name: "mlp", defaultInputShape: [1, 28, 28], defaultClasses: 10) { classes in
        [
            .flatten, .dense(outputs: 30, initializer: .xavierNormal), .activation(.sigmoid),
            .dense(outputs: classes, initializer: .xavierNormal),
        ]
    }

    /// LeNet-5 as in the JAX peer: conv 6@5×5 padding 2, ReLU, max pool 2, conv 16@5×5, ReLU, max pool 2,
    /// dense 120, ReLU, dense 84, ReLU, dense 10; He-normal weights, zero biases. 61,706 parameters.
    public static let lenet5 = Architecture(name: "lenet5", defaultInputShape: [1, 28, 28], defaultClasses: 10) {
        classes in
        [
            .conv2D(outputChannels: 6, kernelSize: 5, padding: 2), .activation(.relu), .maxPool2D(size: 2, stride: 2),
            .conv2D(outputChannels: 16, kernelSize: 5), .activation(.relu), .maxPool2D(size: 2, stride: 2),
            .flatten, .dense(outputs: 120), .activation(.relu), .dense(outputs: 84), .activation(.relu),
            .dense(outputs: classes),
        ]
    }

    /// A small VGG-style net for 32×32 inputs: (conv 3×3 ×2, max pool) at 32 and 64 channels, conv 3×3 128,
    /// max pool, dense 256, dropout 0.5, dense 10.
    public static let vggSmall = Architecture(name: "vgg-small", defaultInputShape: [3, 32, 32], defaultClasses: 10) {
        classes in
        var layers: [LayerSpec] = []
        for channels in [32, 64] {
            layers += [
                .conv2D(outputChannels: channels, kernelSize: 3, padding: 1), .activation(.relu),
                .conv2D(outputChannels: channels, kernelSize: 3, padding: 1), .activation(.relu),
                .maxPool2D(size: 2, stride: 2),
            ]
        }
        layers += [
            .conv2D(outputChannels: 128, kernelSize: 3, padding: 1), .activation(.relu), .maxPool2D(size: 2, stride: 2),
        ]
        return layers + [
            .flatten, .dense(outputs: 256), .activation(.relu), .dropout(rate: 0.5), .dense(outputs: classes),
        ]
    }

    /// A small ResNet for 32×32 inputs: conv 3×3 16 + BatchNorm + ReLU, residual blocks 16, 32 (stride 2),
    /// 64 (stride 2), global average pool, dense 10.
    public static let resnetSmall = Architecture(
        name: "resnet-small", defaultInputShape: [3, 32, 32], defaultClasses: 10
    ) { classes in
        [
            .conv2D(outputChannels: 16, kernelSize: 3, padding: 1, bias: false), .batchNorm(), .activation(.relu),
            .residual(outputChannels: 16), .residual(outputChannels: 32, stride: 2),
            .residual(outputChannels: 64, stride: 2),
            .globalAveragePool, .dense(outputs: classes),
        ]
    }

    /// AlexNet (Krizhevsky et al. 2012) at 227×227×3, with the original two-GPU channel groups on conv 2, 4 and
    /// 5 (local response normalisation omitted: it has no parameters): 60,965,224 parameters, conv 1 =
    /// 34,944 parameters with a 55×55×96 output.
    public static let alexnet = Architecture(
        name: "alexnet", defaultInputShape: [3, 227, 227], defaultClasses: 1000, hasFixedInput: true
    ) {
        classes in
        [
            .conv2D(outputChannels: 96, kernelSize: 11, stride: 4), .activation(.relu), .maxPool2D(size: 3, stride: 2),
            .conv2D(outputChannels: 256, kernelSize: 5, padding: 2, groups: 2), .activation(.relu),
            .maxPool2D(size: 3, stride: 2),
            .conv2D(outputChannels: 384, kernelSize: 3, padding: 1), .activation(.relu),
            .conv2D(outputChannels: 384, kernelSize: 3, padding: 1, groups: 2), .activation(.relu),
            .conv2D(outputChannels: 256, kernelSize: 3, padding: 1, groups: 2), .activation(.relu),
            .maxPool2D(size: 3, stride: 2),
            .flatten, .dense(outputs: 4096), .activation(.relu), .dropout(rate: 0.5),
            .dense(outputs: 4096), .activation(.relu), .dropout(rate: 0.5), .dense(outputs: classes),
        ]
    }

    /// VGG-16 (Simonyan & Zisserman 2015, configuration D) at 224×224×3: 13 conv 3×3 layers in five blocks
    /// (64, 128, 256, 512, 512 channels) each ending in a 2×2 max pool, then dense 4096, 4096, 1000:
    /// 138,357,544 parameters.
    public static let vgg16 = Architecture(
        name: "vgg16", defaultInputShape: [3, 224, 224], defaultClasses: 1000, hasFixedInput: true
    ) {
        classes in
        var layers: [LayerSpec] = []
        for (channels, repeats) in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)] {
            for _ in 0..<repeats {
                layers += [.conv2D(outputChannels: channels, kernelSize: 3, padding: 1), .activation(.relu)]
            }
            layers.append(.maxPool2D(size: 2, stride: 2))
        }
        return layers + [
            .flatten, .dense(outputs: 4096), .activation(.relu), .dropout(rate: 0.5),
            .dense(outputs: 4096), .activation(.relu), .dropout(rate: 0.5), .dense(outputs: classes),
        ]
    }
}

/// Each layer's name, description, per-sample output shape and trainable parameter count, for an input shape.
public struct ModelSummary: Sendable, CustomStringConvertible {
    /// One layer.
    public struct Row: Sendable, Equatable {
        /// The layer's name in the model (`conv1`, `relu1`...).
        public let name: String
        /// A one-line description of the layer.
        public let layer: String
        /// The per-sample output shape, `[C, H, W]` or `[F]`.
        public let outputShape: [Int]
        /// Trainable scalars (BatchNorm running statistics excluded).
        public let parameterCount: Int
        /// Multiply-adds of one sample's forward pass (see ``LayerSpec/multiplyAdds(for:)``).
        public let multiplyAdds: Int
        /// The layer's spec.
        public let spec: LayerSpec
        /// The per-sample input shape of the layer.
        public let inputShape: [Int]
        /// Scalars of state that are not trained (BatchNorm running statistics).
        public let stateCount: Int
    }

    /// The per-sample input shape.
    public let inputShape: [Int]
    /// One row per top-level layer.
    public let rows: [Row]

    init(inputShape: [Int], rows: [Row]) {
        self.inputShape = inputShape
        self.rows = rows
    }

    /// Infers the shapes of `layers` from `inputShape`, naming layers as `Sequential` does.
    ///
    /// - Throws: the first layer's shape error.
    public init(layers: [LayerSpec], inputShape: [Int]) throws {
        self.inputShape = inputShape
        var counts: [String: Int] = [:]
        var shape = inputShape
        var rows: [Row] = []
        for spec in layers {
            counts[spec.kind, default: 0] += 1
            let name = spec.kind + String(counts[spec.kind] ?? 1)
            let output = try spec.outputShape(for: shape, layerName: name)
            rows.append(
                Row(
                    name: name, layer: spec.summary, outputShape: output,
                    parameterCount: try spec.parameterCount(for: shape),
                    multiplyAdds: try spec.multiplyAdds(for: shape),
                    spec: spec, inputShape: shape, stateCount: try spec.stateCount(for: shape)))
            shape = output
        }
        self.rows = rows
    }

    /// The sum of the rows' parameter counts.
    public var totalParameters: Int { rows.reduce(0) { $0 + $1.parameterCount } }

    /// The per-sample output shape of the last layer.
    public var outputShape: [Int] { rows.last?.outputShape ?? inputShape }

    /// The summary as an aligned text table (layer, description, output shape as C×H×W, parameters,
    /// multiply-adds per sample) ending with the totals.
    public var table: String {
        let header = ["layer", "type", "output", "parameters", "mult-adds"]
        let body = rows.map {
            [
                $0.name, $0.layer, describeShape($0.outputShape), groupedDigits($0.parameterCount),
                groupedDigits($0.multiplyAdds),
            ]
        }
        let footer = ["total", "", "", groupedDigits(totalParameters), groupedDigits(totalMultiplyAdds)]
        let all = [header, ["input", "", describeShape(inputShape), "", ""]] + body + [footer]
        let widths = (0..<5).map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            (0..<5).map { column in
                let cell = cells[column]
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column >= 3 ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 8)
        return ([line(header), rule] + all.dropFirst().dropLast().map(line) + [rule, line(footer)]).joined(
            separator: "\n")
    }

    /// The table.
    public var description: String { table }
}
