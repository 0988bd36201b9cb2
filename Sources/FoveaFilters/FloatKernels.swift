import FoveaCore

/// The SIMD inner loops shared by every correlation: whole rows of interleaved Float samples.
/// Pointers are taken once by the caller; no bounds checks, allocation or dynamic calls inside.
enum FloatKernels {
    /// `out[i] = Σₖ w[k] · pad[i + k · channels]` for `i` in `0..<count` (one row, horizontal taps).
    static func rowPass(
        _ pad: UnsafePointer<Float>, weights: UnsafeBufferPointer<Float>, channels: Int, count: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let w = weights.nonEmptyBaseAddress
        let kw = weights.count
        let c = channels
        var i = 0
        switch Symmetry(weights) {
        case .symmetric where kw > 1:
            // w[k] == w[kw−1−k]: add the mirrored samples first, halving the multiplies.
            let half = kw / 2
            let wm = w[half]
            if kw == 7 {
                // Fully unrolled (the Gaussian σ = 1 case): weights in registers, no inner loop.
                let w0 = w[0], w1 = w[1], w2 = w[2]
                while i + 16 <= count {
                    let p = pad + i
                    var s = wm * loadFloats16(p + 3 * c)
                    s += w0 * (loadFloats16(p) + loadFloats16(p + 6 * c))
                    s += w1 * (loadFloats16(p + c) + loadFloats16(p + 5 * c))
                    s += w2 * (loadFloats16(p + 2 * c) + loadFloats16(p + 4 * c))
                    storeFloats16(s, out + i)
                    i += 16
                }
            } else if kw == 5 {
                let w0 = w[0], w1 = w[1]
                while i + 16 <= count {
                    let p = pad + i
                    var s = wm * loadFloats16(p + 2 * c)
                    s += w0 * (loadFloats16(p) + loadFloats16(p + 4 * c))
                    s += w1 * (loadFloats16(p + c) + loadFloats16(p + 3 * c))
                    storeFloats16(s, out + i)
                    i += 16
                }
            }
            while i + 16 <= count {
                var s = wm * loadFloats16(pad + i + half * c)
                var k = 0
                while k < half {
                    s += w[k] * (loadFloats16(pad + i + k * c) + loadFloats16(pad + i + (kw - 1 - k) * c))
                    k += 1
                }
                storeFloats16(s, out + i)
                i += 16
            }
            while i + 8 <= count {
                var s = wm * loadFloats(pad + i + half * c)
                var k = 0
                while k < half {
                    s += w[k] * (loadFloats(pad + i + k * c) + loadFloats(pad + i + (kw - 1 - k) * c))
                    k += 1
                }
                storeFloats(s, out + i)
                i += 8
            }
        case .antisymmetric:
            // w[k] == −w[kw−1−k] (derivatives): subtract the mirrored samples first.
            let half = kw / 2
            while i + 16 <= count {
                var s = w[0] * (loadFloats16(pad + i) - loadFloats16(pad + i + (kw - 1) * c))
                var k = 1
                while k < half {
                    s += w[k] * (loadFloats16(pad + i + k * c) - loadFloats16(pad + i + (kw - 1 - k) * c))
                    k += 1
                }
                storeFloats16(s, out + i)
                i += 16
            }
            while i + 8 <= count {
                var s = w[0] * (loadFloats(pad + i) - loadFloats(pad + i + (kw - 1) * c))
                var k = 1
                while k < half {
                    s += w[k] * (loadFloats(pad + i + k * c) - loadFloats(pad + i + (kw - 1 - k) * c))
                    k += 1
                }
                storeFloats(s, out + i)
                i += 8
            }
        default:
            while i + 16 <= count {
                var s = w[0] * loadFloats16(pad + i)
                var k = 1
                var p = pad + i + c
                while k < kw {
                    s += w[k] * loadFloats16(p)
                    p += c
                    k += 1
                }
                storeFloats16(s, out + i)
                i += 16
            }
            while i + 8 <= count {
                var s = w[0] * loadFloats(pad + i)
                var k = 1
                var p = pad + i + c
                while k < kw {
                    s += w[k] * loadFloats(p)
                    p += c
                    k += 1
                }
                storeFloats(s, out + i)
                i += 8
            }
        }
        while i < count {
            var s: Float = 0
            for k in 0..<kw { s += w[k] * pad[i + k * c] }
            out[i] = s
            i += 1
        }
    }

