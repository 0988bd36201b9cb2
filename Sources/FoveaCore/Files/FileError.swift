#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An error tied to one file: every file Fovea reads or writes reports failures as this, so a message always
/// starts with the path. `reason` is the typed error underneath (``FileIOError`` from the operating system, or
/// a format's own error enum such as `PNGError` from the codecs).
public struct FileError: Error, Sendable, CustomStringConvertible {
    /// The file being read or written.
    public let path: String
    /// What went wrong.
    public let reason: any Error

    /// Wraps `reason` with the file path.
    public init(path: String, reason: any Error) {
        self.path = path
        self.reason = reason
    }

    /// "PATH: reason", for example "a.png: PNG truncated at byte 60".
    public var description: String { "\(path): \(reason)" }
}

/// Failures of the operating system while reading or writing a file; `errno` is the C error number.
public enum FileIOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `open` failed (missing file, no permission...).
    case cannotOpen(errno: Int32)
    /// The path names a directory, not a file.
    case isDirectory
    /// The path names a device, pipe or socket, not a regular file.
    case notARegularFile
    /// `read` failed part-way.
    case readFailed(errno: Int32)
    /// Creating the temporary file, writing it, syncing it or closing it failed.
    case writeFailed(errno: Int32)
    /// Renaming the finished temporary file into place failed.
    case renameFailed(errno: Int32)

    /// A message naming what is wrong, for users.
    public var description: String {
        switch self {
        case .cannotOpen(let e): "cannot open: \(systemMessage(e))"
        case .isDirectory: "is a directory, not a file"
        case .notARegularFile: "is a device, pipe or socket, not a regular file"
        case .readFailed(let e): "read failed: \(systemMessage(e))"
        case .writeFailed(let e): "write failed: \(systemMessage(e))"
        case .renameFailed(let e): "cannot rename the temporary file into place: \(systemMessage(e))"
        }
    }
}

/// The text of C error number `code` (`strerror`).
public func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}
