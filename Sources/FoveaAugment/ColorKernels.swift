import Foundation

/// A sample type the colour kernels compute with: its full-scale value and its BT.601 luma rule.
protocol ColorSample: WarpSample {
    /// The largest value (255, 65535 or 1), as a Float.
    static var top: Float { get }
    /// `0.299 r + 0.587 g + 0.114 b` in sample units; UInt8 uses Pillow's rounded fixed point.
    static func luma(_ r: Self, _ g: Self, _ b: Self) -> Float
}

extension UInt8: ColorSample {
    @inline(__always) static var top: Float { 255 }
    @inline(__always) static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Float {
        Float((Int(r) &* 19595 &+ Int(g) &* 38470 &+ Int(b) &* 7471 &+ 0x8000) >> 16)
    }
}

extension UInt16: ColorSample {
    @inline(__always) static var top: Float { 65535 }
    @inline(__always) static func luma(_ r: UInt16, _ g: UInt16, _ b: UInt16) -> Float {
        0.299 * Float(r) + 0.587 * Float(g) + 0.114 * Float(b)
    }
}

extension Float: ColorSample {
    @inline(__always) static var top: Float { 1 }
    @inline(__always) static func luma(_ r: Float, _ g: Float, _ b: Float) -> Float { 0.299 * r + 0.587 * g + 0.114 * b }
}

/// `value` clamped to `0…top` and converted (integers round to nearest).
@inline(__always)
private func clamped<T: ColorSample>(_ value: Float, as type: T.Type) -> T {
    T(warpValue: min(max(value, 0), T.top))
}

/// Applies one of the per-sample or per-pixel colour adjustments (brightness, contrast, saturation, hue,
/// gamma, grayscale) to the colour channels of `image`; the formulas are on ``PhotometricAdjustment``.
func applyColor<T: ColorSample>(_ adjustment: PhotometricAdjustment, to image: inout Image<T>) {
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    switch adjustment {
    case .brightness(let factor):
        let f = Float(factor)
        mapColorValues(&image) { $0 * f }
    case .gamma(let exponent):
        let g = Float(exponent)
        mapColorValues(&image) { T.top * pow($0 / T.top, g) }
    case .contrast(let factor):
        let f = Float(factor)
        let m = meanLuma(image)
        mapColorValues(&image) { m + f * ($0 - m) }
    case .saturation(let factor):
        guard color == 3 else { return }
        let f = Float(factor)
        image.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                let l = T.luma(p[i], p[i + 1], p[i + 2])
                p[i] = clamped(l + f * (p[i].warpValue - l), as: T.self)
                p[i + 1] = clamped(l + f * (p[i + 1].warpValue - l), as: T.self)
                p[i + 2] = clamped(l + f * (p[i + 2].warpValue - l), as: T.self)
                i += ch
            }
        }
    case .grayscale:
        guard color == 3 else { return }
        image.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                let l = clamped(T.luma(p[i], p[i + 1], p[i + 2]), as: T.self)
                p[i] = l
                p[i + 1] = l
                p[i + 2] = l
                i += ch
            }
        }
    case .hue(let shift):
        guard color == 3 else { return }
        let s = Float(shift)
        image.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                rotateHue(p.baseAddress.unsafelyUnwrapped + i, by: s)
                i += ch
            }
        }
    case .gaussianBlur, .gaussianNoise, .jpeg:
        return
    }
}

/// Maps every colour sample `v` (sample units) to `transform(v)`, clamped and rounded; alpha untouched.
/// UInt8 images go through a 256-entry table.
@inline(__always)
private func mapColorValues<T: ColorSample>(_ image: inout Image<T>, _ transform: (Float) -> Float) {
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    if T.self == UInt8.self {
        var table = [UInt8](repeating: 0, count: 256)
        for v in 0..<256 { table[v] = clamped(transform(Float(v)), as: UInt8.self) }
        table.withUnsafeBufferPointer { lut in
            image.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt8.self) { p in
                    if color == ch {
                        for i in 0..<p.count { p[i] = lut[Int(p[i])] }
                    } else {
                        var i = 0
                        while i < p.count {
                            for k in 0..<color { p[i + k] = lut[Int(p[i + k])] }
                            i += ch
                        }
                    }
                }
            }
        }
        return
    }
    image.withUnsafeMutableBufferPointer { p in
        var i = 0
        while i < p.count {
            for k in 0..<color { p[i + k] = clamped(transform(p[i + k].warpValue), as: T.self) }
            i += ch
        }
    }
}

/// The mean luma of `image` in sample units (the mean of the first channel for grey layouts), rounded to
/// a whole level for integer samples as Pillow's `ImageEnhance.Contrast` does (`int(mean + 0.5)`).
private func meanLuma<T: ColorSample>(_ image: Image<T>) -> Float {
    let ch = image.channelCount
    let isColor = image.layout.colorChannelCount == 3
    let total: Double = image.withUnsafeBufferPointer { p in
        var sum = 0.0
        var row = 0.0
        var i = 0
        var n = 0
        while i < p.count {
            row += Double(isColor ? T.luma(p[i], p[i + 1], p[i + 2]) : p[i].warpValue)
            i += ch
            n += 1
            if n == 4096 {  // partial sums keep the Double exact for integer lumas
                sum += row
                row = 0
                n = 0
            }
        }
        return sum + row
    }
    let mean = total / Double(max(image.pixelCount, 1))
    return T.sampleType == .float32 ? Float(mean) : Float((mean + 0.5).rounded(.down))
}

/// Rotates the hue of the RGB pixel at `p` by `shift` turns, as torchvision's `_rgb2hsv` / `_hsv2rgb` do in
/// float: `h ∈ [0, 1)`, `s = (max − min) / max`, `v = max`, then `h' = (h + shift) mod 1` (floor modulo).
@inline(__always)
private func rotateHue<T: ColorSample>(_ p: UnsafeMutablePointer<T>, by shift: Float) {
    let r = p[0].warpValue / T.top
    let g = p[1].warpValue / T.top
    let b = p[2].warpValue / T.top
    let maxc = max(r, max(g, b))
    let minc = min(r, min(g, b))
    guard maxc != minc else { return }  // grey: s = 0, the colour does not change
    let cr = maxc - minc
    let s = cr / maxc
    let rc = (maxc - r) / cr
    let gc = (maxc - g) / cr
    let bc = (maxc - b) / cr
    var h: Float
    if maxc == r {
        h = bc - gc
    } else if maxc == g {
        h = 2 + rc - bc
    } else {
        h = 4 + gc - rc
    }
    h = fmodf(h / 6 + 1, 1) + shift
    h -= h.rounded(.down)
    let h6 = h * 6
    let sector = h6.rounded(.down)
    let f = h6 - sector
    let v = maxc
    let pp = min(max(v * (1 - s), 0), 1)
    let q = min(max(v * (1 - s * f), 0), 1)
    let t = min(max(v * (1 - s * (1 - f)), 0), 1)
    let out: (Float, Float, Float)
    switch Int(sector) % 6 {
    case 0: out = (v, t, pp)
    case 1: out = (q, v, pp)
    case 2: out = (pp, v, t)
    case 3: out = (pp, q, v)
    case 4: out = (t, pp, v)
    default: out = (v, pp, q)
    }
    p[0] = clamped(out.0 * T.top, as: T.self)
    p[1] = clamped(out.1 * T.top, as: T.self)
    p[2] = clamped(out.2 * T.top, as: T.self)
}
