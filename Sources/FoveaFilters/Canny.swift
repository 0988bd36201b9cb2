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
    /// - Returns: A gray UInt8 image, 255 on edges and 0 elsewhere. For several channels each pixel uses the
    ///   channel with the largest gradient magnitude (the first on ties), as OpenCV does.
    public func cannyEdges(
        low: Double, high: Double, norm: GradientNorm = .l1, threads: Int = Parallel.defaultThreadCount
    ) -> Image<UInt8> {
        let gx = correlated(with: .sobel(dx: 1, dy: 0), border: .replicate, threads: threads, as: Float.self)
        let gy = correlated(with: .sobel(dx: 0, dy: 1), border: .replicate, threads: threads, as: Float.self)
        return CannyDetector.edges(gx: gx, gy: gy, low: low, high: high, norm: norm, threads: threads)
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
    /// Map codes, as in OpenCV: 0 = candidate (weak edge), 1 = not an edge, 2 = edge.
    static let candidate: UInt8 = 0
    static let none: UInt8 = 1
    static let edge: UInt8 = 2

    static func edges(
        gx: Image<Float>, gy: Image<Float>, low lowIn: Double, high highIn: Double, norm: GradientNorm, threads: Int
    ) -> Image<UInt8> {
        let w = gx.width, h = gx.height, c = gx.channelCount
        var low = Swift.min(lowIn, highIn), high = Swift.max(lowIn, highIn)
        if norm == .l2 {
            low = Swift.min(32767, low)
            high = Swift.min(32767, high)
            if low > 0 { low *= low }
            if high > 0 { high *= high }
        }
        let lowF = Float(low), highF = Float(high)
        // Magnitude, chosen dx and dy per pixel, with a one-pixel zero border around the magnitude plane.
        let mw = w + 2
        var magnitude = [Float](repeating: 0, count: mw * (h + 2))
        var dxs = [Float](repeating: 0, count: w * h)
        var dys = [Float](repeating: 0, count: w * h)
        var map = [UInt8](repeating: none, count: mw * (h + 2))
        gx.withUnsafeBufferPointer { px in
            gy.withUnsafeBufferPointer { py in
                magnitude.withUnsafeMutableBufferPointer { pm in
                    dxs.withUnsafeMutableBufferPointer { pdx in
                        dys.withUnsafeMutableBufferPointer { pdy in
                            let sx = UncheckedSendable(px.baseAddress!), sy = UncheckedSendable(py.baseAddress!)
                            let m = UncheckedSendable(pm.baseAddress!)
                            let ddx = UncheckedSendable(pdx.baseAddress!), ddy = UncheckedSendable(pdy.baseAddress!)
                            Parallel.forEachChunk(of: h, threads: threads, minimumChunk: 16) { rows in
                                for y in rows {
                                    let gxr = sx.value + y * w * c, gyr = sy.value + y * w * c
                                    let mr = m.value + (y + 1) * mw + 1
                                    let dxr = ddx.value + y * w, dyr = ddy.value + y * w
                                    for x in 0..<w {
                                        var best: Float = -1
                                        var bx: Float = 0, by: Float = 0
                                        for ch in 0..<c {
                                            let a = gxr[x * c + ch], b = gyr[x * c + ch]
                                            let v = norm == .l1 ? abs(a) + abs(b) : a * a + b * b
                                            if v > best {
                                                best = v
                                                bx = a
                                                by = b
                                            }
                                        }
                                        mr[x] = best
                                        dxr[x] = bx
                                        dyr[x] = by
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Non-maximum suppression (rows in parallel: each writes only its own map row).
        magnitude.withUnsafeBufferPointer { pm in
            dxs.withUnsafeBufferPointer { pdx in
                dys.withUnsafeBufferPointer { pdy in
                    map.withUnsafeMutableBufferPointer { pmap in
                        let m = UncheckedSendable(pm.baseAddress!), mp = UncheckedSendable(pmap.baseAddress!)
                        let ddx = UncheckedSendable(pdx.baseAddress!), ddy = UncheckedSendable(pdy.baseAddress!)
                        Parallel.forEachChunk(of: h, threads: threads, minimumChunk: 16) { rows in
                            for y in rows {
                                suppressRow(
                                    magnitude: m.value + (y + 1) * mw + 1, stride: mw, dx: ddx.value + y * w,
                                    dy: ddy.value + y * w, width: w, low: lowF, high: highF,
                                    map: mp.value + (y + 1) * mw + 1)
                            }
                        }
                    }
                }
            }
        }
        // Hysteresis: grow edges through 8-connected candidates.
        var out = [UInt8](repeating: 0, count: w * h)
        map.withUnsafeMutableBufferPointer { pmap in
            let base = pmap.baseAddress!
            var stack: [Int] = []
            stack.reserveCapacity(1024)
            let offsets = [-mw - 1, -mw, -mw + 1, -1, 1, mw - 1, mw, mw + 1]
            for y in 0..<h {
                for x in 0..<w where base[(y + 1) * mw + x + 1] == edge {
                    stack.append((y + 1) * mw + x + 1)
                    while let p = stack.popLast() {
                        for o in offsets where base[p + o] == candidate {
                            base[p + o] = edge
                            stack.append(p + o)
                        }
                    }
                }
            }
            out.withUnsafeMutableBufferPointer { po in
                for y in 0..<h {
                    for x in 0..<w { po[y * w + x] = base[(y + 1) * mw + x + 1] == edge ? 255 : 0 }
                }
            }
        }
        return Image<UInt8>.assumingValid(width: w, height: h, layout: .gray, samples: out)
    }

    /// One row of OpenCV's non-maximum suppression. `magnitude` points at the row's first pixel inside a
    /// zero-bordered plane of row stride `stride`.
    @inline(__always)
    static func suppressRow(
        magnitude mag: UnsafePointer<Float>, stride: Int, dx: UnsafePointer<Float>, dy: UnsafePointer<Float>,
        width: Int, low: Float, high: Float, map: UnsafeMutablePointer<UInt8>
    ) {
        // tan(22.5°) in OpenCV's 15-bit fixed point; comparisons done in Double so they stay exact.
        let tg22: Double = 13573
        let prev = mag - stride, next = mag + stride
        for x in 0..<width {
            let m = mag[x]
            guard m > low else {
                map[x] = none
                continue
            }
            let xs = dx[x], ys = dy[x]
            let ax = Double(abs(xs)), ay = Double(abs(ys)) * 32768
            let tg22x = ax * tg22
            let isMaximum: Bool
            if ay < tg22x {
                isMaximum = m > mag[x - 1] && m >= mag[x + 1]
            } else {
                let tg67x = tg22x + ax * 65536
                if ay > tg67x {
                    isMaximum = m > prev[x] && m >= next[x]
                } else {
                    let s = (xs < 0) != (ys < 0) ? -1 : 1
                    isMaximum = m > prev[x - s] && m > next[x + s]
                }
            }
            map[x] = isMaximum ? (m > high ? edge : candidate) : none
        }
    }
}
