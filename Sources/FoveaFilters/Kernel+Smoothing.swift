import Foundation

extension Kernel {
    /// OpenCV's kernel size for a Gaussian given only its sigma (`createGaussianKernels`):
    /// `round(σ · t · 2 + 1) | 1` with `t = 3` for UInt8 images and `t = 4` otherwise, i.e. the kernel
    /// reaches ±3σ (UInt8) or ±4σ (UInt16, Float) and is always odd. `sigma` must be positive.
    public static func gaussianSize(sigma: Double, for sampleType: SampleType) -> Int {
        precondition(sigma > 0, "Gaussian sigma \(sigma) must be positive to derive a kernel size")
        let t: Double = sampleType == .uint8 ? 3 : 4
        return Int((sigma * t * 2 + 1).rounded(.toNearestOrEven)) | 1
    }

    /// The 1-D Gaussian weights of OpenCV's `getGaussianKernel(size, sigma, CV_32F)`, summing to 1.
    ///
    /// `w[i] ∝ exp(−x² / (2σ²))` with `x = i − (size − 1) / 2`. When `sigma <= 0` it is derived from the
    /// size as `σ = 0.3 · ((size − 1) · 0.5 − 1) + 0.8`, and for odd sizes up to 9 OpenCV's fixed small
    /// kernels are returned instead: `[1]`, `[1 2 1]/4`, `[1 4 6 4 1]/16`, `[1 3.5 7 9 7 3.5 1]/32` and
    /// `[4 13 30 51 60 51 30 13 4]/256` (the 9-tap one is OpenCV 5's; OpenCV 4.x stops at 7 and uses the
    /// formula for 9).
    public static func gaussianWeights(size: Int, sigma: Double) -> [Float] {
        precondition(size > 0, "Gaussian kernel size \(size) must be positive")
        let fixed: [[Double]] = [
            [1], [0.25, 0.5, 0.25], [0.0625, 0.25, 0.375, 0.25, 0.0625],
            [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
            [4, 13, 30, 51, 60, 51, 30, 13, 4].map { $0 / 256 },
        ]
        let useFixed = size % 2 == 1 && size <= 9 && sigma <= 0
        let s = sigma > 0 ? sigma : ((Double(size) - 1) * 0.5 - 1) * 0.3 + 0.8
        let scale = -0.5 / (s * s)
        var raw = [Float](repeating: 0, count: size)
        var sum = 0.0
        for i in 0..<size {
            let x = Double(i) - Double(size - 1) * 0.5
            let t = useFixed ? fixed[size / 2][i] : exp(scale * x * x)
            raw[i] = Float(t)
            sum += Double(raw[i])
        }
        let inverse = 1 / sum
        return raw.map { Float(Double($0) * inverse) }
    }

    /// The separable Gaussian kernel of OpenCV's `GaussianBlur(ksize, sigmaX, sigmaY)`.
    ///
    /// - Parameters:
    ///   - sigmaX: Horizontal standard deviation in pixels; `<= 0` derives it from `width`.
    ///   - sigmaY: Vertical standard deviation; `nil` or `<= 0` uses `sigmaX` (as OpenCV does).
    ///   - width: Kernel width, odd; `nil` or `<= 0` derives it from `sigmaX` by ``gaussianSize(sigma:for:)``.
    ///   - height: Kernel height, odd; `nil` or `<= 0` derives it from the vertical sigma, or copies `width`
    ///     when that sigma is not positive either.
    ///   - sampleType: The image's sample type, which selects OpenCV's size rule (3σ for UInt8, 4σ otherwise).
    public static func gaussian(
        sigmaX: Double, sigmaY: Double? = nil, width: Int? = nil, height: Int? = nil,
        for sampleType: SampleType = .float32
    ) -> Kernel {
        let sx = max(sigmaX, 0)
        var sy = max(sigmaY ?? 0, 0)
        if sy <= 0 { sy = sx }
        var w = width ?? 0
        var h = height ?? 0
        if w <= 0 && sx > 0 { w = gaussianSize(sigma: sx, for: sampleType) }
        if h <= 0 && sy > 0 { h = gaussianSize(sigma: sy, for: sampleType) }
        if h <= 0 { h = w }
        if w <= 0 { w = h }
        precondition(
            w > 0 && h > 0 && w % 2 == 1 && h % 2 == 1,
            "Gaussian kernel \(w)×\(h) (sigma \(sigmaX), \(sigmaY ?? 0)): give a positive sigma or an odd positive size"
        )
        return Kernel(row: gaussianWeights(size: w, sigma: sx), column: gaussianWeights(size: h, sigma: sy))
    }

    /// The `width × height` box kernel (OpenCV's `boxFilter`): every weight `1 / (width · height)` when
    /// `normalized`, else 1. Anchor at `(width / 2, height / 2)` like OpenCV's default.
    public static func box(width: Int, height: Int, normalized: Bool = true) -> Kernel {
        precondition(width > 0 && height > 0, "box size \(width)×\(height) must be positive")
        let rowWeight: Float = normalized ? 1 / Float(width) : 1
        let columnWeight: Float = normalized ? 1 / Float(height) : 1
        return Kernel(
            row: [Float](repeating: rowWeight, count: width), column: [Float](repeating: columnWeight, count: height))
    }

    /// The classic 3×3 sharpening kernel `[[0,−1,0],[−1,5,−1],[0,−1,0]]` (identity plus the negated
    /// 4-neighbour Laplacian); its weights sum to 1.
    public static let sharpen = Kernel(rows: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]])
}
