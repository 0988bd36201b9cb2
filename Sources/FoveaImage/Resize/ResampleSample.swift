/// How the resize kernels read and write each sample type: values in the type's own units as `Float`
/// (0…255, 0…65535, or the float itself); integer results round half to even and clamp, as OpenCV's
/// `saturate_cast`; `Float` results are kept as computed (no clamping).
protocol ResampleSample: PixelSample {
    var resampleValue: Float { get }
    init(resampled value: Float)
}

extension UInt8: ResampleSample {
    @inline(__always) var resampleValue: Float { Float(self) }
    @inline(__always) init(resampled value: Float) {
        let r = value.rounded(.toNearestOrEven)
        self = r >= 255 ? 255 : (r > 0 ? UInt8(r) : 0)
    }
}

extension UInt16: ResampleSample {
    @inline(__always) var resampleValue: Float { Float(self) }
    @inline(__always) init(resampled value: Float) {
        let r = value.rounded(.toNearestOrEven)
        self = r >= 65535 ? 65535 : (r > 0 ? UInt16(r) : 0)
    }
}

extension Float: ResampleSample {
    @inline(__always) var resampleValue: Float { self }
    @inline(__always) init(resampled value: Float) { self = value }
}
