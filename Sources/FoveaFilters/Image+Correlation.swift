import FoveaCore

extension Image where Sample: FilterSample {
    var planeShape: PlaneShape { PlaneShape(width: width, height: height, channels: channelCount) }

    /// Runs the engine into a new buffer of `Out` samples; returns the output shape and samples.
    func correlatedSamples<Out: FilterSample & Numeric>(
        with kernel: Kernel, border: BorderMode, region: FilterRegion, threads: Int, as: Out.Type
    ) -> (PlaneShape, [Out]) {
        let outShape = CorrelationEngine.outputShape(planeShape, kernel: kernel, region: region)
        let count = outShape.width * outShape.height * outShape.channels
        // Every output sample is written by the engine (trivial sample types, no initialization needed).
        let out = [Out](unsafeUninitializedCapacity: count) { dst, initialized in
            withUnsafeBufferPointer { src in
                CorrelationEngine.correlate(
                    src, shape: planeShape, kernel: kernel, border: border, region: region, into: dst, threads: threads)
            }
            initialized = count
        }
        return (outShape, out)
    }

    /// The correlation of every channel with `kernel`, in this image's sample type (integers rounded half
    /// to even and saturated, like OpenCV's `filter2D` with `ddepth = -1`).
    ///
    /// `out(x, y) = Σ kernel[kx, ky] · in(x + kx − anchorX, y + ky − anchorY)` — the kernel is **not**
    /// flipped (see ``Kernel``); use ``convolved(with:border:region:threads:)`` to flip it.
    /// Separable kernels run as a row pass then a column pass. Samples are in the input's units.
    /// - Parameters:
    ///   - kernel: The weights and anchor (see ``Kernel``).
    ///   - border: How samples beyond the edge are invented for `.same` output (default `BorderMode.reflect101`).
    ///   - region: `.same` (input size) or `.valid` (only where the kernel fits).
    ///   - threads: Row bands filtered in parallel; the result is identical for any count.
    public func correlated(
        with kernel: Kernel, border: BorderMode = .default, region: FilterRegion = .same,
        threads: Int = Parallel.defaultThreadCount
    ) -> Image<Sample> {
        correlated(with: kernel, border: border, region: region, threads: threads, as: Sample.self)
    }

    /// The correlation with `kernel` stored as `Output` samples in the input's units, e.g. `Float` values
    /// 0…255 from a UInt8 image (OpenCV's `filter2D` with `ddepth = CV_32F`). Integer outputs are rounded
    /// half to even and saturated. See ``correlated(with:border:region:threads:)`` for the formula.
    public func correlated<Output: PixelSample & FilterSample>(
        with kernel: Kernel, border: BorderMode = .default, region: FilterRegion = .same,
        threads: Int = Parallel.defaultThreadCount, as output: Output.Type
    ) -> Image<Output> {
        let (shape, samples) = correlatedSamples(
            with: kernel, border: border, region: region, threads: threads, as: Output.self)
        return Image<Output>.assumingValid(width: shape.width, height: shape.height, layout: layout, samples: samples)
    }

    /// The correlation with `kernel` as signed 16-bit samples (OpenCV's `ddepth = CV_16S`): derivatives of
    /// UInt8 images keep their sign; values are rounded half to even and saturated to −32768…32767.
    public func correlated(
        with kernel: Kernel, border: BorderMode = .default, region: FilterRegion = .same,
        threads: Int = Parallel.defaultThreadCount, as output: Int16.Type
    ) -> SignedImage {
        let (shape, samples) = correlatedSamples(
            with: kernel, border: border, region: region, threads: threads, as: Int16.self)
        return SignedImage(unchecked: shape.width, shape.height, layout, samples)
    }

    /// The convolution with `kernel`: correlation with ``Kernel/flipped`` (kernel rotated 180°, anchor
    /// mirrored), in this image's sample type. For symmetric kernels it equals the correlation.
    public func convolved(
        with kernel: Kernel, border: BorderMode = .default, region: FilterRegion = .same,
        threads: Int = Parallel.defaultThreadCount
    ) -> Image<Sample> {
        correlated(with: kernel.flipped, border: border, region: region, threads: threads, as: Sample.self)
    }

    /// The convolution with `kernel` stored as `Output` samples (see ``convolved(with:border:region:threads:)``).
    public func convolved<Output: PixelSample & FilterSample>(
        with kernel: Kernel, border: BorderMode = .default, region: FilterRegion = .same,
        threads: Int = Parallel.defaultThreadCount, as output: Output.Type
    ) -> Image<Output> {
        correlated(with: kernel.flipped, border: border, region: region, threads: threads, as: Output.self)
    }
}
