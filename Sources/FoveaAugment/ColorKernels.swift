import CFoveaKernels
import Foundation

/// The AVX2 / AVX-512 VBMI versions of the 8-bit loops below (Sources/CFoveaKernels/color.c), chosen at run
/// time. Each does the arithmetic of the Swift loop it stands for in the same order, so the choice never changes
/// a byte; `ColorKernelsTests` compares every level with the Swift loops.
enum ColorSIMD {
    /// `true` when the C loops run (the CPU has AVX2 and no test capped the level). Two relaxed atomic loads.
    static var available: Bool { fovea_simd_level() >= 1 }

    /// Caps the loops in use: 0 the Swift loops, 1 AVX2, 2 AVX-512 (VBMI where the CPU has it); never above
    /// what the CPU has. Returns the level now in use. For tests comparing the paths.
    @discardableResult
    static func cap(at level: Int) -> Int { Int(fovea_set_simd_level(Int32(level))) }
}

/// Rewrites the samples of a UInt8 image with `body`, which reads `count` bytes at `source` and writes them at
/// `target`: the same buffer when the image's samples are `owned` (no other image shares them), else a new
/// buffer, so a shared image is read once instead of copied and then rewritten.
@inline(__always)
private func remapBytes<T: ColorSample>(
    _ image: inout Image<T>, owned: Bool,
    _ body: (_ source: UnsafePointer<UInt8>, _ target: UnsafeMutablePointer<UInt8>, _ count: Int) -> Void
) {
    let count = image.samples.count
    if owned {
        image.withUnsafeMutableBufferPointer { buffer in
            guard let p = UnsafeMutableRawPointer(buffer.baseAddress) else { return }
            let bytes = p.assumingMemoryBound(to: UInt8.self)
            body(bytes, bytes, count)
        }
        return
    }
    let samples = image.withUnsafeBufferPointer { source in
        [T](unsafeUninitializedCapacity: count) { target, initialized in
            let raw = UnsafeMutableRawBufferPointer(target)
            if let s = UnsafeRawPointer(source.baseAddress), let t = raw.baseAddress {
                body(s.assumingMemoryBound(to: UInt8.self), t.assumingMemoryBound(to: UInt8.self), count)
            }
            initialized = count
        }
    }
    image = Image.assumingValid(width: image.width, height: image.height, layout: image.layout, samples: samples)
}

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
    @inline(__always) static func luma(_ r: Float, _ g: Float, _ b: Float) -> Float {
        0.299 * r + 0.587 * g + 0.114 * b
    }
}

/// `value` clamped to `0…top` and converted (integers round to nearest).
@inline(__always)
private func clamped<T: ColorSample>(_ value: Float, as type: T.Type) -> T {
    T(warpValue: min(max(value, 0), T.top))
}

