import CFoveaKernels
import FoveaCore

/// Which output positions a correlation computes.
public enum FilterRegion: Sendable, Hashable {
    /// Output the size of the input; samples beyond the edge come from the border mode
    /// (OpenCV's `filter2D`, scipy's `mode='same'`).
    case same
    /// Only the positions where the kernel lies entirely inside the image: the output is
    /// `(width − kernel.width + 1) × (height − kernel.height + 1)` (empty if the kernel is larger), and
    /// output (x, y) has the kernel's top-left cell over input (x, y); the anchor and border play no role
    /// (scipy's and NumPy's `mode='valid'`, deep learning's "no padding").
    case valid
}

/// Width, height and interleaved channel count of a sample plane.
struct PlaneShape {
    var width: Int
    var height: Int
    var channels: Int
    var rowCount: Int { width * channels }
}

/// The correlation engine: rows are converted to `Float` once, padded horizontally by the border mode in a
/// per-band row buffer, and filtered with SIMD loops over whole rows (all channels interleaved, so a tap
/// at column offset `kx` is a shift by `kx · channels` samples). Bands of output rows run in parallel;
/// every output row is computed the same way whatever the banding, so results do not depend on `threads`.
enum CorrelationEngine {
    /// Output size for `region`.
    static func outputShape(_ s: PlaneShape, kernel: Kernel, region: FilterRegion) -> PlaneShape {
        switch region {
        case .same: s
        case .valid:
            PlaneShape(
                width: Swift.max(0, s.width - kernel.width + 1), height: Swift.max(0, s.height - kernel.height + 1),
                channels: s.channels)
        }
    }

    /// Correlates `source` (shape `shape`) with `kernel` into `output` (shape `outputShape(...)`).
    static func correlate<In: FilterSample & PixelSample, Out: FilterSample>(
        _ source: UnsafeBufferPointer<In>, shape: PlaneShape, kernel: Kernel, border: BorderMode,
        region: FilterRegion, into output: UnsafeMutableBufferPointer<Out>, threads: Int
    ) {
        let outShape = outputShape(shape, kernel: kernel, region: region)
        guard outShape.width > 0, outShape.height > 0, shape.width > 0, shape.height > 0 else { return }
        let padder = RowPadder(
            shape: shape, outWidth: outShape.width, kernel: kernel, border: border, region: region, sample: In.self)
        let src = UncheckedSendable(source.nonEmptyBaseAddress)
        let dst = UncheckedSendable(output.nonEmptyBaseAddress)
        let minimumRows = Swift.max(4, 32768 / Swift.max(1, outShape.rowCount))
        // Kernels up to 3 rows tall are memory-bound (a 1024² Float row moves 12 bytes a pixel): four bands a thread,
        // so a thread on a core slowed by the host's other load hands its last bands to the other (issue 18). A band
        // costs its first kh − 1 rows twice in the ring paths, so taller kernels keep one band a thread.
        let balance = kernel.height <= 3 ? 4 : 1
        func forEachBand(_ body: (Range<Int>) -> Void) {
            Parallel.forEachChunk(
                of: outShape.height, threads: threads, minimumChunk: minimumRows, chunksPerThread: balance, body)
        }
        if In.self == UInt8.self, Out.self == Float.self, let small = SmallIntegerKernel3x3(kernel),
            let constant = UInt8(exactly: padder.constant)
        {
            let bytes = UncheckedSendable(
                UnsafeRawPointer(source.nonEmptyBaseAddress).assumingMemoryBound(to: UInt8.self))
            let floats = UncheckedSendable(
                UnsafeMutableRawPointer(output.nonEmptyBaseAddress).assumingMemoryBound(to: Float.self))
            forEachBand { rows in
                small.band(
                    bytes.value, padder: padder, constant: constant, count: outShape.rowCount, rows: rows,
                    into: floats.value)
            }
            return
        }
        if let row = kernel.rowFactor, let column = kernel.columnFactor, In.self == Float.self {
            let floats = UncheckedSendable(
                UnsafeRawPointer(source.nonEmptyBaseAddress).assumingMemoryBound(to: Float.self))
            forEachBand { rows in
                verticalFirstBand(
                    floats.value, padder: padder, row: row, column: column, outShape: outShape, rows: rows,
                    into: dst.value)
            }
        } else if let row = kernel.rowFactor, let column = kernel.columnFactor {
            forEachBand { rows in
                separableBand(
                    src.value, padder: padder, row: row, column: column, outShape: outShape, rows: rows, into: dst.value
                )
            }
        } else if In.self == Float.self, kernel.width == 3, kernel.height == 3,
            let split = EdgeSplit(padder: padder, outCount: outShape.rowCount)
        {
            let floats = UncheckedSendable(
                UnsafeRawPointer(source.nonEmptyBaseAddress).assumingMemoryBound(to: Float.self))
            forEachBand { rows in
                dense3x3FloatBand(
                    floats.value, padder: padder, kernel: kernel, split: split, outShape: outShape, rows: rows,
                    into: dst.value)
            }
        } else {
            forEachBand { rows in
                denseBand(src.value, padder: padder, kernel: kernel, outShape: outShape, rows: rows, into: dst.value)
            }
        }
    }

