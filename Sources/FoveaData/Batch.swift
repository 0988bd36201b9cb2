/// A batch of prepared samples ready for a model: inputs in N×C×H×W order (N samples, C channels,
/// H rows, W columns; the last index varies fastest), and their labels.
public struct Batch: Sendable, Hashable {
    /// Position of this batch within its epoch (0-based).
    public let index: Int
    /// `count × channels × height × width` floats, NCHW.
    public let inputs: [Float]
    /// The class index of each sample.
    public let labels: [Int]
    /// The dataset index of each sample (which sample, not where in the epoch).
    public let sampleIndices: [Int]
    /// Channels per sample.
    public let channels: Int
    /// Rows per sample.
    public let height: Int
    /// Columns per sample.
    public let width: Int
    /// When this is one process's share of a batch that processes train on together (``DataLoader/share``):
    /// the number of samples in the whole batch; `nil` for a whole batch.
    public var sharedBatchCount: Int? = nil

    /// Samples in the whole batch: `count`, or the batch this process's share belongs to.
    public var wholeCount: Int { sharedBatchCount ?? count }
    /// `count × classes` target probabilities that replace the labels in the loss (MixUp/CutMix, see
    /// ``BatchMixing``), or `nil` to train on `labels`.
    public var softTargets: [Float]? = nil

    /// Number of samples N.
    public var count: Int { labels.count }
    /// The shape [N, C, H, W].
    public var shape: [Int] { [count, channels, height, width] }

    /// The inputs as a FoveaNN tensor of shape [N, C, H, W].
    public func inputTensor() throws -> Tensor { try Tensor(shape: shape, scalars: inputs) }
}
