import CMinizip

/// A zip archive built in memory by zlib's minizip, entries stored uncompressed (as `numpy.savez`).
///
/// minizip writes through `zlib_filefunc64_def` callbacks into a growable byte buffer, so the finished
/// archive can go to disk through `AtomicFile` like every other Fovea output.
struct ZipArchive: ~Copyable {
    private let buffer = ZipMemoryBuffer()
    private var handle: zipFile?
    private var failure: String?

    /// An empty archive.
    init() {
        var functions = zlib_filefunc64_def()
        functions.zopen64_file = { opaque, _, _ in opaque }
        functions.zread_file = { opaque, _, destination, size in
            guard let opaque, let destination else { return 0 }
            return ZipMemoryBuffer.from(opaque).read(into: destination, count: Int(size))
        }
        functions.zwrite_file = { opaque, _, source, size in
            guard let opaque, let source else { return 0 }
            return ZipMemoryBuffer.from(opaque).write(source, count: Int(size))
        }
        functions.ztell64_file = { opaque, _ in
            guard let opaque else { return 0 }
            return ZPOS64_T(ZipMemoryBuffer.from(opaque).position)
        }
        functions.zseek64_file = { opaque, _, offset, origin in
            guard let opaque else { return -1 }
            return ZipMemoryBuffer.from(opaque).seek(to: Int64(offset), origin: origin)
        }
        functions.zclose_file = { _, _ in 0 }
        functions.zerror_file = { _, _ in 0 }
        functions.opaque = Unmanaged.passUnretained(buffer).toOpaque()
        handle = zipOpen2_64("memory", APPEND_STATUS_CREATE, nil, &functions)
        if handle == nil { failure = "minizip could not start an archive" }
    }

    /// Appends a stored (uncompressed) file; ZIP64 fields are used only for a file of 4 GiB or more.
    ///
    /// - Throws: ``ExportError/encodingFailed(format:reason:)`` when minizip reports an error.
    mutating func addFile(named name: String, contents: [UInt8]) throws {
        guard let handle, failure == nil else { throw ExportError.encodingFailed(format: .npz, reason: failure ?? "") }
        var info = zip_fileinfo()
        info.tmz_date = tm_zip(tm_sec: 0, tm_min: 0, tm_hour: 0, tm_mday: 1, tm_mon: 0, tm_year: 1980)
        info.external_fa = 0o100644 << 16  // a regular file, rw-r--r--
        let large: Int32 = contents.count >= 0xFFFF_FFFF ? 1 : 0
        guard zipOpenNewFileInZip64(handle, name, &info, nil, 0, nil, 0, nil, 0, 0, large) == ZIP_OK else {
            throw ExportError.encodingFailed(format: .npz, reason: "minizip could not add \(name)")
        }
        var offset = 0
        while offset < contents.count {
            let chunk = min(contents.count - offset, 1 << 30)
            let status = contents.withUnsafeBytes { raw in
                zipWriteInFileInZip(handle, raw.baseAddress.map { $0 + offset }, UInt32(chunk))
            }
            guard status == ZIP_OK else {
                throw ExportError.encodingFailed(format: .npz, reason: "minizip could not write \(name)")
            }
            offset += chunk
        }
        guard zipCloseFileInZip(handle) == ZIP_OK else {
            throw ExportError.encodingFailed(format: .npz, reason: "minizip could not finish \(name)")
        }
    }

    /// Writes the central directory and returns the archive's bytes.
    ///
    /// - Throws: ``ExportError/encodingFailed(format:reason:)`` when minizip reports an error.
    consuming func finish() throws -> [UInt8] {
        guard let handle, failure == nil else { throw ExportError.encodingFailed(format: .npz, reason: failure ?? "") }
        self.handle = nil
        guard zipClose(handle, nil) == ZIP_OK else {
            throw ExportError.encodingFailed(format: .npz, reason: "minizip could not write the central directory")
        }
        return buffer.bytes
    }

    deinit {
        // An archive abandoned after an error: let minizip free its state (the bytes are discarded).
        if let handle { _ = zipClose(handle, nil) }
    }
}

/// The seekable byte buffer behind `ZipArchive`'s callbacks (a class: minizip holds a pointer to it).
final class ZipMemoryBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var position = 0

    static func from(_ opaque: UnsafeMutableRawPointer) -> ZipMemoryBuffer {
        Unmanaged<ZipMemoryBuffer>.fromOpaque(opaque).takeUnretainedValue()
    }

    func read(into destination: UnsafeMutableRawPointer, count: Int) -> UInt {
        let available = max(0, min(count, bytes.count - position))
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, available > 0 {
                destination.copyMemory(from: base + position, byteCount: available)
            }
        }
        position += available
        return UInt(available)
    }

    func write(_ source: UnsafeRawPointer, count: Int) -> UInt {
        let incoming = UnsafeRawBufferPointer(start: source, count: count)
        let overlap = min(count, bytes.count - position)
        if overlap > 0 {
            bytes.withUnsafeMutableBytes { raw in
                if let base = raw.baseAddress { (base + position).copyMemory(from: source, byteCount: overlap) }
            }
        }
        if count > overlap {
            if position > bytes.count { bytes.append(contentsOf: repeatElement(0, count: position - bytes.count)) }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: incoming[max(0, overlap)...]))
        }
        position += count
        return UInt(count)
    }

    /// `origin`: 0 from the start, 1 from the current position, 2 from the end (minizip's SEEK_SET/CUR/END).
    func seek(to offset: Int64, origin: Int32) -> Int {
        let base: Int
        switch origin {
        case ZLIB_FILEFUNC_SEEK_SET: base = 0
        case ZLIB_FILEFUNC_SEEK_CUR: base = position
        case ZLIB_FILEFUNC_SEEK_END: base = bytes.count
        default: return -1
        }
        let target = base + Int(offset)
        guard target >= 0 else { return -1 }
        position = target
        return 0
    }
}