    /// A separable kernel, horizontal taps first: each padded source row is filtered by the row pass into a
    /// ring slot, and each output row is the column pass over the last `kh` slots.
    private static func separableBand<In: FilterSample, Out: FilterSample>(
        _ src: UnsafePointer<In>, padder: RowPadder, row: [Float], column: [Float], outShape: PlaneShape,
        rows: Range<Int>, into dst: UnsafeMutablePointer<Out>
    ) {
        let n = outShape.rowCount
        let pad = UnsafeMutablePointer<Float>.allocate(capacity: padder.paddedCount + 8)
        defer { pad.deallocate() }
        row.withUnsafeBufferPointer { rw in
            column.withUnsafeBufferPointer { cw in
                ringBand(padder: padder, kernelHeight: column.count, slotCount: n, outCount: n, rows: rows, into: dst) {
                    v, slot in
                    padder.load(src, virtualRow: v, into: pad)
                    FloatKernels.rowPass(pad, weights: rw, channels: padder.channels, count: n, into: slot)
                } pass: { rowPointers, out in
                    FloatKernels.columnPass(rowPointers, weights: cw, count: n, into: out)
                }
            }
        }
    }

    /// A separable kernel over Float samples, vertical taps first: each output row is the column pass straight
    /// over the source rows (no copy, no ring of filtered rows), padded horizontally by the border mode, then the
    /// row pass. The working set is the `kh` source rows and one padded row, so it stays in L1/L2.
    ///
    /// Outside the image horizontally, the padded value is the column pass of the border's source column, or
    /// for a constant border `Σ column weights · constant` (every row contributes the constant there).
    private static func verticalFirstBand<Out: FilterSample>(
        _ src: UnsafePointer<Float>, padder: RowPadder, row: [Float], column: [Float], outShape: PlaneShape,
        rows: Range<Int>, into dst: UnsafeMutablePointer<Out>
    ) {
        let kh = column.count
        let n = outShape.rowCount
        let c = padder.channels
        let sourceCount = padder.width * c
        let padded = UnsafeMutablePointer<Float>.allocate(capacity: padder.paddedCount + 8)
        let acc = UnsafeMutablePointer<Float>.allocate(capacity: n + 8)
        let constantRow = UnsafeMutablePointer<Float>.allocate(capacity: sourceCount)
        constantRow.initialize(repeating: padder.constant, count: sourceCount)
        let rowPointers = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: kh)
        defer {
            padded.deallocate()
            acc.deallocate()
            constantRow.deallocate()
            rowPointers.deallocate()
        }
        let interior = padded + padder.left * c
        let outsideValue = column.reduce(Float(0)) { $0 + $1 * padder.constant }
        // Each padded pixel outside the image: its sample offset in `padded` and its source column (−1: the outside
        // value), as the C row function takes them.
        let fillOffsets =
            padder.leftSources.indices.map { $0 * c }
            + padder.rightSources.indices.map { (padder.left + padder.width + $0) * c }
        let fillSources = padder.leftSources + padder.rightSources
        fillOffsets.withUnsafeBufferPointer { offsets in
            fillSources.withUnsafeBufferPointer { sources in
                row.withUnsafeBufferPointer { rw in
                    column.withUnsafeBufferPointer { cw in
                        func fillBorder() {
                            for (offset, s) in zip(offsets, sources) {
                                for ch in 0..<c { padded[offset + ch] = s < 0 ? outsideValue : interior[s * c + ch] }
                            }
                        }
                        func sourceRow(_ v: Int) -> UnsafePointer<Float> {
                            padder.border.sourceIndex(v, count: padder.height).map {
                                UnsafePointer(src + $0 * sourceCount)
                            } ?? UnsafePointer(constantRow)
                        }
                        if var plan = FusedSeparable3x3.plan(
                            padder: padder, outCount: n, row: rw, column: cw, fillOffsets: offsets,
                            fillSources: sources, outside: outsideValue, level: Int(fovea_simd_level()))
                        {
                            // The fused C rows: the band's source rows as consecutive pointers (row y reads the three
                            // from y − top); a Float output takes the whole band in one call, straight into it.
                            let sourceRows: [UnsafePointer<Float>?] = (rows.lowerBound..<(rows.upperBound + kh - 1)).map
                            {
                                sourceRow($0 - padder.top)
                            }
                            sourceRows.withUnsafeBufferPointer { pointers in
                                guard let first = pointers.baseAddress, !rows.isEmpty else { return }
                                if Out.self == Float.self {
                                    let out = UnsafeMutableRawPointer(dst + rows.lowerBound * n)
                                    fovea_separable3x3_rows_f32_avx512(
                                        &plan, first, rows.count, padded, out.assumingMemoryBound(to: Float.self), n)
                                } else {
                                    for (i, y) in rows.enumerated() {
                                        fovea_separable3x3_rows_f32_avx512(&plan, first + i, 1, padded, acc, 0)
                                        Out.storeRow(acc, count: n, into: dst + y * n)
                                    }
                                }
                            }
                            return
                        }
                        for y in rows {
                            for k in 0..<kh { rowPointers[k] = sourceRow(y - padder.top + k) }
                            let target =
                                Out.self == Float.self
                                ? UnsafeMutableRawPointer(dst + y * n).assumingMemoryBound(to: Float.self) : acc
                            FloatKernels.columnPass(rowPointers, weights: cw, count: sourceCount, into: interior)
                            fillBorder()
                            FloatKernels.rowPass(padded, weights: rw, channels: c, count: n, into: target)
                            if Out.self != Float.self { Out.storeRow(acc, count: n, into: dst + y * n) }
                        }
                    }
                }
            }
        }
    }

    /// A dense kernel: each padded source row goes into a ring slot as it is, and each output row is the dense
    /// pass over the last `kh` slots.
    private static func denseBand<In: FilterSample, Out: FilterSample>(
        _ src: UnsafePointer<In>, padder: RowPadder, kernel: Kernel, outShape: PlaneShape,
        rows: Range<Int>, into dst: UnsafeMutablePointer<Out>
    ) {
        let n = outShape.rowCount
        let prepared = DenseKernel(kernel, channels: padder.channels)
        ringBand(
            padder: padder, kernelHeight: kernel.height, slotCount: padder.paddedCount + 8, outCount: n, rows: rows,
            into: dst
        ) { v, slot in
            padder.load(src, virtualRow: v, into: slot)
        } pass: { rowPointers, out in
            FloatKernels.densePass(rowPointers, kernel: prepared, count: n, into: out)
        }
    }

    /// A 3×3 dense kernel over Float samples, without copying rows: the middle of each output row (samples
    /// `split.head ..< split.tail`, whose taps all fall inside the source row) is the dense pass straight over the
    /// three source rows; only the first `head` and the last samples, whose taps reach into the padding, read a
    /// small copy of the padded row's two ends, made once per source row into a ring of three. The pieces start at
    /// multiples of 16, so every sample is computed with the formula ``denseBand`` uses for it (same bits).
    private static func dense3x3FloatBand<Out: FilterSample>(
        _ src: UnsafePointer<Float>, padder: RowPadder, kernel: Kernel, split: EdgeSplit, outShape: PlaneShape,
        rows: Range<Int>, into dst: UnsafeMutablePointer<Out>
    ) {
        let n = outShape.rowCount
        let c = padder.channels
        let sourceCount = padder.width * c
        let prepared = DenseKernel(kernel, channels: c)
        guard let k = prepared.dense3x3 else { return }
        let edgeCount = split.indices.count
        let headCount = split.head + 2 * c
        let middleStart = split.head - padder.left * c
        let constant = padder.constant
        let edges = UnsafeMutablePointer<Float>.allocate(capacity: 3 * edgeCount)
        let acc = UnsafeMutablePointer<Float>.allocate(capacity: n + 8)
        let constantRow = UnsafeMutablePointer<Float>.allocate(capacity: sourceCount)
        constantRow.initialize(repeating: constant, count: sourceCount)
        let sources = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 3)
        let rowPointers = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 3)
        defer {
            edges.deallocate()
            acc.deallocate()
            constantRow.deallocate()
            sources.deallocate()
            rowPointers.deallocate()
        }
        /// One piece of an output row: the 3×3 stages, then (for a short last block) the dense pass's tail stages.
        @inline(__always)
        func piece(
            _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, count: Int,
            into out: UnsafeMutablePointer<Float>, taps: UnsafeBufferPointer<DenseTap>
        ) {
            let done = FloatKernels.dense3x3Pass(r0, r1, r2, k, count: count, into: out)
            guard done < count else { return }
            rowPointers[0] = r0
            rowPointers[1] = r1
            rowPointers[2] = r2
            FloatKernels.denseTail(rowPointers, taps: taps, count: count, into: out, from: done)
        }
        let level = fovea_simd_level()
        var weights = (k.w0, k.w1, k.w2, k.w3, k.w4, k.w5, k.w6, k.w7, k.w8)
        let pieceRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: 6)
        let pieceOuts = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: 2)
        let pieceCounts = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        defer {
            pieceRows.deallocate()
            pieceOuts.deallocate()
            pieceCounts.deallocate()
        }
        (pieceCounts[0], pieceCounts[1]) = (split.head, split.tail - split.head)
        let pieceRowsC = UnsafeRawPointer(pieceRows).assumingMemoryBound(to: UnsafePointer<Float>?.self)
        let pieceOutsC = UnsafeRawPointer(pieceOuts).assumingMemoryBound(to: UnsafeMutablePointer<Float>?.self)
        split.indices.withUnsafeBufferPointer { indices in
            prepared.taps.withUnsafeBufferPointer { taps in
                let first = rows.lowerBound - padder.top
                let last = rows.upperBound - 1 - padder.top + 2
                for v in first...last {
                    let slot = (v - first) % 3
                    let row =
                        padder.border.sourceIndex(v, count: padder.height).map { UnsafePointer(src + $0 * sourceCount) }
                        ?? UnsafePointer(constantRow)
                    sources[slot] = row
                    let e = edges + slot * edgeCount
                    // The row's end is copied after the middle has streamed through it (below), not before: a read
                    // at the far end of a row not yet in cache costs a miss the hardware prefetcher did not start.
                    func copyEdges(_ range: Range<Int>) {
                        for t in range {
                            let x = indices[t]
                            e[t] = x >= 0 ? row[x] : constant
                        }
                    }
                    copyEdges(0..<headCount)
                    guard v - first >= 2 else {
                        copyEdges(headCount..<edgeCount)
                        continue
                    }
                    let y = v - 2 + padder.top
                    let s0 = (v - 2 - first) % 3, s1 = (v - 1 - first) % 3
                    let e0 = UnsafePointer(edges + s0 * edgeCount), e1 = UnsafePointer(edges + s1 * edgeCount)
                    let e2 = UnsafePointer(e)
                    let target =
                        Out.self == Float.self
                        ? UnsafeMutableRawPointer(dst + y * n).assumingMemoryBound(to: Float.self) : acc
                    if level >= 1 {
                        // Head and middle in one call (their counts are multiples of 16: the C loop writes them all).
                        (pieceRows[0], pieceRows[1], pieceRows[2]) = (e0, e1, e2)
                        pieceRows[3] = sources[s0] + middleStart
                        pieceRows[4] = sources[s1] + middleStart
                        pieceRows[5] = row + middleStart
                        (pieceOuts[0], pieceOuts[1]) = (target, target + split.head)
                        _ = withUnsafePointer(to: &weights) { tuple in
                            tuple.withMemoryRebound(to: Float.self, capacity: 9) { w in
                                fovea_dense3x3_pieces_f32(
                                    level, pieceRowsC, 2, pieceCounts, pieceOutsC, c, w, k.pattern.code)
                            }
                        }
                    } else {
                        piece(e0, e1, e2, count: split.head, into: target, taps: taps)
                        piece(
                            sources[s0] + middleStart, sources[s1] + middleStart, row + middleStart,
                            count: split.tail - split.head, into: target + split.head, taps: taps)
                    }
                    copyEdges(headCount..<edgeCount)
                    piece(
                        e0 + headCount, e1 + headCount, e2 + headCount, count: n - split.tail,
                        into: target + split.tail, taps: taps)
                    if Out.self != Float.self { Out.storeRow(acc, count: n, into: dst + y * n) }
                }
            }
        }
    }

    /// The loop the ring-buffered bands share. Virtual rows `v` (source row `v`, mapped through the border by
    /// `padder`) from `rows.lowerBound − top` on are made into ring slots of `slotCount` Floats by `fill`; once
    /// `kh` slots are filled, output row `v − (kh − 1) + top` is `pass` over those slots, oldest first, written
    /// straight into `dst` when `Out` is Float, else into a Float row stored with `Out.storeRow`.
    @inline(__always)
    private static func ringBand<Out: FilterSample>(
        padder: RowPadder, kernelHeight kh: Int, slotCount: Int, outCount n: Int, rows: Range<Int>,
        into dst: UnsafeMutablePointer<Out>,
        fill: (_ virtualRow: Int, _ slot: UnsafeMutablePointer<Float>) -> Void,
        pass: (_ rows: UnsafePointer<UnsafePointer<Float>>, _ out: UnsafeMutablePointer<Float>) -> Void
    ) {
        let ring = UnsafeMutablePointer<Float>.allocate(capacity: kh * slotCount + 8)
        let acc = UnsafeMutablePointer<Float>.allocate(capacity: n + 8)
        let rowPointers = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: kh)
        defer {
            ring.deallocate()
            acc.deallocate()
            rowPointers.deallocate()
        }
        let first = rows.lowerBound - padder.top
        let last = rows.upperBound - 1 - padder.top + kh - 1
        for v in first...last {
            fill(v, ring + ((v - first) % kh) * slotCount)
            guard v - first >= kh - 1 else { continue }
            let y = v - (kh - 1) + padder.top
            for k in 0..<kh {
                rowPointers[k] = UnsafePointer(ring + ((v - (kh - 1) + k - first) % kh) * slotCount)
            }
            let target = dst + y * n
            if Out.self == Float.self {
                pass(rowPointers, UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self))
            } else {
                pass(rowPointers, acc)
                Out.storeRow(acc, count: n, into: target)
            }
        }
    }
}

