import FoveaCore
import Foundation

/// One axis of a separable resize: output index `i` is the weighted sum of the `taps` consecutive source
/// samples starting at `first[i]`, with weights `weights[i·taps ..< (i+1)·taps]` (`fixed` holds the same
/// weights as Pillow's 8-bit integers, 22 fractional bits). Windows are shifted inside `0..<inputCount`
/// (zero weights pad them), so kernels never test bounds.
struct ResampleAxis: Sendable {
    let inputCount: Int
    let outputCount: Int
    let taps: Int
    let first: [Int]
    let weights: [Float]
    let fixed: [Int32]
    /// ``fixed`` tap-major, at `k·outputCount + i` (the C loops load 4 consecutive outputs' weights at once).
    let tapMajorFixed: [Int32]
    /// The source indices some output weighs with a non-zero weight, ascending (`[0]` when none does).
    let usedSources: [Int]
    /// For every source index, its position in ``usedSources``, or −1 (only ever read with weight 0).
    let slots: [Int]

    /// Pillow's fraction bits for 8-bit weights (`PRECISION_BITS = 32 − 8 − 2`).
    static let precisionBits: Int32 = 22

    /// Packs per-output windows (first source index, weights in order) into the fixed-`taps` table.
    init(inputCount: Int, windows: [(first: Int, weights: [Double])]) {
        let capacity = max(1, windows.map { $0.weights.count }.max() ?? 1)
        self.init(inputCount: inputCount, outputCount: windows.count, capacity: capacity) { i, scratch in
            for (k, w) in windows[i].weights.enumerated() { scratch[k] = w }
            return (windows[i].first, windows[i].weights.count)
        }
    }

    /// Packs `outputCount` windows into the fixed-`taps` table without an array per window: `window(i, scratch)`
    /// writes output `i`'s weights, in order, into `scratch` (room for `capacity`) and returns its first source
    /// index and weight count.
    init(
        inputCount: Int, outputCount: Int, capacity: Int,
        window: (Int, UnsafeMutablePointer<Double>) -> (first: Int, count: Int)
    ) {
        var starts = [Int](repeating: 0, count: outputCount)
        var counts = [Int](repeating: 0, count: outputCount)
        var scratch = [Double](repeating: 0, count: max(1, outputCount * capacity))
        scratch.withUnsafeMutableBufferPointer { scratch in
            for i in 0..<outputCount {
                let (first, count) = window(i, scratch.nonEmptyBaseAddress + i * capacity)
                starts[i] = first
                counts[i] = min(count, capacity)
            }
        }
        let taps = max(1, min(inputCount, counts.max() ?? 1))
        var first = [Int](repeating: 0, count: outputCount)
        var weights = [Float](repeating: 0, count: outputCount * taps)
        var fixed = [Int32](repeating: 0, count: outputCount * taps)
        let one = Double(1 << ResampleAxis.precisionBits)
        for i in 0..<outputCount {
            var start = min(max(starts[i], 0), inputCount - 1)
            let count = min(counts[i], taps)
            var offset = 0
            if start + taps > inputCount {
                offset = start + taps - inputCount
                start -= offset
            }
            first[i] = start
            for k in 0..<count {
                let w = scratch[i * capacity + k]
                weights[i * taps + offset + k] = Float(w)
                // normalize_coeffs_8bpc: round half away from zero.
                fixed[i * taps + offset + k] = Int32(w < 0 ? (-0.5 + w * one) : (0.5 + w * one))
            }
        }
        self.init(inputCount: inputCount, taps: taps, first: first, weights: weights, fixed: fixed)
    }

    /// An axis from its packed tables (`first`, and `weights` and `fixed` output-major, `taps` per output), the
    /// tap-major copy and the used sources derived from them.
    private init(inputCount: Int, taps: Int, first: [Int], weights: [Float], fixed: [Int32]) {
        let outputCount = first.count
        var tapMajor = [Int32](repeating: 0, count: outputCount * taps)
        var used = [Bool](repeating: false, count: inputCount)
        for i in 0..<outputCount {
            for k in 0..<taps {
                tapMajor[k * outputCount + i] = fixed[i * taps + k]
                if weights[i * taps + k] != 0 || fixed[i * taps + k] != 0 { used[first[i] + k] = true }
            }
        }
        var list = used.indices.filter { used[$0] }
        if list.isEmpty { list = [0] }
        var slots = [Int](repeating: -1, count: inputCount)
        for (slot, index) in list.enumerated() { slots[index] = slot }
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.taps = taps
        self.first = first
        self.weights = weights
        self.fixed = fixed
        self.tapMajorFixed = tapMajor
        self.usedSources = list
        self.slots = slots
    }

