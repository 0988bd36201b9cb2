import Foundation

/// A trained model loaded from a checkpoint, with what is needed to feed it data as training did:
/// class names, input format and normalisation.
public struct TrainedModel {
    /// The checkpoint as read.
    public let checkpoint: Checkpoint
    /// The network with its weights.
    public let model: Model
    /// The training state stored with it, or `nil` for a checkpoint written by other code.
    public let state: TrainingState?
    /// Class names, index = label ("0", "1", … when the checkpoint has none).
    public let classNames: [String]
    /// The model's input format.
    public let format: InputFormat
    /// The input standardisation used in training, if any.
    public let normalization: Normalization?

    /// Loads the checkpoint at `path`.
    /// - Throws: `NNError` for a missing or damaged file (including training state that does not fit the
    ///   network), `DataError.unsupportedModelInput(shape:)`.
    public init(contentsOf path: String) throws {
        checkpoint = try Checkpoint.load(from: path)
        model = try checkpoint.makeModel()
        do {
            state = try TrainingState(metadata: checkpoint.metadata)
        } catch {
            throw NNError.corruptCheckpoint(path: path, reason: "damaged training state: \(error)")
        }
        let classes = model.outputShape.reduce(1, *)
        classNames = state?.classNames ?? (0..<classes).map(String.init)
        format = try InputFormat(modelInputShape: model.inputShape)
        normalization = state?.normalization
        // The training state is JSON inside the file: check it agrees with the network before indexing by it.
        guard classNames.count == classes else {
            throw NNError.corruptCheckpoint(
                path: path, reason: "\(classNames.count) class names for a network with \(classes) outputs")
        }
        if let normalization {
            guard normalization.mean.count == format.channels, normalization.std.count == format.channels,
                normalization.std.allSatisfy({ $0 > 0 && $0.isFinite }), normalization.mean.allSatisfy(\.isFinite)
            else {
                throw NNError.corruptCheckpoint(
                    path: path, reason: "input normalisation does not fit the network's \(format.channels) channels")
            }
        }
    }

    /// A loader over `dataset` in index order, prepared like training inputs but not augmented.
    public func loader(for dataset: any Dataset, batchSize: Int = 256, workers: Int = 2) -> DataLoader {
        DataLoader(
            dataset: dataset, format: format, batchSize: batchSize, shuffle: false, seed: 0,
            normalization: normalization, workers: workers)
    }

    /// Loss, accuracy, per-class accuracy and confusion matrix over every sample of `data`, whose classes are
    /// matched to the model's by name (class folder `7` is the model's class "7", whatever other folders
    /// exist; classes without samples are fine).
    /// - Throws: `DataError.unknownClass(name:known:source:)` for a class the model does not know, and data
    ///   errors.
    public func evaluate(on data: any Dataset, threads: Int, workers: Int = 2) throws -> EvaluationReport {
        let classes = classNames.count
        let dataset = try ClassMappedDataset(data, classNames: classNames)
        let trainer = Trainer(model: model, optimizer: Optimizer(SGD(), learningRate: 0), threads: threads)
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var lossSum = 0.0
        let batches = loader(for: dataset, workers: workers).batches(epoch: 0)
        while let batch = try batches.next() {
            let result = try trainer.evaluate(inputs: try batch.inputTensor(), labels: batch.labels)
            lossSum += result.loss * Double(batch.count)
            for (row, label) in batch.labels.enumerated() {
                let scores = result.logits.scalars[(row * classes)..<((row + 1) * classes)]
                let predicted = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }
                confusion[label][(predicted ?? scores.startIndex) - scores.startIndex] += 1
            }
        }
        return EvaluationReport(
            classNames: classNames, confusion: confusion,
            loss: dataset.count > 0 ? lossSum / Double(dataset.count) : .nan)
    }

    /// Class probabilities (softmax) for each image, averaged over `views` views when `views` > 1: view 0 is
    /// the image itself, views 1… are augmented by the training policy (the `digits` preset when training used
    /// none), view *v* drawn from `RandomStream(seed: seed, v)` — the same views for every image, so an image's
    /// probabilities do not depend on which other images are in the call.
    public func predict(_ images: [AnyImage], views: Int = 1, seed: UInt64 = 0, threads: Int) throws -> [[Float]] {
        precondition(views >= 1, "views must be at least 1, not \(views)")
        let policy = state.map { $0.options.augmentation.steps.isEmpty ? .digits : $0.options.augmentation } ?? .digits
        let classes = classNames.count
        let trainer = Trainer(model: model, optimizer: Optimizer(SGD(), learningRate: 0), threads: threads)
        var result: [[Float]] = []
        for image in images {
            let prepared = format.prepare(image)
            var inputs: [Float] = []
            inputs.reserveCapacity(views * format.sampleSize)
            for view in 0..<views {
                var sample = prepared
                if view > 0 {
                    var rng = RandomStream(seed: seed, UInt64(view))
                    sample = policy.sample(width: sample.width, height: sample.height, using: &rng).apply(
                        to: sample, reencoder: JPEGArtifacts.reencoder)
                }
                inputs += planar(sample)
            }
            let probabilities = try trainer.predict(
                inputs: try Tensor(shape: [views] + model.inputShape, scalars: inputs))
            var mean = [Float](repeating: 0, count: classes)
            for view in 0..<views {
                for c in 0..<classes { mean[c] += probabilities.scalars[view * classes + c] / Float(views) }
            }
            result.append(mean)
        }
        return result
    }

    /// One prepared image as normalised C×H×W floats.
    private func planar(_ image: Image<Float>) -> [Float] {
        let channels = format.channels
        let plane = format.width * format.height
        var out = [Float](repeating: 0, count: format.sampleSize)
        for c in 0..<channels {
            let shift = normalization?.mean[c] ?? 0
            let scale = 1 / (normalization?.std[c] ?? 1)
            for p in 0..<plane { out[c * plane + p] = (image.samples[p * channels + c] - shift) * scale }
        }
        return out
    }
}

