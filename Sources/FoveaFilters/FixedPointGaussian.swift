import CFoveaKernels
import FoveaCore

/// The UInt8 Gaussian in 16-bit fixed point, like OpenCV's bit-exact UInt8 path: twice the SIMD lanes of
/// Float and no conversions.
///
/// Row pass: weights with 8 fractional bits summing exactly to 256 (largest-remainder rounding that keeps
/// symmetry), `h = Σ w · p` exact in 16 bits (≤ 255 · 256; `pmullw`). Column pass: weights with 16
/// fractional bits, `Σ ⌊h · w / 2¹⁶⌋` (`pmulhuw`), then `(s + 128) >> 8`. The truncations cost at most
/// `size / 256` of a level before the final rounding, so results stay within one level of OpenCV (whose
/// UInt8 path also uses 8-bit weights).
///
/// Where the CPU has AVX2 (16 lanes) or AVX-512 BW (32 lanes), both passes run in `CFoveaKernels`
/// (`fovea_gaussian8_row_pass`, `fovea_gaussian8_column_pass`) with the same wrapping 16-bit arithmetic, so the
/// level never changes a result (`WideKernelsTests`); the Swift loops below are the baseline x86-64 (SSE2) and
/// non-x86 path.
enum FixedPointGaussian {
    /// Weights with 16 fractional bits for the column pass, or `nil` unless every weight is in [0, 1).
    static func quantize16(_ weights: [Float]) -> [UInt16]? {
        guard weights.count > 1, weights.allSatisfy({ $0 >= 0 && $0 < 1 }) else { return nil }
        return weights.map { UInt16(Swift.min(65535, ($0 * 65536).rounded())) }
    }

    /// Weights with 8 fractional bits summing exactly to 256 for the row pass: each weight rounded down,
    /// then the missing units handed to the largest remainders, mirrored pairs together so a symmetric
    /// kernel stays symmetric. `nil` unless every weight is in [0, 1).
    static func quantize8(_ weights: [Float]) -> [UInt16]? {
        let n = weights.count
        guard n > 1, weights.allSatisfy({ $0 >= 0 && $0 < 1 }) else { return nil }
        let scaled = weights.map { Double($0) * 256 }
        var q = scaled.map { Int($0.rounded(.down)) }
        var missing = 256 - q.reduce(0, +)
        let symmetric = (0..<n / 2).allSatisfy { weights[$0] == weights[n - 1 - $0] }
        // Units: a mirrored pair (cost 2) or a single tap (cost 1), by descending remainder.
        var units: [(taps: [Int], remainder: Double)] = []
        if symmetric {
            for k in 0..<n / 2 { units.append(([k, n - 1 - k], scaled[k] - Double(q[k]))) }
            if n % 2 == 1 { units.append(([n / 2], scaled[n / 2] - Double(q[n / 2]))) }
        } else {
            for k in 0..<n { units.append(([k], scaled[k] - Double(q[k]))) }
        }
        for unit in units.sorted(by: { $0.remainder > $1.remainder }) where unit.taps.count <= missing {
            for t in unit.taps { q[t] += 1 }
            missing -= unit.taps.count
        }
        q[n / 2] += missing  // an odd leftover of a symmetric kernel goes to the centre
        guard q.allSatisfy({ $0 >= 0 && $0 <= 256 }) else { return nil }
        return q.map { UInt16($0) }
    }