/// Where ``CorrelationEngine``'s copy-free 3×3 band splits an output row of `n` samples: `0 ..< head` and
/// `tail ..< n` read a copy of the padded row's ends (padded samples `0 ..< head + 2c` and `tail ..< n + 2c`),
/// `head ..< tail` reads the source row itself. `head` is the left padding rounded up to 16 samples and `tail`
/// the end of the last 16-sample block whose taps stay inside the row.
struct EdgeSplit: Sendable {
    let head: Int
    let tail: Int
    /// For each sample of the two copied ends, in order, its index in the source row, or −1 for the constant.
    let indices: [Int]

    /// `nil` when the row is too short to have a middle.
    init?(padder: RowPadder, outCount n: Int) {
        let c = padder.channels
        let leftSamples = padder.left * c
        let sourceCount = padder.width * c
        head = (leftSamples + 15) / 16 * 16
        let reach = sourceCount + leftSamples - 2 * c
        guard reach - head >= 16 else { return nil }
        tail = head + (reach - head) / 16 * 16
        guard tail <= n else { return nil }
        func index(_ j: Int) -> Int {
            let p = j / c
            let s: Int
            if p < padder.left {
                s = padder.leftSources[p]
            } else if p < padder.left + padder.width {
                s = p - padder.left
            } else {
                s = padder.rightSources[p - padder.left - padder.width]
            }
            return s < 0 ? -1 : s * c + j % c
        }
        indices = (0..<(head + 2 * c)).map(index) + (tail..<(n + 2 * c)).map(index)
    }
}

