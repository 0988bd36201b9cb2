import CFoveaKernels
import FoveaCore

// MARK: - OpenCV's 8-bit fixed point (cv2.resize INTER_LINEAR and INTER_CUBIC, no antialiasing)

extension ResizeKernels {
    /// OpenCV's `INTER_RESIZE_COEF_BITS`: the fraction bits of the 8-bit path's integer weights.
    static let opencvCoefficientBits = 11

    /// `image` resized as `cv2.resize` does for 8-bit images with `INTER_LINEAR` or `INTER_CUBIC`: every output
    /// weighs a fixed 2 or 4 source samples per axis (no antialiasing), with weights rounded to 11-bit integers
    /// (OpenCV's `INTER_RESIZE_COEF_BITS`). The horizontal pass computes `H = Σ w·s` exactly (`pmaddwd`) and keeps
    /// it in 16 bits: `S = H >> 4` for bilinear, as OpenCV's SIMD path, and `(H + 16) >> 5` for bicubic (its
    /// overshoot needs the extra bit). The vertical pass multiplies 16-bit lanes (`pmulhw`, 8 samples per SSE2
    /// instruction): bilinear is OpenCV's `(⌊S₀·b₀ / 2¹⁶⌋ + ⌊S₁·b₁ / 2¹⁶⌋ + 2) >> 2`, bit-exact with its
    /// `VResizeLinearVec_32s8u`; bicubic is `(Σₖ ⌊Sₖ·8bₖ / 2¹⁶⌋ + 10) >> 4`, where OpenCV rounds the same sum
    /// in `Float` — the 10 is the rounding half (8) plus the mean loss of the four truncations (2), and the
    /// largest error left is ±0.14 level before rounding, so results are within one level of OpenCV's.
    ///
    /// Each thread takes a band of output rows and computes the source rows it weighs into a ring of 2 or 4
    /// rows (in L1), so every output sample is the same function of the source for any thread count.
    ///
    /// Returns `nil` — the caller then takes the `Float` path — for images with alpha (premultiplied there) and
    /// for axes with other tap counts (bilinear needs 2 source samples on the axis, bicubic 4).
    static func opencvResample8(
        _ image: Image<UInt8>, filter: ResampleFilter, horizontal: ResampleAxis, vertical: ResampleAxis, threads: Int
    ) -> Image<UInt8>? {
        let taps = filter == .bicubic ? 4 : 2
        guard filter == .bilinear || filter == .bicubic, !image.layout.hasAlpha, horizontal.taps == taps,
            vertical.taps == taps
        else { return nil }
        let ch = image.channelCount
        let outWidth = horizontal.outputCount
        let outHeight = vertical.outputCount
        let n = outWidth * ch
        let rowLength = image.width * ch
        let tables = OpenCVTables8(horizontal: horizontal, vertical: vertical, channels: ch, taps: taps)
        // The AVX-512 BW loops of CFoveaKernels (fovea_resize.h): the same arithmetic, 4 pixels or 32 samples a step.
        let wide = ResizeKernels.simdLevel >= 2
        let samples = [UInt8](unsafeUninitializedCapacity: n * outHeight) { buffer, initialized in
            image.withUnsafeBufferPointer { src in
                let shared = UncheckedSendable((src.nonEmptyBaseAddress, buffer.nonEmptyBaseAddress))  // both non-empty
                Parallel.forEachChunk(of: outHeight, threads: threads, minimumChunk: 8) { chunk in
                    let (input, output) = shared.value
                    let stride = n + rowPadding
                    var ring = [Int16](repeating: 0, count: taps * stride)
                    var held = [Int](repeating: -1, count: taps)
                    // The last source row, copied with room for the 4-byte loads that run past its end.
                    var lastRow = [UInt8](repeating: 0, count: rowLength + rowPadding)
                    lastRow.withUnsafeMutableBufferPointer { lastRow in
                        lastRow.nonEmptyBaseAddress.update(
                            from: input + (image.height - 1) * rowLength, count: rowLength)
                        ring.withUnsafeMutableBufferPointer { ring in
                            let ring = ring.nonEmptyBaseAddress
                            for y in chunk {
                                let first = vertical.first[y]
                                for k in 0..<taps {
                                    let r = first + k
                                    guard held[r % taps] != r else { continue }
                                    held[r % taps] = r
                                    let last = r == image.height - 1
                                    let row = last ? UnsafePointer(lastRow.nonEmptyBaseAddress) : input + r * rowLength
                                    let readable = last ? rowLength + rowPadding : (image.height - r) * rowLength
                                    tables.horizontalPass(
                                        row, readable: readable, channels: ch, into: ring + (r % taps) * stride,
                                        wide: wide)
                                }
                                tables.verticalPass(
                                    ring: ring, stride: stride, first: first, row: y, count: n, into: output + y * n,
                                    wide: wide)
                            }
                        }
                    }
                }
            }
            initialized = n * outHeight
        }
        return Image(unchecked: outWidth, outHeight, image.layout, samples)
    }
}

