import FoveaCore

/// The UInt8 Gaussian in 16-bit fixed point, like OpenCV's bit-exact UInt8 path: twice the SIMD lanes of
/// Float and no conversions.
///
/// Row pass: weights with 8 fractional bits summing exactly to 256 (largest-remainder rounding that keeps
/// symmetry), `h = Σ w · p` exact in 16 bits (≤ 255 · 256; `pmullw`). Column pass: weights with 16
/// fractional bits, `Σ ⌊h · w / 2¹⁶⌋` (`pmulhuw`), then `(s + 128) >> 8`. The truncations cost at most
/// `size / 256` of a level before the final rounding, so results stay within one level of OpenCV (whose
/// UInt8 path also uses 8-bit weights).
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
                let s = UncheckedSendable(src.baseAddress!), o = UncheckedSendable(out.baseAddress!)
                let minimumRows = Swift.max(4, 32768 / shape.rowCount)
                Parallel.forEachChunk(of: shape.height, threads: threads, minimumChunk: minimumRows) { rows in
                    band(
                        s.value, padder: padder, constant: constant, rowWeights: rowWeights,
                        columnWeights: columnWeights, shape: shape, rows: rows, into: o.value)
                }
            }
            initialized = count
        }
        return Image<UInt8>.assumingValid(width: image.width, height: image.height, layout: image.layout, samples: samples)
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
        let first = rows.lowerBound - padder.top
        let last = rows.upperBound - 1 - padder.top + kh - 1
        rowWeights.withUnsafeBufferPointer { rw in
            columnWeights.withUnsafeBufferPointer { cw in
                for v in first...last {
                    padder.loadRaw(src, virtualRow: v, constantSample: constant, into: pad)
                    let slot = ring + ((v - first) % kh) * (n + 16)
                    rowPass(pad, weights: rw, channels: shape.channels, count: n, into: slot)
                    guard v - first >= kh - 1 else { continue }
                    let y = v - (kh - 1) + padder.top
                    for k in 0..<kh {
                        rowPointers[k] = UnsafePointer(ring + ((v - (kh - 1) + k - first) % kh) * (n + 16))
                    }
                    columnPass(rowPointers, weights: cw, count: n, into: dst + y * n)
                }
            }
        }
    }

    /// `⌊a · b / 2¹⁶⌋` lane by lane (LLVM emits pmulhuw for this 8-lane pattern).
    @inline(__always)
    private static func multipliedHigh(_ a: SIMD8<UInt16>, _ b: SIMD8<UInt16>) -> SIMD8<UInt16> {
        let product = SIMD8<UInt32>(truncatingIfNeeded: a) &* SIMD8<UInt32>(truncatingIfNeeded: b)
        return SIMD8<UInt16>(truncatingIfNeeded: product &>> 16)
    }

    @inline(__always)
    private static func widened(_ p: UnsafePointer<UInt8>) -> SIMD16<UInt16> {
        SIMD16<UInt16>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self))
    }

    /// `h[i] = Σ w[k] · pad[i + k · channels]` in 16-bit lanes; symmetric kernels add mirrored samples
    /// first. The last vector overlaps the previous one so no scalar tail is needed (`count ≥ 16`).
    private static func rowPass(
        _ pad: UnsafePointer<UInt8>, weights: UnsafeBufferPointer<UInt16>, channels c: Int, count n: Int,
        into out: UnsafeMutablePointer<UInt16>
    ) {
        let w = weights.baseAddress!
        let kw = weights.count
        let symmetric = kw % 2 == 1 && (0..<kw / 2).allSatisfy { w[$0] == w[kw - 1 - $0] }
        var i = 0
        while true {
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
            if i == n - 16 { break }
            i = Swift.min(i + 16, n - 16)
        }
    }

    /// `out[i] = (Σ ⌊h_k[i] · w_k / 2¹⁶⌋ + 128) >> 8` with `pmulhuw`, narrowed to bytes.
    private static func columnPass(
        _ rows: UnsafePointer<UnsafePointer<UInt16>>, weights: UnsafeBufferPointer<UInt16>, count n: Int,
        into out: UnsafeMutablePointer<UInt8>
    ) {
        let w = weights.baseAddress!
        let kh = weights.count
        var i = 0
        while true {
            // Two 8-lane halves: the 8-lane widening multiply compiles to pmulhuw.
            var lo = SIMD8<UInt16>(repeating: 128), hi = SIMD8<UInt16>(repeating: 128)
            for k in 0..<kh {
                let weight = SIMD8<UInt16>(repeating: w[k])
                lo &+= multipliedHigh(UnsafeRawPointer(rows[k] + i).loadUnaligned(as: SIMD8<UInt16>.self), weight)
                hi &+= multipliedHigh(UnsafeRawPointer(rows[k] + i + 8).loadUnaligned(as: SIMD8<UInt16>.self), weight)
            }
            let bytes = SIMD16<UInt8>(
                lowHalf: SIMD8<UInt8>(truncatingIfNeeded: lo &>> 8), highHalf: SIMD8<UInt8>(truncatingIfNeeded: hi &>> 8))
            UnsafeMutableRawPointer(out + i).storeBytes(of: bytes, as: SIMD16<UInt8>.self)
            if i == n - 16 { break }
            i = Swift.min(i + 16, n - 16)
        }
    }
}
