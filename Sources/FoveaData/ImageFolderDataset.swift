import Foundation

/// A directory with one subfolder per class, as torchvision's `ImageFolder`:
/// `root/cat/001.png`, `root/dog/xyz.jpg`, … Class index *k* is the *k*-th subfolder name in sorted
/// (byte-wise) order; files within a class are listed in sorted order too, so sample indices are stable.
///
/// Only files with an image extension (`png`, `jpg`, `jpeg`, `pnm`, `pgm`, `ppm`, `pbm`, any case) count;
/// hidden files and folders are skipped. Images are decoded on demand, one file per ``image(at:)`` call,
/// so memory does not grow with the dataset.
public struct ImageFolderDataset: Dataset {
    /// Decodes the image file at a path.
    public typealias Decoder = @Sendable (String) throws -> AnyImage

    /// File name extensions (lower case) that are read as images.
    public static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "pnm", "pgm", "ppm", "pbm"]

    /// The root directory.
    public let directory: String
    /// Class names, index = label.
    public let classNames: [String]
    /// The image files, class by class.
    public let files: [String]
    /// The class index of each file.
    public let fileLabels: [Int]
    private let decode: Decoder

    /// Lists the class folders of `directory` and their image files.
    ///
    /// - Parameters:
    ///   - directory: The folder holding one subfolder per class.
    ///   - decoder: Reads one image file; by default `ImageFile.read` (PNG, JPEG, PNM by content).
    /// - Throws: ``DataError/missingFile(path:)`` when `directory` does not exist,
    ///   ``DataError/noClasses(directory:)`` when no subfolder holds an image.
    public init(directory: String, decoder: @escaping Decoder = { try ImageFile.read($0) }) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError.missingFile(path: directory)
        }
        let root = URL(fileURLWithPath: directory)
        let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        var names: [String] = []
        var files: [String] = []
        var labels: [Int] = []
        for name in entries.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
        where !name.hasPrefix(".") {
            let folder = root.appendingPathComponent(name)
            var folderIsDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder.path, isDirectory: &folderIsDirectory),
                folderIsDirectory.boolValue
            else { continue }
            let images = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { !$0.hasPrefix(".") && Self.imageExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
                .sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
            guard !images.isEmpty else { continue }
            let label = names.count
            names.append(name)
            for file in images {
                files.append(folder.appendingPathComponent(file).path)
                labels.append(label)
            }
        }
        guard !names.isEmpty else { throw DataError.noClasses(directory: directory) }
        self.directory = directory
        self.classNames = names
        self.files = files
        self.fileLabels = labels
        self.decode = decoder
    }

    // MARK: Dataset (documented on the protocol)

    public var count: Int { files.count }
    public var classCount: Int { classNames.count }
    public func label(at index: Int) -> Int { fileLabels[index] }
    public func sourceDescription(at index: Int) -> String { files[index] }

    /// Decodes file `index`.
    /// - Throws: ``DataError/unreadableImage(path:reason:)`` naming the file.
    public func image(at index: Int) throws -> AnyImage {
        do {
            return try decode(files[index])
        } catch let error as DataError {
            if case .unreadableImage = error { throw error }
            throw DataError.unreadableImage(path: files[index], reason: "\(error)")
        } catch {
            throw DataError.unreadableImage(path: files[index], reason: "\(error)")
        }
    }
}
