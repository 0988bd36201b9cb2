/// How the resize kernels read and write each sample type: values in the type's own units as `Float`
/// (0…255, 0…65535, or the float itself); integer results round half to even and clamp, as OpenCV's
/// `saturate_cast`; `Float` results are kept as computed (no clamping).
///
/// Rounding adds 2²³ and keeps the low mantissa bits (exact round-half-even for 0 ≤ v < 2²³ in IEEE
/// arithmetic), which vectorises on every x86-64 and ARM CPU; `rounded(.toNearestOrEven)` is a library call
/// without SSE4.1.
protocol ResampleSample: PixelSample {
    var resampleValue: Float { get }
    init(resampled value: Float)
    /// Four consecutive samples as floats (reads 4 samples: callers keep the read inside the buffer).
    static func load4(_ p: UnsafePointer<Self>) -> SIMD4<Float>
    /// Stores eight results, converted as ``init(resampled:)`` does.
    static func store8(_ v: SIMD8<Float>, to p: UnsafeMutablePointer<Self>)
}

/// 2²³: adding and subtracting it rounds a float in [0, 2²³) to the nearest integer, ties to even.
let roundingMagic: Float = 8_388_608

extension UInt8: ResampleSample {
    @inline(__always) var resampleValue: Float { Float(self) }
    @inline(__always) init(resampled value: Float) {
        let clamped = value > 0 ? Swift.min(value, 255) : 0  // NaN → 0
        self = UInt8(truncatingIfNeeded: (clamped + roundingMagic).bitPattern)
    }
    @inline(__always) static func load4(_ p: UnsafePointer<UInt8>) -> SIMD4<Float> {
        SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD4<UInt8>.self)))
    }
    @inline(__always) static func store8(_ v: SIMD8<Float>, to p: UnsafeMutablePointer<UInt8>) {
        let clamped = pointwiseMin(pointwiseMax(v, .zero), SIMD8(repeating: 255))
        // v + 2²³ holds round(v) in its low mantissa bits.
        let bits = unsafeBitCast(clamped + SIMD8(repeating: roundingMagic), to: SIMD8<UInt32>.self)
        let bytes = SIMD8<UInt8>(truncatingIfNeeded: bits)
        UnsafeMutableRawPointer(p).storeBytes(of: bytes, as: SIMD8<UInt8>.self)
    }
}

extension UInt16: ResampleSample {
    @inline(__always) var resampleValue: Float { Float(self) }
    @inline(__always) init(resampled value: Float) {
        let clamped = value > 0 ? Swift.min(value, 65535) : 0
        self = UInt16(truncatingIfNeeded: (clamped + roundingMagic).bitPattern)
    }
    @inline(__always) static func load4(_ p: UnsafePointer<UInt16>) -> SIMD4<Float> {
        SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD4<UInt16>.self)))
    }
    @inline(__always) static func store8(_ v: SIMD8<Float>, to p: UnsafeMutablePointer<UInt16>) {
        let clamped = pointwiseMin(pointwiseMax(v, .zero), SIMD8(repeating: 65535))
        let bits = unsafeBitCast(clamped + SIMD8(repeating: roundingMagic), to: SIMD8<UInt32>.self)
        let words = SIMD8<UInt16>(truncatingIfNeeded: bits)
        UnsafeMutableRawPointer(p).storeBytes(of: words, as: SIMD8<UInt16>.self)
    }
}

extension Float: ResampleSample {
    @inline(__always) var resampleValue: Float { self }
    @inline(__always) init(resampled value: Float) { self = value }
    @inline(__always) static func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }
    @inline(__always) static func store8(_ v: SIMD8<Float>, to p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }
}
