/// Classification metrics on network outputs `[N, classes]` (logits or probabilities: only their order matters).
public enum Metrics {
    /// The fraction of samples whose highest output is their label (ties go to the lower class).
    public static func accuracy(outputs: Tensor, labels: [Int]) -> Double {
        topKAccuracy(outputs: outputs, labels: labels, k: 1)
    }

    /// The fraction of samples whose label is among their `k` highest outputs (a label counts when fewer
    /// than `k` outputs are strictly greater than its own).
    public static func topKAccuracy(outputs: Tensor, labels: [Int], k: Int) -> Double {
        let classes = outputs.shape.last ?? 1
        precondition(
            outputs.rank == 2 && labels.count == outputs.batchSize,
            "Outputs \(outputs.shape) and \(labels.count) labels disagree")
        guard !labels.isEmpty else { return 0 }
        var hits = 0
        for (n, label) in labels.enumerated() where label >= 0 && label < classes {
            let row = outputs.scalars[n * classes..<(n + 1) * classes]
            let score = row[row.startIndex + label]
            if row.filter({ $0 > score }).count < k { hits += 1 }
        }
        return Double(hits) / Double(labels.count)
    }

    /// The arg-max of each row of `outputs` (the predicted class; ties go to the lower class).
    public static func predictions(outputs: Tensor) -> [Int] {
        let classes = outputs.shape.last ?? 1
        return (0..<outputs.count / Swift.max(1, classes)).map { n in
            argmax(outputs.scalars[n * classes..<(n + 1) * classes])
        }
    }

    static func argmax<C: Collection>(_ row: C) -> Int where C.Element == Float, C.Index == Int {
        var best = row.startIndex
        for i in row.indices where row[i] > row[best] { best = i }
        return best - row.startIndex
    }

    static func correctCount(outputs: UnsafePointer<Float>, batchSize: Int, classes: Int, targets: Targets) -> Int {
        var correct = 0
        for n in 0..<batchSize {
            let row = outputs + n * classes
            var predicted = 0
            for j in 1..<max(1, classes) where row[j] > row[predicted] { predicted = j }
            switch targets {
            case .labels(let labels): if labels[n] == predicted { correct += 1 }
            case .values(let tensor):
                if argmax(tensor.scalars[n * classes..<(n + 1) * classes]) == predicted { correct += 1 }
            }
        }
        return correct
    }
}

/// Counts of (actual class, predicted class) pairs.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    /// The number of classes.
    public let classes: Int
    /// `counts[actual][predicted]`.
    public private(set) var counts: [[Int]]

    /// An empty matrix.
    public init(classes: Int) {
        precondition(classes >= 1, "A confusion matrix needs at least one class, got \(classes)")
        self.classes = classes
        counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
    }

    /// Records one sample.
    public mutating func add(actual: Int, predicted: Int) {
        precondition(
            (0..<classes).contains(actual) && (0..<classes).contains(predicted),
            "Class (\(actual), \(predicted)) outside 0..<\(classes)")
        counts[actual][predicted] += 1
    }

    /// Records a batch of outputs `[N, classes]` against their labels.
    public mutating func add(outputs: Tensor, labels: [Int]) {
        for (label, predicted) in zip(labels, Metrics.predictions(outputs: outputs)) {
            add(actual: label, predicted: predicted)
        }
    }

    /// The number of samples recorded.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The fraction on the diagonal (0 when empty).
    public var accuracy: Double {
        let total = self.total
        return total == 0 ? 0 : Double((0..<classes).reduce(0) { $0 + counts[$1][$1] }) / Double(total)
    }
}

/// Running totals over the batches of an epoch: the sample-weighted mean loss and the accuracy.
public struct EpochStatistics: Sendable, Equatable, Codable {
    /// Σ loss × batch size.
    public private(set) var totalLoss = 0.0
    /// Σ correct predictions.
    public private(set) var correct = 0
    /// Σ batch sizes.
    public private(set) var samples = 0

    /// Empty totals.
    public init() {}

    /// Adds one training step.
    public mutating func add(_ step: StepResult) {
        add(loss: step.loss, correct: step.correct, samples: step.batchSize)
    }

    /// Adds one batch given its mean loss, correct count and size.
    public mutating func add(loss: Double, correct: Int, samples: Int) {
        totalLoss += loss * Double(samples)
        self.correct += correct
        self.samples += samples
    }

    /// The mean loss per sample (0 before any batch).
    public var meanLoss: Double { samples == 0 ? 0 : totalLoss / Double(samples) }

    /// The fraction of samples classified correctly (0 before any batch).
    public var accuracy: Double { samples == 0 ? 0 : Double(correct) / Double(samples) }
}
