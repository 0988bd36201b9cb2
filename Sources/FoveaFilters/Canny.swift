import CFoveaKernels
import FoveaCore

extension Image where Sample: FilterSample {
    /// Canny edges exactly as OpenCV's `Canny(image, low, high, apertureSize = 3, L2gradient)`:
    /// **no smoothing** (OpenCV does not blur either — use ``cannyEdges(sigma:low:high:norm:threads:)`` or
    /// blur first), 3×3 Sobel derivatives with a replicated border, non-maximum suppression along the
    /// gradient direction quantized to 0°, 45°, 90°, 135° (OpenCV's tan 22.5° fixed-point test), then
    /// hysteresis: pixels above `high` are edges, and pixels above `low` that survive suppression are edges
    /// when 8-connected to one.
    ///
    /// - Parameters:
    ///   - low: Lower threshold on the gradient magnitude, in the input's units (UInt8: Sobel units 0…2040
    ///     for L1). Swapped with `high` if larger.
    ///   - high: Upper threshold.
    ///   - norm: `.l1` (`|gx| + |gy|`, OpenCV's default) or `.l2` (`√(gx² + gy²)`).
    ///   - threads: Row bands processed in parallel; the result is identical for any count.
    /// - Returns: A gray UInt8 image, 255 on edges and 0 elsewhere. For several channels each pixel uses the
    ///   channel with the largest gradient magnitude (the first on ties), as OpenCV does.
    public func cannyEdges(
        low: Double, high: Double, norm: GradientNorm = .l1, threads: Int = Parallel.defaultThreadCount
    ) -> Image<UInt8> {
        CannyDetector.edges(self, low: low, high: high, norm: norm, threads: threads)
    }

    /// Canny edges after a Gaussian blur of standard deviation `sigma` (kernel size by OpenCV's rule, see
    /// ``gaussianBlurred(sigma:sigmaY:size:border:threads:)``, reflect-101 border): the textbook detector.
    /// Equals `gaussianBlurred(sigma:).cannyEdges(low:high:norm:)`.
    public func cannyEdges(
        sigma: Double, low: Double, high: Double, norm: GradientNorm = .l1,
        threads: Int = Parallel.defaultThreadCount
    ) -> Image<UInt8> {
        gaussianBlurred(sigma: sigma, threads: threads).cannyEdges(low: low, high: high, norm: norm, threads: threads)
    }
}

enum CannyDetector {
    /// Map codes, as in OpenCV: 0 = candidate (weak edge), 1 = not an edge, 2 = edge; and 3 = an edge the
    /// hysteresis reached from a seed (its neighbours are traced already, so it is no seed itself).
    static let candidate: UInt8 = 0
    static let none: UInt8 = 1
    static let edge: UInt8 = 2
    static let tracedEdge: UInt8 = 3

