import CFoveaKernels
import FoveaFilters

/// The elastic distortion of Simard, Steinkraus & Platt (2003), the classic MNIST augmentation: a random
/// displacement field, smoothed and scaled, moves every pixel.
///
/// For a `W × H` image the field is `dx = α · G_σ ∗ Δx` and `dy = α · G_σ ∗ Δy`, where `Δx`, `Δy` are
/// independent uniforms in [−1, 1) per pixel and `G_σ ∗` is FoveaFilters' Gaussian blur with `σ` in pixels
/// (OpenCV's `GaussianBlur(Δ, (0, 0), σ)` on Float, ±4σ kernel, reflect-101 border). Output pixel (x, y)
/// then reads the input at `(x + dx, y + dy)` with the policy's interpolation and border. Simard's values
/// for 28×28 digits are σ = 4, α = 34; small α·(slope of the field) keeps the map invertible.
///
/// The elastic map is not a homography, so it is its own resampling pass, after the one affine/perspective
/// warp (see ``AugmentationParameters``).
public struct ElasticDistortion: Sendable, Hashable, Codable {
    /// Scale of the displacement in pixels (Simard's α).
    public var alpha: Double
    /// Standard deviation of the smoothing Gaussian in pixels (Simard's σ).
    public var sigma: Double

    /// The distortion with scale `alpha` and smoothing `sigma`, both in pixels.
    public init(alpha: Double, sigma: Double) {
        self.alpha = alpha
        self.sigma = sigma
    }

    /// Why these settings cannot be drawn from, or `nil`.
    var problem: String? {
        guard alpha.isFinite, alpha >= 0, alpha <= 10_000 else {
            return "elastic alpha \(alpha) must be in 0…10000 pixels"
        }
        guard sigma.isFinite, sigma > 0, sigma <= 1_000 else {
            return "elastic sigma \(sigma) must be in (0, 1000] pixels"
        }
        return nil
    }
}

/// One drawn elastic distortion: its settings and the seed of its random field.
public struct ElasticField: Sendable, Hashable, Codable {
    /// Scale of the displacement in pixels.
    public var alpha: Double
    /// Standard deviation of the smoothing in pixels.
    public var sigma: Double
    /// Seed of the uniforms: `Δx` for every pixel in row-major order, then `Δy`, each `2u − 1` rounded to
    /// Float, with `u` the successive `RandomStream.nextUnit()` values of `RandomStream(seed: seed)`.
    public var seed: UInt64

    /// The field of the given settings and seed.
    public init(alpha: Double, sigma: Double, seed: UInt64) {
        self.alpha = alpha
        self.sigma = sigma
        self.seed = seed
    }

    /// The displacements of a `width × height` image in pixels, row-major (see ``ElasticDistortion``).
    public func displacements(width: Int, height: Int) -> (dx: [Float], dy: [Float]) {
        let n = max(0, width) * max(0, height)
        guard n > 0 else { return ([], []) }
        var rng = RandomStream(seed: seed)
        let blur = sigma > 0 && sigma.isFinite ? FieldBlur(width: width, height: height, sigma: sigma) : nil
        func component() -> [Float] {
            let raw = (0..<n).map { _ in Float(2 * rng.nextUnit() - 1) }
            if let blur, let smooth = blur.apply(raw, scale: Float(alpha)) { return smooth }
            let field = Image<Float>.assumingValid(width: width, height: height, layout: .gray, samples: raw)
            let smooth =
                sigma > 0 && sigma.isFinite
                ? field.gaussianBlurred(sigma: sigma, border: .reflect101, threads: 1) : field
            let a = Float(alpha)
            return smooth.samples.map { $0 * a }
        }
        let dx = component()
        let dy = component()
        return (dx, dy)
    }
}

