import CFoveaKernels
import FoveaCore

/// The two separable passes every filtered resize runs, horizontal and vertical, through an intermediate
/// buffer. The horizontal pass reads only the source rows some output row weighs, so shrinking without
/// antialiasing skips the rest. Rows are split across threads by index and every output sample is computed
/// by one thread from the same inputs, so results do not depend on the thread count.
///
/// Loads read 4 samples per pixel (SIMD), one to three past the pixel: intermediate rows are padded for it,
/// and a source row with fewer than 4 samples after it is copied into a padded scratch row first.
enum ResizeKernels {
    /// Spare samples at the end of every intermediate row (see the type's note on loads).
    static let rowPadding = 4

    /// The Pillow-exact passes' loops in use: 0 the Swift loops below, 1 the AVX2 and 2 the AVX-512 loops of
    /// `CFoveaKernels` (fovea_resize.h), which do the same integer arithmetic (same bits, more lanes).
    static var simdLevel: Int { Int(fovea_simd_level()) }

    /// Caps ``simdLevel`` at `level` (never above what the CPU has; shared with FoveaFilters' loops); returns the
    /// level now in use. For tests comparing the paths.
    @discardableResult
    static func capSIMDLevel(at level: Int) -> Int { Int(fovea_set_simd_level(Int32(level))) }

    // MARK: - Float accumulation (every sample type; OpenCV parity, Pillow's float path)

    /// `image` resampled with `Float` arithmetic and no rounding between the passes (horizontal first).
    /// With `premultiply`, colour is multiplied by `alpha / maximum` before filtering and divided by it after.
    static func floatResample<T: ResampleSample>(
        _ image: Image<T>, horizontal: ResampleAxis, vertical: ResampleAxis, premultiply: Bool, threads: Int
    ) -> Image<T> {
        if premultiply {
            let source = premultipliedFloat(image, threads: threads)
            return floatPasses(
                source, as: T.self, horizontal: horizontal, vertical: vertical, unpremultiply: true, threads: threads)
        }
        return floatPasses(
            image, as: T.self, horizontal: horizontal, vertical: vertical, unpremultiply: false, threads: threads)
    }