/// Where ``CorrelationEngine``'s vertical-first band fuses the two passes of a 3×3 separable kernel
/// (`fovea_separable3x3_rows_f32_avx512`, level 2, 1…4 channels): each row's fused loop starts at the first output at
/// or after the padding whose middle source row is 64-byte aligned there and ends before `fused_limit`; the passes
/// run over the source columns the row's two ends and the border pixels need only. The C function gives every
/// sample the formula the full passes give it (the scalar tails' included); the fused loop is kept clear of those
/// tails.
enum FusedSeparable3x3 {
    /// The C row function's plan for one band, or `nil` where the fused path does not apply (below level 2, not
    /// 3×3, more than 4 channels, rows narrower than 64 samples). The fill buffers must outlive every call that
    /// uses the plan.
    static func plan(
        padder: RowPadder, outCount n: Int, row: UnsafeBufferPointer<Float>, column: UnsafeBufferPointer<Float>,
        fillOffsets: UnsafeBufferPointer<Int>, fillSources: UnsafeBufferPointer<Int>, outside: Float, level: Int
    ) -> fovea_separable3x3_plan? {
        let c = padder.channels
        let sourceCount = padder.width * c
        guard level >= 2, row.count == 3, column.count == 3, c <= 4, sourceCount >= 64 else { return nil }
        let leftSamples = padder.left * c
        // The fused loop reads source columns up to tail − left + 2c, which must stay below the columns whose
        // column sum the full pass computes with its scalar formula (the last width·c mod 8); likewise its outputs
        // stay below the row pass's scalar samples. The aligned start moves the head by up to 15 samples.
        let limit = Swift.min(n / 8 * 8, sourceCount / 8 * 8 - 2 * c + leftSamples)
        guard limit - leftSamples >= 16 + 15 else { return nil }
        var plan = fovea_separable3x3_plan()
        plan.channels = c
        plan.source_count = sourceCount
        plan.out_count = n
        plan.left_samples = leftSamples
        plan.fused_from = leftSamples
        plan.fused_limit = limit
        plan.column_weights = (column[0], column[1], column[2])
        plan.row_weights = (row[0], row[1], row[2])
        plan.column_symmetry = Symmetry(column).code(taps: 3)
        plan.row_symmetry = Symmetry(row).code(taps: 3)
        plan.fill_offsets = fillOffsets.baseAddress
        plan.fill_sources = fillSources.baseAddress
        plan.fill_count = fillOffsets.count
        plan.outside = outside
        return plan
    }
}