    /// Row bands in parallel: Sobel rows (fused), magnitude, non-maximum suppression into a zero-bordered
    /// map, hysteresis inside the band, and the band's rows of the output; then, on one thread, hysteresis across
    /// the band boundaries, which marks what it reaches in the map and in the output. Hysteresis marks the
    /// candidates 8-connected to a strong pixel, a closure that does not depend on the order of the tracing, so
    /// neither does the result on `threads` or on the bands.
    ///
    /// With several threads there are eight bands per thread (at least 16 rows each), claimed one at a time: the
    /// tracing's cost follows the edges, which are not spread evenly over an image (on the 1024² benchmark photo,
    /// two equal halves left one thread waiting for the other for ~8% of the call, issue 18; four bands a thread
    /// still left ~5%, sixteen cost more in repeated Sobel rows than they saved). Each band also
    /// initializes its own rows of the map and writes its own rows of the output while they are in cache, so no
    /// pass over the whole image remains outside the bands.
    static func edges<In: FilterSample & PixelSample>(
        _ image: Image<In>, low lowIn: Double, high highIn: Double, norm: GradientNorm, threads: Int
    ) -> Image<UInt8> {
        let w = image.width, h = image.height, c = image.channelCount
        guard w > 0, h > 0 else { return Image<UInt8>.assumingValid(width: w, height: h, layout: .gray, samples: []) }
        var low = Swift.min(lowIn, highIn), high = Swift.max(lowIn, highIn)
        if norm == .l2 {
            low = Swift.min(32767, low)
            high = Swift.min(32767, high)
            if low > 0 { low *= low }
            if high > 0 { high *= high }
        }
        let lowF = Float(low), highF = Float(high)
        let mw = w + 2
        let shape = PlaneShape(width: w, height: h, channels: c)
        let bandsPerThread = 8
        let bandCount = Swift.max(1, Swift.min(threads > 1 ? Swift.min(threads, h) * bandsPerThread : 1, h / 16))
        func bandRows(_ b: Int) -> Range<Int> { (h * b / bandCount)..<(h * (b + 1) / bandCount) }
        // Every map byte is initialized by the band that owns its row (map rows 1…h), or, for the border rows 0
        // and h + 1, by the first and the last band.
        let mapCount = mw * (h + 2)
        // The tracing keeps map indices as Int32 (half the stack's memory traffic): a limit of 2³¹ − 1 map bytes,
        // a 46,338² image at most; beyond it, stop here rather than trace with wrapped indices.
        precondition(mapCount <= Int(Int32.max), "Canny: \(w)×\(h) is more than 2³¹ − 1 pixels with its border")
        let mapStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: mapCount)
        defer { mapStorage.deallocate() }
        let out = [UInt8](unsafeUninitializedCapacity: w * h) { o, initialized in
            let mp = UncheckedSendable(mapStorage)
            let target = UncheckedSendable(o.nonEmptyBaseAddress)
            image.withUnsafeBufferPointer { src in
                let s = UncheckedSendable(src.nonEmptyBaseAddress)
                Parallel.forEachChunk(of: bandCount, threads: threads, chunksPerThread: bandsPerThread) { bands in
                    for b in bands {
                        let rows = bandRows(b)
                        let first = b == 0 ? 0 : rows.lowerBound + 1
                        let end = b == bandCount - 1 ? h + 2 : rows.upperBound + 1
                        (mp.value + first * mw).initialize(repeating: none, count: (end - first) * mw)
                        let tracer = HysteresisTracer(map: mp.value, width: w, rows: rows)
                        let seeds = band(
                            s.value, shape: shape, rows: rows, norm: norm, low: lowF, high: highF, map: mp.value,
                            seeds: tracer.stack)
                        tracer.trace(seeds: seeds)
                        tracer.deallocate()
                        // The band's output while its map rows are still in cache: 2 or 3 (edge) → 255, 0 or 1 → 0.
                        for y in rows {
                            let row = mp.value + (y + 1) * mw + 1
                            let t = target.value + y * w
                            for x in 0..<w { t[x] = 0 &- (row[x] >> 1) }
                        }
                    }
                }
            }
            // A path from a seed to a candidate that crosses a band boundary has an edge next to a candidate
            // across some boundary; tracing from there, without the band's limits, completes the closure, and
            // marks each candidate it reaches in the output too.
            if bandCount > 1 {
                let tracer = HysteresisTracer(map: mp.value, width: w, rows: 0..<h, output: target.value)
                for b in 1..<bandCount { tracer.traceAcross(boundary: bandRows(b).lowerBound) }
                tracer.deallocate()
            }
            initialized = w * h
        }
        return Image<UInt8>.assumingValid(width: w, height: h, layout: .gray, samples: out)
    }

    /// Magnitude and suppression for the rows of one band, written into the map; the map indices of its seeds
    /// (edges, code 2), in raster order, go to `seeds`. Returns how many.
    static func band<In: FilterSample & PixelSample>(
        _ src: UnsafePointer<In>, shape: PlaneShape, rows: Range<Int>, norm: GradientNorm, low: Float,
        high: Float, map: UnsafeMutablePointer<UInt8>, seeds: UnsafeMutablePointer<Int32>
    ) -> Int {
        let w = shape.width, h = shape.height, c = shape.channels
        let mw = w + 2
        // Ring of 3 zero-bordered magnitude rows, ring of 2 chosen-derivative rows, one zero row.
        let magnitudes = UnsafeMutablePointer<Float>.allocate(capacity: 4 * mw)
        magnitudes.initialize(repeating: 0, count: 4 * mw)
        let derivatives = UnsafeMutablePointer<Float>.allocate(capacity: 4 * w)
        derivatives.initialize(repeating: 0, count: 4 * w)
        defer {
            magnitudes.deallocate()
            derivatives.deallocate()
        }
        let zeroRow = UnsafePointer(magnitudes + 3 * mw)
        func magnitudeRow(_ y: Int) -> UnsafeMutablePointer<Float> { magnitudes + (y % 3) * mw + 1 }
        func magnitudeRowOrZero(_ y: Int) -> UnsafePointer<Float> {
            y < 0 || y >= h ? zeroRow + 1 : UnsafePointer(magnitudeRow(y))
        }
        func dxRow(_ y: Int) -> UnsafeMutablePointer<Float> { derivatives + (y % 2) * 2 * w }
        var seedCount = 0
        func suppress(_ y: Int) {
            suppressRow(
                previous: magnitudeRowOrZero(y - 1), current: magnitudeRowOrZero(y), next: magnitudeRowOrZero(y + 1),
                dx: dxRow(y), dy: dxRow(y) + w, width: w, low: low, high: high, map: map, at: (y + 1) * mw + 1,
                seeds: seeds, seedCount: &seedCount)
        }
        let computed = Swift.max(0, rows.lowerBound - 1)..<Swift.min(h, rows.upperBound + 1)
        FusedSobel.forEachRow(src, shape: shape, border: .replicate, rows: computed) { y, gx, gy in
            let m = magnitudeRow(y)
            let dx = dxRow(y), dy = dx + w
            if c == 1 {
                dx.update(from: gx, count: w)
                dy.update(from: gy, count: w)
                FloatKernels.magnitudeSquaredOrL1(gx, gy, count: w, norm: norm, into: m)
            } else {
                // Per pixel, the channel with the largest magnitude (the first on ties), as OpenCV does.
                for x in 0..<w {
                    var best: Float = -1
                    for ch in 0..<c {
                        let a = gx[x * c + ch], b = gy[x * c + ch]
                        let v = norm == .l1 ? abs(a) + abs(b) : a * a + b * b
                        if v > best {
                            best = v
                            dx[x] = a
                            dy[x] = b
                        }
                    }
                    m[x] = best
                }
            }
            if y - 1 >= rows.lowerBound { suppress(y - 1) }
        }
        if rows.upperBound == h { suppress(h - 1) }
        return seedCount
    }

    /// One row of OpenCV's non-maximum suppression over zero-bordered magnitude rows, into the map bytes from
    /// index `rowStart`; the indices of the row's edges (code 2) are appended to `seeds[seedCount...]`, as
    /// OpenCV pushes them during suppression.
    @inline(__always)
    static func suppressRow(
        previous prev: UnsafePointer<Float>, current mag: UnsafePointer<Float>, next: UnsafePointer<Float>,
        dx: UnsafePointer<Float>, dy: UnsafePointer<Float>, width: Int, low: Float, high: Float,
        map fullMap: UnsafeMutablePointer<UInt8>, at rowStart: Int, seeds: UnsafeMutablePointer<Int32>,
        seedCount: inout Int
    ) {
        let map = fullMap + rowStart
        // The same Float tests in C, 16 or 8 lanes at a time (fovea_canny.h), where the CPU has them.
        let level = fovea_simd_level()
        let first = Int32(rowStart)
        var x =
            level >= 2
            ? fovea_canny_suppress_row_avx512(
                prev, mag, next, dx, dy, width, low, high, map, first, seeds, &seedCount)
            : level == 1
                ? fovea_canny_suppress_row_avx2(
                    prev, mag, next, dx, dy, width, low, high, map, first, seeds, &seedCount)
                : 0
        let lows = SIMD8<Float>(repeating: low), highs = SIMD8<Float>(repeating: high)
        // Eight pixels at a time. The direction tests are OpenCV's, rearranged so Float stays exact for
        // integer derivatives below 1236 (UInt8 Sobel reaches 1020):
        // |dy|·2¹⁵ < |dx|·13573 (near horizontal), (|dy| − 2|dx|)·2¹⁵ > |dx|·13573 (near vertical).
        while x + 8 <= width {
            let m = loadFloats(mag + x)
            let above = m .> lows
            if !any(above) {
                x += 8
                continue
            }
            let xs = loadFloats(dx + x), ys = loadFloats(dy + x)
            let ax = magnitudes(xs), ay = magnitudes(ys)
            let tg22x = ax * 13573
            let horizontal = ay * 32768 .< tg22x
            let vertical = (ay - 2 * ax) * 32768 .> tg22x
            let signsDiffer = (xs .< 0) .^ (ys .< 0)
            let left = loadFloats(mag + x - 1), right = loadFloats(mag + x + 1)
            let up = loadFloats(prev + x), down = loadFloats(next + x)
            let upLeft = loadFloats(prev + x - 1), upRight = loadFloats(prev + x + 1)
            let downLeft = loadFloats(next + x - 1), downRight = loadFloats(next + x + 1)
            let horizontalMax = (m .> left) .& (m .>= right)
            let verticalMax = (m .> up) .& (m .>= down)
            let diagonalMax =
                (.!signsDiffer .& (m .> upLeft) .& (m .> downRight))
                .| (signsDiffer .& (m .> upRight) .& (m .> downLeft))
            let diagonal = .!horizontal .& .!vertical
            let isMaximum =
                above
                .& ((horizontal .& horizontalMax) .| (vertical .& verticalMax) .| (diagonal .& diagonalMax))
            var code = SIMD8<Int32>(repeating: Int32(none))
            code.replace(with: Int32(candidate), where: isMaximum)
            let isEdge = isMaximum .& (m .> highs)
            code.replace(with: Int32(edge), where: isEdge)
            UnsafeMutableRawPointer(map + x).storeBytes(
                of: SIMD8<UInt8>(truncatingIfNeeded: code), as: SIMD8<UInt8>.self)
            if any(isEdge) {
                for lane in 0..<8 where isEdge[lane] {
                    seeds[seedCount] = Int32(rowStart + x + lane)
                    seedCount += 1
                }
            }
            x += 8
        }
        // The last width mod 8 pixels one at a time, the direction tests in Double (tan(22.5°) in OpenCV's 15-bit
        // fixed point), exact for any Float derivatives.
        let tg22: Double = 13573
        while x < width {
            let m = mag[x]
            defer { x += 1 }
            guard m > low else { continue }  // the map starts as `none`
            let xs = dx[x], ys = dy[x]
            let ax = Double(abs(xs)), ay = Double(abs(ys)) * 32768
            let tg22x = ax * tg22
            let isMaximum: Bool
            if ay < tg22x {
                isMaximum = m > mag[x - 1] && m >= mag[x + 1]
            } else if ay > tg22x + ax * 65536 {
                isMaximum = m > prev[x] && m >= next[x]
            } else {
                let s = (xs < 0) != (ys < 0) ? -1 : 1
                isMaximum = m > prev[x - s] && m > next[x + s]
            }
            if isMaximum {
                map[x] = m > high ? edge : candidate
                if m > high {
                    seeds[seedCount] = Int32(rowStart + x)
                    seedCount += 1
                }
            }
        }
    }
}

