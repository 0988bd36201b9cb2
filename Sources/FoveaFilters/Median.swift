import CFoveaKernels
import FoveaCore

extension Image where Sample: FilterSample & SIMDScalar {
    /// The median of every `size × size` neighbourhood, per channel (OpenCV's `medianBlur`, which
    /// replicates the edge samples: border `BorderMode.replicate`). `size` is 3 or 5.
    ///
    /// Runs a fixed min/max sorting network (OpenCV's) over 16 pixels at a time with SIMD; exact for every
    /// sample type. Row bands run in parallel; the result does not depend on `threads`.
    public func medianFiltered(size: Int, threads: Int = Parallel.defaultThreadCount) -> Image<Sample> {
        precondition(size == 3 || size == 5, "median size \(size) must be 3 or 5")
        return MedianFilter.apply(self, size: size, threads: threads)
    }
}

/// The lane types the median runs on: 16 bytes (one SSE register), 16 UInt16 and 8 Floats (two each).
typealias U8Lanes = SIMDLanes<SIMD16<UInt8>>
typealias U16Lanes = SIMDLanes<SIMD16<UInt16>>
typealias F32Lanes = SIMDLanes<SIMD8<Float>>

enum MedianFilter {
    static func apply<S: FilterSample & PixelSample & SIMDScalar>(
        _ image: Image<S>, size: Int, threads: Int
    ) -> Image<S> {
        switch S.sampleType {
        case .uint8: run(image, size: size, threads: threads, lanes: U8Lanes.self)
        case .uint16: run(image, size: size, threads: threads, lanes: U16Lanes.self)
        case .float32: run(image, size: size, threads: threads, lanes: F32Lanes.self)
        }
    }

    /// Filters with the vector type `V`, whose scalar is `S` (checked: the dispatch above pairs them).
    static func run<S: PixelSample, V: MedianVector>(_ image: Image<S>, size: Int, threads: Int, lanes: V.Type)
        -> Image<S>
    {
        precondition(MemoryLayout<S>.size == MemoryLayout<V.Scalar>.size, "median lanes \(V.self) for \(S.self)")
        let w = image.width, h = image.height, c = image.channelCount
        guard w > 0, h > 0 else { return image }
        let count = image.samples.count
        let out = [S](unsafeUninitializedCapacity: count) { dst, initialized in
            image.withUnsafeBufferPointer { src in
                let s = UncheckedSendable(
                    UnsafeRawPointer(src.nonEmptyBaseAddress).assumingMemoryBound(to: V.Scalar.self))
                let d = UncheckedSendable(
                    UnsafeMutableRawPointer(dst.nonEmptyBaseAddress).assumingMemoryBound(to: V.Scalar.self))
                Parallel.forEachChunk(of: h, threads: threads, minimumChunk: Swift.max(4, 16384 / (w * c))) { rows in
                    band(
                        s.value, width: w, height: h, channels: c, size: size, rows: rows, into: d.value, lanes: V.self)
                }
            }
            initialized = count
        }
        return Image<S>.assumingValid(width: w, height: h, layout: image.layout, samples: out)
    }

