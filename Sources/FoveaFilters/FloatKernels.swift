/// The SIMD inner loops shared by every correlation: whole rows of interleaved Float samples.
/// Pointers are taken once by the caller; no bounds checks, allocation or dynamic calls inside.
enum FloatKernels {
    /// `out[i] = Σₖ w[k] · pad[i + k · channels]` for `i` in `0..<count` (one row, horizontal taps).
    static func rowPass(
        _ pad: UnsafePointer<Float>, weights: UnsafeBufferPointer<Float>, channels: Int, count: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let w = weights.baseAddress!
        let kw = weights.count
        var i = 0
        switch kw {
        case 3:
            let w0 = w[0], w1 = w[1], w2 = w[2]
            let c = channels
            while i + 8 <= count {
                var s = w0 * loadFloats(pad + i)
                s += w1 * loadFloats(pad + i + c)
                s += w2 * loadFloats(pad + i + 2 * c)
                storeFloats(s, out + i)
                i += 8
            }
        default:
            while i + 8 <= count {
                var s = w[0] * loadFloats(pad + i)
                var k = 1
                var p = pad + i + channels
                while k < kw {
                    s += w[k] * loadFloats(p)
                    p += channels
                    k += 1
                }
                storeFloats(s, out + i)
                i += 8
            }
        }
        while i < count {
            var s: Float = 0
            for k in 0..<kw { s += w[k] * pad[i + k * channels] }
            out[i] = s
            i += 1
        }
    }

    /// `out[i] = Σₖ w[k] · rows[k][i]` for `i` in `0..<count` (vertical taps over buffered rows).
    static func columnPass(
        _ rows: UnsafePointer<UnsafePointer<Float>>, weights: UnsafeBufferPointer<Float>, count: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let w = weights.baseAddress!
        let kh = weights.count
        var i = 0
        switch kh {
        case 3:
            let r0 = rows[0], r1 = rows[1], r2 = rows[2]
            let w0 = w[0], w1 = w[1], w2 = w[2]
            while i + 8 <= count {
                var s = w0 * loadFloats(r0 + i)
                s += w1 * loadFloats(r1 + i)
                s += w2 * loadFloats(r2 + i)
                storeFloats(s, out + i)
                i += 8
            }
        default:
            while i + 8 <= count {
                var s = w[0] * loadFloats(rows[0] + i)
                var k = 1
                while k < kh {
                    s += w[k] * loadFloats(rows[k] + i)
                    k += 1
                }
                storeFloats(s, out + i)
                i += 8
            }
        }
        while i < count {
            var s: Float = 0
            for k in 0..<kh { s += w[k] * rows[k][i] }
            out[i] = s
            i += 1
        }
    }

    /// `out[i] = Σ_taps weight · rows[tap.row][i + tap.offset]` (a dense 2-D kernel).
    static func densePass(
        _ rows: UnsafePointer<UnsafePointer<Float>>, taps: UnsafeBufferPointer<DenseTap>, count: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        guard let t = taps.baseAddress, !taps.isEmpty else {
            out.update(repeating: 0, count: count)
            return
        }
        let nt = taps.count
        var i = 0
        while i + 8 <= count {
            var s = SIMD8<Float>(repeating: 0)
            var k = 0
            while k < nt {
                let tap = t[k]
                s += tap.weight * loadFloats(rows[tap.row] + i + tap.offset)
                k += 1
            }
            storeFloats(s, out + i)
            i += 8
        }
        while i < count {
            var s: Float = 0
            for k in 0..<nt { s += t[k].weight * rows[t[k].row][i + t[k].offset] }
            out[i] = s
            i += 1
        }
    }
}