/// Loads source rows into a Float buffer padded on both sides according to the border mode.
struct RowPadder: Sendable {
    let width: Int
    let height: Int
    let channels: Int
    /// Padded pixels on the left (the kernel's anchor x for `.same`, 0 for `.valid`).
    let left: Int
    /// Padded rows above (anchor y for `.same`, 0 for `.valid`).
    let top: Int
    /// Pixels in a padded row: output width + kernel width − 1.
    let paddedWidth: Int
    /// For each padded pixel outside the image, its source column, or −1 for a constant border.
    let leftSources: [Int]
    let rightSources: [Int]
    let border: BorderMode
    let constant: Float

    var paddedCount: Int { paddedWidth * channels }

    init<In: PixelSample>(
        shape: PlaneShape, outWidth: Int, kernel: Kernel, border: BorderMode, region: FilterRegion, sample: In.Type
    ) {
        width = shape.width
        height = shape.height
        channels = shape.channels
        let left = region == .same ? kernel.anchorX : 0
        let paddedWidth = outWidth + kernel.width - 1
        self.left = left
        self.paddedWidth = paddedWidth
        top = region == .same ? kernel.anchorY : 0
        self.border = border
        if case .constant(let value) = border { constant = value.sampleUnits(for: In.self) } else { constant = 0 }
        let w = shape.width
        leftSources = (0..<left).map { p in border.sourceIndex(p - left, count: w) ?? -1 }
        let rightStart = left + w
        rightSources = (rightStart..<Swift.max(rightStart, paddedWidth)).map { p in
            border.sourceIndex(p - left, count: w) ?? -1
        }
    }

