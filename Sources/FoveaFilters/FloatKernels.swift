import CFoveaKernels
import FoveaCore

/// The SIMD inner loops shared by every correlation: whole rows of interleaved Float samples.
/// Pointers are taken once by the caller; no bounds checks, allocation or dynamic calls inside.
///
/// Each pass runs in stages over one row: the AVX-512 or AVX2 loop of `CFoveaKernels` takes the leading blocks
/// where the CPU has it (``WideKernels``), then Swift loops of 16 and 8 lanes, then a scalar tail. Every stage computes a
/// sample with the same operations in the same order, so which stage wrote a sample never changes its value.
enum FloatKernels {
    /// `out[i] = Σₖ w[k] · pad[i + k · channels]` for `i` in `0..<count` (one row, horizontal taps).
    static func rowPass(
        _ pad: UnsafePointer<Float>, weights: UnsafeBufferPointer<Float>, channels: Int, count: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let w = weights.nonEmptyBaseAddress
        let kw = weights.count
        let c = channels
        let symmetry = Symmetry(weights)
        var i = 0
        let level = fovea_simd_level()
        if level >= 2 {
            i = fovea_row_pass_f32_avx512(pad, w, kw, symmetry.code(taps: kw), c, count, out)
        } else if level >= 1 {
            i = fovea_row_pass_f32_avx2(pad, w, kw, symmetry.code(taps: kw), c, count, out)
        }
        switch symmetry {
        case .symmetric where kw == 7: i = symmetricRow7(pad, w, c, count, out, from: i)
        case .symmetric where kw == 5: i = symmetricRow5(pad, w, c, count, out, from: i)
        default: break
        }
        switch symmetry {
        case .symmetric where kw > 1: i = symmetricRow(pad, w, kw, c, count, out, from: i)
        case .antisymmetric: i = antisymmetricRow(pad, w, kw, c, count, out, from: i)
        default: i = generalRow(pad, w, kw, c, count, out, from: i)
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
        let symmetry = Symmetry(weights)
        var i = 0
        let level = fovea_simd_level()
        if level >= 1 {
            let wideRows = UnsafeRawPointer(rows).assumingMemoryBound(to: UnsafePointer<Float>?.self)
            let code = symmetry.code(taps: kh)
            i =
                level >= 2
                ? fovea_column_pass_f32_avx512(wideRows, w, kh, code, count, out)
                : fovea_column_pass_f32_avx2(wideRows, w, kh, code, count, out)
        }
        switch symmetry {
        case .symmetric where kh == 7: i = symmetricColumn7(rows, w, count, out, from: i)
        case .symmetric where kh == 5: i = symmetricColumn5(rows, w, count, out, from: i)
        default: break
        }
        switch symmetry {
        case .symmetric where kh > 1: i = symmetricColumn(rows, w, kh, count, out, from: i)
        case .antisymmetric: i = antisymmetricColumn(rows, w, kh, count, out, from: i)
        default: i = generalColumn(rows, w, kh, count, out, from: i)
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
        _ rows: UnsafePointer<UnsafePointer<Float>>, kernel: DenseKernel, count: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        guard !kernel.taps.isEmpty else {
            out.update(repeating: 0, count: count)
            return
        }
        var i = 0
        if let k = kernel.dense3x3 {
            i = dense3x3Pass(rows[0], rows[1], rows[2], k, count: count, into: out)
            guard i < count else { return }
        } else if WideKernels.available {
            i = kernel.widePass(rows, count: count, into: out)
        }
        kernel.taps.withUnsafeBufferPointer { taps in denseTail(rows, taps: taps, count: count, into: out, from: i) }
    }

    /// The dense pass's last stages from sample `start` on: the tap list summed from +0, 16 and 8 lanes, then one
    /// sample at a time.
    @inline(__always)
    static func denseTail(
        _ rows: UnsafePointer<UnsafePointer<Float>>, taps: UnsafeBufferPointer<DenseTap>, count: Int,
        into out: UnsafeMutablePointer<Float>, from start: Int
    ) {
        var i = tapList(rows, taps, count, out, from: start)
        while i < count {
            var s: Float = 0
            for tap in taps { s += tap.weight * rows[tap.row][i + tap.offset] }
            out[i] = s
            i += 1
        }
    }
}

extension FloatKernels {
    /// The 16-sample blocks of a 3×3 dense pass over rows `r0`, `r1`, `r2` (`densePass`'s first stages: the C
    /// loop at the CPU's level, then the Swift loops); returns the first sample it did not write, a multiple of 8
    /// from which `densePass` goes on with the tap list. No allocation, no reference counting: for per-row calls.
    @inline(__always)
    static func dense3x3Pass(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, _ k: Dense3x3,
        count: Int, into out: UnsafeMutablePointer<Float>
    ) -> Int {
        var i = 0
        let level = fovea_simd_level()
        if level >= 1 {
            var w = (k.w0, k.w1, k.w2, k.w3, k.w4, k.w5, k.w6, k.w7, k.w8)
            i = withUnsafePointer(to: &w) { tuple in
                tuple.withMemoryRebound(to: Float.self, capacity: 9) { weights in
                    fovea_dense3x3_pass_f32(level, r0, r1, r2, k.channels, weights, k.pattern.code, count, out)
                }
            }
        }
        i = sparse3x3(r0, r1, r2, k, count, out, from: i)
        return full3x3(r0, r1, r2, k, count, out, from: i)
    }
}

// MARK: - Row pass stages (each returns the first sample it did not write)

extension FloatKernels {
    /// Symmetric 7 taps (the Gaussian σ = 1 case), fully unrolled: weights in registers, no inner loop.
    @inline(__always)
    static func symmetricRow7(
        _ pad: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ c: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let w0 = w[0], w1 = w[1], w2 = w[2], wm = w[3]
        var i = start
        while i + 16 <= count {
            let p = pad + i
            var s = wm * loadFloats16(p + 3 * c)
            s += w0 * (loadFloats16(p) + loadFloats16(p + 6 * c))
            s += w1 * (loadFloats16(p + c) + loadFloats16(p + 5 * c))
            s += w2 * (loadFloats16(p + 2 * c) + loadFloats16(p + 4 * c))
            storeFloats16(s, out + i)
            i += 16
        }
        return i
    }

    /// Symmetric 5 taps, fully unrolled.
    @inline(__always)
    static func symmetricRow5(
        _ pad: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ c: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let w0 = w[0], w1 = w[1], wm = w[2]
        var i = start
        while i + 16 <= count {
            let p = pad + i
            var s = wm * loadFloats16(p + 2 * c)
            s += w0 * (loadFloats16(p) + loadFloats16(p + 4 * c))
            s += w1 * (loadFloats16(p + c) + loadFloats16(p + 3 * c))
            storeFloats16(s, out + i)
            i += 16
        }
        return i
    }

    /// `w[k] == w[kw−1−k]`: the mirrored samples are added first, halving the multiplies.
    @inline(__always)
    static func symmetricRow(
        _ pad: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ kw: Int, _ c: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let half = kw / 2
        let wm = w[half]
        var i = start
        while i + 16 <= count {
            var s = wm * loadFloats16(pad + i + half * c)
            for k in 0..<half {
                s += w[k] * (loadFloats16(pad + i + k * c) + loadFloats16(pad + i + (kw - 1 - k) * c))
            }
            storeFloats16(s, out + i)
            i += 16
        }
        while i + 8 <= count {
            var s = wm * loadFloats(pad + i + half * c)
            for k in 0..<half { s += w[k] * (loadFloats(pad + i + k * c) + loadFloats(pad + i + (kw - 1 - k) * c)) }
            storeFloats(s, out + i)
            i += 8
        }
        return i
    }

    /// `w[k] == −w[kw−1−k]` (derivatives): the mirrored samples are subtracted first.
    @inline(__always)
    static func antisymmetricRow(
        _ pad: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ kw: Int, _ c: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let half = kw / 2
        var i = start
        while i + 16 <= count {
            var s = w[0] * (loadFloats16(pad + i) - loadFloats16(pad + i + (kw - 1) * c))
            for k in 1..<Swift.max(1, half) {
                s += w[k] * (loadFloats16(pad + i + k * c) - loadFloats16(pad + i + (kw - 1 - k) * c))
            }
            storeFloats16(s, out + i)
            i += 16
        }
        while i + 8 <= count {
            var s = w[0] * (loadFloats(pad + i) - loadFloats(pad + i + (kw - 1) * c))
            for k in 1..<Swift.max(1, half) {
                s += w[k] * (loadFloats(pad + i + k * c) - loadFloats(pad + i + (kw - 1 - k) * c))
            }
            storeFloats(s, out + i)
            i += 8
        }
        return i
    }

    /// Any weights: one multiply-add per tap.
    @inline(__always)
    static func generalRow(
        _ pad: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ kw: Int, _ c: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        var i = start
        while i + 16 <= count {
            var s = w[0] * loadFloats16(pad + i)
            for k in 1..<Swift.max(1, kw) { s += w[k] * loadFloats16(pad + i + k * c) }
            storeFloats16(s, out + i)
            i += 16
        }
        while i + 8 <= count {
            var s = w[0] * loadFloats(pad + i)
            for k in 1..<Swift.max(1, kw) { s += w[k] * loadFloats(pad + i + k * c) }
            storeFloats(s, out + i)
            i += 8
        }
        return i
    }
}

// MARK: - Column pass stages (the row pass's formulas with one buffered row per tap)

extension FloatKernels {
    /// Symmetric 7 rows, fully unrolled.
    @inline(__always)
    static func symmetricColumn7(
        _ rows: UnsafePointer<UnsafePointer<Float>>, _ w: UnsafePointer<Float>, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let w0 = w[0], w1 = w[1], w2 = w[2], wm = w[3]
        let r0 = rows[0], r1 = rows[1], r2 = rows[2], rm = rows[3], r4 = rows[4], r5 = rows[5], r6 = rows[6]
        var i = start
        while i + 16 <= count {
            var s = wm * loadFloats16(rm + i)
            s += w0 * (loadFloats16(r0 + i) + loadFloats16(r6 + i))
            s += w1 * (loadFloats16(r1 + i) + loadFloats16(r5 + i))
            s += w2 * (loadFloats16(r2 + i) + loadFloats16(r4 + i))
            storeFloats16(s, out + i)
            i += 16
        }
        return i
    }

    /// Symmetric 5 rows, fully unrolled.
    @inline(__always)
    static func symmetricColumn5(
        _ rows: UnsafePointer<UnsafePointer<Float>>, _ w: UnsafePointer<Float>, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let w0 = w[0], w1 = w[1], wm = w[2]
        let r0 = rows[0], r1 = rows[1], rm = rows[2], r3 = rows[3], r4 = rows[4]
        var i = start
        while i + 16 <= count {
            var s = wm * loadFloats16(rm + i)
            s += w0 * (loadFloats16(r0 + i) + loadFloats16(r4 + i))
            s += w1 * (loadFloats16(r1 + i) + loadFloats16(r3 + i))
            storeFloats16(s, out + i)
            i += 16
        }
        return i
    }

    /// Symmetric rows: mirrored rows added first.
    @inline(__always)
    static func symmetricColumn(
        _ rows: UnsafePointer<UnsafePointer<Float>>, _ w: UnsafePointer<Float>, _ kh: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let half = kh / 2
        let wm = w[half]
        let rm = rows[half]
        var i = start
        while i + 16 <= count {
            var s = wm * loadFloats16(rm + i)
            for k in 0..<half { s += w[k] * (loadFloats16(rows[k] + i) + loadFloats16(rows[kh - 1 - k] + i)) }
            storeFloats16(s, out + i)
            i += 16
        }
        while i + 8 <= count {
            var s = wm * loadFloats(rm + i)
            for k in 0..<half { s += w[k] * (loadFloats(rows[k] + i) + loadFloats(rows[kh - 1 - k] + i)) }
            storeFloats(s, out + i)
            i += 8
        }
        return i
    }

    /// Antisymmetric rows: mirrored rows subtracted first.
    @inline(__always)
    static func antisymmetricColumn(
        _ rows: UnsafePointer<UnsafePointer<Float>>, _ w: UnsafePointer<Float>, _ kh: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let half = kh / 2
        var i = start
        while i + 16 <= count {
            var s = w[0] * (loadFloats16(rows[0] + i) - loadFloats16(rows[kh - 1] + i))
            for k in 1..<Swift.max(1, half) {
                s += w[k] * (loadFloats16(rows[k] + i) - loadFloats16(rows[kh - 1 - k] + i))
            }
            storeFloats16(s, out + i)
            i += 16
        }
        while i + 8 <= count {
            var s = w[0] * (loadFloats(rows[0] + i) - loadFloats(rows[kh - 1] + i))
            for k in 1..<Swift.max(1, half) { s += w[k] * (loadFloats(rows[k] + i) - loadFloats(rows[kh - 1 - k] + i)) }
            storeFloats(s, out + i)
            i += 8
        }
        return i
    }

    /// Any weights: one multiply-add per row.
    @inline(__always)
    static func generalColumn(
        _ rows: UnsafePointer<UnsafePointer<Float>>, _ w: UnsafePointer<Float>, _ kh: Int, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        var i = start
        while i + 16 <= count {
            var s = w[0] * loadFloats16(rows[0] + i)
            for k in 1..<Swift.max(1, kh) { s += w[k] * loadFloats16(rows[k] + i) }
            storeFloats16(s, out + i)
            i += 16
        }
        while i + 8 <= count {
            var s = w[0] * loadFloats(rows[0] + i)
            for k in 1..<Swift.max(1, kh) { s += w[k] * loadFloats(rows[k] + i) }
            storeFloats(s, out + i)
            i += 8
        }
        return i
    }
}

// MARK: - Dense pass stages

extension FloatKernels {
    /// A 3×3 kernel whose zeros fall in a known pattern, 16 lanes, zeros skipped (Laplacian, sharpen: cross;
    /// Laplacian 3: diagonals; [1,0,−1] rows: side columns; their transpose: side rows).
    @inline(__always)
    static func sparse3x3(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, _ k: Dense3x3,
        _ count: Int, _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let c = k.channels
        var i = start
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
        return i
    }

    /// All nine weights of a 3×3 kernel in registers; zero weights cost a multiply but no loop overhead.
    @inline(__always)
    static func full3x3(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, _ k: Dense3x3,
        _ count: Int, _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        let c = k.channels
        var i = start
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
        return i
    }

    /// Any kernel as its list of non-zero taps, summed from +0.
    @inline(__always)
    static func tapList(
        _ rows: UnsafePointer<UnsafePointer<Float>>, _ taps: UnsafeBufferPointer<DenseTap>, _ count: Int,
        _ out: UnsafeMutablePointer<Float>, from start: Int
    ) -> Int {
        var i = start
        while i + 16 <= count {
            var s = SIMD16<Float>(repeating: 0)
            for tap in taps { s += tap.weight * loadFloats16(rows[tap.row] + i + tap.offset) }
            storeFloats16(s, out + i)
            i += 16
        }
        while i + 8 <= count {
            var s = SIMD8<Float>(repeating: 0)
            for tap in taps { s += tap.weight * loadFloats(rows[tap.row] + i + tap.offset) }
            storeFloats(s, out + i)
            i += 8
        }
        return i
    }
}

/// One non-zero weight of a dense kernel: which buffered row, which sample offset within it.
struct DenseTap {
    var row: Int
    var offset: Int
    var weight: Float
}

/// A dense (non-separable) kernel prepared once per band for ``FloatKernels/densePass(_:kernel:count:into:)``:
/// its non-zero taps, its nine weights if it is 3×3 (which run `fovea_dense3x3_pass_f32` instead), and the tap
/// list the AVX2 loop runs for other shapes.
struct DenseKernel {
    /// Non-zero taps as (kernel row, sample offset, weight), row-major.
    let taps: [DenseTap]
    /// The 3×3 form, when the kernel is 3×3.
    let dense3x3: Dense3x3?
    /// The AVX2 loop's taps (``taps``, summed from +0): rows, sample offsets and weights as separate arrays.
    private let wideRows: [Int], wideOffsets: [Int], wideWeights: [Float]

    init(_ kernel: Kernel, channels: Int) {
        var taps: [DenseTap] = []
        for ky in 0..<kernel.height {
            for kx in 0..<kernel.width where kernel.weights[ky * kernel.width + kx] != 0 {
                taps.append(DenseTap(row: ky, offset: kx * channels, weight: kernel.weights[ky * kernel.width + kx]))
            }
        }
        self.taps = taps
        dense3x3 = Dense3x3(kernel, channels: channels)
        wideRows = taps.map(\.row)
        wideOffsets = taps.map(\.offset)
        wideWeights = taps.map(\.weight)
    }

    /// The leading 16-sample blocks of the dense pass through the AVX2 loop; returns how many samples it wrote.
    func widePass(_ rows: UnsafePointer<UnsafePointer<Float>>, count: Int, into out: UnsafeMutablePointer<Float>) -> Int
    {
        wideRows.withUnsafeBufferPointer { r in
            wideOffsets.withUnsafeBufferPointer { o in
                wideWeights.withUnsafeBufferPointer { w in
                    fovea_dense_pass_f32_avx2(
                        UnsafeRawPointer(rows).assumingMemoryBound(to: UnsafePointer<Float>?.self), r.baseAddress,
                        o.baseAddress, w.baseAddress, w.count, 1, count, out)
                }
            }
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

    /// The C loops' code for the formula the Swift loops use with `taps` weights (`.symmetric` with one tap
    /// runs the general loop).
    func code(taps: Int) -> Int32 {
        switch self {
        case .symmetric where taps > 1: Int32(FOVEA_SYMMETRY_SYMMETRIC)
        case .antisymmetric: Int32(FOVEA_SYMMETRY_ANTISYMMETRIC)
        default: Int32(FOVEA_SYMMETRY_GENERAL)
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

        /// The pattern's number in `fovea_dense3x3_pass_f32`, whose table lists the row-major weight indices each
        /// pattern's loop in ``FloatKernels`` multiplies, in its order (cross 1 3 4 5 7, diagonals 0 2 4 6 8, side
        /// columns 0 2 3 5 6 8, side rows 0 1 2 6 7 8, full 0…8).
        var code: Int32 {
            switch self {
            case .cross: 0
            case .diagonals: 1
            case .sideColumns: 2
            case .sideRows: 3
            case .full: 4
            }
        }
    }

    init?(_ kernel: Kernel, channels: Int) {
        guard kernel.width == 3, kernel.height == 3 else { return nil }
        let w = kernel.weights
        (w0, w1, w2, w3, w4, w5, w6, w7, w8) = (w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8])
        self.channels = channels
        let zero = { (indices: [Int]) in indices.allSatisfy { w[$0] == 0 } }
        pattern =
            zero([0, 2, 6, 8])
            ? .cross
            : zero([1, 3, 5, 7]) ? .diagonals : zero([1, 4, 7]) ? .sideColumns : zero([3, 4, 5]) ? .sideRows : .full
    }
}