    /// `out[i] = Σₖ w[k] · rows[k][i]` for `i` in `0..<count` (vertical taps over buffered rows).
    static func columnPass(
        _ rows: UnsafePointer<UnsafePointer<Float>>, weights: UnsafeBufferPointer<Float>, count: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let w = weights.nonEmptyBaseAddress
        let kh = weights.count
        var i = 0
        switch Symmetry(weights) {
        case .symmetric where kh > 1:
            let half = kh / 2
            let wm = w[half]
            let rm = rows[half]
            if kh == 7 {
                let w0 = w[0], w1 = w[1], w2 = w[2]
                let r0 = rows[0], r1 = rows[1], r2 = rows[2], r4 = rows[4], r5 = rows[5], r6 = rows[6]
                while i + 16 <= count {
                    var s = wm * loadFloats16(rm + i)
                    s += w0 * (loadFloats16(r0 + i) + loadFloats16(r6 + i))
                    s += w1 * (loadFloats16(r1 + i) + loadFloats16(r5 + i))
                    s += w2 * (loadFloats16(r2 + i) + loadFloats16(r4 + i))
                    storeFloats16(s, out + i)
                    i += 16
                }
            } else if kh == 5 {
                let w0 = w[0], w1 = w[1]
                let r0 = rows[0], r1 = rows[1], r3 = rows[3], r4 = rows[4]
                while i + 16 <= count {
                    var s = wm * loadFloats16(rm + i)
                    s += w0 * (loadFloats16(r0 + i) + loadFloats16(r4 + i))
                    s += w1 * (loadFloats16(r1 + i) + loadFloats16(r3 + i))
                    storeFloats16(s, out + i)
                    i += 16
                }
            }
            while i + 16 <= count {
                var s = wm * loadFloats16(rm + i)
                var k = 0
                while k < half {
                    s += w[k] * (loadFloats16(rows[k] + i) + loadFloats16(rows[kh - 1 - k] + i))
                    k += 1
                }
                storeFloats16(s, out + i)
                i += 16
            }
            while i + 8 <= count {
                var s = wm * loadFloats(rm + i)
                var k = 0
                while k < half {
                    s += w[k] * (loadFloats(rows[k] + i) + loadFloats(rows[kh - 1 - k] + i))
                    k += 1
                }
                storeFloats(s, out + i)
                i += 8
            }
        case .antisymmetric:
            let half = kh / 2
            while i + 16 <= count {
                var s = w[0] * (loadFloats16(rows[0] + i) - loadFloats16(rows[kh - 1] + i))
                var k = 1
                while k < half {
                    s += w[k] * (loadFloats16(rows[k] + i) - loadFloats16(rows[kh - 1 - k] + i))
                    k += 1
                }
                storeFloats16(s, out + i)
                i += 16
            }
            while i + 8 <= count {
                var s = w[0] * (loadFloats(rows[0] + i) - loadFloats(rows[kh - 1] + i))
                var k = 1
                while k < half {
                    s += w[k] * (loadFloats(rows[k] + i) - loadFloats(rows[kh - 1 - k] + i))
                    k += 1
                }
                storeFloats(s, out + i)
                i += 8
            }
        default:
            while i + 16 <= count {
                var s = w[0] * loadFloats16(rows[0] + i)
                var k = 1
                while k < kh {
                    s += w[k] * loadFloats16(rows[k] + i)
                    k += 1
                }
                storeFloats16(s, out + i)
                i += 16
            }
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
        _ rows: UnsafePointer<UnsafePointer<Float>>, taps: UnsafeBufferPointer<DenseTap>, dense3x3: Dense3x3?,
        count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        guard let t = taps.baseAddress, !taps.isEmpty else {
            out.update(repeating: 0, count: count)
            return
        }
        let nt = taps.count
        var i = 0
        if let k = dense3x3 {
            // All nine weights in registers; zero weights cost a multiply but no loop overhead.
            let r0 = rows[0], r1 = rows[1], r2 = rows[2]
            let c = k.channels
            // Kernels with zero weights in a known pattern skip them (Laplacian, sharpen: cross;
            // Laplacian 3: diagonals; [1,0,−1] rows: side columns; their transpose: side rows).
            switch k.pattern {
            case .cross:
                while i + 16 <= count {
                    var s = k.w1 * loadFloats16(r0 + i + c)
                    s += k.w3 * loadFloats16(r1 + i)
                    s += k.w4 * loadFloats16(r1 + i + c)
                    s += k.w5 * loadFloats16(r1 + i + 2 * c)
                    s += k.w7 * loadFloats16(r2 + i + c)
                    storeFloats16(s, out + i)
                    i += 16
                }
            case .diagonals:
                while i + 16 <= count {
                    var s = k.w0 * loadFloats16(r0 + i)
                    s += k.w2 * loadFloats16(r0 + i + 2 * c)
                    s += k.w4 * loadFloats16(r1 + i + c)
                    s += k.w6 * loadFloats16(r2 + i)
                    s += k.w8 * loadFloats16(r2 + i + 2 * c)
                    storeFloats16(s, out + i)
                    i += 16
                }
            case .sideColumns:
                while i + 16 <= count {
                    var s = k.w0 * loadFloats16(r0 + i)
                    s += k.w2 * loadFloats16(r0 + i + 2 * c)
                    s += k.w3 * loadFloats16(r1 + i)
                    s += k.w5 * loadFloats16(r1 + i + 2 * c)
                    s += k.w6 * loadFloats16(r2 + i)
                    s += k.w8 * loadFloats16(r2 + i + 2 * c)
                    storeFloats16(s, out + i)
                    i += 16
                }
            case .sideRows:
                while i + 16 <= count {
                    var s = k.w0 * loadFloats16(r0 + i)
                    s += k.w1 * loadFloats16(r0 + i + c)
                    s += k.w2 * loadFloats16(r0 + i + 2 * c)
                    s += k.w6 * loadFloats16(r2 + i)
                    s += k.w7 * loadFloats16(r2 + i + c)
                    s += k.w8 * loadFloats16(r2 + i + 2 * c)
                    storeFloats16(s, out + i)
                    i += 16
                }
            case .full:
                break
            }
            while i + 16 <= count {
                var s = k.w0 * loadFloats16(r0 + i)
                s += k.w1 * loadFloats16(r0 + i + c)
                s += k.w2 * loadFloats16(r0 + i + 2 * c)
                s += k.w3 * loadFloats16(r1 + i)
                s += k.w4 * loadFloats16(r1 + i + c)
                s += k.w5 * loadFloats16(r1 + i + 2 * c)
                s += k.w6 * loadFloats16(r2 + i)
                s += k.w7 * loadFloats16(r2 + i + c)
                s += k.w8 * loadFloats16(r2 + i + 2 * c)
                storeFloats16(s, out + i)
                i += 16
            }
            while i + 8 <= count {
                var s = k.w0 * loadFloats(r0 + i)
                s += k.w1 * loadFloats(r0 + i + c)
                s += k.w2 * loadFloats(r0 + i + 2 * c)
                s += k.w3 * loadFloats(r1 + i)
                s += k.w4 * loadFloats(r1 + i + c)
                s += k.w5 * loadFloats(r1 + i + 2 * c)
                s += k.w6 * loadFloats(r2 + i)
                s += k.w7 * loadFloats(r2 + i + c)
                s += k.w8 * loadFloats(r2 + i + 2 * c)
                storeFloats(s, out + i)
                i += 8
            }
        }
        while i + 16 <= count {
            var s = SIMD16<Float>(repeating: 0)
            var k = 0
            while k < nt {
                let tap = t[k]
                s += tap.weight * loadFloats16(rows[tap.row] + i + tap.offset)
                k += 1
            }
            storeFloats16(s, out + i)
            i += 16
        }
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

/// Whether 1-D weights mirror (`w[k] == w[n−1−k]`) or mirror with a sign change (`w[k] == −w[n−1−k]`,
/// odd length, so the middle weight is 0).
enum Symmetry {
    case symmetric
    case antisymmetric
    case general

    init(_ w: UnsafeBufferPointer<Float>) {
        let n = w.count
        if (0..<n / 2).allSatisfy({ w[$0] == w[n - 1 - $0] }) {
            self = n % 2 == 1 ? .symmetric : .general
        } else if n % 2 == 1 && w[n / 2] == 0 && (0..<n / 2).allSatisfy({ w[$0] == -w[n - 1 - $0] }) {
            self = .antisymmetric
        } else {
            self = .general
        }
    }
}

/// The nine weights of a dense 3×3 kernel, row-major, and the sample stride between columns.
struct Dense3x3 {
    var w0, w1, w2, w3, w4, w5, w6, w7, w8: Float
    var channels: Int
    var pattern: Pattern

    /// Which weights are known to be zero.
    enum Pattern {
        /// Corners zero: `[[0,a,0],[b,c,d],[0,e,0]]`.
        case cross
        /// Edge midpoints zero: `[[a,0,b],[0,c,0],[d,0,e]]`.
        case diagonals
        /// Middle column zero: `[[a,0,b],[c,0,d],[e,0,f]]`.
        case sideColumns
        /// Middle row zero: `[[a,b,c],[0,0,0],[d,e,f]]`.
        case sideRows
        /// Anything else.
        case full
    }

    init?(_ kernel: Kernel, channels: Int) {
        guard kernel.width == 3, kernel.height == 3 else { return nil }
        let w = kernel.weights
        (w0, w1, w2, w3, w4, w5, w6, w7, w8) = (w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8])
        self.channels = channels
        let zero = { (indices: [Int]) in indices.allSatisfy { w[$0] == 0 } }
        pattern =
            zero([0, 2, 6, 8]) ? .cross
            : zero([1, 3, 5, 7]) ? .diagonals : zero([1, 4, 7]) ? .sideColumns : zero([3, 4, 5]) ? .sideRows : .full
    }
}