    /// The source samples outputs `outputs` read: the first and one past the last index any of their windows
    /// covers (zero-weight padding taps included, since the loops load them).
    func sourceSpan(of outputs: Range<Int>) -> Range<Int> {
        guard !outputs.isEmpty else { return 0..<0 }
        var low = inputCount
        var high = 0
        for i in outputs {
            low = min(low, first[i])
            high = max(high, first[i] + taps)
        }
        return low..<high
    }

    /// Outputs `outputs` of this axis alone, reading source indices relative to ``sourceSpan(of:)``'s start:
    /// output `j` of the result is output `outputs.lowerBound + j` of this axis, with the same weights on the
    /// same source samples (shifted by the span's start), so a resize through it computes those outputs bit for
    /// bit from the span alone.
    func restricted(to outputs: Range<Int>) -> ResampleAxis {
        let span = sourceSpan(of: outputs)
        let lower = outputs.lowerBound * taps
        let upper = outputs.upperBound * taps
        return ResampleAxis(
            inputCount: max(1, span.count), taps: taps, first: outputs.map { first[$0] - span.lowerBound },
            weights: Array(weights[lower..<upper]), fixed: Array(fixed[lower..<upper]))
    }

    /// Bytes of this axis's tables (what a cached copy holds on to).
    var tableBytes: Int {
        8 * (first.count + usedSources.count + slots.count) + 4 * (weights.count + fixed.count + tapMajorFixed.count)
    }

    // MARK: - Pillow (antialiased, and lanczos3 without antialiasing)

    /// Pillow's `precompute_coeffs`: output `i` is centred on source coordinate `start + (i + ½)·scale`
    /// (pixel `j` covers `[j, j + 1)`), the kernel is stretched by `max(scale, 1)` when `antialias`, taps outside
    /// the image are dropped and the rest renormalised to sum 1. `start` and `end` are rounded to `Float` first,
    /// as Pillow's box is.
    ///
    /// Axes are memoised per thread (``ResampleAxisCache``): a stream of resizes between a few sizes, as random
    /// resized crops are, builds each axis once.
    static func pillow(
        filter: ResampleFilter, inputCount: Int, start: Double, end: Double, outputCount: Int, antialias: Bool
    ) -> ResampleAxis {
        let key = ResampleAxisCache.Key(
            filter: filter, inputCount: inputCount, start: start, end: end, outputCount: outputCount,
            antialias: antialias)
        return ResampleAxisCache.axis(for: key) {
            pillowUncached(
                filter: filter, inputCount: inputCount, start: start, end: end, outputCount: outputCount,
                antialias: antialias)
        }
    }

    /// ``pillow(filter:inputCount:start:end:outputCount:antialias:)`` computed afresh.
    static func pillowUncached(
        filter: ResampleFilter, inputCount: Int, start: Double, end: Double, outputCount: Int, antialias: Bool
    ) -> ResampleAxis {
        let in0 = Float(start)
        let scale = Double(Float(end) - in0) / Double(outputCount)
        let filterScale = antialias ? max(scale, 1) : 1
        let support = pillowSupport(filter) * filterScale
        let inverse = 1 / filterScale
        // A window spans at most ⌊c + s + ½⌋ − ⌊c − s + ½⌋ ≤ 2s + 1 pixels.
        let capacity = max(1, min(inputCount, Int((2 * support).rounded(.up)) + 2))
        return ResampleAxis(inputCount: inputCount, outputCount: outputCount, capacity: capacity) { i, weights in
            let center = Double(in0) + (Double(i) + 0.5) * scale
            let xmin = max(Int(center - support + 0.5), 0)  // C's (int) truncates towards zero
            let xmax = min(Int(center + support + 0.5), inputCount) - xmin
            let count = min(max(xmax, 0), capacity)
            var total = 0.0
            for x in 0..<count {
                let w = pillowKernel(filter, (Double(x + xmin) - center + 0.5) * inverse)
                weights[x] = w
                total += w
            }
            if total != 0 { for x in 0..<count { weights[x] /= total } }
            return (xmin, count)
        }
    }

    static func pillowSupport(_ filter: ResampleFilter) -> Double {
        switch filter {
        case .nearest, .area: 0.5
        case .bilinear: 1
        case .bicubic: 2
        case .lanczos3: 3
        }
    }

