#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(fd, buffer, count) }
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { Glibc.read(fd, buffer, count) }
#else
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { Darwin.write(fd, buffer, count) }
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { Darwin.read(fd, buffer, count) }
#endif

/// The text of C error number `code` (`strerror`).
func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

/// Writes files atomically: the bytes go to a temporary file in the destination's directory, which is
/// synced to disk and then renamed over the destination, so readers see either the old file or the
/// complete new one, never a partial write.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically (temporary file, `fsync`, `rename`). The file gets mode 0644.
    /// - Throws: ``ImageFileError`` wrapping a ``FileIOError``; the temporary file is removed on failure.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw ImageFileError(path: path, reason: FileIOError.writeFailed(errno: errno)) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        do {
            _ = fchmod(fd, 0o644)
            try bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw FileIOError.writeFailed(errno: errno)
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw FileIOError.writeFailed(errno: errno) }
        } catch {
            close(fd)
            unlink(temporary)
            throw ImageFileError(path: path, reason: error)
        }
        // Closed exactly once: after a failed close the descriptor number may already belong to another thread.
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw ImageFileError(path: path, reason: FileIOError.writeFailed(errno: code))
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw ImageFileError(path: path, reason: FileIOError.renameFailed(errno: code))
        }
    }

    /// All bytes of the regular file at `path`.
    /// - Throws: ``ImageFileError`` wrapping a ``FileIOError``.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ImageFileError(path: path, reason: FileIOError.cannotOpen(errno: errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw ImageFileError(path: path, reason: FileIOError.readFailed(errno: errno))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw ImageFileError(path: path, reason: FileIOError.isDirectory) }
        // Devices and pipes (/dev/zero, a FIFO) could stream forever; images are regular files.
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ImageFileError(path: path, reason: FileIOError.notARegularFile)
        }
        var bytes = [UInt8]()
        var capacity = max(Int(status.st_size), 0) + 1  // +1 so a file that did not grow ends with a 0-byte read
        var count = 0
        while true {
            if count == capacity { capacity *= 2 }
            if bytes.count < capacity { bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + count, capacity - count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw ImageFileError(path: path, reason: FileIOError.readFailed(errno: errno))
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
