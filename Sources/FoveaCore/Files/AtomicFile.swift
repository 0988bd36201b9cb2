import Foundation
import Dispatch
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(Glibc)
    private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        Glibc.write(fd, buffer, count)
    }
    private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        Glibc.read(fd, buffer, count)
    }
#else
    private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        Darwin.write(fd, buffer, count)
    }
    private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        Darwin.read(fd, buffer, count)
    }
#endif

/// The one way Fovea writes a file: readers see either the old file or the complete new one, never a partial
/// write, even after `kill -9` or a power cut.
///
/// A write goes to a temporary file created with `O_EXCL` (`mkstemp`) in the destination's own directory, so the
/// final `rename` never crosses file systems and never follows a planted symlink; the temporary is `fsync`ed
/// before the `rename` (so a name that survives a power cut always holds the complete new bytes), `close` is
/// checked (NFS reports write errors there), and the temporary is removed on any failure. Temporaries are named
/// `.NAME.fovea-tmp.PID.HOST.XXXXXX`, so a later run can tell a temporary left by a killed process (same host,
/// process gone) from one another live process is still writing, and
/// ``removeStaleTemporaries(inDirectory:)`` removes only the former.
///
/// Durability of the *completion* (the rename itself surviving a power cut) comes from an `fsync` of the
/// directory after the rename:
/// - ``write(_:to:)`` syncs the directory before it returns: when it returns, the new file is on disk under its
///   name. Every single-file writer uses this.
/// - ``write(_:to:deferringDirectorySyncTo:)`` (batch jobs) leaves the directory in a ``DirectorySyncSet``,
///   which syncs each pending directory once when the job calls ``DirectorySyncSet/flush()`` (at its end, and
///   before it records anything as done) and, during the job, at most ``DirectorySyncSet/maximumDelay``
///   seconds after the previous flush. A power cut during such a job can lose only renames made since the last
///   flush: those names show the old file or no file, never a partial one, and a re-run (`--skip-existing`)
///   redoes them. A `kill -9` or crash of the process loses nothing that was renamed (the kernel has it).
public enum AtomicFile {
    /// The marker every temporary file name carries after the destination's name.
    static let temporaryMarker = ".fovea-tmp."