    static func pillowKernel(_ filter: ResampleFilter, _ t: Double) -> Double {
        switch filter {
        case .nearest, .area:
            return t > -0.5 && t <= 0.5 ? 1 : 0
        case .bilinear:
            let x = abs(t)
            return x < 1 ? 1 - x : 0
        case .bicubic:
            let a = -0.5
            let x = abs(t)
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        case .lanczos3:
            guard t >= -3, t < 3 else { return 0 }
            return sinc(t) * sinc(t / 3)
        }
    }

    static func sinc(_ x: Double) -> Double {
        if x == 0 { return 1 }
        let px = x * Double.pi
        return sin(px) / px
    }

    // MARK: - OpenCV (no antialiasing)

    /// OpenCV's `resize` coefficients for `INTER_LINEAR` and `INTER_CUBIC` (a = −0.75): output `i` samples source
    /// position `start + (i + ½)·scale − ½` (computed in `Float`, as OpenCV), with `scale = 1 / (outputCount /
    /// length)`; bilinear clamps the position into the image, bicubic replicates the edge pixels.
    /// Memoised per thread, as ``pillow(filter:inputCount:start:end:outputCount:antialias:)`` is.
    static func opencv(filter: ResampleFilter, inputCount: Int, start: Double, length: Double, outputCount: Int)
        -> ResampleAxis
    {
        let key = ResampleAxisCache.Key(
            filter: filter, inputCount: inputCount, start: start, end: length, outputCount: outputCount,
            antialias: false, opencv: true)
        return ResampleAxisCache.axis(for: key) {
            opencvUncached(
                filter: filter, inputCount: inputCount, start: start, length: length, outputCount: outputCount)
        }
    }

    /// ``opencv(filter:inputCount:start:length:outputCount:)`` computed afresh.
    static func opencvUncached(
        filter: ResampleFilter, inputCount: Int, start: Double, length: Double, outputCount: Int
    ) -> ResampleAxis {
        let scale = 1 / (Double(outputCount) / length)
        return ResampleAxis(inputCount: inputCount, outputCount: outputCount, capacity: 4) { i, weights in
            var fx = Float((Double(i) + 0.5) * scale - 0.5 + start)
            let sx = Int(fx.rounded(.down))
            fx -= Float(sx)
            if filter == .bicubic {
                return merged(first: sx - 1, weights: cubicWeights(fx), count: 4, inputCount: inputCount, into: weights)
            }
            let (first, fraction) = clampedLinearTap(first: sx, fraction: fx, inputCount: inputCount)
            return merged(
                first: first, weights: SIMD4(Double(1 - fraction), Double(fraction), 0, 0), count: 2,
                inputCount: inputCount, into: weights)
        }
    }

    /// OpenCV's `interpolateCubic` with A = −0.75, in `Float` as OpenCV computes it.
    static func cubicWeights(_ x: Float) -> SIMD4<Double> {
        let a: Float = -0.75
        let c0 = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a
        let c1 = ((a + 2) * x - (a + 3)) * x * x + 1
        let c2 = ((a + 2) * (1 - x) - (a + 3)) * (1 - x) * (1 - x) + 1
        let c3 = 1 - c0 - c1 - c2
        return SIMD4(Double(c0), Double(c1), Double(c2), Double(c3))
    }

    /// `count` taps at `first, first + 1, …` with indices clamped into the image (edge pixels replicated),
    /// written to `out` from the first index; taps that land on the same pixel are summed.
    static func merged(
        first: Int, weights: SIMD4<Double>, count n: Int, inputCount: Int, into out: UnsafeMutablePointer<Double>
    ) -> (first: Int, count: Int) {
        let low = min(max(first, 0), inputCount - 1)
        let high = min(max(first + n - 1, 0), inputCount - 1)
        for j in 0..<(high - low + 1) { out[j] = 0 }
        for k in 0..<n { out[min(max(first + k, 0), inputCount - 1) - low] += weights[k] }
        return (low, high - low + 1)
    }

    /// ``merged(first:weights:count:inputCount:into:)`` as a window (the `INTER_AREA` upscale's builder).
    static func merged(first: Int, weights: [Double], inputCount: Int) -> (first: Int, weights: [Double]) {
        var out = [Double](repeating: 0, count: 4)
        let window = out.withUnsafeMutableBufferPointer { out in
            merged(
                first: first, weights: SIMD4(weights[0], weights[1], 0, 0), count: 2, inputCount: inputCount,
                into: out.nonEmptyBaseAddress)
        }
        return (window.first, Array(out[0..<window.count]))
    }