    @_specialize(where V == U8Lanes)
    @_specialize(where V == U16Lanes)
    @_specialize(where V == F32Lanes)
    static func band<V: MedianVector>(
        _ src: UnsafePointer<V.Scalar>, width w: Int, height h: Int, channels c: Int, size k: Int, rows: Range<Int>,
        into dst: UnsafeMutablePointer<V.Scalar>, lanes: V.Type
    ) {
        typealias S = V.Scalar
        let r = k / 2
        let n = w * c
        let paddedCount = (w + 2 * r) * c
        let stride = paddedCount + V.laneCount
        let buffer = UnsafeMutablePointer<S>.allocate(capacity: stride * k)
        buffer.initialize(repeating: src[0], count: stride * k)
        let rowPointers = UnsafeMutablePointer<UnsafePointer<S>>.allocate(capacity: k)
        let scratch = UnsafeMutablePointer<S>.allocate(capacity: 25)
        scratch.initialize(repeating: src[0], count: 25)
        // Column-sorted rows (low, middle, high) for the 3×3 path.
        let columns = UnsafeMutablePointer<S>.allocate(capacity: 3 * stride)
        columns.initialize(repeating: src[0], count: 3 * stride)
        defer {
            columns.deallocate()
            buffer.deallocate()
            rowPointers.deallocate()
            scratch.deallocate()
        }
        // Ring of padded rows indexed by virtual row v (source row clamped: replicate border).
        func loadRow(_ v: Int, into p: UnsafeMutablePointer<S>) {
            let sy = Swift.min(Swift.max(v, 0), h - 1)
            let row = src + sy * n
            (p + r * c).update(from: row, count: n)
            for i in 0..<r {
                (p + i * c).update(from: row, count: c)
                (p + (r + w + i) * c).update(from: row + (w - 1) * c, count: c)
            }
        }
        let lanes = V.laneCount
        if k == 3 && n >= lanes {
            // 3×3: sort the columns straight from the source rows (clamped: replicate border), no ring copy.
            let bytes = V.Scalar.self == UInt8.self && c <= 16
            let wider = bytes && n >= 64 + c && WideKernels.avx512
            if wider || (bytes && n >= 32 + c && WideKernels.available) {
                // The same column sorts with 64 (AVX-512 BW) or 32 (AVX2) lanes, two output rows per call (they
                // share the sorted pair of their middle rows); an odd last row alone.
                let pass = wider ? fovea_median3x3_u8_rows_avx512 : fovea_median3x3_u8_rows_avx2
                func row(_ y: Int) -> UnsafePointer<UInt8> { asBytes(src + Swift.min(Swift.max(y, 0), h - 1) * n) }
                var y = rows.lowerBound
                while y + 1 < rows.upperBound {
                    pass(
                        row(y - 1), row(y), row(y + 1), row(y + 2), n, c, asBytes(dst + y * n), asBytes(dst + y * n + n)
                    )
                    y += 2
                }
                if y < rows.upperBound { pass(row(y - 1), row(y), row(y + 1), nil, n, c, asBytes(dst + y * n), nil) }
                return
            }
            for y in rows {
                let above = src + Swift.max(y - 1, 0) * n, below = src + Swift.min(y + 1, h - 1) * n
                median3x3Row(
                    above, src + y * n, below, columns: columns, count: n, channels: c, into: dst + y * n, lanes: V.self
                )
            }
            return
        }
        let first = rows.lowerBound - r
        for v in first..<(rows.upperBound + r) {
            loadRow(v, into: buffer + ((v - first) % k) * stride)
            guard v - first >= k - 1 else { continue }
            let y = v - r
            for i in 0..<k { rowPointers[i] = UnsafePointer(buffer + ((v - k + 1 + i - first) % k) * stride) }
            let target = dst + y * n
            if V.Scalar.self == UInt8.self && n >= 64 && WideKernels.avx512 {
                // The same network with 64 lanes; its 25 vectors fit AVX-512's 32 registers.
                rowPointers.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: k) {
                    fovea_median5x5_u8_row_avx512($0, n, c, asBytes(target))
                }
            } else if n >= lanes {
                var x = 0
                while true {
                    let m: V = median25(rowPointers, offset: x, channels: c)  // k == 5: the 3×3 case returned above
                    m.store(target + x)
                    if x == n - lanes { break }
                    x = Swift.min(x + lanes, n - lanes)  // the last vector overlaps the previous one: same values
                }
            } else {
                for x in 0..<n {
                    var count = 0
                    for ky in 0..<k {
                        for kx in 0..<k {
                            scratch[count] = rowPointers[ky][x + kx * c]
                            count += 1
                        }
                    }
                    var sorted = UnsafeMutableBufferPointer(start: scratch, count: count)
                    sorted.sort()
                    target[x] = sorted[count / 2]
                }
            }
        }
    }

    /// `p` as bytes (for the C loops, called only when the scalar is `UInt8`).
    @inline(__always)
    static func asBytes<S>(_ p: UnsafePointer<S>) -> UnsafePointer<UInt8> {
        UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self)
    }

    @inline(__always)
    static func asBytes<S>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<UInt8> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: UInt8.self)
    }

    /// One output row of the 3×3 median by column sorting: each column of the three rows is sorted
    /// (low, middle, high), then the median is `med3(max of lows, med3 of middles, min of highs)` over three
    /// neighbouring columns — 18 min/max per vector instead of the 38 of the 19-exchange network. The
    /// sorted columns are stored with one replicated column on each side (the replicate border).
    @inline(__always)
    static func median3x3Row<V: MedianVector>(
        _ r0: UnsafePointer<V.Scalar>, _ r1: UnsafePointer<V.Scalar>, _ r2: UnsafePointer<V.Scalar>,
        columns: UnsafeMutablePointer<V.Scalar>, count n: Int, channels c: Int,
        into target: UnsafeMutablePointer<V.Scalar>, lanes: V.Type
    ) {
        let lanes = V.laneCount
        let stride = n + 2 * c + lanes
        let lo = columns, mid = columns + stride, hi = columns + 2 * stride
        var x = 0
        while true {
            var a = V(r0 + x), b = V(r1 + x), d = V(r2 + x)
            V.sort(&a, &b)
            V.sort(&b, &d)
            V.sort(&a, &b)
            a.store(lo + c + x)
            b.store(mid + c + x)
            d.store(hi + c + x)
            if x == n - lanes { break }
            x = Swift.min(x + lanes, n - lanes)
        }
        // Column −1 repeats column 0 and column W repeats column W − 1.
        lo.update(from: lo + c, count: c)
        mid.update(from: mid + c, count: c)
        hi.update(from: hi + c, count: c)
        (lo + c + n).update(from: lo + n, count: c)
        (mid + c + n).update(from: mid + n, count: c)
        (hi + c + n).update(from: hi + n, count: c)
        x = 0
        while true {
            let maxLow = V.maximum(V.maximum(V(lo + x), V(lo + x + c)), V(lo + x + 2 * c))
            let minHigh = V.minimum(V.minimum(V(hi + x), V(hi + x + c)), V(hi + x + 2 * c))
            let medMid = median3(V(mid + x), V(mid + x + c), V(mid + x + 2 * c))
            median3(maxLow, medMid, minHigh).store(target + x)
            if x == n - lanes { break }
            x = Swift.min(x + lanes, n - lanes)
        }
    }

    /// Lane-wise median of three: `max(min(a, b), min(max(a, b), c))`.
    @inline(__always)
    static func median3<V: MedianVector>(_ a: V, _ b: V, _ c: V) -> V {
        V.maximum(V.minimum(a, b), V.minimum(V.maximum(a, b), c))
    }

    /// Median of the 25 vectors at `rows[ky] + offset + kx · channels` (5×5 window), lane by lane: OpenCV's
    /// 113-exchange network, which sorts the window in groups of 6, 6, 6 and 7, merges them pairwise and then
    /// keeps only the exchanges of the last merge that decide the 13th smallest.
    @inline(__always)
    static func median25<V: MedianVector>(
        _ rows: UnsafePointer<UnsafePointer<V.Scalar>>, offset: Int, channels c: Int
    ) -> V {
        withUnsafeTemporaryAllocation(of: V.self, capacity: 25) { buffer in
            let p = buffer.nonEmptyBaseAddress
            for ky in 0..<5 {
                for kx in 0..<5 { (p + 5 * ky + kx).initialize(to: V(rows[ky] + offset + kx * c)) }
            }
            sort6(p)
            sort6(p + 6)
            merge6And6(p)
            sort6(p + 12)
            sort7(p + 18)
            merge6And7(p + 12)
            return medianOfMerged12And13(p)
        }
    }

    /// Compare-exchange of `p[i]` and `p[j]`: the smaller lane values end in `p[i]`.
    @inline(__always)
    static func exchange<V: MedianVector>(_ p: UnsafeMutablePointer<V>, _ i: Int, _ j: Int) { V.sort(&p[i], &p[j]) }

    /// Sorts `p[0..<6]` (12 exchanges).
    @inline(__always)
    static func sort6<V: MedianVector>(_ p: UnsafeMutablePointer<V>) {
        exchange(p, 1, 2)
        exchange(p, 0, 1)
        exchange(p, 1, 2)
        exchange(p, 4, 5)
        exchange(p, 3, 4)
        exchange(p, 4, 5)
        exchange(p, 0, 3)
        exchange(p, 2, 5)
        exchange(p, 2, 3)
        exchange(p, 1, 4)
        exchange(p, 1, 2)
        exchange(p, 3, 4)
    }

    /// Sorts `p[0..<7]` (16 exchanges).
    @inline(__always)
    static func sort7<V: MedianVector>(_ p: UnsafeMutablePointer<V>) {
        exchange(p, 1, 2)
        exchange(p, 0, 1)
        exchange(p, 1, 2)
        exchange(p, 3, 4)
        exchange(p, 5, 6)
        exchange(p, 3, 5)
        exchange(p, 4, 6)
        exchange(p, 4, 5)
        exchange(p, 0, 3)
        exchange(p, 2, 5)
        exchange(p, 2, 3)
        exchange(p, 1, 4)
        exchange(p, 4, 6)
        exchange(p, 1, 2)
        exchange(p, 3, 4)
        exchange(p, 5, 6)
    }

    /// Merges the sorted `p[0..<6]` and `p[6..<12]` into sorted `p[0..<12]` (17 exchanges).
    @inline(__always)
    static func merge6And6<V: MedianVector>(_ p: UnsafeMutablePointer<V>) {
        exchange(p, 0, 6)
        exchange(p, 4, 10)
        exchange(p, 4, 6)
        exchange(p, 2, 8)
        exchange(p, 2, 4)
        exchange(p, 6, 8)
        exchange(p, 1, 7)
        exchange(p, 5, 11)
        exchange(p, 5, 7)
        exchange(p, 3, 9)
        exchange(p, 3, 5)
        exchange(p, 7, 9)
        exchange(p, 1, 2)
        exchange(p, 3, 4)
        exchange(p, 5, 6)
        exchange(p, 7, 8)
        exchange(p, 9, 10)
    }

    /// Merges the sorted `p[0..<6]` and `p[6..<13]` into sorted `p[0..<13]` (20 exchanges).
    @inline(__always)
    static func merge6And7<V: MedianVector>(_ p: UnsafeMutablePointer<V>) {
        exchange(p, 0, 6)
        exchange(p, 4, 10)
        exchange(p, 4, 6)
        exchange(p, 2, 8)
        exchange(p, 8, 12)
        exchange(p, 2, 4)
        exchange(p, 6, 8)
        exchange(p, 10, 12)
        exchange(p, 1, 7)
        exchange(p, 5, 11)
        exchange(p, 5, 7)
        exchange(p, 3, 9)
        exchange(p, 3, 5)
        exchange(p, 7, 9)
        exchange(p, 1, 2)
        exchange(p, 3, 4)
        exchange(p, 5, 6)
        exchange(p, 7, 8)
        exchange(p, 9, 10)
        exchange(p, 11, 12)
    }

    /// The 13th smallest of the sorted `p[0..<12]` and `p[12..<25]`: the exchanges of their merge that decide
    /// `p[12]` (24 exchanges).
    @inline(__always)
    static func medianOfMerged12And13<V: MedianVector>(_ p: UnsafeMutablePointer<V>) -> V {
        exchange(p, 0, 12)
        exchange(p, 8, 20)
        exchange(p, 8, 12)
        exchange(p, 4, 16)
        exchange(p, 16, 24)
        exchange(p, 12, 16)
        exchange(p, 2, 14)
        exchange(p, 10, 22)
        exchange(p, 10, 14)
        exchange(p, 6, 18)
        exchange(p, 6, 10)
        exchange(p, 10, 12)
        exchange(p, 1, 13)
        exchange(p, 9, 21)
        exchange(p, 9, 13)
        exchange(p, 5, 17)
        exchange(p, 13, 17)
        exchange(p, 3, 15)
        exchange(p, 11, 23)
        exchange(p, 11, 15)
        exchange(p, 7, 19)
        exchange(p, 7, 11)
        exchange(p, 11, 13)
        exchange(p, 11, 12)
        return p[12]
    }
}