    /// Blurs `image` with the separable non-negative kernel, or returns `nil` when the fast path does not
    /// apply (non-separable or one-tap kernel, rows narrower than 16 samples).
    static func blur(_ image: Image<UInt8>, kernel: Kernel, border: BorderMode, threads: Int) -> Image<UInt8>? {
        guard let rowFactor = kernel.rowFactor, let columnFactor = kernel.columnFactor,
            let rowWeights = quantize8(rowFactor), let columnWeights = quantize16(columnFactor),
            image.width * image.channelCount >= 16, image.height > 0
        else { return nil }
        let shape = PlaneShape(width: image.width, height: image.height, channels: image.channelCount)
        let padder = RowPadder(
            shape: shape, outWidth: shape.width, kernel: kernel, border: border, region: .same, sample: UInt8.self)
        var constant: UInt8 = 0
        if case .constant(let value) = border {
            var rounded: UInt8 = 0
            withUnsafePointer(to: value.sampleUnits(for: UInt8.self)) { UInt8.storeRow($0, count: 1, into: &rounded) }
            constant = rounded
        }
        let count = image.samples.count
        let samples = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            image.withUnsafeBufferPointer { src in
                let s = UncheckedSendable(src.nonEmptyBaseAddress), o = UncheckedSendable(out.nonEmptyBaseAddress)
                let minimumRows = Swift.max(4, 32768 / shape.rowCount)
                Parallel.forEachChunk(of: shape.height, threads: threads, minimumChunk: minimumRows) { rows in
                    band(
                        s.value, padder: padder, constant: constant, rowWeights: rowWeights,
                        columnWeights: columnWeights, shape: shape, rows: rows, into: o.value)
                }
            }
            initialized = count
        }
        return Image<UInt8>.assumingValid(
            width: image.width, height: image.height, layout: image.layout, samples: samples)
    }

    private static func band(
        _ src: UnsafePointer<UInt8>, padder: RowPadder, constant: UInt8, rowWeights: [UInt16],
        columnWeights: [UInt16], shape: PlaneShape, rows: Range<Int>, into dst: UnsafeMutablePointer<UInt8>
    ) {
        let kh = columnWeights.count
        let n = shape.rowCount
        let pad = UnsafeMutablePointer<UInt8>.allocate(capacity: padder.paddedCount + 16)
        let ring = UnsafeMutablePointer<UInt16>.allocate(capacity: kh * (n + 16))
        let rowPointers = UnsafeMutablePointer<UnsafePointer<UInt16>>.allocate(capacity: kh)
        defer {
            pad.deallocate()
            ring.deallocate()
            rowPointers.deallocate()
        }
        let level = fovea_simd_level()
        let first = rows.lowerBound - padder.top
        let last = rows.upperBound - 1 - padder.top + kh - 1
        rowWeights.withUnsafeBufferPointer { rw in
            columnWeights.withUnsafeBufferPointer { cw in
                for v in first...last {
                    padder.loadRaw(src, virtualRow: v, constantSample: constant, into: pad)
                    let slot = ring + ((v - first) % kh) * (n + 16)
                    if fovea_gaussian8_row_pass(level, pad, rw.baseAddress, rw.count, shape.channels, n, slot) != n {
                        rowPass(pad, weights: rw, channels: shape.channels, count: n, into: slot)
                    }
                    guard v - first >= kh - 1 else { continue }
                    let y = v - (kh - 1) + padder.top
                    for k in 0..<kh {
                        rowPointers[k] = UnsafePointer(ring + ((v - (kh - 1) + k - first) % kh) * (n + 16))
                    }
                    let wideRows = UnsafeRawPointer(rowPointers).assumingMemoryBound(to: UnsafePointer<UInt16>?.self)
                    if fovea_gaussian8_column_pass(level, wideRows, cw.baseAddress, kh, n, dst + y * n) != n {
                        columnPass(rowPointers, weights: cw, count: n, into: dst + y * n)
                    }
                }
            }
        }
    }

    /// `⌊a · b / 2¹⁶⌋` lane by lane (LLVM emits pmulhuw for this 8-lane pattern).
    @inline(__always)
    private static func multipliedHigh(_ a: SIMD8<UInt16>, _ b: SIMD8<UInt16>) -> SIMD8<UInt16> {
        // A lane loop, not the stdlib's generic SIMD conversions: with many call sites LLVM stops inlining
        // those and calls them per vector.
        var r = SIMD8<UInt16>()
        for j in 0..<8 { r[j] = UInt16(truncatingIfNeeded: (UInt32(a[j]) &* UInt32(b[j])) &>> 16) }
        return r
    }

    @inline(__always)
    private static func widened(_ p: UnsafePointer<UInt8>) -> SIMD16<UInt16> {
        let bytes = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self)
        var r = SIMD16<UInt16>()
        for j in 0..<16 { r[j] = UInt16(bytes[j]) }
        return r
    }

    /// `h[i] = Σ w[k] · pad[i + k · channels]` in 16-bit lanes; symmetric kernels add mirrored samples
    /// first. The last vector overlaps the previous one so no scalar tail is needed (`count ≥ 16`).
    /// Sums wrap modulo 2¹⁶ (they never exceed 255 · 256), so the order of the additions cannot change a
    /// result: the 3-, 5- and 7-tap symmetric loops below keep their weights in registers.
    private static func rowPass(
        _ pad: UnsafePointer<UInt8>, weights: UnsafeBufferPointer<UInt16>, channels c: Int, count n: Int,
        into out: UnsafeMutablePointer<UInt16>
    ) {
        let w = weights.nonEmptyBaseAddress
        let kw = weights.count
        let symmetric = kw % 2 == 1 && (0..<kw / 2).allSatisfy { w[$0] == w[kw - 1 - $0] }
        switch (symmetric, kw) {
        case (true, 7): symmetricRowPass7(pad, weights: w, channels: c, count: n, into: out)
        case (true, 5): symmetricRowPass5(pad, weights: w, channels: c, count: n, into: out)
        case (true, 3): symmetricRowPass3(pad, weights: w, channels: c, count: n, into: out)
        default: generalRowPass(pad, weights: weights, symmetric: symmetric, channels: c, count: n, into: out)
        }
    }

    /// ``rowPass(_:weights:channels:count:into:)`` for a symmetric 7-tap kernel.
    @inline(never)
    private static func symmetricRowPass7(
        _ pad: UnsafePointer<UInt8>, weights w: UnsafePointer<UInt16>, channels c: Int, count n: Int,
        into out: UnsafeMutablePointer<UInt16>
    ) {
        let w0 = SIMD16(repeating: w[0]), w1 = SIMD16(repeating: w[1]), w2 = SIMD16(repeating: w[2])
        let w3 = SIMD16(repeating: w[3])
        forEachVector(count: n) { i in
            let p = pad + i
            let s =
                w3 &* widened(p + 3 * c) &+ w0 &* (widened(p) &+ widened(p + 6 * c))
                &+ (w1 &* (widened(p + c) &+ widened(p + 5 * c)) &+ w2 &* (widened(p + 2 * c) &+ widened(p + 4 * c)))
            UnsafeMutableRawPointer(out + i).storeBytes(of: s, as: SIMD16<UInt16>.self)
        }
    }

    /// ``rowPass(_:weights:channels:count:into:)`` for a symmetric 5-tap kernel.
    @inline(never)
    private static func symmetricRowPass5(
        _ pad: UnsafePointer<UInt8>, weights w: UnsafePointer<UInt16>, channels c: Int, count n: Int,
        into out: UnsafeMutablePointer<UInt16>
    ) {
        let w0 = SIMD16(repeating: w[0]), w1 = SIMD16(repeating: w[1]), w2 = SIMD16(repeating: w[2])
        forEachVector(count: n) { i in
            let p = pad + i
            let s =
                w2 &* widened(p + 2 * c) &+ w0 &* (widened(p) &+ widened(p + 4 * c))
                &+ w1 &* (widened(p + c) &+ widened(p + 3 * c))
            UnsafeMutableRawPointer(out + i).storeBytes(of: s, as: SIMD16<UInt16>.self)
        }
    }

    /// ``rowPass(_:weights:channels:count:into:)`` for a symmetric 3-tap kernel.
    @inline(never)
    private static func symmetricRowPass3(
        _ pad: UnsafePointer<UInt8>, weights w: UnsafePointer<UInt16>, channels c: Int, count n: Int,
        into out: UnsafeMutablePointer<UInt16>
    ) {
        let w0 = SIMD16(repeating: w[0]), w1 = SIMD16(repeating: w[1])
        forEachVector(count: n) { i in
            let p = pad + i
            let s = w1 &* widened(p + c) &+ w0 &* (widened(p) &+ widened(p + 2 * c))
            UnsafeMutableRawPointer(out + i).storeBytes(of: s, as: SIMD16<UInt16>.self)
        }
    }

    /// ``rowPass(_:weights:channels:count:into:)`` for any length, weights reloaded per tap.
    @inline(never)
    private static func generalRowPass(
        _ pad: UnsafePointer<UInt8>, weights: UnsafeBufferPointer<UInt16>, symmetric: Bool, channels c: Int,
        count n: Int, into out: UnsafeMutablePointer<UInt16>
    ) {
        let w = weights.nonEmptyBaseAddress
        let kw = weights.count
        forEachVector(count: n) { i in
            var s: SIMD16<UInt16>
            if symmetric {
                let half = kw / 2
                s = SIMD16(repeating: w[half]) &* widened(pad + i + half * c)
                for k in 0..<half {
                    s &+= SIMD16(repeating: w[k]) &* (widened(pad + i + k * c) &+ widened(pad + i + (kw - 1 - k) * c))
                }
            } else {
                s = SIMD16(repeating: w[0]) &* widened(pad + i)
                for k in 1..<kw { s &+= SIMD16(repeating: w[k]) &* widened(pad + i + k * c) }
            }
            UnsafeMutableRawPointer(out + i).storeBytes(of: s, as: SIMD16<UInt16>.self)
        }
    }

    /// Calls `body(i)` for `i = 0, 16, 32, …` and last `count − 16` (overlapping the previous vector, which
    /// writes the same values again), so 16-lane bodies need no scalar tail; `count ≥ 16`.
    @inline(__always)
    private static func forEachVector(count n: Int, _ body: (Int) -> Void) {
        var i = 0
        while true {
            body(i)
            if i == n - 16 { break }
            i = Swift.min(i + 16, n - 16)
        }
    }

    /// `out[i] = (Σ ⌊h_k[i] · w_k / 2¹⁶⌋ + 128) >> 8` with `pmulhuw`, narrowed to bytes. The 16-bit sums
    /// wrap, so their order is free: 3, 5 and 7 rows keep weights and row pointers in registers.
    private static func columnPass(
        _ rows: UnsafePointer<UnsafePointer<UInt16>>, weights: UnsafeBufferPointer<UInt16>, count n: Int,
        into out: UnsafeMutablePointer<UInt8>
    ) {
        let w = weights.nonEmptyBaseAddress
        switch weights.count {
        case 7: columnPass7(rows, weights: w, count: n, into: out)
        case 5: columnPass5(rows, weights: w, count: n, into: out)
        case 3: columnPass3(rows, weights: w, count: n, into: out)
        default: generalColumnPass(rows, weights: weights, count: n, into: out)
        }
    }

    /// `⌊h · w / 2¹⁶⌋` for 16 samples at `row + i`, as two 8-lane halves.
    @inline(__always)
    private static func term(_ row: UnsafePointer<UInt16>, _ i: Int, _ weight: SIMD8<UInt16>) -> (
        SIMD8<UInt16>, SIMD8<UInt16>
    ) {
        (
            multipliedHigh(UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<UInt16>.self), weight),
            multipliedHigh(UnsafeRawPointer(row + i + 8).loadUnaligned(as: SIMD8<UInt16>.self), weight)
        )
    }

    /// Stores `(lo, hi) >> 8` as 16 bytes at `out`.
    @inline(__always)
    private static func storeNarrowed(_ lo: SIMD8<UInt16>, _ hi: SIMD8<UInt16>, _ out: UnsafeMutablePointer<UInt8>) {
        let (l, h) = (lo &>> 8, hi &>> 8)
        var bytes = SIMD16<UInt8>()
        for j in 0..<8 {
            bytes[j] = UInt8(truncatingIfNeeded: l[j])
            bytes[j + 8] = UInt8(truncatingIfNeeded: h[j])
        }
        UnsafeMutableRawPointer(out).storeBytes(of: bytes, as: SIMD16<UInt8>.self)
    }

    private static let rounding = SIMD8<UInt16>(repeating: 128)

    // Each pass below is its own (not inlined) function: inlined into one big caller, LLVM's budget ran out
    // and the SIMD conversions were left as calls (3× slower).

    @inline(never)
    private static func columnPass7(
        _ rows: UnsafePointer<UnsafePointer<UInt16>>, weights w: UnsafePointer<UInt16>, count n: Int,
        into out: UnsafeMutablePointer<UInt8>
    ) {
        let (r0, r1, r2, r3, r4, r5, r6) = (rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6])
        let w0 = SIMD8(repeating: w[0]), w1 = SIMD8(repeating: w[1]), w2 = SIMD8(repeating: w[2])
        let w3 = SIMD8(repeating: w[3]), w4 = SIMD8(repeating: w[4]), w5 = SIMD8(repeating: w[5])
        let w6 = SIMD8(repeating: w[6])
        forEachVector(count: n) { i in
            let a = term(r0, i, w0), b = term(r1, i, w1), c = term(r2, i, w2), d = term(r3, i, w3)
            let e = term(r4, i, w4), f = term(r5, i, w5), g = term(r6, i, w6)
            storeNarrowed(
                (rounding &+ a.0 &+ b.0) &+ (c.0 &+ d.0) &+ ((e.0 &+ f.0) &+ g.0),
                (rounding &+ a.1 &+ b.1) &+ (c.1 &+ d.1) &+ ((e.1 &+ f.1) &+ g.1), out + i)
        }
    }

    @inline(never)
    private static func columnPass5(
        _ rows: UnsafePointer<UnsafePointer<UInt16>>, weights w: UnsafePointer<UInt16>, count n: Int,
        into out: UnsafeMutablePointer<UInt8>
    ) {
        let (r0, r1, r2, r3, r4) = (rows[0], rows[1], rows[2], rows[3], rows[4])
        let w0 = SIMD8(repeating: w[0]), w1 = SIMD8(repeating: w[1]), w2 = SIMD8(repeating: w[2])
        let w3 = SIMD8(repeating: w[3]), w4 = SIMD8(repeating: w[4])
        forEachVector(count: n) { i in
            let a = term(r0, i, w0), b = term(r1, i, w1), c = term(r2, i, w2), d = term(r3, i, w3)
            let e = term(r4, i, w4)
            storeNarrowed(
                (rounding &+ a.0 &+ b.0) &+ (c.0 &+ d.0) &+ e.0,
                (rounding &+ a.1 &+ b.1) &+ (c.1 &+ d.1) &+ e.1, out + i)
        }
    }

    @inline(never)
    private static func columnPass3(
        _ rows: UnsafePointer<UnsafePointer<UInt16>>, weights w: UnsafePointer<UInt16>, count n: Int,
        into out: UnsafeMutablePointer<UInt8>
    ) {
        let (r0, r1, r2) = (rows[0], rows[1], rows[2])
        let w0 = SIMD8(repeating: w[0]), w1 = SIMD8(repeating: w[1]), w2 = SIMD8(repeating: w[2])
        forEachVector(count: n) { i in
            let a = term(r0, i, w0), b = term(r1, i, w1), c = term(r2, i, w2)
            storeNarrowed(rounding &+ a.0 &+ (b.0 &+ c.0), rounding &+ a.1 &+ (b.1 &+ c.1), out + i)
        }
    }

    @inline(never)
    private static func generalColumnPass(
        _ rows: UnsafePointer<UnsafePointer<UInt16>>, weights: UnsafeBufferPointer<UInt16>, count n: Int,
        into out: UnsafeMutablePointer<UInt8>
    ) {
        let w = weights.nonEmptyBaseAddress
        let kh = weights.count
        forEachVector(count: n) { i in
            var lo = rounding, hi = rounding
            for k in 0..<kh {
                let t = term(rows[k], i, SIMD8<UInt16>(repeating: w[k]))
                lo &+= t.0
                hi &+= t.1
            }
            storeNarrowed(lo, hi, out + i)
        }
    }
}
