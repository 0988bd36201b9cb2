/// A random-access collection of labelled images, read by the ``DataLoader``'s worker threads.
///
/// Conforming types must be safe to read from several threads at once (`image(at:)` may decode a file on
/// each call). Labels are class indices `0..<classCount`.
public protocol Dataset: Sendable {
    /// Number of samples.
    var count: Int { get }
    /// Number of classes; labels lie in `0..<classCount`.
    var classCount: Int { get }
    /// Human-readable class names, `classCount` of them (folder names, or "0"…"9" for digits).
    var classNames: [String] { get }
    /// The class index of sample `index` (cheap: no decoding).
    func label(at index: Int) -> Int
    /// The image of sample `index`, decoded.
    /// - Throws: ``DataError/unreadableImage(path:reason:)`` naming the file when it cannot be decoded.
    func image(at index: Int) throws -> AnyImage
    /// Where sample `index` comes from (a file path, or `file[index]`), for error messages and reports.
    func sourceDescription(at index: Int) -> String
    /// The files this dataset reads (image files, label files), so a command can refuse to write over one.
    var inputFiles: [String] { get }
}

extension Dataset {
    /// No files (a dataset built in memory).
    public var inputFiles: [String] { [] }

    /// All labels, in sample order.
    public var labels: [Int] { (0..<count).map { label(at: $0) } }

    /// How many samples each class holds, indexed by class.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for index in 0..<count {
            let label = label(at: index)
            if label >= 0 && label < classCount { counts[label] += 1 }
        }
        return counts
    }
}