/// Applies one of the per-sample or per-pixel colour adjustments (brightness, contrast, saturation, hue,
/// gamma, grayscale) to the colour channels of `image`; the formulas are on ``PhotometricAdjustment``.
///
/// `owned`: no other image shares the samples of `image` (see ``remapBytes(_:owned:_:)``).
func applyColor<T: ColorSample>(_ adjustment: PhotometricAdjustment, to image: inout Image<T>, owned: Bool) {
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    switch adjustment {
    case .brightness(let factor):
        let f = Float(factor)
        mapColorValues(&image, owned: owned) { brightened($0, by: f) }
    case .gamma(let exponent):
        let g = Float(exponent)
        mapColorValues(&image, owned: owned) { gammaCorrected($0, exponent: g, top: T.top) }
    case .contrast(let factor):
        let f = Float(factor)
        let m = meanLuma(image)
        mapColorValues(&image, owned: owned) { contrasted($0, about: m, by: f) }
    case .saturation(let factor):
        guard color == 3 else { return }
        let f = Float(factor)
        if T.self == UInt8.self && ch == 3 && ColorSIMD.available {
            remapBytes(&image, owned: owned) { fovea_color_saturate_rgb8($0, $1, $2 / 3, f) }
            return
        }
        image.withUnsafeMutableBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return }
            if T.self == UInt8.self && ch == 3 {
                saturateRGB8(
                    UnsafeMutableRawPointer(p).assumingMemoryBound(to: UInt8.self), count: buffer.count / 3, factor: f)
                return
            }
            for _ in 0..<(buffer.count / ch) {
                let l = T.luma(p[0], p[1], p[2])
                let base = l - f * l
                p[0] = clamped(base + f * p[0].warpValue, as: T.self)
                p[1] = clamped(base + f * p[1].warpValue, as: T.self)
                p[2] = clamped(base + f * p[2].warpValue, as: T.self)
                p += ch
            }
        }
    case .grayscale:
        guard color == 3 else { return }
        image.withUnsafeMutableBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return }
            for _ in 0..<(buffer.count / ch) {
                let l = clamped(T.luma(p[0], p[1], p[2]), as: T.self)
                p[0] = l
                p[1] = l
                p[2] = l
                p += ch
            }
        }
    case .hue(let shift):
        guard color == 3 else { return }
        // The shift in sixths of a turn, reduced to [0, 6).
        var turns = Float(shift) * 6
        turns -= 6 * (turns / 6).rounded(.down)
        if T.self == UInt8.self && ch == 3 && ColorSIMD.available {
            remapBytes(&image, owned: owned) { fovea_color_rotate_hue_rgb8($0, $1, $2 / 3, turns) }
            return
        }
        image.withUnsafeMutableBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return }
            if T.self == UInt8.self && ch == 3 {
                let bytes = UnsafeMutableRawPointer(p).assumingMemoryBound(to: UInt8.self)
                rotateHueRGB8(bytes, count: buffer.count / 3, bySixths: turns)
                return
            }
            for _ in 0..<(buffer.count / ch) {
                rotateHue(p, bySixths: turns)
                p += ch
            }
        }
    case .solarize(let threshold):
        // Integer samples compare with the smallest whole level ≥ the threshold (1e-6 absorbs the /255 round trip).
        let exact = threshold * Double(T.top)
        let t = Float(T.sampleType == .float32 ? exact : (exact - 1e-6).rounded(.up))
        mapColorValues(&image, owned: owned) { $0 >= t ? T.top - $0 : $0 }
    case .posterize(let bits):
        // 8-bit images only (adjust converts the others).
        let mask = Float(0xFF & ~((1 << (8 - max(0, min(bits, 8)))) - 1))
        mapColorValues(&image, owned: owned) { Float(Int($0) & Int(mask)) }
    case .autocontrast:
        for k in 0..<color { stretchChannel(k, of: &image) }
    case .equalize:
        for k in 0..<color { equalizeChannel(k, of: &image) }
    case .sharpness(let factor):
        sharpen(&image, factor: Float(factor))
    case .gaussianBlur, .gaussianNoise, .jpeg:
        return
    }
}

/// Channel `k` stretched so its extremes become 0 and `top` (flat channels unchanged).
private func stretchChannel<T: ColorSample>(_ k: Int, of image: inout Image<T>) {
    let ch = image.channelCount
    var lo = Float.infinity
    var hi = -Float.infinity
    image.withUnsafeBufferPointer { buffer in
        for i in stride(from: k, to: buffer.count, by: ch) {
            let v = buffer[i].warpValue
            lo = min(lo, v)
            hi = max(hi, v)
        }
    }
    guard hi > lo else { return }
    let scale = T.top / (hi - lo)
    image.withUnsafeMutableBufferPointer { buffer in
        for i in stride(from: k, to: buffer.count, by: ch) {
            buffer[i] = clamped((buffer[i].warpValue - lo) * scale, as: T.self)
        }
    }
}

