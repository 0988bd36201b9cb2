/// How samples beyond an image's edge are invented — by a filter whose output keeps the input's size, or by a
/// resampler (warp, resize) reading outside the source. One type for every module.
///
/// Each case is named after its OpenCV twin (`cv::BorderTypes`); the sketches show a row `abcdefgh` with the
/// invented samples on both sides, exactly as OpenCV documents them:
///
/// | case | left of `a` · row · right of `h` | OpenCV |
/// |---|---|---|
/// | `constant(v)` | `iiiiii` · `abcdefgh` · `iiiiiii` | `BORDER_CONSTANT` |
/// | `replicate` | `aaaaaa` · `abcdefgh` · `hhhhhhh` | `BORDER_REPLICATE` |
/// | `reflect` | `fedcba` · `abcdefgh` · `hgfedcb` | `BORDER_REFLECT` |
/// | `reflect101` | `gfedcb` · `abcdefgh` · `gfedcba` | `BORDER_REFLECT_101` (`BORDER_DEFAULT`) |
/// | `wrap` | `cdefgh` · `abcdefgh` · `abcdefg` | `BORDER_WRAP` |
///
/// When a kernel or a displacement reaches further than the image is wide, the mirror and wrap rules are applied
/// repeatedly, as OpenCV's `borderInterpolate` does. Filters default to ``default`` (``reflect101``);
/// augmentation defaults to ``black``.
public enum BorderMode: Sendable, Hashable {
    /// `BORDER_CONSTANT`: every sample outside the image is `value` (the same for every channel, alpha included),
    /// in the units ``BorderValue`` states.
    case constant(BorderValue)
    /// `BORDER_REPLICATE`: the edge sample repeated.
    case replicate
    /// `BORDER_REFLECT`: mirrored, the edge sample repeated once.
    case reflect
    /// `BORDER_REFLECT_101`: mirrored about the edge sample, which is not repeated. The filters' default.
    case reflect101
    /// `BORDER_WRAP`: the image tiles the plane.
    case wrap

    /// The filters' default border: ``reflect101``, OpenCV's `BORDER_DEFAULT`.
    public static let `default` = BorderMode.reflect101

    /// `constant(.normalized(0))`: black (and transparent) outside the image, whatever the sample type;
    /// OpenCV's `warpAffine` default and the augmentation default.
    public static let black = BorderMode.constant(.normalized(0))

    /// The border's name as the CLI and the JSON form spell it: `constant`, `replicate`, `reflect`, `reflect101`,
    /// `wrap`.
    public var name: String {
        switch self {
        case .constant: "constant"
        case .replicate: "replicate"
        case .reflect: "reflect"
        case .reflect101: "reflect101"
        case .wrap: "wrap"
        }
    }

    /// The index inside `0..<count` whose sample stands in for position `index` on an axis of `count` samples
    /// (OpenCV's `borderInterpolate`), or `nil` for ``constant(_:)`` outside the image (the caller then uses the
    /// constant). Indices inside `0..<count` map to themselves; closed forms, so far-away positions are cheap.
    ///
    /// - Precondition: `count > 0`.
    @inlinable
    public func sourceIndex(_ index: Int, count: Int) -> Int? {
        precondition(count > 0, "border lookup in an empty axis (count \(count))")
        if index >= 0 && index < count { return index }
        switch self {
        case .constant:
            return nil
        case .replicate:
            return index < 0 ? 0 : count - 1
        case .reflect:
            if count == 1 { return 0 }
            let period = 2 * count
            var q = index % period
            if q < 0 { q += period }
            return q < count ? q : period - 1 - q
        case .reflect101:
            if count == 1 { return 0 }
            let period = 2 * count - 2
            var q = index % period
            if q < 0 { q += period }
            return q < count ? q : period - q
        case .wrap:
            let q = index % count
            return q < 0 ? q + count : q
        }
    }
}

/// The value a ``BorderMode/constant(_:)`` border fills with, and the units it is given in.
///
/// Filters follow OpenCV and usually take the constant in the image's own sample units (``sample(_:)``); an
/// augmentation policy serves UInt8, UInt16 and Float images alike, so it states its constant normalised
/// (``normalized(_:)``). Either form works with every module: ``sampleUnits(for:)`` and ``sample(as:)`` convert.
public enum BorderValue: Sendable, Hashable {
    /// In the image's own sample units, as OpenCV's `borderValue`: 0…255 for UInt8, 0…65535 for UInt16, the
    /// value itself for Float.
    case sample(Double)
    /// Normalised: 0 black (or transparent), 1 full intensity (or opaque), for any sample type — `0.2` is 51 for
    /// UInt8, 13107 for UInt16 and 0.2 for Float (conversion as ``PixelSample/init(normalized:)``).
    case normalized(Double)

    /// The value in `S`'s sample units, as a filter computes with it: ``sample(_:)`` unchanged; ``normalized(_:)``
    /// converted to the nearest `S` (clamped and rounded for integer types).
    public func sampleUnits<S: PixelSample>(for type: S.Type) -> Float {
        switch self {
        case .sample(let value):
            return Float(value)
        case .normalized(let value):
            let sample = S(normalized: Float(value))
            return S.sampleType == .float32 ? sample.normalized : (sample.normalized * fullScale(S.self)).rounded()
        }
    }

    /// The value as one sample of type `S`, as a resampler fills with it: integer types clamp to their range and
    /// round to nearest.
    public func sample<S: PixelSample>(as type: S.Type) -> S {
        switch self {
        case .sample(let value): S(normalized: Float(value) / fullScale(S.self))
        case .normalized(let value): S(normalized: Float(value))
        }
    }
}

/// The sample-units value of full intensity: 255, 65535, or 1 for Float.
private func fullScale<S: PixelSample>(_ type: S.Type) -> Float {
    switch S.sampleType {
    case .uint8: 255
    case .uint16: 65535
    case .float32: 1
    }
}