    /// Writes `bytes` to `path` atomically and durably: when it returns, the file and its name are on disk
    /// (file and directory `fsync`ed). The file gets mode 0644.
    /// - Throws: ``FileError`` wrapping a ``FileIOError``; the temporary file is removed on failure.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        syncDirectory(try writeAndRename(bytes, to: path))
    }

    /// Writes `bytes` to `path` atomically, as ``write(_:to:)`` (the data `fsync`ed before the rename), but
    /// leaves the `fsync` of the directory to `directorySync`, for a batch job that writes many files into a few
    /// directories: until the set is flushed, a power cut may undo this rename (the name then shows the old
    /// file or none, never a partial one). With `nil`, the same as ``write(_:to:)``.
    /// - Throws: ``FileError`` wrapping a ``FileIOError``; the temporary file is removed on failure, and a
    ///   failed write adds nothing to the set.
    public static func write(
        _ bytes: [UInt8], to path: String, deferringDirectorySyncTo directorySync: DirectorySyncSet?
    ) throws {
        let directory = try writeAndRename(bytes, to: path)
        if let directorySync { directorySync.add(directory) } else { syncDirectory(directory) }
    }

    /// Directories holding renames that are not yet durable, synced once each when flushed: the deferred
    /// directory `fsync` of ``AtomicFile/write(_:to:deferringDirectorySyncTo:)``. Shared by the worker threads
    /// of one job; the job must call ``flush()`` when it ends (failed files or not) and before it records any
    /// file as done elsewhere (a manifest).
    public final class DirectorySyncSet: @unchecked Sendable {
        /// Longest time, in seconds, between two flushes while files keep being written: the write that finds
        /// the previous flush older than this flushes (on its own thread) before it returns. 0 syncs every
        /// write's directory at once, as ``AtomicFile/write(_:to:)`` does.
        public let maximumDelay: Double
        private let lock = NSLock()
        private var pending: Set<String> = []
        private var lastFlush: UInt64

        /// An empty set that flushes at least every `maximumDelay` seconds (default 1) while it is written to.
        public init(maximumDelay: Double = 1) {
            self.maximumDelay = max(0, maximumDelay)
            lastFlush = DispatchTime.now().uptimeNanoseconds
        }

        /// The directories whose renames are not yet synced, sorted.
        public var pendingDirectories: [String] {
            lock.lock()
            defer { lock.unlock() }
            return pending.sorted()
        }

        /// Notes that a file was renamed into `directory`; flushes when the last flush is older than
        /// ``maximumDelay``.
        func add(_ directory: String) {
            lock.lock()
            pending.insert(directory)
            let due = Double(DispatchTime.now().uptimeNanoseconds &- lastFlush) / 1e9 >= maximumDelay
            lock.unlock()
            if due { flush() }
        }

        /// Syncs every pending directory once (best effort, as ``AtomicFile/write(_:to:)``: a file system that
        /// refuses `fsync` on a directory is not an error) and empties the set; returns the directories synced,
        /// sorted. A rename noted while a flush runs stays pending for the next one.
        @discardableResult
        public func flush() -> [String] {
            lock.lock()
            let directories = pending.sorted()
            pending.removeAll()
            lastFlush = DispatchTime.now().uptimeNanoseconds
            lock.unlock()
            for directory in directories { syncDirectory(directory) }
            return directories
        }
    }

    /// Writes `bytes` to a fresh temporary beside `path`, `fsync`s and closes it, and renames it to `path`;
    /// returns the directory, whose own `fsync` is left to the caller.
    private static func writeAndRename(_ bytes: [UInt8], to path: String) throws -> String {
        let (directory, name) = split(path)
        var template = Array("\(directory)/.\(name)\(temporaryMarker)\(getpid()).\(hostName()).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw FileError(path: path, reason: FileIOError.writeFailed(errno: errno)) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do {
            _ = fchmod(fd, 0o644)
            try bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let written = systemWrite(fd, base + offset, raw.count - offset)
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
            throw FileError(path: path, reason: error)
        }
        // Closed exactly once: after a failed close the descriptor number may already belong to another thread.
        guard close(fd) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError(path: path, reason: FileIOError.writeFailed(errno: code))
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError(path: path, reason: FileIOError.renameFailed(errno: code))
        }
        return directory
    }

    /// Makes the renames into `directory` durable: the rename is durable only once the directory entry is
    /// (best effort: some file systems refuse fsync on a directory, and the data itself is already safe).
    private static func syncDirectory(_ directory: String) {
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// All bytes of the regular file at `path`, or only its first `limit` bytes when a limit is given (enough to
    /// read a header without loading a large file).
    /// - Throws: ``FileError`` wrapping a ``FileIOError``.
    public static func read(_ path: String, upTo limit: Int? = nil) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, reason: FileIOError.cannotOpen(errno: errno)) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw FileError(path: path, reason: FileIOError.readFailed(errno: errno))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, reason: FileIOError.isDirectory) }
        // Devices and pipes (/dev/zero, a FIFO) could stream forever; images are regular files.
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(path: path, reason: FileIOError.notARegularFile)
        }
        var bytes = [UInt8]()
        var capacity = max(Int(status.st_size), 0) + 1  // +1 so a file that did not grow ends with a 0-byte read
        if let limit { capacity = min(capacity, max(limit, 0)) }
        var count = 0
        while true {
            if count == capacity {
                if let limit, count >= limit { break }
                capacity *= 2
                if let limit { capacity = min(capacity, limit) }
            }
            if bytes.count < capacity { bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return systemRead(fd, base + count, capacity - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, reason: FileIOError.readFailed(errno: errno))
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Removes the temporaries that killed processes of this host left in `directory` (this writer's, and the
    /// `.NAME.tmp-PID` files of Fovea 0.1's checkpoint writer), and returns their paths. A temporary whose
    /// process is still alive, or that another host wrote (a shared file system), is left alone.
    @discardableResult
    public static func removeStaleTemporaries(inDirectory directory: String) -> [String] {
        guard let stream = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(stream) }
        let host = hostName()
        var removed: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix("."), let pid = stalePID(inTemporaryName: name, host: host) else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            let path = (directory.isEmpty ? "." : directory) + "/" + name
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed.sorted()
    }

    /// The writing process of a temporary's `name` when it was written on `host`, or nil when `name` is not a
    /// temporary of this host.
    static func stalePID(inTemporaryName name: String, host: String) -> pid_t? {
        if let marker = name.range(of: temporaryMarker) {
            let rest = name[marker.upperBound...]  // PID.HOST.XXXXXX
            guard let dot = rest.firstIndex(of: "."), let pid = pid_t(rest[..<dot]), rest.count > 7 else { return nil }
            let hostAndSuffix = rest[rest.index(after: dot)...]
            guard hostAndSuffix.count > 7, hostAndSuffix.dropLast(7) == host[...] else { return nil }
            return pid
        }
        // Fovea 0.1's checkpoint writer: ".NAME.tmp-PID".
        if let marker = name.range(of: ".tmp-", options: .backwards), let pid = pid_t(name[marker.upperBound...]) {
            return pid
        }
        return nil
    }

    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A host name with a slash cannot be part of a file name; none should have one.
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: "/", with: "_")
    }
}