/// The integer tables of ``ResizeKernels/opencvResample8(_:filter:horizontal:vertical:threads:)`` and its two
/// passes. Weights are `round(w · 2¹¹)` (ties to even, as OpenCV's `cvRound`) and stored pre-broadcast in
/// 8-lane vectors, one load per tap: LLVM emits `pmulhw` and `pmaddwd` for the lane loops below only when the
/// weights come from memory, not from a scalar splat.
struct OpenCVTables8 {
    let taps: Int
    let outWidth: Int
    /// Per output pixel, the offset of its first source sample in the row (`first · channels`).
    let offsets: [Int]
    /// Per pair of taps `p` and output pixel `x`, at `p · outWidth + x`: `(w₂ₚ, w₂ₚ₊₁)` repeated four times, for
    /// `pmaddwd`.
    let horizontalPairs: [SIMD8<Int16>]
    /// Per output row and tap, the weight broadcast to 8 lanes (for `pmulhw`): bilinear `b`, bicubic `8·b`.
    let verticalWeights: [SIMD8<Int16>]

    init(horizontal: ResampleAxis, vertical: ResampleAxis, channels ch: Int, taps: Int) {
        let one = Float(1 << ResizeKernels.opencvCoefficientBits)
        func fixed(_ w: Float) -> Int16 { Int16((w * one).rounded(.toNearestOrEven)) }
        self.taps = taps
        outWidth = horizontal.outputCount
        offsets = horizontal.first.map { $0 * ch }
        var pairs = [SIMD8<Int16>](repeating: .zero, count: outWidth * taps / 2)
        for x in 0..<outWidth {
            for p in 0..<(taps / 2) {
                let a = fixed(horizontal.weights[x * taps + 2 * p])
                let b = fixed(horizontal.weights[x * taps + 2 * p + 1])
                pairs[p * outWidth + x] = SIMD8(a, b, a, b, a, b, a, b)
            }
        }
        horizontalPairs = pairs
        // Bilinear: the 11-bit weights; bicubic: the same weights times 8 (2¹⁴ scale, for the 2⁶-scaled rows).
        let scale: Int16 = taps == 2 ? 1 : 8
        var weights = [SIMD8<Int16>](repeating: .zero, count: vertical.outputCount * taps)
        for i in weights.indices { weights[i] = SIMD8(repeating: fixed(vertical.weights[i]) &* scale) }
        verticalWeights = weights
    }

    /// `out[x·ch + c] = H >> 4` (bilinear) or `(H + 16) >> 5` (bicubic) with `H = Σₖ w[x,k]·row[(first[x] + k)·ch + c]`,
    /// one pixel per step in 4 lanes (the fourth lane spills into the next pixel, rewritten next step, or into the
    /// row's padding). `row` must be readable 4 bytes past its last pixel's first sample.
    /// With `wide`, the AVX-512 loop does the same (reading only `row[0..<readable]`).
    func horizontalPass(
        _ row: UnsafePointer<UInt8>, readable: Int, channels ch: Int, into out: UnsafeMutablePointer<Int16>,
        wide: Bool
    ) {
        offsets.withUnsafeBufferPointer { offsets in
            horizontalPairs.withUnsafeBufferPointer { pairs in
                let pairs = pairs.nonEmptyBaseAddress
                if wide {
                    UnsafeRawPointer(pairs).withMemoryRebound(to: Int16.self, capacity: 8 * outWidth * taps / 2) {
                        fovea_resize_cv_h8_avx512(
                            row, readable, ch, outWidth, taps, offsets.nonEmptyBaseAddress, $0, out)
                    }
                } else if taps == 2 {
                    for x in 0..<outWidth {
                        let p = row + offsets[x]
                        let h = multiplyAdd(interleaved(widened(p), widened(p + ch)), pairs[x])
                        store(h &>> 4, out + x * ch)
                    }
                } else {
                    let half = SIMD4<Int32>(repeating: 16)
                    for x in 0..<outWidth {
                        let p = row + offsets[x]
                        var h = multiplyAdd(interleaved(widened(p), widened(p + ch)), pairs[x])
                        h &+= multiplyAdd(interleaved(widened(p + 2 * ch), widened(p + 3 * ch)), pairs[outWidth + x])
                        store((h &+ half) &>> 5, out + x * ch)
                    }
                }
            }
        }
    }

