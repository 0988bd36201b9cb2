import CFoveaKernels

/// The vector loops of CFoveaKernels (`fovea_warp.h`) that the per-pixel warps and the elastic field use.
enum WarpVectorLoops {
    /// Caps the loops in use: 0 the portable Swift code, 1 AVX2, 2 AVX-512 (never above what the CPU has);
    /// returns the level now in use. For tests comparing the paths (the level is process-wide).
    @discardableResult
    static func cap(at level: Int) -> Int { Int(fovea_set_simd_level(Int32(level))) }
}

/// A sample type the resampling kernels compute with in `Float` (UInt16 and Float; UInt8 for bicubic).
protocol WarpSample: PixelSample {
    /// The raw value as a Float (not normalised: a UInt8 255 is 255).
    var warpValue: Float { get }
    /// The sample nearest to `value`: integers round half up and clamp to their range (NaN gives 0); Float keeps it.
    init(warpValue value: Float)
    /// ``warpValue`` through `table` (``byteToFloat``) where that is faster than converting (UInt8).
    static func warpValue(_ sample: Self, table: UnsafePointer<Float>) -> Float
}

extension WarpSample {
    @inline(__always) static func warpValue(_ sample: Self, table: UnsafePointer<Float>) -> Float { sample.warpValue }
}

extension UInt8: WarpSample {
    @inline(__always) var warpValue: Float { Float(self) }
    @inline(__always) static func warpValue(_ sample: UInt8, table: UnsafePointer<Float>) -> Float {
        table[Int(sample)]
    }
    @inline(__always) init(warpValue value: Float) {
        var r = value + 0.5
        if !(r > 0) { r = 0 }
        if r > 255 { r = 255 }
        self = UInt8(r)
    }
}

extension UInt16: WarpSample {
    @inline(__always) var warpValue: Float { Float(self) }
    @inline(__always) init(warpValue value: Float) {
        var r = value + 0.5
        if !(r > 0) { r = 0 }
        if r > 65535 { r = 65535 }
        self = UInt16(r)
    }
}

extension Float: WarpSample {
    @inline(__always) var warpValue: Float { self }
    @inline(__always) init(warpValue value: Float) { self = value }
}

/// Channel count as a type, so each kernel is compiled with a constant inner loop.
protocol ChannelCount { static var value: Int { get } }
enum OneChannel: ChannelCount { static var value: Int { 1 } }
enum TwoChannels: ChannelCount { static var value: Int { 2 } }
enum ThreeChannels: ChannelCount { static var value: Int { 3 } }
enum FourChannels: ChannelCount { static var value: Int { 4 } }

/// One resampling rule: how to produce an output pixel from a Q32.32 source position, in the interior
/// (whole footprint inside the source, no checks) and at the edges (border rule applied per neighbour).
protocol WarpKernel {
    associatedtype Sample
    /// Samples per pixel.
    static var channels: Int { get }
    /// Positions (Q32.32, per axis) whose footprint lies inside the source: `lower..<upper`.
    var interiorU: (lower: Int64, upper: Int64) { get }
    /// See ``interiorU``.
    var interiorV: (lower: Int64, upper: Int64) { get }
    /// Positions (Q32.32, per axis) whose footprint touches the source at all; outside them a constant
    /// border gives exactly `fill`, written in bulk.
    var touchU: (lower: Int64, upper: Int64) { get }
    /// See ``touchU``.
    var touchV: (lower: Int64, upper: Int64) { get }
    /// The constant border's sample when the border is constant, else `nil` (no bulk fill).
    var constantFill: Sample? { get }
    /// Writes the pixel at source position (u, v); only called inside ``interiorU`` × ``interiorV``.
    func interior(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>)
    /// Writes the pixel at source position (u, v) anywhere, applying the border rule.
    func edge(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>)
    /// Writes, with a vector loop, the interior pixels among `count` positions of one output row (`output` is
    /// the row's first pixel; position i belongs to pixel i) and lists the indices of the others in `rest`
    /// (their output is left for the caller; `rest` has room for `count + 16`); returns how many it listed, or −1
    /// when there is no vector loop (nothing written). Same bits as ``interior(_:_:_:)`` and ``edge(_:_:_:)``.
    func vectorInterior(
        u: UnsafePointer<Int64>, v: UnsafePointer<Int64>, count: Int, output: UnsafeMutablePointer<Sample>,
        rest: UnsafeMutablePointer<Int32>
    ) -> Int
}

