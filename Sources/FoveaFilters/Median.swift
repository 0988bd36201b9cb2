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

enum MedianFilter {
    static func apply<S: FilterSample & PixelSample & SIMDScalar>(_ image: Image<S>, size: Int, threads: Int) -> Image<S> {
        switch S.sampleType {
        case .uint8: run(image, size: size, threads: threads, lanes: UInt8Lanes.self)
        case .uint16: run(image, size: size, threads: threads, lanes: UInt16Lanes.self)
        case .float32: run(image, size: size, threads: threads, lanes: FloatLanes.self)
        }
    }

    /// Filters with the vector type `V`, whose scalar is `S` (checked: the dispatch above pairs them).
    static func run<S: PixelSample, V: MedianVector>(_ image: Image<S>, size: Int, threads: Int, lanes: V.Type) -> Image<S> {
        precondition(MemoryLayout<S>.size == MemoryLayout<V.Scalar>.size, "median lanes \(V.self) for \(S.self)")
        let w = image.width, h = image.height, c = image.channelCount
        guard w > 0, h > 0 else { return image }
        let count = image.samples.count
        let out = [S](unsafeUninitializedCapacity: count) { dst, initialized in
            image.withUnsafeBufferPointer { src in
                let s = UncheckedSendable(UnsafeRawPointer(src.baseAddress!).assumingMemoryBound(to: V.Scalar.self))
                let d = UncheckedSendable(UnsafeMutableRawPointer(dst.baseAddress!).assumingMemoryBound(to: V.Scalar.self))
                Parallel.forEachChunk(of: h, threads: threads, minimumChunk: Swift.max(4, 16384 / (w * c))) { rows in
                    band(s.value, width: w, height: h, channels: c, size: size, rows: rows, into: d.value, lanes: V.self)
                }
            }
            initialized = count
        }
        return Image<S>.assumingValid(width: w, height: h, layout: image.layout, samples: out)
    }

