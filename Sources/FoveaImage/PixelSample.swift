/// The storage type of one sample: `UInt8`, `UInt16` or `Float`.
///
/// Integer samples span their full range (0 black, `max` white or opaque); `Float` samples are nominally
/// in [0, 1] but may hold any value (filters produce negative derivatives). Conversion between sample types
/// goes through the normalised value: UInt8 `v` ⇄ `v / 255`, UInt16 `v` ⇄ `v / 65535`; UInt8 → UInt16 is
/// therefore `v * 257` exactly, UInt16 → UInt8 is `round(v / 257)`, and Float → integer clamps to [0, 1]
/// and rounds half away from zero.
public protocol PixelSample: Sendable, Hashable, Numeric, Comparable, Codable {
    /// The type's tag, for type-erased code (codecs, CLI).
    static var sampleType: SampleType { get }
    /// The sample meaning full intensity or full opacity: 255, 65535 or 1.0.
    static var maximum: Self { get }
    /// The value mapped to [0, 1] (integers) or returned unchanged (`Float`).
    var normalized: Float { get }
    /// The sample for a normalised value; integer types clamp to [0, 1] and round to nearest.
    init(normalized: Float)
}

/// Tag for the sample types Fovea stores.
public enum SampleType: String, Sendable, Hashable, CaseIterable, Codable {
    /// 8-bit unsigned integer samples.
    case uint8
    /// 16-bit unsigned integer samples.
    case uint16
    /// 32-bit IEEE float samples.
    case float32

    /// Bits per sample: 8, 16 or 32.
    public var bitDepth: Int {
        switch self {
        case .uint8: 8
        case .uint16: 16
        case .float32: 32
        }
    }
}

extension UInt8: PixelSample {
    public static var sampleType: SampleType { .uint8 }
    public static var maximum: UInt8 { 255 }
    public var normalized: Float { Float(self) / 255 }
    public init(normalized: Float) {
        let scaled = (normalized * 255).rounded()
        self = scaled >= 255 ? 255 : (scaled > 0 ? UInt8(scaled) : 0)  // NaN maps to 0
    }
}

extension UInt16: PixelSample {
    public static var sampleType: SampleType { .uint16 }
    public static var maximum: UInt16 { 65535 }
    public var normalized: Float { Float(self) / 65535 }
    public init(normalized: Float) {
        let scaled = (normalized * 65535).rounded()
        self = scaled >= 65535 ? 65535 : (scaled > 0 ? UInt16(scaled) : 0)
    }
}

extension Float: PixelSample {
    public static var sampleType: SampleType { .float32 }
    public static var maximum: Float { 1 }
    public var normalized: Float { self }
    public init(normalized: Float) { self = normalized }
}