/// Channel `k` of an 8-bit image equalised (the formula is on ``PhotometricAdjustment/equalize``).
private func equalizeChannel<T: ColorSample>(_ k: Int, of image: inout Image<T>) {
    let ch = image.channelCount
    var histogram = [Int](repeating: 0, count: 256)
    image.withUnsafeBufferPointer { buffer in
        for i in stride(from: k, to: buffer.count, by: ch) {
            histogram[min(max(Int(buffer[i].warpValue), 0), 255)] += 1
        }
    }
    let last = histogram.lastIndex { $0 != 0 } ?? 0
    let step = (histogram.reduce(0, +) - histogram[last]) / 255
    guard step > 0 else { return }
    var table = [Float](repeating: 0, count: 256)
    var cumulative = 0
    for v in 0..<256 {
        table[v] = Float(min((cumulative + step / 2) / step, 255))
        cumulative += histogram[v]
    }
    image.withUnsafeMutableBufferPointer { buffer in
        for i in stride(from: k, to: buffer.count, by: ch) {
            buffer[i] = T(warpValue: table[min(max(Int(buffer[i].warpValue), 0), 255)])
        }
    }
}

/// torchvision's `adjust_sharpness`: blend with the 3×3 smoothed image (centre weight 5, the rest 1, over
/// 13), whose one-pixel frame is the original image.
private func sharpen<T: ColorSample>(_ image: inout Image<T>, factor: Float) {
    let w = image.width
    let h = image.height
    guard w > 2, h > 2 else { return }
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    let source = image.samples
    let isInteger = T.sampleType != .float32
    source.withUnsafeBufferPointer { src in
        image.withUnsafeMutableBufferPointer { dst in
            for y in 1..<(h - 1) {
                for x in 1..<(w - 1) {
                    for c in 0..<color {
                        let i = (y * w + x) * ch + c
                        var sum: Float = 4 * src[i].warpValue
                        for dy in -1...1 {
                            for dx in -1...1 { sum += src[i + (dy * w + dx) * ch].warpValue }
                        }
                        var degenerate = sum / 13
                        if isInteger { degenerate = degenerate.rounded(.toNearestOrEven) }
                        dst[i] = clamped(degenerate + factor * (src[i].warpValue - degenerate), as: T.self)
                    }
                }
            }
        }
    }
}

/// Maps every colour sample `v` (sample units) to `transform(v)`, clamped and rounded; alpha untouched.
/// UInt8 images go through a 256-entry table (`owned`: see ``remapBytes(_:owned:_:)``).
@inline(__always)
private func mapColorValues<T: ColorSample>(_ image: inout Image<T>, owned: Bool, _ transform: (Float) -> Float) {
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    if T.self == UInt8.self {
        mapBytes(&image, owned: owned, through: byteTable(transform))
        return
    }
    image.withUnsafeMutableBufferPointer { buffer in
        guard var p = buffer.baseAddress else { return }
        for _ in 0..<(buffer.count / ch) {
            for k in 0..<color { p[k] = clamped(transform(p[k].warpValue), as: T.self) }
            p += ch
        }
    }
}

/// `transform` on every level 0…255, clamped and rounded to a byte: the table ``mapColorValues(_:owned:_:)`` maps
/// UInt8 images through.
@inline(__always)
private func byteTable(_ transform: (Float) -> Float) -> [UInt8] {
    var table = [UInt8](repeating: 0, count: 256)
    for v in 0..<256 { table[v] = clamped(transform(Float(v)), as: UInt8.self) }
    return table
}

/// Maps every colour sample of a UInt8 image through `table`, alpha untouched (`owned`: see
/// ``remapBytes(_:owned:_:)``).
private func mapBytes<T: ColorSample>(_ image: inout Image<T>, owned: Bool, through table: [UInt8]) {
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    // The C loop maps every byte, or every byte but the last of each pixel (grey-alpha, RGBA).
    if ColorSIMD.available && (color == ch || color == ch - 1 && (ch == 2 || ch == 4)) {
        let alphaPeriod = color == ch ? 0 : ch
        table.withUnsafeBufferPointer { table in
            guard let lut = table.baseAddress else { return }
            remapBytes(&image, owned: owned) { fovea_color_table_u8($0, $1, $2, alphaPeriod, lut) }
        }
        return
    }
    table.withUnsafeBufferPointer { table in
        image.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt8.self) { buffer in
                guard let p = buffer.baseAddress, let lut = table.baseAddress else { return }
                if color == ch {
                    // Eight bytes per load and store.
                    let words = buffer.count / 8
                    let w = UnsafeMutableRawPointer(p)
                    for i in 0..<words {
                        let x = w.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                        var y: UInt64 = 0
                        for b in 0..<8 {
                            y |= UInt64(lut[Int(truncatingIfNeeded: (x >> (8 * b)) & 0xFF)]) << (8 * b)
                        }
                        w.storeBytes(of: y, toByteOffset: i * 8, as: UInt64.self)
                    }
                    for i in (words * 8)..<buffer.count { p[i] = lut[Int(p[i])] }
                } else {
                    var q = p
                    for _ in 0..<(buffer.count / ch) {
                        for k in 0..<color { q[k] = lut[Int(q[k])] }
                        q += ch
                    }
                }
            }
        }
    }
}

