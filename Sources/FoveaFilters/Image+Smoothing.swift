import FoveaCore

/// A kernel size, `width × height` pixels; an integer literal gives a square size (`size: 7`).
public struct KernelSize: Sendable, Hashable, ExpressibleByIntegerLiteral {
    /// Columns.
    public var width: Int
    /// Rows.
    public var height: Int

    /// A `width × height` size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// A square size.
    public init(integerLiteral side: Int) {
        self.init(width: side, height: side)
    }
}

extension Image where Sample: FilterSample {
    /// The image blurred by a Gaussian, as OpenCV's `GaussianBlur(src, ksize, sigmaX, sigmaY, borderType)`.
    ///
    /// - Parameters:
    ///   - sigma: Horizontal standard deviation in pixels. `0` derives it from the size
    ///     (`σ = 0.3 · ((size − 1) / 2 − 1) + 0.8`, and OpenCV 5's fixed small kernels for sizes 3, 5, 7 and 9 — OpenCV 4.x uses the formula for 9).
    ///   - sigmaY: Vertical standard deviation; `nil` (or 0) uses `sigma`.
    ///   - size: Kernel size (odd). `nil` derives it from the sigmas by OpenCV's rule
    ///     `round(σ · t · 2 + 1) | 1` with `t = 3` for UInt8 and `t = 4` for UInt16/Float samples
    ///     (``Kernel/gaussianSize(sigma:for:)``): σ = 1 gives 7×7 on UInt8, 9×9 on Float.
    ///   - border: Border mode (default reflect-101, OpenCV's default).
    ///   - threads: Row bands run in parallel; the result does not depend on the count.
    /// The kernel sums to 1 and is applied as a row pass then a column pass. UInt8 images use 16-bit fixed
    /// point (weights with 8 fractional bits, as OpenCV's UInt8 path), other types Float with integer results
    /// rounded half to even; both agree with OpenCV within one level.
    public func gaussianBlurred(
        sigma: Double, sigmaY: Double? = nil, size: KernelSize? = nil, border: BorderMode = .default,
        threads: Int = Parallel.defaultThreadCount
    ) -> Image<Sample> {
        let kernel = Kernel.gaussian(
            sigmaX: sigma, sigmaY: sigmaY, width: size?.width, height: size?.height, for: Sample.sampleType)
        if kernel.width == 1 && kernel.height == 1 { return self }
        if Sample.self == UInt8.self, let bytes = self as? Image<UInt8>,
            let blurred = FixedPointGaussian.blur(bytes, kernel: kernel, border: border, threads: threads),
            let result = blurred as? Image<Sample>
        {
            return result
        }
        return correlated(with: kernel, border: border, threads: threads)
    }

    /// The image averaged over a `size` box (OpenCV's `blur` / `boxFilter` with `normalize = true`); even
    /// sizes are allowed, with the anchor at `(width / 2, height / 2)`.
    public func boxBlurred(
        size: KernelSize, border: BorderMode = .default, threads: Int = Parallel.defaultThreadCount
    ) -> Image<Sample> {
        correlated(with: .box(width: size.width, height: size.height), border: border, threads: threads)
    }

    /// The image sharpened by ``Kernel/sharpen`` (`[[0,−1,0],[−1,5,−1],[0,−1,0]]`), saturated for integers.
    public func sharpened(border: BorderMode = .default, threads: Int = Parallel.defaultThreadCount) -> Image<Sample> {
        correlated(with: .sharpen, border: border, threads: threads)
    }
}
