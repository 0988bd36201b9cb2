#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A per-thread memo of resize axes, so that a stream of resizes between a few sizes (random resized crops: a
/// few hundred crop sizes, one output size) computes each axis's weights once per thread instead of on every
/// call. An axis is a pure function of its key, so a cached axis gives exactly the bits a fresh one would.
///
/// Each thread owns its memo (no locks, nothing shared) and frees it when the thread exits. A memo holds at most
/// ``keptBytes`` of tables: when a new axis would pass that, the memo is emptied first; an axis larger than a
/// quarter of that is never kept.
enum ResampleAxisCache {
    /// What an axis is computed from.
    struct Key: Hashable {
        var filter: ResampleFilter
        var inputCount: Int
        var start: Double
        var end: Double
        var outputCount: Int
        var antialias: Bool
        /// `true` for OpenCV's coefficients (``ResampleAxis/opencv(filter:inputCount:start:length:outputCount:)``,
        /// whose `length` is kept in `end`), `false` for Pillow's.
        var opencv = false
    }

    /// Bytes of tables one thread's memo holds at most.
    static let keptBytes = 4 << 20

    /// One thread's axes and the bytes their tables take.
    private final class Memo {
        var axes: [Key: ResampleAxis] = [:]
        var bytes = 0
    }

    /// The thread-specific slot holding the calling thread's memo (retained; released when the thread exits).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { memo in
            if let memo { Unmanaged<AnyObject>.fromOpaque(memo).release() }
        }
        return key
    }()

    /// The axis for `key` from the calling thread's memo, or `make()`'s, which is then kept.
    static func axis(for key: Key, make: () -> ResampleAxis) -> ResampleAxis {
        let memo: Memo
        if let raw = pthread_getspecific(Self.key) {
            memo = Unmanaged<Memo>.fromOpaque(raw).takeUnretainedValue()
        } else {
            memo = Memo()
            pthread_setspecific(Self.key, Unmanaged.passRetained(memo).toOpaque())
        }
        if let axis = memo.axes[key] { return axis }
        let axis = make()
        let bytes = axis.tableBytes
        guard bytes <= keptBytes / 4 else { return axis }
        if memo.bytes + bytes > keptBytes {
            memo.axes.removeAll()
            memo.bytes = 0
        }
        memo.axes[key] = axis
        memo.bytes += bytes
        return axis
    }
}
