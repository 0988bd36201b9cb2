extension Kernel {
    /// OpenCV's `getDerivKernels` factor: the 1-D kernel of derivative order `order` and length `size`
    /// (binomial smoothing for order 0). Length 3 gives `[1 2 1]`, `[−1 0 1]`, `[1 −2 1]`; length 1 is `[1]`.
    static func sobelFactor(order: Int, size: Int) -> [Float] {
        if size == 1 { return [1] }
        if size == 3 {
            switch order {
            case 0: return [1, 2, 1]
            case 1: return [-1, 0, 1]
            default: return [1, -2, 1]
            }
        }
        var k = [Int](repeating: 0, count: size + 1)
        k[0] = 1
        for _ in 0..<(size - order - 1) {
            var old = k[0]
            for j in 1...size {
                let new = k[j] + k[j - 1]
                k[j - 1] = old
                old = new
            }
        }
        for _ in 0..<order {
            var old = -k[0]
            for j in 1...size {
                let new = k[j - 1] - k[j]
                k[j - 1] = old
                old = new
            }
        }
        return k[0..<size].map { Float($0) }
    }

    /// The Sobel derivative kernel of OpenCV's `Sobel(dx, dy, ksize)`, correlated (not flipped), so a
    /// positive value means the image grows to the right (`dx`) or downwards (`dy`).
    ///
    /// - Parameters:
    ///   - dx: Order of the x derivative (0, 1, 2, …).
    ///   - dy: Order of the y derivative. `dx + dy` must be positive.
    ///   - size: 1, 3, 5 or 7, or −1 for the 3×3 Scharr kernel (OpenCV's `FILTER_SCHARR`, needs
    ///     `dx + dy == 1`). With size 1 the derivative axis uses the 3-tap `[−1 0 1]` (or `[1 −2 1]`) and the
    ///     other axis no smoothing, e.g. `Sobel(1, 0, 1)` is the 3×1 kernel `[−1 0 1]`. Each order must be
    ///     below the size (or ≤ 2 for size 1).
    ///   The 3×3 x kernel is `[[−1,0,1],[−2,0,2],[−1,0,1]]`; no scaling is applied (as in OpenCV).
    public static func sobel(dx: Int, dy: Int, size: Int = 3) -> Kernel {
        if size == -1 { return scharr(dx: dx, dy: dy) }
        precondition([1, 3, 5, 7].contains(size), "Sobel size \(size) must be 1, 3, 5, 7 or -1 (Scharr)")
        precondition(dx >= 0 && dy >= 0 && dx + dy > 0, "Sobel orders dx \(dx), dy \(dy): non-negative, not both 0")
        let sizeX = size == 1 && dx > 0 ? 3 : size
        let sizeY = size == 1 && dy > 0 ? 3 : size
        precondition(dx < sizeX && dy < sizeY, "Sobel orders dx \(dx), dy \(dy) must be below the size \(size)")
        return Kernel(row: sobelFactor(order: dx, size: sizeX), column: sobelFactor(order: dy, size: sizeY))
    }

    /// The 3×3 Scharr kernel of OpenCV's `Scharr(dx, dy)`: `[−1 0 1]` along the derivative and
    /// `[3 10 3]` across it; x kernel `[[−3,0,3],[−10,0,10],[−3,0,3]]`. Exactly one of `dx`, `dy` is 1.
    public static func scharr(dx: Int, dy: Int) -> Kernel {
        precondition(dx >= 0 && dy >= 0 && dx + dy == 1, "Scharr needs dx + dy == 1, got dx \(dx), dy \(dy)")
        let derivative: [Float] = [-1, 0, 1]
        let smooth: [Float] = [3, 10, 3]
        return dx == 1 ? Kernel(row: derivative, column: smooth) : Kernel(row: smooth, column: derivative)
    }

    /// The 3×3 Prewitt kernel: `[−1 0 1]` along the derivative and `[1 1 1]` across it;
    /// x kernel `[[−1,0,1],[−1,0,1],[−1,0,1]]`. Exactly one of `dx`, `dy` is 1.
    public static func prewitt(dx: Int, dy: Int) -> Kernel {
        precondition(dx >= 0 && dy >= 0 && dx + dy == 1, "Prewitt needs dx + dy == 1, got dx \(dx), dy \(dy)")
        let derivative: [Float] = [-1, 0, 1]
        let smooth: [Float] = [1, 1, 1]
        return dx == 1 ? Kernel(row: derivative, column: smooth) : Kernel(row: smooth, column: derivative)
    }

    /// The Laplacian kernel of OpenCV's `Laplacian(ksize)`: size 1 is the 4-neighbour
    /// `[[0,1,0],[1,−4,1],[0,1,0]]`, size 3 is `[[2,0,2],[0,−8,0],[2,0,2]]`, and sizes 5 and 7 are the sum
    /// of the second-order Sobel kernels `d²/dx² + d²/dy²` of that size.
    public static func laplacian(size: Int = 1) -> Kernel {
        switch size {
        case 1: return Kernel(rows: [[0, 1, 0], [1, -4, 1], [0, 1, 0]])
        case 3: return Kernel(rows: [[2, 0, 2], [0, -8, 0], [2, 0, 2]])
        case 5, 7:
            let d2 = sobelFactor(order: 2, size: size)
            let s0 = sobelFactor(order: 0, size: size)
            var w = [Float](repeating: 0, count: size * size)
            for y in 0..<size {
                for x in 0..<size { w[y * size + x] = d2[x] * s0[y] + s0[x] * d2[y] }
            }
            return Kernel(width: size, height: size, weights: w)
        default:
            preconditionFailure("Laplacian size \(size) must be 1, 3, 5 or 7")
        }
    }

    /// The classic vertical-edge kernel of the course notes, `[[1,0,−1],[1,0,−1],[1,0,−1]]` (correlated:
    /// positive where the image is brighter on the left). It is the negated Prewitt x kernel.
    public static let verticalEdge = Kernel(row: [1, 0, -1], column: [1, 1, 1])

    /// The classic horizontal-edge kernel, the transpose of ``verticalEdge``:
    /// `[[1,1,1],[0,0,0],[−1,−1,−1]]` (positive where the image is brighter above).
    public static let horizontalEdge = Kernel(row: [1, 1, 1], column: [1, 0, -1])
}
