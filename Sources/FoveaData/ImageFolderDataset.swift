import Foundation

/// A directory with one subfolder per class, read as torchvision's `ImageFolder`:
/// `root/cat/001.png`, `root/dog/2024/xyz`, … Class index *k* is the *k*-th class folder name in sorted
/// (byte-wise) order.
///
/// Every regular file below a class folder counts, however deep (sorted by its path relative to the class
/// folder, byte-wise, so sample indices are stable); a file is an image when its first bytes are a format's
/// magic number (`ImageFormat.detect(_:)`: PNG, JPEG, PNM… — extension-less files included, an extension
/// is never trusted). Other files are skipped and listed in ``skippedFiles``; IDX and NPY files are
/// skipped too (they hold stacks, not one image). Class folders without any image are not classes: they are
/// listed in ``emptyClassFolders``. Files directly in the root belong to no class: they are left out and listed in
/// ``looseFiles`` (a root holding images but no class folder is an error, as `ImageFolder`'s). Hidden files and folders (names starting with `.`) are ignored. Images
/// are decoded on demand, one file per ``image(at:)`` call, so memory does not grow with the dataset.
public struct ImageFolderDataset: Dataset {
    /// Decodes the image file at a path.
    public typealias Decoder = @Sendable (String) throws -> AnyImage
    /// Says whether the file at a path is an image (read when the folder is listed).
    public typealias Recognizer = @Sendable (String) -> Bool

    /// The root directory.
    public let directory: String
    /// Class names, index = label.
    public let classNames: [String]
    /// The image files, class by class.
    public let files: [String]
    /// The class index of each file.
    public let fileLabels: [Int]
    /// Files below class folders that are not images (by content), in listing order.
    public let skippedFiles: [String]
    /// Class folders (names) that hold no image; they are not classes of the dataset.
    public let emptyClassFolders: [String]
    /// Regular files directly in ``directory``, not in any class folder (images or not), in byte order of their
    /// names; they are not samples of the dataset.
    public let looseFiles: [String]
    private let decode: Decoder

    /// `true` when the first bytes of the file at `path` are the magic number of a single-image format.
    public static func looksLikeImage(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let prefix = [UInt8]((try? handle.read(upToCount: 64)) ?? Data())
        guard let format = ImageFormat.detect(prefix) else { return false }
        return format != .idx && format != .npy
    }

    /// Lists the class folders of `directory` and the image files below each.
    ///
    /// - Parameters:
    ///   - directory: The folder holding one subfolder per class.
    ///   - decoder: Reads one image file; by default `ImageFile.read` (format by content).
    ///   - recognizer: Decides which files are images; by default ``looksLikeImage(_:)`` (magic bytes).
    /// - Throws: ``DataError/missingFile(path:)`` when `directory` does not exist,
    ///   ``DataError/imagesOutsideClassFolders(directory:count:example:)`` when no subfolder holds an image but
    ///   the root itself does, ``DataError/noClasses(directory:)`` when neither does.
    public init(
        directory: String, decoder: @escaping Decoder = { try ImageFile.read($0) },
        recognizer: Recognizer = { ImageFolderDataset.looksLikeImage($0) }
    ) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError.missingFile(path: directory)
        }
        func byteOrder(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
        let root = URL(fileURLWithPath: directory)
        let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
        var names: [String] = []
        var files: [String] = []
        var labels: [Int] = []
        var skipped: [String] = []
        var empty: [String] = []
        var loose: [String] = []
        for name in entries.sorted(by: byteOrder) where !name.hasPrefix(".") {
            let folder = root.appendingPathComponent(name)
            var folderIsDirectory: ObjCBool = false
            guard manager.fileExists(atPath: folder.path, isDirectory: &folderIsDirectory),
                folderIsDirectory.boolValue
            else {
                if Self.isRegularFile(folder.path) { loose.append(folder.path) }
                continue
            }
            var images: [String] = []
            for relative in Self.regularFiles(below: folder.path).sorted(by: byteOrder) {
                let path = folder.appendingPathComponent(relative).path
                if recognizer(path) { images.append(path) } else { skipped.append(path) }
            }
            guard !images.isEmpty else {
                empty.append(name)
                continue
            }
            let label = names.count
            names.append(name)
            files += images
            labels += [Int](repeating: label, count: images.count)
        }
        guard !names.isEmpty else {
            let looseImages = loose.filter(recognizer)
            if let example = looseImages.first {
                throw DataError.imagesOutsideClassFolders(
                    directory: directory, count: looseImages.count, example: example)
            }
            throw DataError.noClasses(directory: directory)
        }
        self.directory = directory
        self.classNames = names
        self.files = files
        self.fileLabels = labels
        self.skippedFiles = skipped
        self.emptyClassFolders = empty
        self.looseFiles = loose
        self.decode = decoder
    }

    /// `true` for a regular file or a symbolic link to one (not a FIFO, device or folder).
    private static func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular
    }

    /// Paths relative to `folder` of every regular, non-hidden file below it (hidden folders not entered;
    /// symbolic links to regular files count, links to folders are not followed; other file systems mounted
    /// below `folder`, such as /proc, and special files such as FIFOs and devices are never entered or read).
    public static func regularFiles(below folder: String) -> [String] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: folder) else { return [] }
        let device = (try? manager.attributesOfItem(atPath: folder))?[.systemNumber] as? Int
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            let attributes = enumerator.fileAttributes
            let type = attributes?[.type] as? FileAttributeType
            if type == .typeDirectory {
                var other = false
                if let device, let here = attributes?[.systemNumber] as? Int { other = here != device }
                if name.hasPrefix(".") || other { enumerator.skipDescendants() }
                continue
            }
            guard !name.hasPrefix(".") else { continue }
            let path = (folder as NSString).appendingPathComponent(relative)
            switch type {
            case .typeRegular?:
                result.append(relative)
            case .typeSymbolicLink?:
                if (try? manager.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular {
                    result.append(relative)
                }
            default:
                continue
            }
        }
        return result
    }

    // MARK: Dataset (documented on the protocol)

    public var count: Int { files.count }
    public var classCount: Int { classNames.count }
    public func label(at index: Int) -> Int { fileLabels[index] }
    public func sourceDescription(at index: Int) -> String { files[index] }
    public var inputFiles: [String] { files }

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