/// Brightness: `v · f` (before clamping and rounding).
@inline(__always) private func brightened(_ v: Float, by f: Float) -> Float { v * f }

/// Contrast about the mean luma `m`: `m + f · (v − m)`.
@inline(__always) private func contrasted(_ v: Float, about m: Float, by f: Float) -> Float { m + f * (v - m) }

/// Gamma: `top · (v / top)^g`.
@inline(__always) private func gammaCorrected(_ v: Float, exponent g: Float, top: Float) -> Float {
    top * pow(v / top, g)
}

extension PhotometricAdjustment {
    /// Whether the adjustment maps each colour sample through a function of its value alone, given the image's
    /// mean luma (brightness, contrast, gamma): runs of them compose into one byte table on 8-bit RGB images.
    var composesAsByteTable: Bool {
        switch self {
        case .brightness, .contrast, .gamma: true
        default: false
        }
    }
}

/// `adjustments` applied in order to a packed 8-bit RGB image in one pass through one byte table, with the bytes
/// applying them one at a time gives: each step's table is the one ``applyColor(_:to:owned:)`` builds (the same
/// formulas), contrast's mean luma is that of the image as the steps before it leave it (summed through their
/// table without making that image), and byte tables compose exactly. Adjustments that do not
/// ``PhotometricAdjustment/composesAsByteTable`` run on their own after the table so far is applied.
///
/// `owned`: no other image shares the samples of `image` (see ``remapBytes(_:owned:_:)``).
func applyComposedTables(
    _ adjustments: ArraySlice<PhotometricAdjustment>, to image: inout Image<UInt8>, owned: Bool
) {
    precondition(image.channelCount == 3 && image.layout.colorChannelCount == 3, "packed RGB images only")
    var owned = owned
    var table: [UInt8]?
    func flush() {
        guard let pending = table else { return }
        mapBytes(&image, owned: owned, through: pending)
        owned = true
        table = nil
    }
    for adjustment in adjustments where !adjustment.isIdentity && !image.samples.isEmpty {
        let step: [UInt8]
        switch adjustment {
        case .brightness(let factor):
            let f = Float(factor)
            step = byteTable { brightened($0, by: f) }
        case .contrast(let factor):
            let f = Float(factor)
            let m = table.map { meanLumaRGB8(image, through: $0) } ?? meanLuma(image)
            step = byteTable { contrasted($0, about: m, by: f) }
        case .gamma(let exponent):
            let g = Float(exponent)
            step = byteTable { gammaCorrected($0, exponent: g, top: UInt8.top) }
        default:
            flush()
            image.adjust(adjustment, owned: owned)
            owned = true
            continue
        }
        table = table.map { before in before.map { step[Int($0)] } } ?? step
    }
    flush()
}

/// The mean luma of a packed 8-bit RGB image mapped through `table` (as ``meanLuma(_:)`` gives for the mapped
/// image), without mapping it.
private func meanLumaRGB8(_ image: Image<UInt8>, through table: [UInt8]) -> Float {
    let total: Int = image.withUnsafeBufferPointer { buffer in
        table.withUnsafeBufferPointer { table in
            guard let p = buffer.baseAddress, let t = table.baseAddress else { return 0 }
            let pixels = buffer.count / 3
            if ColorSIMD.available { return Int(fovea_color_luma_sum_table_rgb8(p, pixels, t)) }
            var sum = 0
            for i in 0..<pixels {
                let o = i &* 3
                let r = Int(t[Int(p[o])])
                let g = Int(t[Int(p[o &+ 1])])
                let b = Int(t[Int(p[o &+ 2])])
                sum &+= (r &* 19595 &+ g &* 38470 &+ b &* 7471 &+ 0x8000) >> 16
            }
            return sum
        }
    }
    return roundedMean(total: total, pixels: image.pixelCount)
}

