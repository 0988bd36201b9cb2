import Foundation

extension InMemoryDataset {
    /// Reads an IDX image file and its IDX label file (MNIST as distributed; gzipped or not), classes named
    /// "0", "1", … up to the largest label.
    ///
    /// - Throws: ``DataError/missingFile(path:)`` when either file does not exist,
    ///   ``DataError/countMismatch(images:labels:imagePath:labelPath:)`` when they hold different counts, and
    ///   the codec's `ImageFileError` (naming the file) when one is not valid IDX.
    public init(idxImages imagePath: String, labels labelPath: String) throws {
        for path in [imagePath, labelPath] where !FileManager.default.fileExists(atPath: path) {
            throw DataError.missingFile(path: path)
        }
        let images = try IDX.readImages(imagePath)
        let labels = try IDX.readLabels(labelPath)
        guard images.count == labels.count else {
            throw DataError.countMismatch(
                images: images.count, labels: labels.count, imagePath: imagePath, labelPath: labelPath)
        }
        try self.init(images: images.map { AnyImage($0) }, labels: labels.map { Int($0) }, source: imagePath)
        inputFiles = [imagePath, labelPath]
    }
}

/// Opens a dataset by looking at its path.
public enum DatasetSource {
    /// The dataset at `path`:
    /// - a directory: one subfolder per class (``ImageFolderDataset``), images decoded with `ImageFile.read`;
    /// - a file ending in `.csv`: `label,pixel,…` rows (``InMemoryDataset/init(csvFile:width:height:)``);
    /// - any other file: an IDX image file, whose labels are read from `labels`, or when that is `nil` from
    ///   the MNIST-named sibling (`…-images-idx3-ubyte[.gz]` → `…-labels-idx1-ubyte[.gz]`).
    ///
    /// - Throws: ``DataError/missingFile(path:)`` for a path that does not exist,
    ///   ``DataError/missingLabelFile(imagePath:)`` when an IDX file has no label file, and the errors of
    ///   each source.
    public static func open(_ path: String, labels: String? = nil) throws -> any Dataset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.missingFile(path: path)
        }
        if isDirectory.boolValue {
            return try ImageFolderDataset(directory: path)
        }
        if path.lowercased().hasSuffix(".csv") {
            return try InMemoryDataset(csvFile: path)
        }
        if let labels { return try InMemoryDataset(idxImages: path, labels: labels) }
        guard let sibling = labelFile(besideImages: path), FileManager.default.fileExists(atPath: sibling) else {
            throw DataError.missingLabelFile(imagePath: path)
        }
        return try InMemoryDataset(idxImages: path, labels: sibling)
    }

    /// The MNIST-convention label file name for an image file, or `nil` when the name does not follow it.
    public static func labelFile(besideImages path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard let range = name.range(of: "images-idx3") else { return nil }
        return url.deletingLastPathComponent().appendingPathComponent(
            name.replacingCharacters(in: range, with: "labels-idx1")
        ).path
    }
}