extension WarpKernel {
    @inline(__always)
    func vectorInterior(
        u: UnsafePointer<Int64>, v: UnsafePointer<Int64>, count: Int, output: UnsafeMutablePointer<Sample>,
        rest: UnsafeMutablePointer<Int32>
    ) -> Int { -1 }
}

/// Runs `kernel` over output rows `rows`. Each row splits into five runs found exactly from its fixed-point
/// line: constant fill (footprint entirely outside; constant border only), edge pixels (border rule per
/// neighbour), the interior span (no checks), edge pixels, constant fill.
@inline(__always)
func runWarp<K: WarpKernel>(
    _ kernel: K, mapping: WarpMapping, output: UnsafeMutablePointer<K.Sample>, width: Int, rows: Range<Int>
) {
    let ch = K.channels
    let (lowU, highU) = kernel.interiorU
    let (lowV, highV) = kernel.interiorV
    let (touchLowU, touchHighU) = kernel.touchU
    let (touchLowV, touchHighV) = kernel.touchV
    let fill = kernel.constantFill
    for y in rows {
        let rowOut = output + y &* width &* ch
        guard mapping.isIncremental else {
            var out = rowOut
            for x in 0..<width {
                let p = mapping.point(x, y)
                kernel.edge(p.u, p.v, out)
                out += ch
            }
            continue
        }
        let (u0, v0) = mapping.rowStart(y)
        let du = mapping.stepU
        let dv = mapping.stepV
        var touch = 0..<width
        if let fill {
            touch = interiorSpan(
                u: u0, v: v0, stepU: du, stepV: dv, lowerU: touchLowU, upperU: touchHighU,
                lowerV: touchLowV, upperV: touchHighV, count: width)
            rowOut.update(repeating: fill, count: touch.lowerBound &* ch)
            (rowOut + touch.upperBound &* ch).update(repeating: fill, count: (width &- touch.upperBound) &* ch)
            if touch.isEmpty { continue }
        }
        var inner = interiorSpan(
            u: u0, v: v0, stepU: du, stepV: dv, lowerU: lowU, upperU: highU, lowerV: lowV, upperV: highV, count: width)
        if inner.isEmpty { inner = touch.upperBound..<touch.upperBound }
        var x = touch.lowerBound
        var u = u0 &+ du &* Int64(x)
        var v = v0 &+ dv &* Int64(x)
        var out = rowOut + x &* ch
        while x < inner.lowerBound {
            kernel.edge(u, v, out)
            u &+= du
            v &+= dv
            out += ch
            x &+= 1
        }
        while x < inner.upperBound {
            kernel.interior(u, v, out)
            u &+= du
            v &+= dv
            out += ch
            x &+= 1
        }
        while x < touch.upperBound {
            kernel.edge(u, v, out)
            u &+= du
            v &+= dv
            out += ch
            x &+= 1
        }
    }
}

/// Integer part (floor) of a Q32.32 coordinate.
@inline(__always) func pixelIndex(_ q: Int64) -> Int { Int(truncatingIfNeeded: q >> 32) }

// MARK: - Nearest

/// Copies the nearest source pixel (the mapping carries a +½ offset, so the floor rounds half up).
struct NearestKernel<Sample: PixelSample, C: ChannelCount>: WarpKernel {
    let source: UnsafePointer<Sample>
    let width: Int
    let height: Int
    let border: BorderKind
    let fill: Sample

    static var channels: Int { C.value }
    var interiorU: (lower: Int64, upper: Int64) { (0, Int64(width) << 32) }
    var interiorV: (lower: Int64, upper: Int64) { (0, Int64(height) << 32) }
    var touchU: (lower: Int64, upper: Int64) { interiorU }
    var touchV: (lower: Int64, upper: Int64) { interiorV }
    var constantFill: Sample? { border == .constant ? fill : nil }

