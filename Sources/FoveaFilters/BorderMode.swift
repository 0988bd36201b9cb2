/// How a filter invents the samples beyond the image edge when the output keeps the input's size.
///
/// Each case is named after its OpenCV twin (`cv::BorderTypes`); the sketches show a row `abcdefgh`
/// with the invented samples on both sides, exactly as OpenCV documents them.
/// Fovea's default is ``reflect101``, which is also OpenCV's `BORDER_DEFAULT`.
///
/// When the kernel is wider than the image, the mirror and wrap rules are applied repeatedly,
/// as OpenCV's `borderInterpolate` does.
public enum BorderMode: Sendable, Hashable {
    /// `BORDER_CONSTANT`: `iiiiii|abcdefgh|iiiiiii` — a fixed value, in the input's sample units
    /// (0…255 for UInt8, 0…65535 for UInt16, raw values for Float).
    case constant(Float)
    /// `BORDER_REPLICATE`: `aaaaaa|abcdefgh|hhhhhhh` — the edge sample repeated.
    case replicate
    /// `BORDER_REFLECT`: `fedcba|abcdefgh|hgfedcb` — mirrored, the edge sample repeated once.
    case reflect
    /// `BORDER_REFLECT_101` (= `BORDER_DEFAULT`): `gfedcb|abcdefgh|gfedcba` — mirrored about the edge
    /// sample, which is not repeated. Fovea's default.
    case reflect101
    /// `BORDER_WRAP`: `cdefgh|abcdefgh|abcdefg` — the image tiled periodically.
    case wrap

    /// Fovea's default border: ``reflect101``, OpenCV's `BORDER_DEFAULT`.
    public static let `default` = BorderMode.reflect101

    /// The index inside `0..<count` whose sample stands in for index `index`, or `nil` for
    /// ``constant`` outside the image (the caller then uses the constant value).
    ///
    /// Indices inside `0..<count` map to themselves. `count` must be positive.
    public func sourceIndex(_ index: Int, count: Int) -> Int? {
        precondition(count > 0, "border lookup in an empty axis (count \(count))")
        if index >= 0 && index < count { return index }
        switch self {
        case .constant:
            return nil
        case .replicate:
            return index < 0 ? 0 : count - 1
        case .reflect, .reflect101:
            if count == 1 { return 0 }
            let delta = self == .reflect101 ? 1 : 0
            var p = index
            repeat {
                if p < 0 {
                    p = -p - 1 + delta
                } else {
                    p = count - 1 - (p - count) - delta
                }
            } while p < 0 || p >= count
            return p
        case .wrap:
            let r = index % count
            return r < 0 ? r + count : r
        }
    }
}
