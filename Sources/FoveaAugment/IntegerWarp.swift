/// A destination → source map that sends pixel centres to pixel centres: a signed permutation matrix
/// (identity, flips, 90°/180°/270° rotations, transposes) plus an integer translation. Such warps copy
/// pixels instead of interpolating, so they are bit-exact for every sample type and interpolation.
struct IntegerMap {
    let m00: Int
    let m01: Int
    let m02: Int
    let m10: Int
    let m11: Int
    let m12: Int

    /// Coefficients closer than this to the integers are treated as exact (a shift of 10⁻⁹ pixel is invisible).
    static let tolerance = 1e-9

    /// The integer map equal to `inverse` within ``tolerance``, or `nil` when it needs interpolation.
    init?(_ inverse: AffineTransform) {
        func integer(_ value: Double) -> Int? {
            let r = value.rounded()
            guard abs(value - r) <= IntegerMap.tolerance, abs(r) < 1e15 else { return nil }
            return Int(r)
        }
        guard let a = integer(inverse.m00), let b = integer(inverse.m01), let c = integer(inverse.m02),
            let d = integer(inverse.m10), let e = integer(inverse.m11), let f = integer(inverse.m12)
        else { return nil }
        let permutes =
            (abs(a) == 1 && b == 0 && d == 0 && abs(e) == 1) || (a == 0 && abs(b) == 1 && abs(d) == 1 && e == 0)
        guard permutes else { return nil }
        (m00, m01, m02, m10, m11, m12) = (a, b, c, d, e, f)
    }

    /// Fills output rows `rows` by copying source pixels; positions outside the source follow `border`.
    func run<Sample>(
        source: UnsafePointer<Sample>, sourceWidth: Int, sourceHeight: Int, channels: Int,
        output: UnsafeMutablePointer<Sample>, outputWidth: Int, rows: Range<Int>,
        border: BorderKind, fill: Sample
    ) {
        let ch = channels
        let sourceStep = (m00 &* 1 &+ m10 &* sourceWidth) &* ch
        for y in rows {
            let u = Int64(m01 &* y &+ m02)
            let v = Int64(m11 &* y &+ m12)
            let span = interiorSpan(
                u: u, v: v, stepU: Int64(m00), stepV: Int64(m10),
                lowerU: 0, upperU: Int64(sourceWidth), lowerV: 0, upperV: Int64(sourceHeight), count: outputWidth)
            let rowOut = output + y &* outputWidth &* ch
            @inline(__always) func edge(_ x: Int) {
                let sx = border.index(Int(u) &+ m00 &* x, sourceWidth)
                let sy = border.index(Int(v) &+ m10 &* x, sourceHeight)
                let out = rowOut + x &* ch
                if sx < 0 || sy < 0 {
                    for k in 0..<ch { out[k] = fill }
                } else {
                    let p = source + (sy &* sourceWidth &+ sx) &* ch
                    for k in 0..<ch { out[k] = p[k] }
                }
            }
            for x in 0..<span.lowerBound { edge(x) }
            if !span.isEmpty {
                let x0 = span.lowerBound
                var p = source + ((Int(v) &+ m10 &* x0) &* sourceWidth &+ Int(u) &+ m00 &* x0) &* ch
                var out = rowOut + x0 &* ch
                if m00 == 1 && m10 == 0 {
                    out.update(from: p, count: span.count &* ch)
                } else {
                    for _ in span {
                        for k in 0..<ch { out[k] = p[k] }
                        p += sourceStep
                        out += ch
                    }
                }
            }
            for x in span.upperBound..<outputWidth { edge(x) }
        }
    }
}