extension FloatKernels {
    /// `out[i] = |a| + |b|` (`.l1`) or `a² + b²` (`.l2`, squared: Canny compares with squared thresholds).
    static func magnitudeSquaredOrL1(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, norm: GradientNorm,
        into out: UnsafeMutablePointer<Float>
    ) {
        switch norm {
        case .l1: for i in 0..<count { out[i] = abs(a[i]) + abs(b[i]) }
        case .l2: for i in 0..<count { out[i] = a[i] * a[i] + b[i] * b[i] }
        }
    }
}

/// Depth-first hysteresis over the image rows `rows` of Canny's map (zero-bordered: image row y is map row
/// y + 1, `width + 2` bytes a row): from a seed, every candidate 8-connected to it through candidates inside
/// those rows becomes a traced edge. Reads and writes only those rows, so bands can trace at the same time.
struct HysteresisTracer {
    let map: UnsafeMutablePointer<UInt8>
    let width: Int
    let rows: Range<Int>
    /// When set, the `width`-wide output image: every candidate traced is also set to 255 there.
    let output: UnsafeMutablePointer<UInt8>?
    /// The map indices of the rows: `start..<end`.
    let start: Int, end: Int
    /// Each pixel is pushed at most once: a seed before the tracing, a candidate when it becomes a traced edge
    /// (and ``trace(from:)`` pushes its start onto an empty stack), so the rows' pixel count + 1 entries are
    /// enough (``CannyDetector/band(_:shape:rows:norm:low:high:map:seeds:)``'s AVX-512 loop stores 16 indices at
    /// a time but stays inside the rows' pixel count); one more for the unchecked growth's write one past the top.
    let stack: UnsafeMutablePointer<Int32>