    @inline(__always)
    func interior(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>) {
        let p = source + (pixelIndex(v) &* width &+ pixelIndex(u)) &* C.value
        for k in 0..<C.value { out[k] = p[k] }
    }

    @inline(__always)
    func edge(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>) {
        let x = border.index(pixelIndex(u), width)
        let y = border.index(pixelIndex(v), height)
        if x < 0 || y < 0 {
            for k in 0..<C.value { out[k] = fill }
            return
        }
        let p = source + (y &* width &+ x) &* C.value
        for k in 0..<C.value { out[k] = p[k] }
    }
}

// MARK: - Bilinear, UInt8

/// Bilinear interpolation of 8-bit samples: bytes become Floats through a 256-entry table, three lerps at the
/// exact fractions, and the result is rounded to nearest (ties to even, as OpenCV) by the 1.5·2²³ trick.
///
/// Design note: an 11-bit fixed-point version (three integer lerps per channel, like OpenCV's old
/// `INTER_BITS` tables) measured 3,960 classic 224×224 RGB warps per CPU-second against 5,030 for this one:
/// integer multiplies share one port, while these Float lerps use the vector units and need no conversion
/// instructions. Both are within one level of OpenCV; this one is also closer.

struct BilinearU8Kernel<C: ChannelCount>: WarpKernel {
    typealias Sample = UInt8
    let source: UnsafePointer<UInt8>
    let width: Int
    let height: Int
    let border: BorderKind
    let fill: UInt8
    /// ``byteToFloat``, read once per warp.
    let table = byteToFloat.value

    static var channels: Int { C.value }
    var interiorU: (lower: Int64, upper: Int64) { (0, Int64(width - 1) << 32) }
    var interiorV: (lower: Int64, upper: Int64) { (0, Int64(height - 1) << 32) }
    var touchU: (lower: Int64, upper: Int64) { (-1 << 32, Int64(width) << 32) }
    var touchV: (lower: Int64, upper: Int64) { (-1 << 32, Int64(height) << 32) }
    var constantFill: Sample? { border == .constant ? fill : nil }

    /// `a·(1 − x)(1 − y) + b·x(1 − y) + c·(1 − x)y + d·xy` as three lerps, rounded to nearest. The result lies
    /// in [0, 255], so adding 1.5·2²³ leaves the rounded integer in the low mantissa bits.
    @inline(__always)
    func blend(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ fx: Float, _ fy: Float) -> UInt8 {
        let t = table
        let af = t[Int(a)]
        let cf = t[Int(c)]
        let top = af + (t[Int(b)] - af) * fx
        let bottom = cf + (t[Int(d)] - cf) * fx
        let r = top + (bottom - top) * fy
        return UInt8(truncatingIfNeeded: (r + 12_582_912).bitPattern)
    }

    @inline(__always)
    func interior(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<UInt8>) {
        let ch = C.value
        let fx = fraction(u)
        let fy = fraction(v)
        let p = source + (pixelIndex(v) &* width &+ pixelIndex(u)) &* ch
        let q = p + width &* ch
        for k in 0..<ch {
            out[k] = blend(p[k], p[k &+ ch], q[k], q[k &+ ch], fx, fy)
        }
    }

    @inline(__always)
    func edge(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<UInt8>) {
        let ch = C.value
        let ix = pixelIndex(u)
        let iy = pixelIndex(v)
        if border == .constant && (ix < -1 || ix >= width || iy < -1 || iy >= height) {
            for k in 0..<ch { out[k] = fill }
            return
        }
        let fx = fraction(u)
        let fy = fraction(v)
        let x0 = border.index(ix, width)
        let x1 = border.index(ix &+ 1, width)
        let y0 = border.index(iy, height)
        let y1 = border.index(iy &+ 1, height)
        for k in 0..<ch {
            out[k] = blend(read(x0, y0, k), read(x1, y0, k), read(x0, y1, k), read(x1, y1, k), fx, fy)
        }
    }

