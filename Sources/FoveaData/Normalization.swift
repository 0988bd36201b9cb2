/// Per-channel standardisation applied after augmentation: `x ↦ (x − mean[c]) / std[c]`.
public struct Normalization: Sendable, Hashable, Codable {
    /// Mean of each channel, in prepared units ([0, 1]).
    public var mean: [Float]
    /// Standard deviation of each channel; never zero (a constant channel gets 1).
    public var std: [Float]

    /// Standardisation by the given per-channel statistics (one value per channel; `std` entries > 0).
    public init(mean: [Float], std: [Float]) {
        precondition(mean.count == std.count, "\(mean.count) means but \(std.count) standard deviations")
        precondition(std.allSatisfy { $0 > 0 }, "standard deviations must be positive: \(std)")
        self.mean = mean
        self.std = std
    }

    /// The mean and (population) standard deviation of each channel over every pixel of the prepared,
    /// un-augmented samples of `dataset`. Samples are decoded by `workers` loader threads; the sums are
    /// accumulated in `Double` in sample order, so the result does not depend on `workers`.
    /// - Throws: whatever reading a sample throws (``DataError/unreadableImage(path:reason:)``).
    public static func computed(from dataset: any Dataset, format: InputFormat, workers: Int = 2) throws
        -> Normalization
    {
        let channels = format.channels
        let plane = format.width * format.height
        var sum = [Double](repeating: 0, count: channels)
        var sumOfSquares = [Double](repeating: 0, count: channels)
        var pixels = 0
        let loader = DataLoader(
            dataset: dataset, format: format, batchSize: 64, shuffle: false, seed: 0, workers: workers)
        let batches = loader.batches(epoch: 0)
        while let batch = try batches.next() {
            batch.inputs.withUnsafeBufferPointer { inputs in
                for sample in 0..<batch.count {
                    for c in 0..<channels {
                        let base = (sample * channels + c) * plane
                        for p in 0..<plane {
                            let value = Double(inputs[base + p])
                            sum[c] += value
                            sumOfSquares[c] += value * value
                        }
                    }
                }
            }
            pixels += batch.count * plane
        }
        guard pixels > 0 else {
            return Normalization(mean: .init(repeating: 0, count: channels), std: .init(repeating: 1, count: channels))
        }
        let mean = sum.map { $0 / Double(pixels) }
        let std = (0..<channels).map { c -> Float in
            let variance = max(0, sumOfSquares[c] / Double(pixels) - mean[c] * mean[c])
            let deviation = Float(variance.squareRoot())
            return deviation > 1e-6 ? deviation : 1
        }
        return Normalization(mean: mean.map { Float($0) }, std: std)
    }
}
