#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

import FoveaCore

/// Scratch memory for the resize passes' intermediate, kept per thread between calls so that a stream of
/// same-sized resizes (an augmentation pipeline) does not allocate — and page-fault fresh memory — on every
/// call. Each thread owns at most one spare block; a call checks it out (the slot is empty while the block is
/// in use, so a nested call on the same thread gets its own block) and puts it back afterwards. Blocks are
/// never shared between threads and are freed when their thread exits.
enum ResizeScratch {
    /// Bytes before the usable memory in every block: its capacity (an `Int`), padded to keep the usable
    /// memory 64-byte aligned relative to the block.
    private static let headerBytes = 64

    /// Blocks larger than this (bytes) are freed after use instead of kept: a thread that once resized a huge
    /// image does not hold its intermediate forever.
    static let keptBytes = 16 << 20

    /// The thread-specific slot holding the calling thread's spare block (`nil` when it has none).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { block in free(block) }
        return key
    }()

    /// Runs `body` with room for `count` values of `T` (uninitialised: whatever an earlier call left there),
    /// from the calling thread's spare block when it is large enough.
    static func withBuffer<T: BitwiseCopyable, R>(
        of _: T.Type, count: Int, _ body: (UnsafeMutablePointer<T>) throws -> R
    ) rethrows -> R {
        let bytes = headerBytes + max(count, 1) * MemoryLayout<T>.stride
        var block = pthread_getspecific(key)
        pthread_setspecific(key, nil)
        if let spare = block, spare.load(as: Int.self) < bytes {
            free(spare)
            block = nil
        }
        if block == nil, let fresh = malloc(bytes) {
            fresh.storeBytes(of: bytes, as: Int.self)
            block = fresh
        }
        guard let block else {
            // Out of memory for a block: an ordinary array (which reports the failure its own way).
            var fallback = [UInt8](repeating: 0, count: bytes)
            return try fallback.withUnsafeMutableBufferPointer { raw in
                try body(
                    UnsafeMutableRawPointer(raw.nonEmptyBaseAddress + headerBytes).bindMemory(
                        to: T.self, capacity: max(count, 1)))
            }
        }
        defer {
            if block.load(as: Int.self) <= keptBytes && pthread_getspecific(key) == nil {
                pthread_setspecific(key, block)
            } else {
                free(block)
            }
        }
        return try body((block + headerBytes).bindMemory(to: T.self, capacity: max(count, 1)))
    }
}
