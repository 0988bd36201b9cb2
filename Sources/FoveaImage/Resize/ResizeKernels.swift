import FoveaCore

/// The two separable passes every filtered resize runs: horizontal over the source rows the vertical pass
/// needs, into an intermediate buffer, then vertical into the output (Pillow's order). Rows are split across
/// threads by index and every output sample is computed by one thread from the same inputs, so results do
/// not depend on the thread count.
enum ResizeKernels {
    /// Intermediate rows carry 4 spare samples so a 4-lane store of the last pixel stays inside its row.
    static let rowPadding = 4

    // MARK: - Float accumulation (every sample type; OpenCV parity, Pillow's float path)

    /// `image` resampled with `Float` arithmetic and no rounding between the passes. With `premultiply`,
    /// colour is multiplied by `alpha / maximum` before filtering and divided by it afterwards.
    static func floatResample<T: ResampleSample>(
        _ image: Image<T>, horizontal: ResampleAxis, vertical: ResampleAxis, premultiply: Bool, threads: Int
    ) -> Image<T> {
        let ch = image.channelCount
        let inWidth = image.width
        let outWidth = horizontal.outputCount
        let outHeight = vertical.outputCount
        let rows = vertical.sourceRange
        let columns = horizontal.sourceRange
        let stride = outWidth * ch + rowPadding
        let maximum = T.maximum.resampleValue
        var intermediate = [Float](repeating: 0, count: rows.count * stride)
        var out = [T](repeating: .zero, count: outWidth * outHeight * ch)
        image.withUnsafeBufferPointer { src in
            intermediate.withUnsafeMutableBufferPointer { tmpBuffer in
                let tmp = UncheckedSendable(tmpBuffer.baseAddress!)  // non-empty: rows.count ≥ 1
                horizontal.weights.withUnsafeBufferPointer { weights in
                    Parallel.forEachChunk(of: rows.count, threads: threads, minimumChunk: 16) { chunk in
                        var scratch = [SIMD4<Float>](repeating: .zero, count: columns.count)
                        scratch.withUnsafeMutableBufferPointer { pixels in
                            for r in chunk {
                                let rowStart = (rows.lowerBound + r) * inWidth
                                for j in columns {
                                    let s = (rowStart + j) * ch
                                    var p = SIMD4<Float>.zero
                                    for c in 0..<ch { p[c] = src[s + c].resampleValue }
                                    if premultiply {
                                        let factor = p[ch - 1] / maximum
                                        for c in 0..<(ch - 1) { p[c] *= factor }
                                    }
                                    pixels[j - columns.lowerBound] = p
                                }
                                let taps = horizontal.taps
                                let row = tmp.value + r * stride
                                for x in 0..<outWidth {
                                    let f = horizontal.first[x] - columns.lowerBound
                                    let w = x * taps
                                    var acc = SIMD4<Float>.zero
                                    for k in 0..<taps { acc += pixels[f + k] * weights[w + k] }
                                    UnsafeMutableRawPointer(row + x * ch).storeBytes(of: acc, as: SIMD4<Float>.self)
                                }
                            }
                        }
                    }
                }
            }
        }
        intermediate.withUnsafeBufferPointer { tmpBuffer in
            let tmp = tmpBuffer.baseAddress!
            out.withUnsafeMutableBufferPointer { outBuffer in
                let dst = UncheckedSendable(outBuffer.baseAddress!)
                let tmpShared = UncheckedSendable(tmp)
                vertical.weights.withUnsafeBufferPointer { weights in
                    Parallel.forEachChunk(of: outHeight, threads: threads, minimumChunk: 8) { chunk in
                        let n = outWidth * ch
                        var line = [Float](repeating: 0, count: n)
                        let taps = vertical.taps
                        for y in chunk {
                            let f = vertical.first[y] - rows.lowerBound
                            let w = y * taps
                            line.withUnsafeMutableBufferPointer { line in
                                var i = 0
                                while i + 8 <= n {
                                    var acc = SIMD8<Float>.zero
                                    for k in 0..<taps {
                                        let p = UnsafeRawPointer(tmpShared.value + (f + k) * stride + i)
                                        acc += p.loadUnaligned(as: SIMD8<Float>.self) * weights[w + k]
                                    }
                                    UnsafeMutableRawPointer(line.baseAddress! + i).storeBytes(of: acc, as: SIMD8<Float>.self)
                                    i += 8
                                }
                                while i < n {
                                    var acc: Float = 0
                                    for k in 0..<taps { acc += tmpShared.value[(f + k) * stride + i] * weights[w + k] }
                                    line[i] = acc
                                    i += 1
                                }
                                let o = dst.value + y * n
                                if premultiply {
                                    for p in 0..<outWidth {
                                        let alpha = line[p * ch + ch - 1]
                                        let factor = alpha > 0 ? maximum / alpha : 0
                                        for c in 0..<(ch - 1) { o[p * ch + c] = T(resampled: line[p * ch + c] * factor) }
                                        o[p * ch + ch - 1] = T(resampled: alpha)
                                    }
                                } else {
                                    for i in 0..<n { o[i] = T(resampled: line[i]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Image(unchecked: outWidth, outHeight, image.layout, out)
    }

    // MARK: - Pillow's 8-bit fixed point (bit-exact with PIL.Image.resize)

    /// `image` resampled exactly as Pillow's `ImagingResample` does for 8-bit modes: 22-bit integer weights,
    /// each pass rounds (`+ 2²¹`, `>> 22`) and clamps to 0…255, so the intermediate is 8-bit. With
    /// `premultiply`, colour is premultiplied first with Pillow's `MULDIV255` (RGBA → RGBa) and restored with
    /// `255·c / alpha` truncated (RGBa → RGBA; copied when alpha is 0 or 255).
    ///
    /// Pass order: Pillow 13 runs the vertical pass first when the image loses more than twice as many rows as
    /// columns (`H − h > 2·(W − w)` with `h < H`) and the horizontal pass first otherwise — found by comparing
    /// outputs, since the order decides where the 8-bit intermediate rounds. Pillow ≤ 12 always went horizontal
    /// first, so results on such shapes differ from those versions by at most one level.
    static func pillowResample8(
        _ image: Image<UInt8>, horizontal: ResampleAxis, vertical: ResampleAxis, premultiply: Bool, threads: Int
    ) -> Image<UInt8> {
        let source = premultiply ? premultiplied8(image, threads: threads) : image
        let ch = image.channelCount
        let outWidth = horizontal.outputCount
        let outHeight = vertical.outputCount
        var out = [UInt8](repeating: 0, count: outWidth * outHeight * ch)
        let lostRows = vertical.inputCount - vertical.outputCount
        let lostColumns = horizontal.inputCount - horizontal.outputCount
        let verticalFirst = lostRows > 0 && lostRows > 2 * lostColumns
        source.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let input = src.baseAddress!  // non-empty: checked by the caller
                let output = dst.baseAddress!
                if verticalFirst {
                    let columns = horizontal.sourceRange
                    let stride = columns.count * ch + rowPadding
                    var intermediate = [Int32](repeating: 0, count: outHeight * stride)
                    intermediate.withUnsafeMutableBufferPointer { tmp in
                        verticalPass8(
                            input + columns.lowerBound * ch, inputStride: image.width * ch, firstRow: 0,
                            count: columns.count * ch, axis: vertical, output: tmp.baseAddress!, outputStride: stride,
                            threads: threads)
                        horizontalPass8(
                            UnsafePointer(tmp.baseAddress!), inputStride: stride, channels: ch,
                            firstColumn: columns.lowerBound, rows: outHeight, axis: horizontal, output: output,
                            outputStride: outWidth * ch, threads: threads)
                    }
                } else {
                    let rows = vertical.sourceRange
                    let stride = outWidth * ch + rowPadding
                    var intermediate = [Int32](repeating: 0, count: rows.count * stride)
                    intermediate.withUnsafeMutableBufferPointer { tmp in
                        horizontalPass8(
                            input + rows.lowerBound * image.width * ch, inputStride: image.width * ch, channels: ch,
                            firstColumn: 0, rows: rows.count, axis: horizontal, output: tmp.baseAddress!,
                            outputStride: stride, threads: threads)
                        verticalPass8(
                            UnsafePointer(tmp.baseAddress!), inputStride: stride, firstRow: rows.lowerBound,
                            count: outWidth * ch, axis: vertical, output: output, outputStride: outWidth * ch,
                            threads: threads)
                    }
                }
            }
        }
        var result = Image(unchecked: outWidth, outHeight, image.layout, out)
        if premultiply { unpremultiply8(&result, threads: threads) }
        return result
    }

    /// One horizontal pass over `rows` rows: output pixel x of row r is `Σₖ w[x,k]·in[r][first[x] + k]`,
    /// rounded, shifted and clamped to 0…255. `firstColumn` is the source column `input` rows start at.
    static func horizontalPass8<In: FixedPointLane, Out: FixedPointLane>(
        _ input: UnsafePointer<In>, inputStride: Int, channels ch: Int, firstColumn: Int, rows: Int,
        axis: ResampleAxis, output: UnsafeMutablePointer<Out>, outputStride: Int, threads: Int
    ) {
        let half = Int32(1) << (ResampleAxis.precisionBits - 1)
        let bits = ResampleAxis.precisionBits
        let columns = axis.sourceRange
        let shared = UncheckedSendable((input, output))
        axis.fixed.withUnsafeBufferPointer { weights in
            Parallel.forEachChunk(of: rows, threads: threads, minimumChunk: 16) { chunk in
                let (input, output) = shared.value
                var scratch = [SIMD4<Int32>](repeating: .zero, count: columns.count)
                scratch.withUnsafeMutableBufferPointer { pixels in
                    for r in chunk {
                        let row = input + r * inputStride + (columns.lowerBound - firstColumn) * ch
                        for j in 0..<columns.count {
                            var p = SIMD4<Int32>.zero
                            for c in 0..<ch { p[c] = row[j * ch + c].lane }
                            pixels[j] = p
                        }
                        let taps = axis.taps
                        let o = output + r * outputStride
                        for x in 0..<axis.outputCount {
                            let f = axis.first[x] - columns.lowerBound
                            let w = x * taps
                            var acc = SIMD4<Int32>(repeating: half)
                            for k in 0..<taps { acc &+= pixels[f + k] &* weights[w + k] }
                            let v = pointwiseMin(pointwiseMax(acc &>> bits, .zero), SIMD4(repeating: 255))
                            Out.store(v, to: o + x * ch, channels: ch)
                        }
                    }
                }
            }
        }
    }

    /// One vertical pass: sample i of output row y is `Σₖ w[y,k]·in[first[y] + k − firstRow][i]` for
    /// `i < count`, rounded, shifted and clamped to 0…255.
    static func verticalPass8<In: FixedPointLane, Out: FixedPointLane>(
        _ input: UnsafePointer<In>, inputStride: Int, firstRow: Int, count n: Int, axis: ResampleAxis,
        output: UnsafeMutablePointer<Out>, outputStride: Int, threads: Int
    ) {
        let half = Int32(1) << (ResampleAxis.precisionBits - 1)
        let bits = ResampleAxis.precisionBits
        let shared = UncheckedSendable((input, output))
        axis.fixed.withUnsafeBufferPointer { weights in
            Parallel.forEachChunk(of: axis.outputCount, threads: threads, minimumChunk: 8) { chunk in
                let (input, output) = shared.value
                let taps = axis.taps
                for y in chunk {
                    let base = input + (axis.first[y] - firstRow) * inputStride
                    let w = y * taps
                    let o = output + y * outputStride
                    var i = 0
                    while i + 8 <= n {
                        var acc = SIMD8<Int32>(repeating: half)
                        for k in 0..<taps { acc &+= In.load8(base + k * inputStride + i) &* weights[w + k] }
                        Out.store8(pointwiseMin(pointwiseMax(acc &>> bits, .zero), SIMD8(repeating: 255)), to: o + i)
                        i += 8
                    }
                    while i < n {
                        var acc = half
                        for k in 0..<taps { acc &+= base[k * inputStride + i].lane &* weights[w + k] }
                        o[i] = Out(lane: min(max(acc >> bits, 0), 255))
                        i += 1
                    }
                }
            }
        }
    }

    /// Pillow's RGBA → RGBa (and LA → La): colour `c` becomes `MULDIV255(c, alpha)`.
    static func premultiplied8(_ image: Image<UInt8>, threads: Int) -> Image<UInt8> {
        var out = image
        let ch = image.channelCount
        out.withUnsafeMutableBufferPointer { buffer in
            let samples = UncheckedSendable(buffer.baseAddress!)
            Parallel.forEachChunk(of: image.pixelCount, threads: threads, minimumChunk: 4096) { chunk in
                for p in chunk {
                    let s = samples.value + p * ch
                    let alpha = UInt32(s[ch - 1])
                    for c in 0..<(ch - 1) {
                        let t = UInt32(s[c]) &* alpha &+ 128
                        s[c] = UInt8(truncatingIfNeeded: (t &+ (t >> 8)) >> 8)
                    }
                }
            }
        }
        return out
    }

    /// Pillow's RGBa → RGBA: colour `c` becomes `min(255·c / alpha, 255)` (integer division) unless alpha is 0
    /// or 255.
    static func unpremultiply8(_ image: inout Image<UInt8>, threads: Int) {
        let ch = image.channelCount
        let count = image.pixelCount
        image.withUnsafeMutableBufferPointer { buffer in
            let samples = UncheckedSendable(buffer.baseAddress!)
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
                let dst = UncheckedSendable(outBuffer.baseAddress!)
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
    static func load8(_ p: UnsafePointer<Self>) -> SIMD8<Int32>
    static func store8(_ v: SIMD8<Int32>, to p: UnsafeMutablePointer<Self>)
    /// Stores the first `channels` lanes (the `Int32` intermediate may store all four: its rows are padded).
    static func store(_ v: SIMD4<Int32>, to p: UnsafeMutablePointer<Self>, channels: Int)
}

extension UInt8: FixedPointLane {
    @inline(__always) var lane: Int32 { Int32(self) }
    @inline(__always) init(lane: Int32) { self = UInt8(truncatingIfNeeded: lane) }
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