    @inline(__always)
    func read(_ x: Int, _ y: Int, _ k: Int) -> UInt8 {
        x < 0 || y < 0 ? fill : source[(y &* width &+ x) &* C.value &+ k]
    }

    /// The AVX-512 loop of `fovea_bilinear_u8_positions` (level 2), else −1.
    @inline(__always)
    func vectorInterior(
        u: UnsafePointer<Int64>, v: UnsafePointer<Int64>, count: Int, output: UnsafeMutablePointer<UInt8>,
        rest: UnsafeMutablePointer<Int32>
    ) -> Int {
        fovea_bilinear_u8_positions(
            source, width, height, C.value, u, v, count, border == .constant ? 1 : 0, fill, output, rest)
    }
}

// MARK: - Bilinear, floating point

/// Bilinear interpolation computed in Float (Float and UInt16 images), fractions from the exact Q32.32 position.
struct BilinearKernel<Sample: WarpSample, C: ChannelCount>: WarpKernel {
    let source: UnsafePointer<Sample>
    let width: Int
    let height: Int
    let border: BorderKind
    let fill: Sample

    static var channels: Int { C.value }
    var interiorU: (lower: Int64, upper: Int64) { (0, Int64(width - 1) << 32) }
    var interiorV: (lower: Int64, upper: Int64) { (0, Int64(height - 1) << 32) }
    var touchU: (lower: Int64, upper: Int64) { (-1 << 32, Int64(width) << 32) }
    var touchV: (lower: Int64, upper: Int64) { (-1 << 32, Int64(height) << 32) }
    var constantFill: Sample? { border == .constant ? fill : nil }

    @inline(__always)
    static func blend(_ a: Sample, _ b: Sample, _ c: Sample, _ d: Sample, _ fx: Float, _ fy: Float) -> Sample {
        let av = a.warpValue
        let cv = c.warpValue
        let top = av + (b.warpValue - av) * fx
        let bottom = cv + (d.warpValue - cv) * fx
        return Sample(warpValue: top + (bottom - top) * fy)
    }

    @inline(__always)
    func interior(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>) {
        let ch = C.value
        let fx = fraction(u)
        let fy = fraction(v)
        let p = source + (pixelIndex(v) &* width &+ pixelIndex(u)) &* ch
        let q = p + width &* ch
        for k in 0..<ch {
            out[k] = Self.blend(p[k], p[k &+ ch], q[k], q[k &+ ch], fx, fy)
        }
    }

    @inline(__always)
    func edge(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>) {
        let ch = C.value
        let ix = pixelIndex(u)
        let iy = pixelIndex(v)
        if border == .constant && (ix < -1 || ix >= width || iy < -1 || iy >= height) {
            for k in 0..<ch { out[k] = fill }
            return
        }
        let fx = fraction(u)
        let fy = fraction(v)
        let x0 = border.index(ix, width)
        let x1 = border.index(ix &+ 1, width)
        let y0 = border.index(iy, height)
        let y1 = border.index(iy &+ 1, height)
        for k in 0..<ch {
            out[k] = Self.blend(read(x0, y0, k), read(x1, y0, k), read(x0, y1, k), read(x1, y1, k), fx, fy)
        }
    }

    @inline(__always)
    func read(_ x: Int, _ y: Int, _ k: Int) -> Sample {
        x < 0 || y < 0 ? fill : source[(y &* width &+ x) &* C.value &+ k]
    }
}

/// The fractional part of a Q32.32 coordinate as a Float in [0, 1].
@inline(__always) func fraction(_ q: Int64) -> Float {
    Float(UInt32(truncatingIfNeeded: q)) * 0x1p-32
}

// MARK: - Bicubic

/// Keys' cubic convolution weights for the 4 taps at offsets −1, 0, 1, 2 from the floor, fraction `t`,
/// a = −0.75 (OpenCV's `interpolateCubic`).
@inline(__always)
func cubicWeights(_ t: Float) -> (Float, Float, Float, Float) {
    let a: Float = -0.75
    let t1 = t + 1
    let w0 = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a
    let w1 = ((a + 2) * t - (a + 3)) * t * t + 1
    let s = 1 - t
    let w2 = ((a + 2) * s - (a + 3)) * s * s + 1
    return (w0, w1, w2, 1 - w0 - w1 - w2)
}