/// A SIMD vector of samples with a compare-exchange: what the sorting networks need (``SIMDLanes``).
protocol MedianVector {
    associatedtype Scalar: Comparable
    static var laneCount: Int { get }
    init(_ p: UnsafePointer<Scalar>)
    func store(_ p: UnsafeMutablePointer<Scalar>)
    /// `a` gets the lane-wise minimum, `b` the maximum.
    static func sort(_ a: inout Self, _ b: inout Self)
    /// Lane-wise minimum.
    static func minimum(_ a: Self, _ b: Self) -> Self
    /// Lane-wise maximum.
    static func maximum(_ a: Self, _ b: Self) -> Self
}

/// `Vector`'s lanes as a ``MedianVector``: the one lane type for every sample type (16 × UInt8, 16 × UInt16,
/// 8 × Float). Min and max are lane loops, which LLVM turns into `pminub`/`pminuw`/`minps` once the
/// function is specialized; the stdlib's `pointwiseMin` was not always inlined, and mask-based
/// `replacing(with:where:)` became compare-and-blend sequences.
struct SIMDLanes<Vector: SIMD>: MedianVector where Vector.Scalar: Comparable {
    var v: Vector
    static var laneCount: Int { Vector.scalarCount }
    @inline(__always) init(_ p: UnsafePointer<Vector.Scalar>) { v = UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Vector.Scalar>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }
    @inline(__always) static func minimum(_ a: SIMDLanes, _ b: SIMDLanes) -> SIMDLanes {
        var r = a
        for j in 0..<Vector.scalarCount { r.v[j] = b.v[j] < a.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func maximum(_ a: SIMDLanes, _ b: SIMDLanes) -> SIMDLanes {
        var r = a
        for j in 0..<Vector.scalarCount { r.v[j] = a.v[j] < b.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func sort(_ a: inout SIMDLanes, _ b: inout SIMDLanes) {
        let lo = minimum(a, b)
        b = maximum(a, b)
        a = lo
    }
}
