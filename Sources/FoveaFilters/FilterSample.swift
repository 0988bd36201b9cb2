/// A sample type the filters read and write: `UInt8`, `UInt16`, `Int16` and `Float`.
///
/// Filters compute in `Float` and convert whole rows at a time through these two hooks, so generic code
/// pays one dynamic call per row, never per pixel. Integer outputs are rounded half to even (OpenCV's
/// `cvRound`) and saturated to the type's range (OpenCV's `saturate_cast`). Fovea provides the four
/// conformances; others are not supported.
public protocol FilterSample: Sendable {
    /// Converts `count` samples at `source` to `Float` at `destination`.
    static func loadRow(_ source: UnsafePointer<Self>, count: Int, into destination: UnsafeMutablePointer<Float>)
    /// Converts `count` floats at `source` to samples at `destination`, rounding and saturating.
    static func storeRow(_ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<Self>)
}

/// 1.5 · 2²³: adding then subtracting it rounds a Float below 2²² to the nearest integer, ties to even.
@usableFromInline let roundingMagic: Float = 12_582_912

@inline(__always) func loadFloats(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) func loadFloats16(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always) func storeFloats16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

@inline(__always) func storeFloats(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// Clamps to `[lo, hi]` (NaN → `lo`), rounds ties to even, and returns the integers: adding 1.5 · 2²³ leaves
/// the rounded value in the low mantissa bits. Plain compares and blends, so it compiles to a few SIMD
/// instructions (the stdlib's `clamped` and `init(_:rounding:)` are not vectorized).
@inline(__always) func roundClamped(_ v: SIMD8<Float>, _ lo: Float, _ hi: Float) -> SIMD8<Int32> {
    var c = v
    // Lane loops compile to maxps/minps (a NaN lane becomes `lo`).
    for j in 0..<8 { c[j] = c[j] > lo ? c[j] : lo }
    for j in 0..<8 { c[j] = c[j] < hi ? c[j] : hi }
    let bits = unsafeBitCast(c + roundingMagic, to: SIMD8<Int32>.self)
    return bits &- 0x4B40_0000
}

/// Exact Float values of small non-negative integers (< 2²³) by the same mantissa trick.
@inline(__always) func floats(_ v: SIMD8<UInt32>) -> SIMD8<Float> {
    unsafeBitCast(v | 0x4B00_0000, to: SIMD8<Float>.self) - 8_388_608
}

@inline(__always) func roundClamped(_ v: Float, _ lo: Float, _ hi: Float) -> Int32 {
    let c = Swift.min(Swift.max(v, lo), hi)  // NaN → lo
    return Int32(((c + roundingMagic) - roundingMagic))
}

extension UInt8: FilterSample {
    /// Widens `count` samples to Float, values unchanged (see ``FilterSample``).
    public static func loadRow(
        _ source: UnsafePointer<UInt8>, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<UInt8>.self)
            storeFloats(floats(SIMD8<UInt32>(truncatingIfNeeded: v)), destination + i)
            i += 8
        }
        while i < count {
            destination[i] = Float(source[i])
            i += 1
        }
    }

    /// Stores `count` Floats as samples, rounded half to even and saturated (see ``FilterSample``).
    public static func storeRow(
        _ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<UInt8>
    ) {
        var i = 0
        while i + 8 <= count {
            let r = roundClamped(loadFloats(source + i), 0, 255)
            UnsafeMutableRawPointer(destination + i).storeBytes(
                of: SIMD8<UInt8>(truncatingIfNeeded: r), as: SIMD8<UInt8>.self)
            i += 8
        }
        while i < count {
            destination[i] = UInt8(truncatingIfNeeded: roundClamped(source[i], 0, 255))
            i += 1
        }
    }
}

extension UInt16: FilterSample {
    /// Widens `count` samples to Float, values unchanged (see ``FilterSample``).
    public static func loadRow(
        _ source: UnsafePointer<UInt16>, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<UInt16>.self)
            storeFloats(floats(SIMD8<UInt32>(truncatingIfNeeded: v)), destination + i)
            i += 8
        }
        while i < count {
            destination[i] = Float(source[i])
            i += 1
        }
    }

    /// Stores `count` Floats as samples, rounded half to even and saturated (see ``FilterSample``).
    public static func storeRow(
        _ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<UInt16>
    ) {
        var i = 0
        while i + 8 <= count {
            let r = roundClamped(loadFloats(source + i), 0, 65535)
            UnsafeMutableRawPointer(destination + i).storeBytes(
                of: SIMD8<UInt16>(truncatingIfNeeded: r), as: SIMD8<UInt16>.self)
            i += 8
        }
        while i < count {
            destination[i] = UInt16(truncatingIfNeeded: roundClamped(source[i], 0, 65535))
            i += 1
        }
    }
}

extension Int16: FilterSample {
    /// Widens `count` samples to Float, values unchanged (see ``FilterSample``).
    public static func loadRow(
        _ source: UnsafePointer<Int16>, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Int16>.self)
            storeFloats(SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: v)), destination + i)
            i += 8
        }
        while i < count {
            destination[i] = Float(source[i])
            i += 1
        }
    }

    /// Stores `count` Floats as samples, rounded half to even and saturated (see ``FilterSample``).
    public static func storeRow(
        _ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<Int16>
    ) {
        var i = 0
        while i + 8 <= count {
            let r = roundClamped(loadFloats(source + i), -32768, 32767)
            UnsafeMutableRawPointer(destination + i).storeBytes(
                of: SIMD8<Int16>(truncatingIfNeeded: r), as: SIMD8<Int16>.self)
            i += 8
        }
        while i < count {
            destination[i] = Int16(truncatingIfNeeded: roundClamped(source[i], -32768, 32767))
            i += 1
        }
    }
}

extension Float: FilterSample {
    /// Widens `count` samples to Float, values unchanged (see ``FilterSample``).
    public static func loadRow(
        _ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        destination.update(from: source, count: count)
    }

    /// Copies `count` Floats unchanged (see ``FilterSample``).
    public static func storeRow(
        _ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutablePointer<Float>
    ) {
        destination.update(from: source, count: count)
    }
}

/// `|v|` lane by lane by clearing the sign bit (the stdlib's `pointwiseMax(v, -v)` is a slow NaN-aware call).
@inline(__always) func magnitudes(_ v: SIMD8<Float>) -> SIMD8<Float> {
    unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
}