/// Bicubic interpolation over the 4×4 neighbourhood, computed in Float; integer samples round and clamp.
struct BicubicKernel<Sample: WarpSample, C: ChannelCount>: WarpKernel {
    let source: UnsafePointer<Sample>
    let width: Int
    let height: Int
    let border: BorderKind
    let fill: Sample
    /// ``byteToFloat``, read once per warp (used for UInt8 samples).
    let table = byteToFloat.value

    static var channels: Int { C.value }
    var interiorU: (lower: Int64, upper: Int64) { (1 << 32, Int64(width - 2) << 32) }
    var interiorV: (lower: Int64, upper: Int64) { (1 << 32, Int64(height - 2) << 32) }
    var touchU: (lower: Int64, upper: Int64) { (-2 << 32, Int64(width + 1) << 32) }
    var touchV: (lower: Int64, upper: Int64) { (-2 << 32, Int64(height + 1) << 32) }
    var constantFill: Sample? { border == .constant ? fill : nil }

    @inline(__always)
    func interior(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>) {
        let ch = C.value
        let (a0, a1, a2, a3) = cubicWeights(fraction(u))
        let (b0, b1, b2, b3) = cubicWeights(fraction(v))
        let stride = width &* ch
        let p0 = source + ((pixelIndex(v) &- 1) &* width &+ pixelIndex(u) &- 1) &* ch
        let p1 = p0 + stride
        let p2 = p1 + stride
        let p3 = p2 + stride
        for k in 0..<ch {
            @inline(__always) func row(_ p: UnsafePointer<Sample>) -> Float {
                a0 * Sample.warpValue(p[k], table: table) + a1 * Sample.warpValue(p[k &+ ch], table: table)
                    + a2 * Sample.warpValue(p[k &+ 2 &* ch], table: table)
                    + a3 * Sample.warpValue(p[k &+ 3 &* ch], table: table)
            }
            out[k] = Sample(warpValue: b0 * row(p0) + b1 * row(p1) + b2 * row(p2) + b3 * row(p3))
        }
    }

    @inline(__always)
    func edge(_ u: Int64, _ v: Int64, _ out: UnsafeMutablePointer<Sample>) {
        let ch = C.value
        let ix = pixelIndex(u)
        let iy = pixelIndex(v)
        if border == .constant && (ix < -2 || ix > width || iy < -2 || iy > height) {
            for k in 0..<ch { out[k] = fill }
            return
        }
        let (a0, a1, a2, a3) = cubicWeights(fraction(u))
        let (b0, b1, b2, b3) = cubicWeights(fraction(v))
        let x0 = border.index(ix &- 1, width)
        let x1 = border.index(ix, width)
        let x2 = border.index(ix &+ 1, width)
        let x3 = border.index(ix &+ 2, width)
        let fillValue = fill.warpValue
        for k in 0..<ch {
            @inline(__always) func read(_ x: Int, _ y: Int) -> Float {
                x < 0 || y < 0 ? fillValue : Sample.warpValue(source[(y &* width &+ x) &* ch &+ k], table: table)
            }
            @inline(__always) func row(_ dy: Int) -> Float {
                let y = border.index(iy &+ dy, height)
                return a0 * read(x0, y) + a1 * read(x1, y) + a2 * read(x2, y) + a3 * read(x3, y)
            }
            out[k] = Sample(warpValue: b0 * row(-1) + b1 * row(0) + b2 * row(1) + b3 * row(2))
        }
    }
}

/// 0…255 as Floats, for byte → Float without conversion instructions.
let byteToFloat: UncheckedSendable<UnsafePointer<Float>> = {
    let table = UnsafeMutablePointer<Float>.allocate(capacity: 256)
    for v in 0..<256 { table[v] = Float(v) }
    return UncheckedSendable(UnsafePointer(table))
}()