    /// OpenCV's `INTER_AREA` when shrinking (`computeResizeAreaTab`): output `i` covers source `[i·scale,
    /// (i + 1)·scale)` and weighs each pixel by the fraction of it covered.
    static func opencvArea(inputCount: Int, start: Double, scale: Double, outputCount: Int) -> ResampleAxis {
        var windows: [(first: Int, weights: [Double])] = []
        windows.reserveCapacity(outputCount)
        let size = Double(inputCount)
        for i in 0..<outputCount {
            let fsx1 = start + Double(i) * scale
            let fsx2 = fsx1 + scale
            let cellWidth = min(scale, size - fsx1)
            var sx2 = Int(fsx2.rounded(.down))
            var sx1 = Int(fsx1.rounded(.up))
            sx2 = min(sx2, inputCount - 1)
            sx1 = min(sx1, sx2)
            var taps: [(Int, Double)] = []
            if Double(sx1) - fsx1 > 1e-3 { taps.append((sx1 - 1, Double(Float((Double(sx1) - fsx1) / cellWidth)))) }
            if sx1 < sx2 { for sx in sx1..<sx2 { taps.append((sx, Double(Float(1 / cellWidth)))) } }
            if fsx2 - Double(sx2) > 1e-3 {
                taps.append((sx2, Double(Float(min(min(fsx2 - Double(sx2), 1), cellWidth) / cellWidth))))
            }
            let low = taps.first?.0 ?? sx1
            var weights = [Double](repeating: 0, count: max(1, (taps.last?.0 ?? low) - low + 1))
            for (index, w) in taps { weights[index - low] += w }
            windows.append((low, weights))
        }
        return ResampleAxis(inputCount: inputCount, windows: windows)
    }

    /// A bilinear tap pair `first, first + 1` with weight `fraction` on the second, clamped as OpenCV clamps it:
    /// a pair that starts before the image or at its last pixel becomes that edge pixel with weight 0.
    static func clampedLinearTap(first: Int, fraction: Float, inputCount: Int) -> (first: Int, fraction: Float) {
        var (first, fraction) = (first, fraction)
        if first < 0 { (first, fraction) = (0, 0) }
        if first >= inputCount - 1 { (first, fraction) = (inputCount - 1, 0) }
        return (first, fraction)
    }

    /// OpenCV's `INTER_AREA` when either axis grows: bilinear with the weight `fx = (i + 1) − (sx + 1)/scale`
    /// reduced to its fractional part, `sx = floor(i·scale)` (OpenCV's `area_mode`).
    static func opencvAreaUpscale(inputCount: Int, start: Double, scale: Double, outputCount: Int) -> ResampleAxis {
        let inverse = 1 / scale
        var windows: [(first: Int, weights: [Double])] = []
        for i in 0..<outputCount {
            let cell = Int((Double(i) * scale).rounded(.down))
            var fx = Float(Double(i + 1) - Double(cell + 1) * inverse)
            fx = fx <= 0 ? 0 : fx - fx.rounded(.down)
            let (first, fraction) = clampedLinearTap(
                first: cell + Int(start.rounded(.down)), fraction: fx, inputCount: inputCount)
            windows.append(
                merged(first: first, weights: [Double(1 - fraction), Double(fraction)], inputCount: inputCount))
        }
        return ResampleAxis(inputCount: inputCount, windows: windows)
    }

    // MARK: - Nearest

    /// Pillow's `NEAREST` (`ImagingScaleAffine`): `floor(start + (i + ½)·scale)`, the position accumulated by
    /// repeated addition as Pillow does; or, without antialiasing, OpenCV's `INTER_NEAREST`, `floor(i·scale)`.
    static func nearestIndices(inputCount: Int, start: Double, end: Double, outputCount: Int, antialias: Bool)
        -> [Int]
    {
        var indices = [Int](repeating: 0, count: outputCount)
        if antialias {
            let a0 = Double(Float(end) - Float(start)) / Double(outputCount)
            var position = Double(Float(start)) + a0 * 0.5
            for i in 0..<outputCount {
                indices[i] = position < 0 ? 0 : min(Int(position), inputCount - 1)
                position += a0
            }
        } else {
            let scale = 1 / (Double(outputCount) / (end - start))
            for i in 0..<outputCount {
                indices[i] = min(max(Int((start + Double(i) * scale).rounded(.down)), 0), inputCount - 1)
            }
        }
        return indices
    }
}