/// The field's Gaussian (FoveaFilters' `gaussianBlurred(sigma:border: .reflect101)` on a Float plane, then a
/// multiplication by α) in the vector loop of `fovea_symmetric_blur_f32`: the same weights, the same sums in the
/// same order (vertical taps first, symmetric pairs added before they are weighted), so the same bits, without
/// building the 2-D kernel. `apply` returns `nil` where that loop does not run (no AVX2, one tap).
struct FieldBlur {
    let width: Int
    let height: Int
    /// OpenCV's `getGaussianKernel(size, σ, CV_32F)` with size `round(8σ + 1) | 1` (the Float rule).
    let weights: [Float]
    /// Source row of each virtual row `y − taps/2 + k` (reflect-101), `height + taps − 1` of them.
    let rowSource: [Int32]
    /// Source column of each padded position, `width + taps − 1` of them.
    let columnSource: [Int32]

    init?(width: Int, height: Int, sigma: Double) {
        guard width > 0, height > 0, width < Int(Int32.max) / max(1, height) else { return nil }
        let size = Kernel.gaussianSize(sigma: sigma, for: .float32)
        guard size >= 3 else { return nil }
        let taps = Kernel.gaussianWeights(size: size, sigma: sigma)
        let half = size / 2
        // The loop assumes mirrored weights (true of every Gaussian here; checked so it can never be wrong).
        guard (0..<half).allSatisfy({ taps[$0] == taps[size - 1 - $0] }) else { return nil }
        self.width = width
        self.height = height
        weights = taps
        let border = BorderMode.reflect101
        rowSource = (0..<(height + size - 1)).map { Int32(border.sourceIndex($0 - half, count: height) ?? 0) }
        columnSource = (0..<(width + size - 1)).map { Int32(border.sourceIndex($0 - half, count: width) ?? 0) }
    }

    /// `scale · G ∗ field` for a row-major `width × height` field, or `nil` when the vector loop does not run.
    func apply(_ field: [Float], scale: Float) -> [Float]? {
        guard field.count == width * height else { return nil }
        let padded = UnsafeMutablePointer<Float>.allocate(capacity: width + weights.count - 1 + 16)
        defer { padded.deallocate() }
        var done = false
        let out = [Float](unsafeUninitializedCapacity: field.count) { buffer, initialized in
            done =
                fovea_symmetric_blur_f32(
                    field, width, height, weights, weights.count, rowSource, columnSource, scale, padded,
                    buffer.baseAddress) != 0
            if !done { buffer.initialize(repeating: 0) }
            initialized = field.count
        }
        return done ? out : nil
    }
}

/// A displacement field with its size, for moving points (the inverse of the image's pull-back).
struct Displacements {
    let dx: [Float]
    let dy: [Float]
    let width: Int
    let height: Int

    /// The field bilinearly interpolated at `p`, positions clamped to the image.
    func at(_ p: ImagePoint) -> (Double, Double) {
        guard width > 0, height > 0 else { return (0, 0) }
        let x = min(max(p.x.isFinite ? p.x : 0, 0), Double(width - 1))
        let y = min(max(p.y.isFinite ? p.y : 0, 0), Double(height - 1))
        let x0 = Int(x)
        let y0 = Int(y)
        let x1 = min(x0 + 1, width - 1)
        let y1 = min(y0 + 1, height - 1)
        let fx = x - Double(x0)
        let fy = y - Double(y0)
        func lerp(_ f: [Float]) -> Double {
            let a = Double(f[y0 * width + x0])
            let b = Double(f[y0 * width + x1])
            let c = Double(f[y1 * width + x0])
            let d = Double(f[y1 * width + x1])
            let top = a + (b - a) * fx
            return top + (c + (d - c) * fx - top) * fy
        }
        return (lerp(dx), lerp(dy))
    }

    /// Where a source point `q` lands: the output point `p` with `p + d(p) = q`, found by 20 fixed-point steps
    /// `p ← q − d(p)` from `p = q` (they converge while α times the field's slope stays below 1, as for any
    /// distortion that keeps the picture recognisable).
    func moved(_ q: ImagePoint) -> ImagePoint {
        var p = q
        for _ in 0..<20 {
            let (dx, dy) = at(p)
            p = ImagePoint(x: q.x - dx, y: q.y - dy)
        }
        return p
    }
}