    @_specialize(exported: false, where V == UInt8Lanes)
    @_specialize(exported: false, where V == UInt16Lanes)
    @_specialize(exported: false, where V == FloatLanes)
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
            for y in rows {
                let above = src + Swift.max(y - 1, 0) * n, below = src + Swift.min(y + 1, h - 1) * n
                median3x3Row(above, src + y * n, below, columns: columns, count: n, channels: c, into: dst + y * n, lanes: V.self)
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
            if n >= lanes {
                var x = 0
                while true {
                    let m: V = k == 3 ? median9(rowPointers, offset: x, channels: c) : median25(rowPointers, offset: x, channels: c)
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

    @inline(__always)
    static func load<V: MedianVector>(_ p: UnsafePointer<V.Scalar>) -> V { V(p) }

    @inline(__always)
    static func sort<V: MedianVector>(_ a: inout V, _ b: inout V) { V.sort(&a, &b) }

    /// Median of the 9 vectors at `rows[ky] + offset + kx · channels` (3×3 window), lane by lane.
    @inline(__always)
    static func median9<V: MedianVector>(_ rows: UnsafePointer<UnsafePointer<V.Scalar>>, offset: Int, channels c: Int) -> V {
        let r0 = rows[0] + offset
        let r1 = rows[1] + offset
        let r2 = rows[2] + offset
        var p0: V = load(r0)
        var p1: V = load(r0 + 1 * c)
        var p2: V = load(r0 + 2 * c)
        var p3: V = load(r1)
        var p4: V = load(r1 + 1 * c)
        var p5: V = load(r1 + 2 * c)
        var p6: V = load(r2)
        var p7: V = load(r2 + 1 * c)
        var p8: V = load(r2 + 2 * c)
        sort(&p1, &p2)
        sort(&p4, &p5)
        sort(&p7, &p8)
        sort(&p0, &p1)
        sort(&p3, &p4)
        sort(&p6, &p7)
        sort(&p1, &p2)
        sort(&p4, &p5)
        sort(&p7, &p8)
        sort(&p0, &p3)
        sort(&p5, &p8)
        sort(&p4, &p7)
        sort(&p3, &p6)
        sort(&p1, &p4)
        sort(&p2, &p5)
        sort(&p4, &p7)
        sort(&p4, &p2)
        sort(&p6, &p4)
        sort(&p4, &p2)
        return p4
    }

    /// Median of the 25 vectors at `rows[ky] + offset + kx · channels` (5×5 window), lane by lane.
    @inline(__always)
    static func median25<V: MedianVector>(_ rows: UnsafePointer<UnsafePointer<V.Scalar>>, offset: Int, channels c: Int) -> V {
        let r0 = rows[0] + offset
        let r1 = rows[1] + offset
        let r2 = rows[2] + offset
        let r3 = rows[3] + offset
        let r4 = rows[4] + offset
        var p0: V = load(r0)
        var p1: V = load(r0 + 1 * c)
        var p2: V = load(r0 + 2 * c)
        var p3: V = load(r0 + 3 * c)
        var p4: V = load(r0 + 4 * c)
        var p5: V = load(r1)
        var p6: V = load(r1 + 1 * c)
        var p7: V = load(r1 + 2 * c)
        var p8: V = load(r1 + 3 * c)
        var p9: V = load(r1 + 4 * c)
        var p10: V = load(r2)
        var p11: V = load(r2 + 1 * c)
        var p12: V = load(r2 + 2 * c)
        var p13: V = load(r2 + 3 * c)
        var p14: V = load(r2 + 4 * c)
        var p15: V = load(r3)
        var p16: V = load(r3 + 1 * c)
        var p17: V = load(r3 + 2 * c)
        var p18: V = load(r3 + 3 * c)
        var p19: V = load(r3 + 4 * c)
        var p20: V = load(r4)
        var p21: V = load(r4 + 1 * c)
        var p22: V = load(r4 + 2 * c)
        var p23: V = load(r4 + 3 * c)
        var p24: V = load(r4 + 4 * c)
        sort(&p1, &p2)
        sort(&p0, &p1)
        sort(&p1, &p2)
        sort(&p4, &p5)
        sort(&p3, &p4)
        sort(&p4, &p5)
        sort(&p0, &p3)
        sort(&p2, &p5)
        sort(&p2, &p3)
        sort(&p1, &p4)
        sort(&p1, &p2)
        sort(&p3, &p4)
        sort(&p7, &p8)
        sort(&p6, &p7)
        sort(&p7, &p8)
        sort(&p10, &p11)
        sort(&p9, &p10)
        sort(&p10, &p11)
        sort(&p6, &p9)
        sort(&p8, &p11)
        sort(&p8, &p9)
        sort(&p7, &p10)
        sort(&p7, &p8)
        sort(&p9, &p10)
        sort(&p0, &p6)
        sort(&p4, &p10)
        sort(&p4, &p6)
        sort(&p2, &p8)
        sort(&p2, &p4)
        sort(&p6, &p8)
        sort(&p1, &p7)
        sort(&p5, &p11)
        sort(&p5, &p7)
        sort(&p3, &p9)
        sort(&p3, &p5)
        sort(&p7, &p9)
        sort(&p1, &p2)
        sort(&p3, &p4)
        sort(&p5, &p6)
        sort(&p7, &p8)
        sort(&p9, &p10)
        sort(&p13, &p14)
        sort(&p12, &p13)
        sort(&p13, &p14)
        sort(&p16, &p17)
        sort(&p15, &p16)
        sort(&p16, &p17)
        sort(&p12, &p15)
        sort(&p14, &p17)
        sort(&p14, &p15)
        sort(&p13, &p16)
        sort(&p13, &p14)
        sort(&p15, &p16)
        sort(&p19, &p20)
        sort(&p18, &p19)
        sort(&p19, &p20)
        sort(&p21, &p22)
        sort(&p23, &p24)
        sort(&p21, &p23)
        sort(&p22, &p24)
        sort(&p22, &p23)
        sort(&p18, &p21)
        sort(&p20, &p23)
        sort(&p20, &p21)
        sort(&p19, &p22)
        sort(&p22, &p24)
        sort(&p19, &p20)
        sort(&p21, &p22)
        sort(&p23, &p24)
        sort(&p12, &p18)
        sort(&p16, &p22)
        sort(&p16, &p18)
        sort(&p14, &p20)
        sort(&p20, &p24)
        sort(&p14, &p16)
        sort(&p18, &p20)
        sort(&p22, &p24)
        sort(&p13, &p19)
        sort(&p17, &p23)
        sort(&p17, &p19)
        sort(&p15, &p21)
        sort(&p15, &p17)
        sort(&p19, &p21)
        sort(&p13, &p14)
        sort(&p15, &p16)
        sort(&p17, &p18)
        sort(&p19, &p20)
        sort(&p21, &p22)
        sort(&p23, &p24)
        sort(&p0, &p12)
        sort(&p8, &p20)
        sort(&p8, &p12)
        sort(&p4, &p16)
        sort(&p16, &p24)
        sort(&p12, &p16)
        sort(&p2, &p14)
        sort(&p10, &p22)
        sort(&p10, &p14)
        sort(&p6, &p18)
        sort(&p6, &p10)
        sort(&p10, &p12)
        sort(&p1, &p13)
        sort(&p9, &p21)
        sort(&p9, &p13)
        sort(&p5, &p17)
        sort(&p13, &p17)
        sort(&p3, &p15)
        sort(&p11, &p23)
        sort(&p11, &p15)
        sort(&p7, &p19)
        sort(&p7, &p11)
        sort(&p11, &p13)
        sort(&p11, &p12)
        return p12
    }
}

/// A SIMD vector of samples with a compare-exchange, written per concrete type so each compiles to the
/// native min/max instructions (the generic stdlib forms are not always inlined).
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

struct UInt8Lanes: MedianVector {
    var v: SIMD16<UInt8>
    static var laneCount: Int { 16 }
    @inline(__always) init(_ p: UnsafePointer<UInt8>) { v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<UInt8>.self)
    }
    // Lane loops: LLVM emits pminub/pmaxub (or the type's min/max) for them; mask-based
    // `replacing(with:where:)` sometimes degrades into compare-and-blend sequences.
    @inline(__always) static func minimum(_ a: UInt8Lanes, _ b: UInt8Lanes) -> UInt8Lanes {
        var r = a
        for j in 0..<16 { r.v[j] = b.v[j] < a.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func maximum(_ a: UInt8Lanes, _ b: UInt8Lanes) -> UInt8Lanes {
        var r = a
        for j in 0..<16 { r.v[j] = a.v[j] < b.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func sort(_ a: inout UInt8Lanes, _ b: inout UInt8Lanes) {
        let lo = minimum(a, b)
        b = maximum(a, b)
        a = lo
    }
}

struct UInt16Lanes: MedianVector {
    var v: SIMD16<UInt16>
    static var laneCount: Int { 16 }
    @inline(__always) init(_ p: UnsafePointer<UInt16>) { v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt16>.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<UInt16>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<UInt16>.self)
    }
    // Lane loops: LLVM emits pminub/pmaxub (or the type's min/max) for them; mask-based
    // `replacing(with:where:)` sometimes degrades into compare-and-blend sequences.
    @inline(__always) static func minimum(_ a: UInt16Lanes, _ b: UInt16Lanes) -> UInt16Lanes {
        var r = a
        for j in 0..<16 { r.v[j] = b.v[j] < a.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func maximum(_ a: UInt16Lanes, _ b: UInt16Lanes) -> UInt16Lanes {
        var r = a
        for j in 0..<16 { r.v[j] = a.v[j] < b.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func sort(_ a: inout UInt16Lanes, _ b: inout UInt16Lanes) {
        let lo = minimum(a, b)
        b = maximum(a, b)
        a = lo
    }
}

struct FloatLanes: MedianVector {
    var v: SIMD8<Float>
    static var laneCount: Int { 8 }
    @inline(__always) init(_ p: UnsafePointer<Float>) { v = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    }
    // Lane loops: LLVM turns them into minps/maxps, while `replacing(with:where:)` on 8 floats becomes
    // compare-and-blend sequences.
    @inline(__always) static func minimum(_ a: FloatLanes, _ b: FloatLanes) -> FloatLanes {
        var r = a
        for j in 0..<8 { r.v[j] = b.v[j] < a.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func maximum(_ a: FloatLanes, _ b: FloatLanes) -> FloatLanes {
        var r = a
        for j in 0..<8 { r.v[j] = a.v[j] < b.v[j] ? b.v[j] : a.v[j] }
        return r
    }
    @inline(__always) static func sort(_ a: inout FloatLanes, _ b: inout FloatLanes) {
        let lo = minimum(a, b)
        b = maximum(a, b)
        a = lo
    }
}
