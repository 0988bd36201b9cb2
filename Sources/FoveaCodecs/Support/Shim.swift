import CFoveaShim
import FoveaCore

/// A failed call into the C shim: its status code and message.
struct ShimFailure {
    var status: Int32
    var message: String

    /// Whether the input ended too early.
    var isTruncation: Bool { status == FOVEA_STATUS_TRUNCATED }
}

/// Calls `body` with a message buffer and returns `nil` on success or the failure.
func callShim(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> ShimFailure? {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 320) { buffer in
        let base = buffer.nonEmptyBaseAddress
        base.initialize(to: 0)
        let status = body(base, buffer.count)
        if status == FOVEA_STATUS_OK { return nil }
        buffer[buffer.count - 1] = 0
        return ShimFailure(status: status, message: String(cString: base))
    }
}

/// Copies `count` bytes the shim malloc'ed into an array and frees them.
func takeShimBuffer(_ pointer: UnsafeMutablePointer<UInt8>?, count: Int) -> [UInt8] {
    guard let pointer else { return [] }
    defer { fovea_free(pointer) }
    return Array(UnsafeBufferPointer(start: pointer, count: count))
}

/// The ICC profile of `size` bytes that `copy` (one of the shim's `fovea_*_icc` calls) writes into the buffer it
/// receives, or `nil` when the image holds none (`size` 0) or the shim refuses the copy.
func shimICCProfile(size: Int, copy: (UnsafeMutablePointer<UInt8>?, Int) -> Int32) -> [UInt8]? {
    guard size > 0 else { return nil }
    var profile = [UInt8](repeating: 0, count: size)
    let status = profile.withUnsafeMutableBufferPointer { copy($0.baseAddress, size) }
    return status == FOVEA_STATUS_OK ? profile : nil
}

/// A typed array of `count` elements filled by `fill`, which receives the raw bytes to write: `capacity` elements
/// (at least `count`; the ones past `count` are scratch space for the decoder and are not part of the array).
func makeSamples<S>(
    _ type: S.Type, count: Int, capacity: Int? = nil, fill: (UnsafeMutableRawBufferPointer) throws -> Void
) throws -> [S] {
    try [S](unsafeUninitializedCapacity: max(count, capacity ?? count)) { buffer, initialized in
        initialized = 0
        try fill(UnsafeMutableRawBufferPointer(buffer))
        initialized = count
    }
}
