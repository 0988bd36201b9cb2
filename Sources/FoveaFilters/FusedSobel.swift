import CFoveaKernels

/// The 3×3 Sobel derivatives of a band of rows, computed together from one ring of padded Float rows and
/// handed out row by row, so gradient magnitude and Canny never materialize full derivative images.
enum FusedSobel {
    /// Calls `body(y, gx, gy)` for every row `y` in `rows`, in order, with the x and y Sobel 3×3 rows
    /// (`width × channels` Floats, valid only during the call), borders from `border`.
    static func forEachRow<In: FilterSample & PixelSample>(
        _ src: UnsafePointer<In>, shape: PlaneShape, border: BorderMode, rows: Range<Int>,
        _ body: (Int, UnsafePointer<Float>, UnsafePointer<Float>) -> Void
    ) {
        guard !rows.isEmpty else { return }
        let kernel = Kernel.sobel(dx: 1, dy: 0)
        let padder = RowPadder(
            shape: shape, outWidth: shape.width, kernel: kernel, border: border, region: .same, sample: In.self)
        let n = shape.rowCount
        let c = shape.channels
        let stride = padder.paddedCount + 8
        let ring = UnsafeMutablePointer<Float>.allocate(capacity: 3 * stride + 2 * (n + 8))
        defer { ring.deallocate() }
        let gx = ring + 3 * stride
        let gy = gx + n + 8
        let first = rows.lowerBound - 1
        for v in first...(rows.upperBound) {
            padder.load(src, virtualRow: v, into: ring + ((v - first) % 3) * stride)
            guard v - first >= 2 else { continue }
            let r0 = UnsafePointer(ring + ((v - 2 - first) % 3) * stride)
            let r1 = UnsafePointer(ring + ((v - 1 - first) % 3) * stride)
            let r2 = UnsafePointer(ring + ((v - first) % 3) * stride)
            derivatives(r0, r1, r2, channels: c, count: n, gx: gx, gy: gy)
            body(v - 1, gx, gy)
        }
    }

    /// gx = [−1 0 1] ⊗ [1 2 1]ᵀ, gy = [1 2 1] ⊗ [−1 0 1]ᵀ over three padded rows (pad = 1 pixel).
    @inline(__always)
    static func derivatives(
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, channels c: Int,
        count n: Int, gx: UnsafeMutablePointer<Float>, gy: UnsafeMutablePointer<Float>
    ) {
        // The same operations in C, 16 or 8 lanes at a time (fovea_canny.h), where the CPU has them.
        let level = fovea_simd_level()
        var i =
            level >= 2
            ? fovea_sobel_pair_f32_avx512(r0, r1, r2, c, n, gx, gy)
            : level == 1 ? fovea_sobel_pair_f32_avx2(r0, r1, r2, c, n, gx, gy) : 0
        while i + 8 <= n {
            let a0 = loadFloats(r0 + i), a1 = loadFloats(r0 + i + c), a2 = loadFloats(r0 + i + 2 * c)
            let b0 = loadFloats(r1 + i), b2 = loadFloats(r1 + i + 2 * c)
            let c0 = loadFloats(r2 + i), c1 = loadFloats(r2 + i + c), c2 = loadFloats(r2 + i + 2 * c)
            storeFloats((a2 - a0) + 2 * (b2 - b0) + (c2 - c0), gx + i)
            storeFloats((c0 + 2 * c1 + c2) - (a0 + 2 * a1 + a2), gy + i)
            i += 8
        }
        while i < n {
            gx[i] = (r0[i + 2 * c] - r0[i]) + 2 * (r1[i + 2 * c] - r1[i]) + (r2[i + 2 * c] - r2[i])
            gy[i] = (r2[i] + 2 * r2[i + c] + r2[i + 2 * c]) - (r0[i] + 2 * r0[i + c] + r0[i + 2 * c])
            i += 1
        }
    }
}