    init(map: UnsafeMutablePointer<UInt8>, width: Int, rows: Range<Int>, output: UnsafeMutablePointer<UInt8>? = nil) {
        self.map = map
        self.width = width
        self.rows = rows
        self.output = output
        start = (rows.lowerBound + 1) * (width + 2)
        end = (rows.upperBound + 1) * (width + 2)
        stack = UnsafeMutablePointer<Int32>.allocate(capacity: rows.count * width + 2)
    }

    func deallocate() { stack.deallocate() }

    /// Traces from the `count` seeds (map indices of code-2 pixels inside the rows) at the bottom of the stack,
    /// as OpenCV does: each candidate 8-connected to a seed becomes a traced edge and is pushed in turn. A popped
    /// pixel whose eight neighbours all lie inside the rows (all but those of the first and last row) grows
    /// them without branches: each neighbour's byte gets `| 3` when it is a candidate (code 0) and `| 0`
    /// otherwise, and is pushed but kept only when it was one — which of the eight is a candidate is a coin
    /// toss to the branch predictor. The pixels of the first and the last row take the checked path.
    func trace(seeds count: Int) {
        let mw = width + 2
        let inner = (start + mw + 1)..<Swift.max(start + mw + 1, end - mw - 1)  // empty for one or two rows
        var top = count
        while top > 0 {
            top -= 1
            let p = Int(stack[top])
            if inner.contains(p) {
                growUnchecked(p - mw - 1, &top)
                growUnchecked(p - mw, &top)
                growUnchecked(p - mw + 1, &top)
                growUnchecked(p - 1, &top)
                growUnchecked(p + 1, &top)
                growUnchecked(p + mw - 1, &top)
                growUnchecked(p + mw, &top)
                growUnchecked(p + mw + 1, &top)
            } else {
                growNeighbours(of: p, &top)
            }
        }
    }

