/// The border rule reduced to what the warp kernels branch on (no payload, so the hot loops switch on a byte).
/// ``index(_:_:)`` repeats `BorderMode.sourceIndex(_:count:)`'s closed forms with −1 for "read the constant";
/// `BorderKindTests` pins the two equal.
enum BorderKind {
    case constant, replicate, reflect, reflect101, wrap

    init(_ mode: BorderMode) {
        switch mode {
        case .constant: self = .constant
        case .replicate: self = .replicate
        case .reflect: self = .reflect
        case .reflect101: self = .reflect101
        case .wrap: self = .wrap
        }
    }

    /// The source index read for position `p` on an axis of `n` pixels (OpenCV's `borderInterpolate`),
    /// or −1 when the constant value is read instead. Closed forms (no loops), so far-away positions are cheap.
    @inline(__always)
    func index(_ p: Int, _ n: Int) -> Int {
        if UInt(bitPattern: p) < UInt(bitPattern: n) { return p }
        switch self {
        case .constant:
            return -1
        case .replicate:
            return p < 0 ? 0 : n - 1
        case .reflect:
            if n == 1 { return 0 }
            let period = 2 * n
            var q = p % period
            if q < 0 { q += period }
            return q < n ? q : period - 1 - q
        case .reflect101:
            if n == 1 { return 0 }
            let period = 2 * n - 2
            var q = p % period
            if q < 0 { q += period }
            return q < n ? q : period - q
        case .wrap:
            var q = p % n
            if q < 0 { q += n }
            return q
        }
    }
}