    /// Fills `pad` with the padded row for virtual row `v` (source row `v`, mapped through the border).
    @inline(__always)
    func load<In: FilterSample>(_ src: UnsafePointer<In>, virtualRow v: Int, into pad: UnsafeMutablePointer<Float>) {
        guard let r = border.sourceIndex(v, count: height) else {
            pad.update(repeating: constant, count: paddedCount)
            return
        }
        let interior = pad + left * channels
        In.loadRow(src + r * width * channels, count: width * channels, into: interior)
        for (p, s) in leftSources.enumerated() {
            fill(pad + p * channels, from: s, interior: interior)
        }
        for (i, s) in rightSources.enumerated() {
            fill(pad + (left + width + i) * channels, from: s, interior: interior)
        }
    }

    /// Like ``load(_:virtualRow:into:)`` but copies samples unconverted (the constant is rounded and
    /// saturated to the sample type by `constantSample`).
    @inline(__always)
    func loadRaw<S>(
        _ src: UnsafePointer<S>, virtualRow v: Int, constantSample: S, into pad: UnsafeMutablePointer<S>
    ) {
        guard let r = border.sourceIndex(v, count: height) else {
            pad.update(repeating: constantSample, count: paddedCount)
            return
        }
        let interior = pad + left * channels
        interior.update(from: src + r * width * channels, count: width * channels)
        for (p, s) in leftSources.enumerated() {
            if s < 0 {
                (pad + p * channels).update(repeating: constantSample, count: channels)
            } else {
                (pad + p * channels).update(from: interior + s * channels, count: channels)
            }
        }
        for (i, s) in rightSources.enumerated() {
            let target = pad + (left + width + i) * channels
            if s < 0 {
                target.update(repeating: constantSample, count: channels)
            } else {
                target.update(from: interior + s * channels, count: channels)
            }
        }
    }

    @inline(__always)
    private func fill(_ target: UnsafeMutablePointer<Float>, from s: Int, interior: UnsafeMutablePointer<Float>) {
        if s < 0 {
            target.update(repeating: constant, count: channels)
        } else {
            target.update(from: interior + s * channels, count: channels)
        }
    }
}
