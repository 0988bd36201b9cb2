import FoveaCore
import Foundation

/// The derivative kernels a gradient is computed with (all correlated, unscaled, as in OpenCV).
public enum GradientOperator: Sendable, Hashable {
    /// Sobel of the given size (1, 3, 5 or 7), ``Kernel/sobel(dx:dy:size:)``.
    case sobel(size: Int)
    /// 3×3 Scharr, ``Kernel/scharr(dx:dy:)``.
    case scharr
    /// 3×3 Prewitt, ``Kernel/prewitt(dx:dy:)``.
    case prewitt

    /// The first-derivative kernel along x (`dx = 1`) or y.
    public func kernel(alongX: Bool) -> Kernel {
        let (dx, dy) = alongX ? (1, 0) : (0, 1)
        switch self {
        case .sobel(let size): return .sobel(dx: dx, dy: dy, size: size)
        case .scharr: return .scharr(dx: dx, dy: dy)
        case .prewitt: return .prewitt(dx: dx, dy: dy)
        }
    }
}

/// How two derivatives combine into a gradient magnitude.
public enum GradientNorm: Sendable, Hashable, CaseIterable {
    /// `|gx| + |gy|` (OpenCV Canny's default).
    case l1
    /// `√(gx² + gy²)` (OpenCV's `magnitude`, Canny's `L2gradient = true`).
    case l2
}

extension Image where Sample: FilterSample {
    /// The x and y derivatives of every channel as Float images in the input's units
    /// (OpenCV's `Sobel(src, CV_32F, 1, 0)` and `Sobel(src, CV_32F, 0, 1)` for `.sobel(size: 3)`).
    /// Positive x means brighter to the right; positive y means brighter further down.
    public func gradients(
        using op: GradientOperator = .sobel(size: 3), border: BorderMode = .default,
        threads: Int = Parallel.defaultThreadCount
    ) -> (x: Image<Float>, y: Image<Float>) {
        (
            correlated(with: op.kernel(alongX: true), border: border, threads: threads, as: Float.self),
            correlated(with: op.kernel(alongX: false), border: border, threads: threads, as: Float.self)
        )
    }

    /// The gradient magnitude of every channel (`√(gx² + gy²)` or `|gx| + |gy|`), Float, in the input's units:
    /// OpenCV's `magnitude(Sobel(src, CV_32F, 1, 0), Sobel(src, CV_32F, 0, 1))` for the defaults.
    public func gradientMagnitude(
        using op: GradientOperator = .sobel(size: 3), norm: GradientNorm = .l2, border: BorderMode = .default,
        threads: Int = Parallel.defaultThreadCount
    ) -> Image<Float> {
        guard op == .sobel(size: 3), width > 0, height > 0 else {
            let g = gradients(using: op, border: border, threads: threads)
            return Image<Float>.magnitude(x: g.x, y: g.y, norm: norm, threads: threads)
        }
        // 3×3 Sobel: derivatives computed per row band and combined at once (no derivative images).
        let shape = planeShape
        let count = width * height * channelCount
        let samples = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            withUnsafeBufferPointer { src in
                let s = UncheckedSendable(src.nonEmptyBaseAddress), o = UncheckedSendable(out.nonEmptyBaseAddress)
                Parallel.forEachChunk(of: shape.height, threads: threads, minimumChunk: 16) { rows in
                    FusedSobel.forEachRow(s.value, shape: shape, border: border, rows: rows) { y, gx, gy in
                        FloatKernels.magnitude(
                            gx, gy, count: shape.rowCount, norm: norm, into: o.value + y * shape.rowCount)
                    }
                }
            }
            initialized = count
        }
        return Image<Float>.assumingValid(width: width, height: height, layout: layout, samples: samples)
    }

    /// The gradient direction of every channel in degrees, in `[0, 360)`: `atan2(gy, gx)` with 0° along +x
    /// (pointing right) and angles growing towards +y — clockwise on screen, since y points down —
    /// as OpenCV's `phase(gx, gy, angleInDegrees = true)`. A zero gradient gives 0°.
    public func gradientDirection(
        using op: GradientOperator = .sobel(size: 3), border: BorderMode = .default,
        threads: Int = Parallel.defaultThreadCount
    ) -> Image<Float> {
        let g = gradients(using: op, border: border, threads: threads)
        return Image<Float>.direction(x: g.x, y: g.y)
    }

    /// The Laplacian `∂²/∂x² + ∂²/∂y²` of every channel as Float (OpenCV's `Laplacian(src, CV_32F, ksize)`
    /// with the kernels of ``Kernel/laplacian(size:)``).
    public func laplacian(
        size: Int = 1, border: BorderMode = .default, threads: Int = Parallel.defaultThreadCount
    ) -> Image<Float> {
        correlated(with: .laplacian(size: size), border: border, threads: threads, as: Float.self)
    }
}

