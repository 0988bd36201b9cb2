/// The destination → source mapping of a warp, evaluated row by row in Q32.32 fixed point.
///
/// For output row y the source position of pixel x is `start(y) + x·step`: one 64-bit add per pixel and
/// per axis, no matrix product per pixel. The integer part (`>> 32`, a floor) selects the source pixel and
/// the low 32 bits are the fraction. Because the position is an exact integer line, the span of a row whose
/// footprint lies fully inside the source is solved exactly (``interiorSpan``), so the interior loop has no
/// bounds checks and the border rule only runs on the pixels around it.
struct WarpMapping {
    /// 2³², one pixel in Q32.32.
    static let one = 4_294_967_296.0
    /// Largest source coordinate magnitude handled in fixed point (2³⁰ pixels); beyond it coordinates are
    /// clamped there, which only matters for degenerate transforms (every such sample is far outside).
    static let limit = 1_073_741_824.0

    /// Destination → source transform.
    let inverse: AffineTransform
    /// Source x advance per output pixel, Q32.32.
    let stepU: Int64
    /// Source y advance per output pixel, Q32.32.
    let stepV: Int64
    /// Added to every coordinate: 2³¹ (half a pixel) turns the floor into round-half-up for nearest sampling.
    let offset: Int64
    /// Whether every source position of the output lies within ±2³⁰ pixels, so the incremental path is exact.
    let isIncremental: Bool

    init(inverse: AffineTransform, outputWidth: Int, outputHeight: Int, offset: Int64) {
        self.inverse = inverse
        self.offset = offset
        // The position is affine, so its extremes over the output are at the four corners.
        let right = Double(max(outputWidth - 1, 0))
        let bottom = Double(max(outputHeight - 1, 0))
        var inRange = true
        for (x, y) in [(0.0, 0.0), (right, 0), (0, bottom), (right, bottom)] {
            let u = inverse.m00 * x + inverse.m01 * y + inverse.m02
            let v = inverse.m10 * x + inverse.m11 * y + inverse.m12
            if !(abs(u) < WarpMapping.limit && abs(v) < WarpMapping.limit) { inRange = false }
        }
        isIncremental = inRange && abs(inverse.m00) < WarpMapping.limit && abs(inverse.m10) < WarpMapping.limit
        stepU = isIncremental ? Int64((inverse.m00 * WarpMapping.one).rounded()) : 0
        stepV = isIncremental ? Int64((inverse.m10 * WarpMapping.one).rounded()) : 0
    }

    /// Source position of output pixel (0, y), Q32.32 with the offset added (incremental path only).
    @inline(__always)
    func rowStart(_ y: Int) -> (u: Int64, v: Int64) {
        let row = Double(y)
        let u = (inverse.m01 * row + inverse.m02) * WarpMapping.one
        let v = (inverse.m11 * row + inverse.m12) * WarpMapping.one
        return (Int64(u.rounded()) &+ offset, Int64(v.rounded()) &+ offset)
    }

    /// Source position of output pixel (x, y) computed directly and clamped to ±2³⁰ pixels (slow path).
    func point(_ x: Int, _ y: Int) -> (u: Int64, v: Int64) {
        let u = inverse.m00 * Double(x) + inverse.m01 * Double(y) + inverse.m02
        let v = inverse.m10 * Double(x) + inverse.m11 * Double(y) + inverse.m12
        return (WarpMapping.fixed(u) &+ offset, WarpMapping.fixed(v) &+ offset)
    }

    /// `value` in Q32.32, clamped to ±2³⁰ (NaN goes to +2³⁰, far outside any image).
    static func fixed(_ value: Double) -> Int64 {
        var clamped = value
        if !(clamped < limit) { clamped = limit }
        if clamped < -limit { clamped = -limit }
        return Int64((clamped * one).rounded())
    }
}

/// The x-range in `0..<count` where `lowerU ≤ u + x·stepU < upperU` and `lowerV ≤ v + x·stepV < upperV`
/// (exact integer arithmetic). Returns an empty range positioned inside `0...count` when there is none.
@inline(__always)
func interiorSpan(
    u: Int64, v: Int64, stepU: Int64, stepV: Int64,
    lowerU: Int64, upperU: Int64, lowerV: Int64, upperV: Int64, count: Int
) -> Range<Int> {
    let (lowU, highU) = axisSpan(start: u, step: stepU, lower: lowerU, upper: upperU, count: count)
    let (lowV, highV) = axisSpan(start: v, step: stepV, lower: lowerV, upper: upperV, count: count)
    let low = max(lowU, lowV)
    let high = min(highU, highV)
    return low < high ? low..<high : 0..<0
}

/// The x-range (as bounds clamped to `0...count`) where `lower ≤ start + x·step < upper`.
@inline(__always)
func axisSpan(start: Int64, step: Int64, lower: Int64, upper: Int64, count: Int) -> (Int, Int) {
    let n = Int64(count)
    if lower >= upper { return (0, 0) }
    if step == 0 { return lower <= start && start < upper ? (0, count) : (0, 0) }
    var low: Int64
    var high: Int64
    if step > 0 {
        low = ceilingDivide(lower - start, step)
        high = ceilingDivide(upper - start, step)
    } else {
        let s = -step
        low = floorDivide(start - upper, s) + 1
        high = floorDivide(start - lower, s) + 1
    }
    low = min(max(low, 0), n)
    high = min(max(high, 0), n)
    return (Int(low), Int(max(low, high)))
}

/// ⌊a / b⌋ for b > 0.
@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

/// ⌈a / b⌉ for b > 0.
@inline(__always)
func ceilingDivide(_ a: Int64, _ b: Int64) -> Int64 {
    -floorDivide(-a, b)
}