    /// Traces from every edge (code 2 or 3) of image row `y − 1` with a candidate neighbour in row `y`, and
    /// from every edge of row `y` with one in row `y − 1`. Eight map bytes at a time (an edge is a byte with
    /// bit 1 set; most words have none). A word's edges are read before they are traced: a candidate the tracing
    /// turns into an edge meanwhile was expanded by that tracing already, so it needs no trace of its own.
    func traceAcross(boundary y: Int) {
        traceAcross(edgeRow: y - 1, otherRow: y)
        traceAcross(edgeRow: y, otherRow: y - 1)
    }

    private func traceAcross(edgeRow: Int, otherRow: Int) {
        let mw = width + 2
        let edges = map + (edgeRow + 1) * mw + 1
        let other = (otherRow + 1) * mw + 1
        func traceIfCandidateAcross(_ x: Int) {
            let q = other + x
            let candidate = CannyDetector.candidate
            if map[q - 1] == candidate || map[q] == candidate || map[q + 1] == candidate {
                trace(from: (edgeRow + 1) * mw + x + 1)
            }
        }
        var x = 0
        while x + 8 <= width {
            var bits = UInt64(littleEndian: UnsafeRawPointer(edges + x).loadUnaligned(as: UInt64.self))
            bits = (bits >> 1) & 0x0101_0101_0101_0101
            while bits != 0 {
                traceIfCandidateAcross(x + bits.trailingZeroBitCount / 8)
                bits &= bits &- 1
            }
            x += 8
        }
        while x < width {
            if edges[x] >= CannyDetector.edge { traceIfCandidateAcross(x) }
            x += 1
        }
    }

    /// Depth-first from the map index `p`.
    @inline(__always)
    func trace(from p: Int) {
        stack[0] = Int32(p)
        var top = 1
        while top > 0 {
            top -= 1
            growNeighbours(of: Int(stack[top]), &top)
        }
    }

    /// ``grow(_:_:)`` for the eight neighbours of map index `p`.
    @inline(__always)
    private func growNeighbours(of p: Int, _ top: inout Int) {
        let mw = width + 2
        grow(p - mw - 1, &top)
        grow(p - mw, &top)
        grow(p - mw + 1, &top)
        grow(p - 1, &top)
        grow(p + 1, &top)
        grow(p + mw - 1, &top)
        grow(p + mw, &top)
        grow(p + mw + 1, &top)
    }

    /// ``grow(_:_:)`` without the rows check or the output, and without a branch (see ``trace(seeds:)``).
    @inline(__always)
    private func growUnchecked(_ q: Int, _ top: inout Int) {
        let code = map[q]
        let isCandidate = code == CannyDetector.candidate
        map[q] = code | (isCandidate ? CannyDetector.tracedEdge : 0)
        stack[top] = Int32(q)
        top &+= isCandidate ? 1 : 0
    }

    /// Turns a candidate at map index `q` inside the rows into a traced edge and pushes it.
    @inline(__always)
    private func grow(_ q: Int, _ top: inout Int) {
        if q >= start && q < end && map[q] == CannyDetector.candidate {
            map[q] = CannyDetector.tracedEdge
            if let output {
                let mw = width + 2
                output[(q / mw - 1) * width + q % mw - 1] = 255
            }
            stack[top] = Int32(q)
            top += 1
        }
    }
}