extension Image where Sample == Float {
    /// Per-sample magnitude of two derivative images of equal geometry (OpenCV's `magnitude` for `.l2`).
    public static func magnitude(
        x: Image<Float>, y: Image<Float>, norm: GradientNorm = .l2, threads: Int = Parallel.defaultThreadCount
    ) -> Image<Float> {
        precondition(
            x.width == y.width && x.height == y.height && x.layout == y.layout,
            "derivative images differ: \(x) vs \(y)")
        var out = [Float](repeating: 0, count: x.samples.count)
        x.withUnsafeBufferPointer { gx in
            y.withUnsafeBufferPointer { gy in
                out.withUnsafeMutableBufferPointer { o in
                    let px = UncheckedSendable(gx.baseAddress), py = UncheckedSendable(gy.baseAddress)
                    let po = UncheckedSendable(o.baseAddress)
                    Parallel.forEachChunk(of: o.count, threads: threads, minimumChunk: 1 << 16) { r in
                        guard let a = px.value, let b = py.value, let c = po.value else { return }
                        FloatKernels.magnitude(
                            a + r.lowerBound, b + r.lowerBound, count: r.count, norm: norm, into: c + r.lowerBound)
                    }
                }
            }
        }
        return Image<Float>.assumingValid(width: x.width, height: x.height, layout: x.layout, samples: out)
    }

    /// Per-sample direction `atan2(y, x)` in degrees in `[0, 360)`, 0° along +x, growing towards +y
    /// (clockwise on screen); OpenCV's `phase(x, y, angleInDegrees = true)`. Zero vectors give 0.
    public static func direction(x: Image<Float>, y: Image<Float>) -> Image<Float> {
        precondition(
            x.width == y.width && x.height == y.height && x.layout == y.layout,
            "derivative images differ: \(x) vs \(y)")
        let out = zip(x.samples, y.samples).map { gx, gy -> Float in
            // `+ 0` turns −0 into +0, so a zero derivative of either sign counts as +0 (as in OpenCV's phase).
            let a = Float(atan2(Double(gy) + 0, Double(gx) + 0) * (180 / Double.pi))
            return a < 0 ? a + 360 : (a >= 360 ? a - 360 : a)
        }
        return Image<Float>.assumingValid(width: x.width, height: x.height, layout: x.layout, samples: out)
    }
}

extension FloatKernels {
    /// `out[i] = √(a² + b²)` (`.l2`) or `|a| + |b|` (`.l1`).
    static func magnitude(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, norm: GradientNorm,
        into out: UnsafeMutablePointer<Float>
    ) {
        var i = 0
        switch norm {
        case .l2:
            // A plain loop: LLVM vectorizes the scalar square root to sqrtps, while SIMD8's
            // squareRoot() is scalarized with libm calls.
            for j in 0..<count { out[j] = (a[j] * a[j] + b[j] * b[j]).squareRoot() }
        case .l1:
            while i + 8 <= count {
                let x = loadFloats(a + i), y = loadFloats(b + i)
                storeFloats(magnitudes(x) + magnitudes(y), out + i)
                i += 8
            }
            while i < count {
                out[i] = abs(a[i]) + abs(b[i])
                i += 1
            }
        }
    }
}