/// `total / pixels` rounded half up to a whole level, as Pillow's `ImageEnhance.Contrast` rounds the mean
/// (`int(mean + 0.5)`).
@inline(__always)
private func roundedMean(total: Int, pixels: Int) -> Float {
    Float(((Double(total) / Double(max(pixels, 1))) + 0.5).rounded(.down))
}

/// The mean luma of `image` in sample units (the mean of the first channel for grey layouts), rounded to
/// a whole level for integer samples as Pillow's `ImageEnhance.Contrast` does (`int(mean + 0.5)`).
private func meanLuma<T: ColorSample>(_ image: Image<T>) -> Float {
    let ch = image.channelCount
    let isColor = image.layout.colorChannelCount == 3
    if T.self == UInt8.self && isColor {
        // Pillow's integer luma summed exactly.
        let total: Int = image.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: UInt8.self) { buffer in
                guard var p = buffer.baseAddress else { return 0 }
                var sum = 0
                if ch == 3 && ColorSIMD.available { return Int(fovea_color_luma_sum_rgb8(p, buffer.count / 3)) }
                if ch == 3 {
                    // Constant stride: the loop vectorises.
                    for i in 0..<(buffer.count / 3) {
                        let o = i &* 3
                        sum &+=
                            (Int(p[o]) &* 19595 &+ Int(p[o &+ 1]) &* 38470 &+ Int(p[o &+ 2]) &* 7471 &+ 0x8000) >> 16
                    }
                    return sum
                }
                for _ in 0..<(buffer.count / ch) {
                    sum &+= (Int(p[0]) &* 19595 &+ Int(p[1]) &* 38470 &+ Int(p[2]) &* 7471 &+ 0x8000) >> 16
                    p += ch
                }
                return sum
            }
        }
        return roundedMean(total: total, pixels: image.pixelCount)
    }
    let total: Double = image.withUnsafeBufferPointer { buffer in
        guard var p = buffer.baseAddress else { return 0 }
        var sum = 0.0
        var pixels = buffer.count / ch
        while pixels > 0 {
            // Blocks of 4096 pixels summed in Float (exact for integer lumas: below 2²⁴), then in Double.
            let n = min(pixels, 4096)
            var block: Float = 0
            if isColor {
                for _ in 0..<n {
                    block += T.luma(p[0], p[1], p[2])
                    p += ch
                }
            } else {
                for _ in 0..<n {
                    block += p[0].warpValue
                    p += ch
                }
            }
            sum += Double(block)
            pixels -= n
        }
        return sum
    }
    let mean = total / Double(max(image.pixelCount, 1))
    return T.sampleType == .float32 ? Float(mean) : Float((mean + 0.5).rounded(.down))
}

/// Saturation over `count` packed 8-bit RGB pixels: `v' = L + f·(v − L)` with Pillow's integer luma, in
/// selects and Float lanes so the loop vectorises; ties round half to even (see ``rotateHueRGB8``).
private func saturateRGB8(_ p: UnsafeMutablePointer<UInt8>, count: Int, factor f: Float) {
    for i in 0..<count {
        let o = i &* 3
        let r = Int32(p[o])
        let g = Int32(p[o &+ 1])
        let b = Int32(p[o &+ 2])
        let l = Float((r &* 19595 &+ g &* 38470 &+ b &* 7471 &+ 0x8000) >> 16)
        let base = l - f * l
        @inline(__always) func out(_ v: Int32) -> UInt8 {
            var x = base + f * Float(v)
            x = x < 0 ? 0 : x
            x = x > 255 ? 255 : x
            return UInt8(truncatingIfNeeded: (x + 12_582_912).bitPattern)
        }
        p[o] = out(r)
        p[o &+ 1] = out(g)
        p[o &+ 2] = out(b)
    }
}

