/// What a resampler reads outside the source image (OpenCV's `borderMode`), for a row `abcdefgh`:
///
/// | case | left of `a` … right of `h` | OpenCV |
/// |---|---|---|
/// | `constant(v)` | `vvv` · `abcdefgh` · `vvv` | `BORDER_CONSTANT` |
/// | `replicate` | `aaa` · `abcdefgh` · `hhh` | `BORDER_REPLICATE` |
/// | `reflect` | `cba` · `abcdefgh` · `hgf` | `BORDER_REFLECT` |
/// | `reflect101` | `dcb` · `abcdefgh` · `gfe` | `BORDER_REFLECT_101` (OpenCV's filter default) |
/// | `wrap` | `fgh` · `abcdefgh` · `abc` | `BORDER_WRAP` |
public enum BorderMode: Sendable, Hashable {
    /// A fixed value in normalised units (0 black, 1 full intensity; see ``PixelSample``), used for every
    /// channel including alpha (so `constant(0)` gives transparent borders on RGBA images).
    case constant(Double)
    /// The nearest edge pixel is repeated.
    case replicate
    /// Mirrored, the edge pixel repeated.
    case reflect
    /// Mirrored about the edge pixel, which is not repeated.
    case reflect101
    /// The image tiles the plane.
    case wrap

    /// `constant(0)`: black (and transparent) outside the image; OpenCV's `warpAffine` default.
    public static let black = BorderMode.constant(0)

    /// The border's name as the CLI spells it: `constant`, `replicate`, `reflect`, `reflect101`, `wrap`.
    public var name: String {
        switch self {
        case .constant: "constant"
        case .replicate: "replicate"
        case .reflect: "reflect"
        case .reflect101: "reflect101"
        case .wrap: "wrap"
        }
    }
}

/// The border rule reduced to what the kernels branch on.
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
