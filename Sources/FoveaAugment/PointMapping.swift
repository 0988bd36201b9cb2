import CFoveaKernels

/// A destination → source mapping evaluated per pixel (not along exact fixed-point lines as ``WarpMapping``):
/// the homography's division and the elastic field's lookup. Positions are Q32.32 with the nearest offset added.
protocol PointMapping {
    /// Source position of output pixel (x, y), Q32.32, clamped to ±2³⁰ pixels (NaN far outside).
    func point(_ x: Int, _ y: Int) -> (u: Int64, v: Int64)
    /// ``point(_:_:)`` of output pixels `0..<count` of row `y`, into `u` and `v` (a vector loop where there is
    /// one: the same arithmetic, the same bits).
    func positions(row y: Int, count: Int, u: UnsafeMutablePointer<Int64>, v: UnsafeMutablePointer<Int64>)
}

extension PointMapping {
    /// The Swift loop of ``positions(row:count:u:v:)`` from pixel `start` on.
    @inline(__always)
    func positions(
        row y: Int, from start: Int, count: Int, u: UnsafeMutablePointer<Int64>, v: UnsafeMutablePointer<Int64>
    ) {
        var x = start
        while x < count {
            (u[x], v[x]) = point(x, y)
            x &+= 1
        }
    }
}

/// An inverse homography: `u = (m00·x + m01·y + m02) / w`, `v = (m10·x + m11·y + m12) / w`,
/// `w = m20·x + m21·y + m22`; output pixels whose `w` is 0 (the horizon) read from far outside.
struct ProjectiveMapping: PointMapping {
    let inverse: Homography
    let offset: Int64

    @inline(__always)
    func point(_ x: Int, _ y: Int) -> (u: Int64, v: Int64) {
        let fx = Double(x)
        let fy = Double(y)
        let w = inverse.m20 * fx + inverse.m21 * fy + inverse.m22
        let r = w != 0 ? 1 / w : .infinity
        let u = (inverse.m00 * fx + inverse.m01 * fy + inverse.m02) * r
        let v = (inverse.m10 * fx + inverse.m11 * fy + inverse.m12) * r
        return (fastFixed(u) &+ offset, fastFixed(v) &+ offset)
    }

    @inline(__always)
    func positions(row y: Int, count: Int, u: UnsafeMutablePointer<Int64>, v: UnsafeMutablePointer<Int64>) {
        let m = inverse
        let matrix = (m.m00, m.m01, m.m02, m.m10, m.m11, m.m12, m.m20, m.m21, m.m22)
        let done = withUnsafeBytes(of: matrix) { raw in
            fovea_projective_positions(raw.assumingMemoryBound(to: Double.self).baseAddress, y, count, offset, u, v)
        }
        positions(row: y, from: done, count: count, u: u, v: v)
    }
}

/// `value` in Q32.32, clamped to ±2³⁰ (NaN far outside), truncated toward zero: within 2⁻³² pixel of
/// ``WarpMapping/fixed(_:)`` without its call to `round` (per-pixel mappings only).
@inline(__always)
func fastFixed(_ value: Double) -> Int64 {
    var clamped = value * WarpMapping.one
    let limit = WarpMapping.limit * WarpMapping.one
    clamped = clamped < limit ? clamped : limit  // NaN → limit
    clamped = clamped > -limit ? clamped : -limit
    return Int64(clamped)
}

/// A displacement field: output pixel (x, y) reads the source at `(x + dx[i], y + dy[i])`, `i = y·width + x`.
struct DisplacementMapping: PointMapping {
    let dx: UnsafePointer<Float>
    let dy: UnsafePointer<Float>
    let width: Int
    let offset: Int64

    @inline(__always)
    func point(_ x: Int, _ y: Int) -> (u: Int64, v: Int64) {
        let i = y &* width &+ x
        let u = Double(x) + Double(dx[i])
        let v = Double(y) + Double(dy[i])
        return (fastFixed(u) &+ offset, fastFixed(v) &+ offset)
    }

    @inline(__always)
    func positions(row y: Int, count: Int, u: UnsafeMutablePointer<Int64>, v: UnsafeMutablePointer<Int64>) {
        let row = y &* width
        let done = fovea_displacement_positions(dx + row, dy + row, y, count, offset, u, v)
        positions(row: y, from: done, count: count, u: u, v: v)
    }
}

/// Runs `kernel` over output rows `rows` with positions from `mapping`, one per pixel: the interior kernel
/// where the whole footprint lies inside the source, the border-aware one elsewhere. Each row's positions are
/// computed first (``PointMapping/positions(row:count:u:v:)``); a kernel with a vector interior
/// (``WarpKernel/vectorInterior(u:v:count:output:rest:)``) does the pixels it can and lists the rest.
@inline(__always)
func runPointWarp<K: WarpKernel, M: PointMapping>(
    _ kernel: K, mapping: M, output: UnsafeMutablePointer<K.Sample>, width: Int, rows: Range<Int>
) {
    let ch = K.channels
    let (lowU, highU) = kernel.interiorU
    let (lowV, highV) = kernel.interiorV
    let us = UnsafeMutablePointer<Int64>.allocate(capacity: width)
    let vs = UnsafeMutablePointer<Int64>.allocate(capacity: width)
    let rest = UnsafeMutablePointer<Int32>.allocate(capacity: width + 16)
    defer {
        us.deallocate()
        vs.deallocate()
        rest.deallocate()
    }
    @inline(__always) func pixel(_ x: Int, _ rowOut: UnsafeMutablePointer<K.Sample>) {
        let u = us[x]
        let v = vs[x]
        let out = rowOut + x &* ch
        if u >= lowU && u < highU && v >= lowV && v < highV {
            kernel.interior(u, v, out)
        } else {
            kernel.edge(u, v, out)
        }
    }
    for y in rows {
        let rowOut = output + y &* width &* ch
        mapping.positions(row: y, count: width, u: us, v: vs)
        let remaining = kernel.vectorInterior(u: us, v: vs, count: width, output: rowOut, rest: rest)
        if remaining < 0 {
            for x in 0..<width { pixel(x, rowOut) }
        } else {
            for j in 0..<remaining { pixel(Int(rest[j]), rowOut) }
        }
    }
}
