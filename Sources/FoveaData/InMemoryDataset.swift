/// A dataset whose images are already decoded in memory (IDX files such as MNIST, CSV rows, tests).
public struct InMemoryDataset: Dataset {
    /// The images, one per sample.
    public let images: [AnyImage]
    /// The class index of each sample.
    public let sampleLabels: [Int]
    /// Class names, index = label.
    public let classNames: [String]
    /// Where the samples came from (file name), used in error messages.
    public let source: String
    /// The files the samples were read from (empty for images given in memory).
    public internal(set) var inputFiles: [String] = []

    /// A dataset over `images` and their `labels`.
    ///
    /// - Parameters:
    ///   - images: The samples, any size, layout and sample type.
    ///   - labels: One class index per image.
    ///   - classNames: One name per class; `nil` names classes "0", "1", … up to the largest label.
    ///   - source: A name for messages (usually the image file's path).
    /// - Throws: ``DataError/countMismatch(images:labels:imagePath:labelPath:)`` when the counts differ,
    ///   ``DataError/labelOutOfRange(label:classCount:source:)`` for a negative label or one not covered by
    ///   `classNames`.
    public init(images: [AnyImage], labels: [Int], classNames: [String]? = nil, source: String) throws {
        guard images.count == labels.count else {
            throw DataError.countMismatch(
                images: images.count, labels: labels.count, imagePath: source, labelPath: source)
        }
        let names = classNames ?? (0...(labels.max() ?? 0)).map(String.init)
        if let bad = labels.first(where: { $0 < 0 || $0 >= names.count }) {
            throw DataError.labelOutOfRange(label: bad, classCount: names.count, source: source)
        }
        self.images = images
        self.sampleLabels = labels
        self.classNames = names
        self.source = source
    }

    // MARK: Dataset (documented on the protocol)

    public var count: Int { images.count }
    public var classCount: Int { classNames.count }
    public func label(at index: Int) -> Int { sampleLabels[index] }
    public func image(at index: Int) throws -> AnyImage { images[index] }
    public func sourceDescription(at index: Int) -> String { "\(source)[\(index)]" }
}