/// The hue rotation over `count` packed 8-bit RGB pixels (``hueRotated(_:_:_:bySixths:)`` per pixel), in a
/// constant-stride loop LLVM vectorises across pixels. Results round half to even (the 1.5·2²³ trick) where
/// the generic path rounds half up: they differ only on exact ties, both within one level of torchvision.
private func rotateHueRGB8(_ p: UnsafeMutablePointer<UInt8>, count: Int, bySixths turns: Float) {
    @inline(__always) func byte(_ v: Float) -> UInt8 {
        UInt8(truncatingIfNeeded: (smaller(larger(v, 0), 255) + 12_582_912).bitPattern)
    }
    for i in 0..<count {
        let o = i &* 3
        let (r, g, b) = hueRotated(Float(p[o]), Float(p[o &+ 1]), Float(p[o &+ 2]), bySixths: turns)
        p[o] = byte(r)
        p[o &+ 1] = byte(g)
        p[o &+ 2] = byte(b)
    }
}

/// Rotates the hue of the RGB pixel at `p` by `sixths` sixths of a turn (``hueRotated(_:_:_:bySixths:)``),
/// clamped to the sample range and rounded as ``ColorSample`` samples are.
@inline(__always)
private func rotateHue<T: ColorSample>(_ p: UnsafeMutablePointer<T>, bySixths turns: Float) {
    let (r, g, b) = hueRotated(p[0].warpValue, p[1].warpValue, p[2].warpValue, bySixths: turns)
    p[0] = clamped(r, as: T.self)
    p[1] = clamped(g, as: T.self)
    p[2] = clamped(b, as: T.self)
}

/// `Swift.min` and `Swift.max` (`y < x ? y : x`, `y >= x ? y : x`) spelled as selects, so loops over them
/// vectorise.
@inline(__always) private func smaller(_ x: Float, _ y: Float) -> Float { y < x ? y : x }
@inline(__always) private func larger(_ x: Float, _ y: Float) -> Float { y >= x ? y : x }

/// The pixel `(r, g, b)` with its hue rotated by `sixths` sixths of a turn (in [0, 6)), as torchvision's float
/// `_rgb2hsv` / `_hsv2rgb` do, without branches, before clamping and rounding. The rotation keeps `v = max`
/// and `v(1 − s) = min`, so it is computed on them directly: the hue in sixths is `(g − b)/c`, `2 + (b − r)/c`
/// or `4 + (r − g)/c` (by which channel is the maximum; `c = max − min`), shifted to `h`; then channel `n`
/// (5 for red, 3 green, 1 blue) is `max − c·clamp(min(k, 4 − k), 0, 1)` with `k = (n + h) mod 6`, which is
/// `_hsv2rgb`'s table of `v`, `p`, `q` and `t` written as one formula. Greys (`c = 0`) come out unchanged.
/// color.c's `rotate_hue` loops compute the same (their `1 / max(c, 10⁻³⁰)` equals `1 / c` for whole levels).
@inline(__always)
private func hueRotated(_ r: Float, _ g: Float, _ b: Float, bySixths turns: Float) -> (Float, Float, Float) {
    let maxc = larger(r, larger(g, b))
    let minc = smaller(r, smaller(g, b))
    let c = maxc - minc
    let inverse = c > 0 ? 1 / c : 0
    let hr = (g - b) * inverse
    let hg = 2 + (b - r) * inverse
    let hb = 4 + (r - g) * inverse
    var h = maxc == r ? hr : (maxc == g ? hg : hb)
    h += turns
    h += h < 0 ? 6 : 0
    @inline(__always) func channel(_ n: Float) -> Float {
        var k = n + h
        k -= k >= 6 ? 6 : 0
        k -= k >= 6 ? 6 : 0
        return maxc - c * smaller(larger(smaller(k, 4 - k), 0), 1)
    }
    return (channel(5), channel(3), channel(1))
}
