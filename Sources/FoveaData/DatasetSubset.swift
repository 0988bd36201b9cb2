/// A view of some samples of another dataset, in the order of `indices` (a training or validation split).
public struct DatasetSubset: Dataset {
    /// The dataset the samples are taken from.
    public let base: any Dataset
    /// Indices into `base`; sample `i` of the subset is sample `indices[i]` of `base`.
    public let indices: [Int]

    /// The samples of `base` at `indices` (each must be in `0..<base.count`).
    public init(_ base: any Dataset, indices: [Int]) {
        precondition(
            indices.allSatisfy { $0 >= 0 && $0 < base.count },
            "subset indices must lie in 0..<\(base.count)")
        self.base = base
        self.indices = indices
    }

    // MARK: Dataset (documented on the protocol)

    public var count: Int { indices.count }
    public var classCount: Int { base.classCount }
    public var classNames: [String] { base.classNames }
    public func label(at index: Int) -> Int { base.label(at: indices[index]) }
    public func image(at index: Int) throws -> AnyImage { try base.image(at: indices[index]) }
    public func sourceDescription(at index: Int) -> String { base.sourceDescription(at: indices[index]) }
    public var inputFiles: [String] { base.inputFiles }
}
