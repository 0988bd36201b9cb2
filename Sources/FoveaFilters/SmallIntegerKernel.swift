import CFoveaKernels
import FoveaCore

/// UInt8 in, Float out, 3×3 kernels with small integer weights (Sobel, Scharr, Laplacian, the [1, 0, −1]
/// edge kernels) computed in 16-bit integer lanes: 16 samples per SSE register instead of 4 Floats, and no
/// conversion of the input rows to Float.
///
/// Exact: every partial sum is an integer of magnitude at most Σ|w| · 255 ≤ 32767, so the 16-bit sums are
/// exact, and so is the Float path they replace (integers below 2²⁴ add exactly in any order); the results
/// are the same values (a zero may come out as +0 where the Float path gave −0, which compares equal).
struct SmallIntegerKernel3x3 {
    /// Row-major weights as 16-bit integers.
    let weights: [Int16]
    /// Each weight broadcast to 16 lanes.
    private let w0, w1, w2, w3, w4, w5, w6, w7, w8: SIMD16<Int16>

    /// The integer form of `kernel`, or `nil` unless it is 3×3 with integer weights and Σ|w| · 255 ≤ 32767.
    init?(_ kernel: Kernel) {
        guard kernel.width == 3, kernel.height == 3,
            kernel.weights.allSatisfy({ $0 == $0.rounded() && abs($0) <= 128 }),
            kernel.weights.reduce(0, { $0 + abs($1) }) * 255 <= 32767
        else { return nil }
        let w = kernel.weights.map { Int16($0) }
        weights = w
        (w0, w1, w2) = (SIMD16(repeating: w[0]), SIMD16(repeating: w[1]), SIMD16(repeating: w[2]))
        (w3, w4, w5) = (SIMD16(repeating: w[3]), SIMD16(repeating: w[4]), SIMD16(repeating: w[5]))
        (w6, w7, w8) = (SIMD16(repeating: w[6]), SIMD16(repeating: w[7]), SIMD16(repeating: w[8]))
    }

    /// Correlates a band of output rows; `padder` pads the UInt8 source rows (constant border already
    /// checked to be a UInt8 value: `constant`); output rows are `count` Floats each.
    func band(
        _ src: UnsafePointer<UInt8>, padder: RowPadder, constant: UInt8, count n: Int, rows: Range<Int>,
        into dst: UnsafeMutablePointer<Float>
    ) {
        let stride = padder.paddedCount + 32
        let ring = UnsafeMutablePointer<UInt8>.allocate(capacity: 3 * stride)
        defer { ring.deallocate() }
        let first = rows.lowerBound - padder.top
        for v in first...(rows.upperBound - 1 - padder.top + 2) {
            padder.loadRaw(src, virtualRow: v, constantSample: constant, into: ring + ((v - first) % 3) * stride)
            guard v - first >= 2 else { continue }
            let r0 = UnsafePointer(ring + ((v - 2 - first) % 3) * stride)
            let r1 = UnsafePointer(ring + ((v - 1 - first) % 3) * stride)
            let r2 = UnsafePointer(ring + ((v - first) % 3) * stride)
            row(r0, r1, r2, channels: padder.channels, count: n, into: dst + (v - 2 + padder.top) * n)
        }
    }

    /// One output row from three padded rows.
    @inline(never)
    private func row(
        _ r0: UnsafePointer<UInt8>, _ r1: UnsafePointer<UInt8>, _ r2: UnsafePointer<UInt8>, channels c: Int,
        count n: Int, into out: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        if WideKernels.available {
            // The same sums with 16 lanes per AVX2 register and zero weights skipped (integers: exact).
            i = weights.withUnsafeBufferPointer { fovea_int3x3_u8_f32_row_avx2(r0, r1, r2, c, n, $0.baseAddress, out) }
        }
        while i + 16 <= n {
            // Zero weights still cost a multiply-add here, but no branch: three short rows of taps.
            var s = w0 &* Self.widened(r0 + i) &+ w1 &* Self.widened(r0 + i + c) &+ w2 &* Self.widened(r0 + i + 2 * c)
            s &+= w3 &* Self.widened(r1 + i) &+ w4 &* Self.widened(r1 + i + c) &+ w5 &* Self.widened(r1 + i + 2 * c)
            s &+= w6 &* Self.widened(r2 + i) &+ w7 &* Self.widened(r2 + i + c) &+ w8 &* Self.widened(r2 + i + 2 * c)
            Self.storeFloats(s, out + i)
            i += 16
        }
        weights.withUnsafeBufferPointer { w in
            while i < n {
                var s: Int32 = 0
                for kx in 0..<3 {
                    s += Int32(w[kx]) * Int32(r0[i + kx * c]) + Int32(w[3 + kx]) * Int32(r1[i + kx * c])
                    s += Int32(w[6 + kx]) * Int32(r2[i + kx * c])
                }
                out[i] = Float(s)
                i += 1
            }
        }
    }

    /// 16 bytes at `p` as 16-bit lanes (a lane loop: the stdlib's generic conversion is not always inlined).
    @inline(__always)
    private static func widened(_ p: UnsafePointer<UInt8>) -> SIMD16<Int16> {
        let bytes = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self)
        var r = SIMD16<Int16>()
        for j in 0..<16 { r[j] = Int16(bytes[j]) }
        return r
    }

    @inline(__always)
    private static func storeFloats(_ s: SIMD16<Int16>, _ p: UnsafeMutablePointer<Float>) {
        var f = SIMD16<Float>()
        for j in 0..<16 { f[j] = Float(Int32(s[j])) }
        UnsafeMutableRawPointer(p).storeBytes(of: f, as: SIMD16<Float>.self)
    }
}
