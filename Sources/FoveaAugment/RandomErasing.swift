import Foundation

/// torchvision's `RandomErasing` (Zhong et al. 2017): a rectangle of the image replaced by a fill.
///
/// Drawing (``draw(width:height:using:)``) follows torchvision: up to 10 attempts, each drawing an area
/// fraction `a ~ U(scale)` and an aspect `r ~ logU(ratio)`, giving a rectangle of
/// `h = round(√(a·W·H·r))` rows and `w = round(√(a·W·H / r))` columns (ties to even, as Python's `round`);
/// the first that fits strictly inside the image (`h < H`, `w < W`) is placed with its top-left corner
/// uniform over the `(H − h + 1) × (W − w + 1)` positions. When no attempt fits, nothing is erased.
public struct RandomErasing: Sendable, Hashable, Codable {
    /// Range of the erased area as a fraction of the image area (torchvision's default 0.02…0.33).
    public var scale: ClosedRange<Double>
    /// Range of the aspect ratio height / width, drawn log-uniformly (default 0.3…3.3).
    public var ratio: ClosedRange<Double>
    /// What fills the rectangle.
    public var fill: ErasingFill

    /// Erasing with torchvision's defaults unless given.
    public init(
        scale: ClosedRange<Double> = 0.02...0.33, ratio: ClosedRange<Double> = 0.3...3.3,
        fill: ErasingFill = .constant(0)
    ) {
        self.scale = scale
        self.ratio = ratio
        self.fill = fill
    }

    /// The rectangle for a `width × height` image, or `nil` when none of the 10 attempts fits.
    public func draw(width: Int, height: Int, using rng: inout RandomStream) -> Erasure? {
        let area = Double(width) * Double(height)
        let logRatio = (log(ratio.lowerBound), log(ratio.upperBound))
        for _ in 0..<10 {
            let target = area * rng.uniform(scale.lowerBound, scale.upperBound)
            let aspect = exp(rng.uniform(logRatio.0, logRatio.1))
            let h = Int((target * aspect).squareRoot().rounded(.toNearestOrEven))
            let w = Int((target / aspect).squareRoot().rounded(.toNearestOrEven))
            guard h < height, w < width else { continue }
            let y = rng.integer(below: height - h + 1)
            let x = rng.integer(below: width - w + 1)
            let seed: UInt64 = fill == .random ? rng.next() : 0
            return Erasure(x: x, y: y, width: w, height: h, fill: fill, seed: seed)
        }
        return nil
    }

    /// Why these settings cannot be drawn from, or `nil`.
    var problem: String? {
        guard scale.lowerBound > 0, scale.upperBound <= 1 else { return "erasing scale \(scale) must lie in (0, 1]" }
        guard ratio.lowerBound > 0, ratio.upperBound.isFinite else {
            return "erasing ratio \(ratio) must be positive and finite"
        }
        if case .constant(let v) = fill, !(0...1).contains(v) { return "erasing value \(v) must be in 0…1" }
        return nil
    }
}

/// What an erased rectangle holds.
public enum ErasingFill: Sendable, Hashable, Codable {
    /// One value in normalised units (0 black, 1 full scale) in every colour channel.
    case constant(Double)
    /// Independent uniform values over the sample range (0…255 for UInt8, 0…1 for Float), seeded.
    case random
}

/// One drawn erasure: the rectangle (pixels, top-left corner and size) and its fill.
public struct Erasure: Sendable, Hashable, Codable {
    /// Left column of the rectangle.
    public var x: Int
    /// Top row of the rectangle.
    public var y: Int
    /// Columns erased.
    public var width: Int
    /// Rows erased.
    public var height: Int
    /// What the rectangle holds.
    public var fill: ErasingFill
    /// Seed of the random fill (`RandomStream(seed: seed)` read in storage order); 0 for a constant fill.
    public var seed: UInt64

    /// The erasure of the given rectangle and fill.
    public init(x: Int, y: Int, width: Int, height: Int, fill: ErasingFill, seed: UInt64 = 0) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.fill = fill
        self.seed = seed
    }
}

extension Image {
    /// This image with `erasure`'s rectangle (clipped to the image) filled in every colour channel; alpha
    /// is left alone.
    public func erased(_ erasure: Erasure) -> Image<Sample> {
        var copy = self
        copy.erase(erasure)
        return copy
    }

    /// In-place form of ``erased(_:)``.
    mutating func erase(_ erasure: Erasure) {
        switch Sample.sampleType {
        case .uint8:
            var typed = unsafeBitCast(self, to: Image<UInt8>.self)
            fill(&typed, erasure)
            self = unsafeBitCast(typed, to: Image<Sample>.self)
        case .uint16:
            var typed = unsafeBitCast(self, to: Image<UInt16>.self)
            fill(&typed, erasure)
            self = unsafeBitCast(typed, to: Image<Sample>.self)
        case .float32:
            var typed = unsafeBitCast(self, to: Image<Float>.self)
            fill(&typed, erasure)
            self = unsafeBitCast(typed, to: Image<Sample>.self)
        }
    }
}

/// Fills `erasure`'s rectangle, clipped to the image, in the colour channels; random fills read
/// `RandomStream(seed: erasure.seed)` in storage order, one value per sample.
private func fill<T: PixelSample>(_ image: inout Image<T>, _ erasure: Erasure) {
    let x0 = max(erasure.x, 0)
    let y0 = max(erasure.y, 0)
    let x1 = min(erasure.x + max(erasure.width, 0), image.width)
    let y1 = min(erasure.y + max(erasure.height, 0), image.height)
    guard x0 < x1, y0 < y1 else { return }
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    let stride = image.rowStride
    var rng = RandomStream(seed: erasure.seed)
    let constant: T
    if case .constant(let v) = erasure.fill { constant = T(normalized: Float(v)) } else { constant = .zero }
    let isRandom = erasure.fill == .random
    image.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        for y in y0..<y1 {
            var p = base + y * stride + x0 * ch
            if !isRandom && color == ch {
                p.update(repeating: constant, count: (x1 - x0) * ch)
                continue
            }
            for _ in x0..<x1 {
                for k in 0..<color { p[k] = isRandom ? T(normalized: Float(rng.nextUnit())) : constant }
                p += ch
            }
        }
    }
}

extension RandomStream {
    /// A uniform integer in `0..<bound` (`bound` ≥ 1) by Lemire's multiply-shift (bias below 2⁻⁶⁴·bound).
    mutating func integer(below bound: Int) -> Int {
        precondition(bound >= 1, "integer(below:) needs a positive bound, got \(bound)")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }
}
