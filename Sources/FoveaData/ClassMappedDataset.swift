/// Another dataset with its labels translated, by class name, to a given list of class names (a model's),
/// so that class folder `7` is class "7" whatever other folders exist.
///
/// Classes of the base dataset that the target list lacks are an error; target classes without samples are
/// fine (evaluating on some classes only).
public struct ClassMappedDataset: Dataset {
    /// The dataset whose samples are read.
    public let base: any Dataset
    /// The class names labels refer to now, index = label.
    public let classNames: [String]
    /// For each class of `base`, its index in `classNames`.
    public let mapping: [Int]

    /// `base` labelled by `classNames`.
    /// - Throws: ``DataError/unknownClass(name:known:source:)`` for the first class of `base` (in its order)
    ///   that has samples but is not in `classNames`, naming a file of that class.
    public init(_ base: any Dataset, classNames: [String]) throws {
        var index: [String: Int] = [:]
        for (position, name) in classNames.enumerated() where index[name] == nil { index[name] = position }
        var mapping: [Int] = []
        for (label, name) in base.classNames.enumerated() {
            if let target = index[name] {
                mapping.append(target)
            } else if let example = (0..<base.count).first(where: { base.label(at: $0) == label }) {
                throw DataError.unknownClass(name: name, known: classNames, source: base.sourceDescription(at: example))
            } else {
                mapping.append(-1)  // a class without samples (IDX names every number up to the largest label)
            }
        }
        self.base = base
        self.classNames = classNames
        self.mapping = mapping
    }

    // MARK: Dataset (documented on the protocol)

    public var count: Int { base.count }
    public var classCount: Int { classNames.count }
    public func label(at index: Int) -> Int {
        let label = base.label(at: index)
        return label >= 0 && label < mapping.count ? mapping[label] : label
    }
    public func image(at index: Int) throws -> AnyImage { try base.image(at: index) }
    public func sourceDescription(at index: Int) -> String { base.sourceDescription(at: index) }
    public var inputFiles: [String] { base.inputFiles }
}