/// The result of evaluating a model on a labelled dataset.
public struct EvaluationReport: Sendable, Hashable {
    /// Class names, index = label.
    public let classNames: [String]
    /// `confusion[true][predicted]`: how many samples of class `true` were predicted as `predicted`.
    public let confusion: [[Int]]
    /// Mean cross-entropy loss per sample.
    public let loss: Double

    /// Number of samples evaluated.
    public var samples: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }
    /// Fraction of samples predicted correctly, in [0, 1].
    public var accuracy: Double {
        samples > 0 ? Double(confusion.indices.reduce(0) { $0 + confusion[$1][$1] }) / Double(samples) : .nan
    }
    /// Per class, the fraction of its samples predicted correctly (`nil` for a class with no samples).
    public var perClassAccuracy: [Double?] {
        confusion.indices.map { c in
            let total = confusion[c].reduce(0, +)
            return total > 0 ? Double(confusion[c][c]) / Double(total) : nil
        }
    }

    /// The report as one JSON object: `accuracy`, `loss`, `samples`, `classes`, `per_class_accuracy`
    /// (null for empty classes) and `confusion` (rows = true class, columns = predicted).
    public var json: String {
        func number(_ value: Double) -> String { value.isFinite ? String(format: "%.6f", value) : "null" }
        let names = classNames.map {
            "\"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        let perClass = perClassAccuracy.map { $0.map(number) ?? "null" }
        let rows = confusion.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }
        return "{\"accuracy\":\(number(accuracy)),\"loss\":\(number(loss)),\"samples\":\(samples),"
            + "\"classes\":[\(names.joined(separator: ","))],\"per_class_accuracy\":[\(perClass.joined(separator: ","))],"
            + "\"confusion\":[\(rows.joined(separator: ","))]}"
    }

    /// The report as text: totals, a per-class accuracy table and the confusion matrix.
    public var text: String {
        var lines = [
            String(format: "samples %d  loss %.4f  accuracy %.2f%%", samples, loss, accuracy * 100), "",
            "class        accuracy  samples",
        ]
        let width = max(5, (classNames.map(\.count).max() ?? 0))
        for (c, name) in classNames.enumerated() {
            let total = confusion[c].reduce(0, +)
            let accuracy = perClassAccuracy[c].map { String(format: "%7.2f%%", $0 * 100) } ?? "       -"
            lines.append(name.padding(toLength: max(12, width), withPad: " ", startingAt: 0) + " \(accuracy)  \(total)")
        }
        lines.append("")
        lines.append("confusion matrix (rows: true class, columns: predicted)")
        let cell = max(
            5, String(confusion.flatMap { $0 }.max() ?? 0).count + 1, (classNames.map(\.count).max() ?? 0) + 1)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, cell - text.count)) + text }
        lines.append(pad("") + classNames.map(pad).joined())
        for (c, row) in confusion.enumerated() {
            lines.append(pad(classNames[c]) + row.map { pad(String($0)) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