    static func floatPasses<In: ResampleSample, T: ResampleSample>(
        _ image: Image<In>, as: T.Type, horizontal: ResampleAxis, vertical: ResampleAxis, unpremultiply: Bool,
        threads: Int
    ) -> Image<T> {
        let ch = image.channelCount
        let outWidth = horizontal.outputCount
        let outHeight = vertical.outputCount
        let rows = vertical.usedSources
        let stride = outWidth * ch + rowPadding
        let maximum = T.maximum.resampleValue
        var intermediate = [Float](repeating: 0, count: rows.count * stride)
        var out = [T](repeating: .zero, count: outWidth * outHeight * ch)
        image.withUnsafeBufferPointer { src in
            intermediate.withUnsafeMutableBufferPointer { tmp in
                let shared = UncheckedSendable((src, tmp.nonEmptyBaseAddress))
                horizontal.weights.withUnsafeBufferPointer { weights in
                    Parallel.forEachChunk(of: rows.count, threads: threads, minimumChunk: 16) { chunk in
                        let (src, tmp) = shared.value
                        let rowLength = image.width * ch
                        var spare = [In](repeating: .zero, count: rowLength + rowPadding)
                        spare.withUnsafeMutableBufferPointer { spare in
                            for slot in chunk {
                                var row = src.nonEmptyBaseAddress + rows[slot] * rowLength
                                if rows[slot] * rowLength + rowLength + rowPadding > src.count {
                                    for i in 0..<rowLength { spare[i] = row[i] }
                                    row = UnsafePointer(spare.nonEmptyBaseAddress)
                                }
                                let o = tmp + slot * stride
                                let taps = horizontal.taps
                                for x in 0..<outWidth {
                                    let f = horizontal.first[x] * ch
                                    let w = x * taps
                                    var acc = SIMD4<Float>.zero
                                    for k in 0..<taps { acc += In.load4(row + f + k * ch) * weights[w + k] }
                                    UnsafeMutableRawPointer(o + x * ch).storeBytes(of: acc, as: SIMD4<Float>.self)
                                }
                            }
                        }
                    }
                }
            }
        }
        let slots = vertical.slots
        intermediate.withUnsafeBufferPointer { tmp in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let shared = UncheckedSendable((tmp.nonEmptyBaseAddress, outBuffer.nonEmptyBaseAddress))
                vertical.weights.withUnsafeBufferPointer { weights in
                    Parallel.forEachChunk(of: outHeight, threads: threads, minimumChunk: 8) { chunk in
                        let (tmp, dst) = shared.value
                        let n = outWidth * ch
                        let taps = vertical.taps
                        var line = [Float](repeating: 0, count: n)
                        var sources = [UnsafePointer<Float>](repeating: tmp, count: taps)
                        for y in chunk {
                            let w = y * taps
                            for k in 0..<taps { sources[k] = tmp + max(slots[vertical.first[y] + k], 0) * stride }
                            line.withUnsafeMutableBufferPointer { line in
                                let o = dst + y * n
                                var i = 0
                                while i + 8 <= n {
                                    var acc = SIMD8<Float>.zero
                                    for k in 0..<taps {
                                        acc +=
                                            UnsafeRawPointer(sources[k] + i).loadUnaligned(as: SIMD8<Float>.self)
                                            * weights[w + k]
                                    }
                                    if unpremultiply {
                                        UnsafeMutableRawPointer(line.nonEmptyBaseAddress + i).storeBytes(
                                            of: acc, as: SIMD8<Float>.self)
                                    } else {
                                        T.store8(acc, to: o + i)
                                    }
                                    i += 8
                                }
                                while i < n {
                                    var acc: Float = 0
                                    for k in 0..<taps { acc += sources[k][i] * weights[w + k] }
                                    line[i] = acc
                                    i += 1
                                }
                                if unpremultiply {
                                    for p in 0..<outWidth {
                                        let alpha = line[p * ch + ch - 1]
                                        let factor = alpha > 0 ? maximum / alpha : 0
                                        for c in 0..<(ch - 1) {
                                            o[p * ch + c] = T(resampled: line[p * ch + c] * factor)
                                        }
                                        o[p * ch + ch - 1] = T(resampled: alpha)
                                    }
                                } else {
                                    for j in (n - n % 8)..<n { o[j] = T(resampled: line[j]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Image(unchecked: outWidth, outHeight, image.layout, out)
    }

    /// The image as `Float` samples in its own units with colour multiplied by `alpha / maximum`.
    static func premultipliedFloat<T: ResampleSample>(_ image: Image<T>, threads: Int) -> Image<Float> {
        let ch = image.channelCount
        let maximum = T.maximum.resampleValue
        var out = [Float](repeating: 0, count: image.samples.count)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let shared = UncheckedSendable((src, dst.nonEmptyBaseAddress))
                Parallel.forEachChunk(of: image.pixelCount, threads: threads, minimumChunk: 4096) { chunk in
                    let (src, dst) = shared.value
                    for p in chunk {
                        let factor = src[p * ch + ch - 1].resampleValue / maximum
                        for c in 0..<(ch - 1) { dst[p * ch + c] = src[p * ch + c].resampleValue * factor }
                        dst[p * ch + ch - 1] = src[p * ch + ch - 1].resampleValue
                    }
                }
            }
        }
        return Image<Float>(unchecked: image.width, image.height, image.layout, out)
    }

    // MARK: - Pillow's 8-bit fixed point (bit-exact with PIL.Image.resize)

    /// `image` resampled exactly as Pillow's `ImagingResample` does for 8-bit modes: 22-bit integer weights,
    /// each pass rounds (`+ 2²¹`, `>> 22`) and clamps to 0…255, so the intermediate is 8-bit (and kept as bytes).
    /// With `premultiply`, colour is premultiplied first with Pillow's `MULDIV255` (RGBA → RGBa) and restored
    /// with `255·c / alpha` truncated (RGBa → RGBA; copied when alpha is 0 or 255).
    ///
    /// Only `window` of `image` is read, as if it were the whole image: the axes index its columns and rows
    /// (`horizontal.inputCount == window.width`, `vertical.inputCount == window.height`), so the result is that
    /// of resizing the cropped window, without copying it.
    ///
    /// Pass order: Pillow 13 runs the vertical pass first when the image loses more than twice as many rows as
    /// columns (`H − h > 2·(W − w)` with `h < H`) and the horizontal pass first otherwise — found by comparing
    /// outputs, since the order decides where the 8-bit intermediate rounds. Pillow ≤ 12 always went horizontal
    /// first, so results on such shapes differ from those versions by at most one level. `verticalFirst` overrides
    /// the rule: a part of a larger resize (axes ``ResampleAxis/restricted(to:)``) keeps that resize's order.
    static func pillowResample8(
        _ image: Image<UInt8>, window: PixelWindow, horizontal: ResampleAxis, vertical: ResampleAxis,
        premultiply: Bool, verticalFirst: Bool? = nil, threads: Int
    ) -> Image<UInt8> {
        // Premultiplying copies the window (and only the window); the passes then read all of that copy.
        let source = premultiply ? premultiplied8(image, window: window, threads: threads) : image
        let window = premultiply ? PixelWindow(x: 0, y: 0, width: window.width, height: window.height) : window
        let ch = image.channelCount
        let outWidth = horizontal.outputCount
        let outHeight = vertical.outputCount
        let verticalFirst = verticalFirst ?? pillowVerticalFirst(horizontal: horizontal, vertical: vertical)
        let rowLength = window.width * ch
        let imageRowLength = source.width * ch
        let origin = window.y * imageRowLength + window.x * ch
        let total = outWidth * outHeight * ch
        // Every output sample is written exactly once by the last pass, so the output starts uninitialised.
        let samples = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            source.withUnsafeBufferPointer { src in
                let input = src.nonEmptyBaseAddress + origin  // non-empty: checked by the caller
                let output = buffer.nonEmptyBaseAddress
                if verticalFirst {
                    // Vertical over the window, every column, into outHeight padded byte rows; then horizontal.
                    let stride = rowLength + rowPadding
                    ResizeScratch.withBuffer(of: UInt8.self, count: outHeight * stride) { tmp in
                        let rows = (0..<window.height).map { input + $0 * imageRowLength }
                        verticalPass8(
                            rows: rows, count: rowLength, axis: vertical, output: tmp, outputStride: stride,
                            threads: threads)
                        horizontalPass8(
                            rows: (0..<outHeight).map { UnsafePointer(tmp) + $0 * stride }, channels: ch,
                            axis: horizontal, output: output, outputStride: outWidth * ch, threads: threads)
                    }
                } else {
                    // Horizontal over the rows the vertical pass weighs, into padded byte rows; then vertical.
                    let used = vertical.usedSources
                    let stride = outWidth * ch + rowPadding
                    // A row the loads cannot read 4 samples past its last pixel (only rows at the very end of
                    // the image) is copied into a padded spare row of its own.
                    let end = src.count - origin
                    let short = { (r: Int) in r * imageRowLength + rowLength + rowPadding > end }
                    let spareStride = rowLength + rowPadding
                    var spare = [UInt8](repeating: 0, count: max(1, used.filter(short).count) * spareStride)
                    ResizeScratch.withBuffer(of: UInt8.self, count: used.count * stride) { tmp in
                        spare.withUnsafeMutableBufferPointer { spare in
                            var spares = 0
                            let rows = used.map { r -> UnsafePointer<UInt8> in
                                guard short(r) else { return input + r * imageRowLength }
                                let copy = spare.nonEmptyBaseAddress + spares * spareStride
                                copy.update(from: input + r * imageRowLength, count: rowLength)
                                spares += 1
                                return UnsafePointer(copy)
                            }
                            horizontalPass8(
                                rows: rows, channels: ch, axis: horizontal, output: tmp, outputStride: stride,
                                threads: threads)
                        }
                        let slots = vertical.slots
                        let rows = slots.map { UnsafePointer(tmp) + max($0, 0) * stride }
                        verticalPass8(
                            rows: rows, count: outWidth * ch, axis: vertical, output: output,
                            outputStride: outWidth * ch, threads: threads)
                    }
                }
            }
            initialized = total
        }
        var result = Image(unchecked: outWidth, outHeight, image.layout, samples)
        if premultiply { unpremultiply8(&result, threads: threads) }
        return result
    }

    /// Pillow 13's pass order for a resize along `horizontal` and `vertical` (see
    /// ``pillowResample8(_:window:horizontal:vertical:premultiply:verticalFirst:threads:)``): vertical first when
    /// the image loses more than twice as many rows as columns.
    static func pillowVerticalFirst(horizontal: ResampleAxis, vertical: ResampleAxis) -> Bool {
        let lostRows = vertical.inputCount - vertical.outputCount
        let lostColumns = horizontal.inputCount - horizontal.outputCount
        return lostRows > 0 && lostRows > 2 * lostColumns
    }

    /// One horizontal pass: output pixel x of row r is `Σₖ w[x,k]·rows[r][first[x] + k]`, rounded, shifted and
    /// clamped to 0…255. Each row pointer must be readable 4 samples past its last pixel's first sample.
    static func horizontalPass8<In: FixedPointLane, Out: FixedPointLane>(
        rows: [UnsafePointer<In>], channels ch: Int, axis: ResampleAxis, output: UnsafeMutablePointer<Out>,
        outputStride: Int, threads: Int
    ) {
        let half = Int32(1) << (ResampleAxis.precisionBits - 1)
        let bits = ResampleAxis.precisionBits
        let shared = UncheckedSendable((rows, output))
        let level = ResizeKernels.simdLevel
        if level > 0 {
            // The C loops (fovea_resize.h) read the weights tap-major: 4 consecutive outputs' weights in one load.
            let count = axis.outputCount
            let taps = axis.taps
            axis.tapMajorFixed.withUnsafeBufferPointer { weights in
                axis.first.withUnsafeBufferPointer { first in
                    let tables = UncheckedSendable((weights.nonEmptyBaseAddress, first.nonEmptyBaseAddress))
                    Parallel.forEachChunk(of: rows.count, threads: threads, minimumChunk: 16) { chunk in
                        let (rows, output) = shared.value
                        let (weights, first) = tables.value
                        let inSize = Int32(MemoryLayout<In>.size)
                        let outSize = Int32(MemoryLayout<Out>.size)
                        for r in chunk {
                            let o = output + r * outputStride
                            if level >= 2 {
                                fovea_resize_h8_avx512(rows[r], inSize, ch, count, taps, first, weights, o, outSize)
                            } else {
                                fovea_resize_h8_avx2(rows[r], inSize, ch, count, taps, first, weights, o, outSize)
                            }
                        }
                    }
                }
            }
            return
        }
        axis.fixed.withUnsafeBufferPointer { weights in
            Parallel.forEachChunk(of: rows.count, threads: threads, minimumChunk: 16) { chunk in
                let (rows, output) = shared.value
                let taps = axis.taps
                for r in chunk {
                    let row = rows[r]
                    let o = output + r * outputStride
                    for x in 0..<axis.outputCount {
                        var p = row + axis.first[x] * ch
                        var w = weights.nonEmptyBaseAddress + x * taps
                        var acc = SIMD4<Int32>(repeating: half)
                        for _ in 0..<taps {
                            acc &+= In.load4(p) &* w.pointee
                            p += ch
                            w += 1
                        }
                        let v = pointwiseMin(pointwiseMax(acc &>> bits, .zero), SIMD4(repeating: 255))
                        Out.store(v, to: o + x * ch, channels: ch)
                    }
                }
            }
        }
    }

    /// One vertical pass: sample i of output row y is `Σₖ w[y,k]·rows[first[y] + k][i]` for `i < count`,
    /// rounded, shifted and clamped to 0…255.
    static func verticalPass8<In: FixedPointLane, Out: FixedPointLane>(
        rows: [UnsafePointer<In>], count n: Int, axis: ResampleAxis, output: UnsafeMutablePointer<Out>,
        outputStride: Int, threads: Int
    ) {
        let half = Int32(1) << (ResampleAxis.precisionBits - 1)
        let bits = ResampleAxis.precisionBits
        let shared = UncheckedSendable((rows, output))
        let level = ResizeKernels.simdLevel
        axis.fixed.withUnsafeBufferPointer { weights in
            Parallel.forEachChunk(of: axis.outputCount, threads: threads, minimumChunk: 8) { chunk in
                let (rows, output) = shared.value
                let taps = axis.taps
                if level > 0 {
                    let inSize = Int32(MemoryLayout<In>.size)
                    let outSize = Int32(MemoryLayout<Out>.size)
                    var pointers = [UnsafeRawPointer?](repeating: nil, count: taps)
                    pointers.withUnsafeMutableBufferPointer { pointers in
                        for y in chunk {
                            let first = axis.first[y]
                            for k in 0..<taps { pointers[k] = UnsafeRawPointer(rows[first + k]) }
                            let w = weights.nonEmptyBaseAddress + y * taps
                            let o = output + y * outputStride
                            let p = UnsafePointer(pointers.baseAddress)
                            if level >= 2 {
                                fovea_resize_v8_avx512(p, inSize, taps, w, n, o, outSize)
                            } else {
                                fovea_resize_v8_avx2(p, inSize, taps, w, n, o, outSize)
                            }
                        }
                    }
                    return
                }
                for y in chunk {
                    let first = axis.first[y]
                    let w = y * taps
                    let o = output + y * outputStride
                    var i = 0
                    while i + 8 <= n {
                        var acc = SIMD8<Int32>(repeating: half)
                        var weight = weights.nonEmptyBaseAddress + w
                        for row in rows[first..<(first + taps)] {
                            acc &+= In.load8(row + i) &* weight.pointee
                            weight += 1
                        }
                        Out.store8(pointwiseMin(pointwiseMax(acc &>> bits, .zero), SIMD8(repeating: 255)), to: o + i)
                        i += 8
                    }
                    while i < n {
                        var acc = half
                        for k in 0..<taps { acc &+= rows[first + k][i].lane &* weights[w + k] }
                        o[i] = Out(lane: min(max(acc >> bits, 0), 255))
                        i += 1
                    }
                }
            }
        }
    }

    /// Pillow's RGBA → RGBa (and LA → La) of `window`: a `window.width × window.height` copy in which colour `c`
    /// becomes `MULDIV255(c, alpha)`.
    static func premultiplied8(_ image: Image<UInt8>, window: PixelWindow, threads: Int) -> Image<UInt8> {
        let ch = image.channelCount
        let rowLength = window.width * ch
        let count = rowLength * window.height
        let samples = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            image.withUnsafeBufferPointer { src in
                let shared = UncheckedSendable((src.nonEmptyBaseAddress, buffer.nonEmptyBaseAddress))
                let rowsPerChunk = max(1, 4096 / max(1, window.width))
                Parallel.forEachChunk(of: window.height, threads: threads, minimumChunk: rowsPerChunk) { chunk in
                    let (src, dst) = shared.value
                    for r in chunk {
                        let s = src + ((window.y + r) * image.width + window.x) * ch
                        let d = dst + r * rowLength
                        for p in 0..<window.width {
                            let alpha = UInt32(s[p * ch + ch - 1])
                            for c in 0..<(ch - 1) {
                                let t = UInt32(s[p * ch + c]) &* alpha &+ 128
                                d[p * ch + c] = UInt8(truncatingIfNeeded: (t &+ (t >> 8)) >> 8)
                            }
                            d[p * ch + ch - 1] = UInt8(truncatingIfNeeded: alpha)
                        }
                    }
                }
            }
            initialized = count
        }
        return Image(unchecked: window.width, window.height, image.layout, samples)
    }

    /// Pillow's RGBa → RGBA: colour `c` becomes `min(255·c / alpha, 255)` (integer division) unless alpha is 0
    /// or 255.
    static func unpremultiply8(_ image: inout Image<UInt8>, threads: Int) {
        let ch = image.channelCount
        let count = image.pixelCount
        image.withUnsafeMutableBufferPointer { buffer in
            let samples = UncheckedSendable(buffer.nonEmptyBaseAddress)
            Parallel.forEachChunk(of: count, threads: threads, minimumChunk: 4096) { chunk in
                for p in chunk {
                    let s = samples.value + p * ch
                    let alpha = UInt32(s[ch - 1])
                    guard alpha != 0, alpha != 255 else { continue }
                    for c in 0..<(ch - 1) { s[c] = UInt8(min(255 * UInt32(s[c]) / alpha, 255)) }
                }
            }
        }
    }

    // MARK: - Nearest

    /// Output pixel (x, y) is source pixel (`columns[x]`, `rows[y]`), every channel copied.
    static func gather<T: PixelSample>(_ image: Image<T>, columns: [Int], rows: [Int], threads: Int) -> Image<T> {
        let ch = image.channelCount
        let outWidth = columns.count
        var out = [T](repeating: .zero, count: outWidth * rows.count * ch)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let dst = UncheckedSendable(outBuffer.nonEmptyBaseAddress)
                Parallel.forEachChunk(of: rows.count, threads: threads, minimumChunk: 16) { chunk in
                    for y in chunk {
                        let s = rows[y] * image.width * ch
                        let o = dst.value + y * outWidth * ch
                        for x in 0..<outWidth {
                            let from = s + columns[x] * ch
                            for c in 0..<ch { o[x * ch + c] = src[from + c] }
                        }
                    }
                }
            }
        }
        return Image(unchecked: outWidth, rows.count, image.layout, out)
    }
}

/// A buffer element the fixed-point passes read and write: the 8-bit source and output, or the `Int32`
/// intermediate (which holds values already clamped to 0…255).
protocol FixedPointLane {
    var lane: Int32 { get }
    init(lane: Int32)
    static func load4(_ p: UnsafePointer<Self>) -> SIMD4<Int32>
    static func load8(_ p: UnsafePointer<Self>) -> SIMD8<Int32>
    static func store8(_ v: SIMD8<Int32>, to p: UnsafeMutablePointer<Self>)
    /// Stores the first `channels` lanes (the `Int32` intermediate may store all four: its rows are padded).
    static func store(_ v: SIMD4<Int32>, to p: UnsafeMutablePointer<Self>, channels: Int)
}

extension UInt8: FixedPointLane {
    @inline(__always) var lane: Int32 { Int32(self) }
    @inline(__always) init(lane: Int32) { self = UInt8(truncatingIfNeeded: lane) }
    @inline(__always) static func load4(_ p: UnsafePointer<UInt8>) -> SIMD4<Int32> {
        SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD4<UInt8>.self))
    }
    @inline(__always) static func load8(_ p: UnsafePointer<UInt8>) -> SIMD8<Int32> {
        SIMD8<Int32>(truncatingIfNeeded: UnsafeRawPointer(p).loadUnaligned(as: SIMD8<UInt8>.self))
    }
    @inline(__always) static func store8(_ v: SIMD8<Int32>, to p: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(p).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: v), as: SIMD8<UInt8>.self)
    }
    @inline(__always) static func store(_ v: SIMD4<Int32>, to p: UnsafeMutablePointer<UInt8>, channels: Int) {
        for c in 0..<channels { p[c] = UInt8(truncatingIfNeeded: v[c]) }
    }
}

extension Int32: FixedPointLane {
    @inline(__always) var lane: Int32 { self }
    @inline(__always) init(lane: Int32) { self = lane }
    @inline(__always) static func load4(_ p: UnsafePointer<Int32>) -> SIMD4<Int32> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Int32>.self)
    }
    @inline(__always) static func load8(_ p: UnsafePointer<Int32>) -> SIMD8<Int32> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Int32>.self)
    }
    @inline(__always) static func store8(_ v: SIMD8<Int32>, to p: UnsafeMutablePointer<Int32>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Int32>.self)
    }
    @inline(__always) static func store(_ v: SIMD4<Int32>, to p: UnsafeMutablePointer<Int32>, channels: Int) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Int32>.self)
    }
}