    /// Output row `y` from the `taps` intermediate rows it weighs — source row `r` in ring slot `r % taps` (see
    /// the type's formulas), `count` samples; 8 per step, the last step overlapping the one before (it writes
    /// the same values again).
    /// With `wide`, the AVX-512 loop does the same.
    func verticalPass(
        ring: UnsafePointer<Int16>, stride: Int, first: Int, row y: Int, count n: Int,
        into out: UnsafeMutablePointer<UInt8>, wide: Bool
    ) {
        let slot = { (k: Int) in ring + ((first + k) % taps) * stride }
        verticalWeights.withUnsafeBufferPointer { weights in
            let w = weights.nonEmptyBaseAddress + y * taps
            if wide {
                let rows = (slot(0), slot(1), slot(taps == 4 ? 2 : 0), slot(taps == 4 ? 3 : 1))
                withUnsafeBytes(of: rows) { rows in
                    UnsafeRawPointer(w).withMemoryRebound(to: Int16.self, capacity: 8 * taps) { w in
                        fovea_resize_cv_v8_avx512(
                            rows.baseAddress?.assumingMemoryBound(to: UnsafePointer<Int16>?.self), taps, w, n, out)
                    }
                }
                return
            }
            let (w0, w1) = (w[0], w[1])
            if n < 8 {
                for i in 0..<n { out[i] = scalarVertical((0..<taps).map(slot), i, (0..<taps).map { w[$0][0] }) }
                return
            }
            var i = 0
            if taps == 2 {
                let (s0, s1) = (slot(0), slot(1))
                let two = SIMD8<Int16>(repeating: 2)
                while true {
                    let v = multipliedHigh(load8(s0 + i), w0) &+ multipliedHigh(load8(s1 + i), w1)
                    storeBytes((v &+ two) &>> 2, out + i)
                    if i == n - 8 { break }
                    i = Swift.min(i + 8, n - 8)
                }
            } else {
                let (s0, s1, s2, s3) = (slot(0), slot(1), slot(2), slot(3))
                let (w2, w3) = (w[2], w[3])
                let rounding = SIMD8<Int16>(repeating: 10)
                while true {
                    var v = multipliedHigh(load8(s0 + i), w0) &+ multipliedHigh(load8(s1 + i), w1)
                    v &+= multipliedHigh(load8(s2 + i), w2) &+ multipliedHigh(load8(s3 + i), w3)
                    storeBytes((v &+ rounding) &>> 4, out + i)
                    if i == n - 8 { break }
                    i = Swift.min(i + 8, n - 8)
                }
            }
        }
    }

    /// One sample of ``verticalPass(ring:stride:first:row:count:into:)`` with the same 16-bit arithmetic (for
    /// rows under 8 samples).
    func scalarVertical(_ rows: [UnsafePointer<Int16>], _ i: Int, _ weights: [Int16]) -> UInt8 {
        var sum: Int16 = taps == 2 ? 2 : 10
        for k in 0..<taps { sum &+= Int16(truncatingIfNeeded: (Int32(rows[k][i]) &* Int32(weights[k])) >> 16) }
        return UInt8(Swift.min(Swift.max(sum >> (taps == 2 ? 2 : 4), 0), 255))
    }
}

// Lane loops the SLP vectorizer turns into single SSE2 instructions (named beside each).

/// Four bytes widened to 16 bits (`punpcklbw`).
@inline(__always) private func widened(_ p: UnsafePointer<UInt8>) -> SIMD4<Int16> {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<UInt8>.self)
    var r = SIMD4<Int16>()
    for j in 0..<4 { r[j] = Int16(v[j]) }
    return r
}

/// `(a₀, b₀, a₁, b₁, …)` (`punpcklwd`).
@inline(__always) private func interleaved(_ a: SIMD4<Int16>, _ b: SIMD4<Int16>) -> SIMD8<Int16> {
    SIMD8<Int16>(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3])
}

/// `a₂ⱼ·b₂ⱼ + a₂ⱼ₊₁·b₂ⱼ₊₁` in 32 bits (`pmaddwd`).
@inline(__always) private func multiplyAdd(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
    var r = SIMD4<Int32>()
    for j in 0..<4 { r[j] = Int32(a[2 * j]) &* Int32(b[2 * j]) &+ Int32(a[2 * j + 1]) &* Int32(b[2 * j + 1]) }
    return r
}

/// `⌊a·b / 2¹⁶⌋` (`pmulhw`).
@inline(__always) private func multipliedHigh(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD8<Int16> {
    var r = SIMD8<Int16>()
    for j in 0..<8 { r[j] = Int16(truncatingIfNeeded: (Int32(a[j]) &* Int32(b[j])) &>> 16) }
    return r
}

/// Four 32-bit lanes stored as 16-bit (all four: the caller's rows are padded).
@inline(__always) private func store(_ v: SIMD4<Int32>, _ p: UnsafeMutablePointer<Int16>) {
    var r = SIMD4<Int16>()
    for j in 0..<4 { r[j] = Int16(truncatingIfNeeded: v[j]) }
    UnsafeMutableRawPointer(p).storeBytes(of: r, as: SIMD4<Int16>.self)
}

@inline(__always) private func load8(_ p: UnsafePointer<Int16>) -> SIMD8<Int16> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int16>.self)
}

/// Eight 16-bit values clamped to 0…255 and stored as bytes (`packuswb`).
@inline(__always) private func storeBytes(_ v: SIMD8<Int16>, _ p: UnsafeMutablePointer<UInt8>) {
    var r = SIMD8<UInt8>()
    for j in 0..<8 { r[j] = UInt8(truncatingIfNeeded: Swift.min(Swift.max(v[j], 0), 255)) }
    UnsafeMutableRawPointer(p).storeBytes(of: r, as: SIMD8<UInt8>.self)
}
