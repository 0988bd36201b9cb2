import Foundation

/// A 2-D affine map of image coordinates, stored as the top two rows of a 3×3 matrix (like OpenCV's 2×3 `M`):
///
///     x' = m00·x + m01·y + m02
///     y' = m10·x + m11·y + m12
///
/// ## Conventions
/// - Coordinates are Fovea image coordinates (see `Image` in FoveaImage): origin at the top-left pixel's centre,
///   x to the right, y **down**, integer coordinates are pixel centres. The centre of a `w × h` image is
///   `((w − 1) / 2, (h − 1) / 2)`.
/// - A transform maps **source points to destination points** (the forward map, as the matrix given to
///   OpenCV's `warpAffine` without `WARP_INVERSE_MAP`). Warping inverts it internally.
/// - Angles are in degrees. A positive rotation turns the picture **counter-clockwise on screen**
///   (with y pointing down), exactly as OpenCV's `getRotationMatrix2D(center, angle, 1)`.
/// - Composition reads left to right: `a.then(b)` applies `a` first, then `b` (matrix product `B·A`).
public struct AffineTransform: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Row 0, column 0: how much x' grows per unit of x.
    public var m00: Double
    /// Row 0, column 1: how much x' grows per unit of y.
    public var m01: Double
    /// Row 0, column 2: x' of the origin (translation in x, pixels).
    public var m02: Double
    /// Row 1, column 0: how much y' grows per unit of x.
    public var m10: Double
    /// Row 1, column 1: how much y' grows per unit of y.
    public var m11: Double
    /// Row 1, column 2: y' of the origin (translation in y, pixels).
    public var m12: Double

    /// A transform from its six coefficients, in OpenCV's row-major 2×3 order.
    public init(m00: Double, m01: Double, m02: Double, m10: Double, m11: Double, m12: Double) {
        self.m00 = m00
        self.m01 = m01
        self.m02 = m02
        self.m10 = m10
        self.m11 = m11
        self.m12 = m12
    }

    /// The transform that leaves every point where it is.
    public static let identity = AffineTransform(m00: 1, m01: 0, m02: 0, m10: 0, m11: 1, m12: 0)

    /// Moves every point by (`x`, `y`) pixels.
    public static func translation(x: Double, y: Double) -> AffineTransform {
        AffineTransform(m00: 1, m01: 0, m02: x, m10: 0, m11: 1, m12: y)
    }

    /// Rotates by `degrees` about `center`; positive is counter-clockwise on screen (y down), as OpenCV's
    /// `getRotationMatrix2D(center, degrees, 1)`: `[[cos, sin, …], [−sin, cos, …]]`.
    /// Multiples of 90° use exact sines and cosines, so such rotations of square images stay bit-exact.
    public static func rotation(degrees: Double, about center: ImagePoint = .origin) -> AffineTransform {
        let (sine, cosine) = exactSineCosine(degrees: degrees)
        return AffineTransform(m00: cosine, m01: sine, m02: 0, m10: -sine, m11: cosine, m12: 0).anchored(at: center)
    }

    /// Scales by `factor` in both directions about `center` (factor > 1 enlarges).
    public static func scaling(_ factor: Double, about center: ImagePoint = .origin) -> AffineTransform {
        scaling(x: factor, y: factor, about: center)
    }

    /// Scales x by `x` and y by `y` about `center` (anisotropic scaling; a negative factor mirrors).
    public static func scaling(x: Double, y: Double, about center: ImagePoint = .origin) -> AffineTransform {
        AffineTransform(m00: x, m01: 0, m02: 0, m10: 0, m11: y, m12: 0).anchored(at: center)
    }

    /// Shears along x by `xDegrees` about `center`: x' = x + tan(xDegrees)·(y − center.y), y' = y.
    /// A positive angle pushes rows below the centre to the right (as Albumentations' and torchvision's x-shear
    /// with y down).
    public static func shear(xDegrees: Double, about center: ImagePoint = .origin) -> AffineTransform {
        let k = tan(xDegrees * .pi / 180)
        return AffineTransform(m00: 1, m01: k, m02: 0, m10: 0, m11: 1, m12: 0).anchored(at: center)
    }

    /// Shears along y by `yDegrees` about `center`: y' = y + tan(yDegrees)·(x − center.x), x' = x.
    /// A positive angle pushes columns right of the centre downwards.
    public static func shear(yDegrees: Double, about center: ImagePoint = .origin) -> AffineTransform {
        let k = tan(yDegrees * .pi / 180)
        return AffineTransform(m00: 1, m01: 0, m02: 0, m10: k, m11: 1, m12: 0).anchored(at: center)
    }

    /// Mirrors left–right inside an image `width` pixels wide: x' = width − 1 − x (column 0 ↔ column width − 1).
    public static func horizontalFlip(width: Int) -> AffineTransform {
        AffineTransform(m00: -1, m01: 0, m02: Double(width - 1), m10: 0, m11: 1, m12: 0)
    }

    /// Mirrors top–bottom inside an image `height` pixels high: y' = height − 1 − y.
    public static func verticalFlip(height: Int) -> AffineTransform {
        AffineTransform(m00: 1, m01: 0, m02: 0, m10: 0, m11: -1, m12: Double(height - 1))
    }

    /// This transform followed by `next`: `self.then(next).apply(p) == next.apply(self.apply(p))`.
    public func then(_ next: AffineTransform) -> AffineTransform {
        AffineTransform(
            m00: next.m00 * m00 + next.m01 * m10,
            m01: next.m00 * m01 + next.m01 * m11,
            m02: next.m00 * m02 + next.m01 * m12 + next.m02,
            m10: next.m10 * m00 + next.m11 * m10,
            m11: next.m10 * m01 + next.m11 * m11,
            m12: next.m10 * m02 + next.m11 * m12 + next.m12)
    }

    /// The same as ``then(_:)`` (this transform first, then `next`), spelled as CoreGraphics'
    /// `CGAffineTransform.concatenating(_:)`.
    public func concatenating(_ next: AffineTransform) -> AffineTransform { then(next) }

    /// The determinant of the linear part, `m00·m11 − m01·m10` (the area scale; negative when mirroring).
    public var determinant: Double { m00 * m11 - m01 * m10 }

    /// The transform that undoes this one, or `nil` when it is singular (determinant 0 or not finite).
    public func inverted() -> AffineTransform? {
        let det = determinant
        guard det != 0, det.isFinite else { return nil }
        let i00 = m11 / det
        let i01 = -m01 / det
        let i10 = -m10 / det
        let i11 = m00 / det
        return AffineTransform(
            m00: i00, m01: i01, m02: -(i00 * m02 + i01 * m12),
            m10: i10, m11: i11, m12: -(i10 * m02 + i11 * m12))
    }

    /// Where this transform sends `point`.
    public func apply(to point: ImagePoint) -> ImagePoint {
        ImagePoint(x: m00 * point.x + m01 * point.y + m02, y: m10 * point.x + m11 * point.y + m12)
    }

    /// The matrix as OpenCV prints it: `[[m00, m01, m02], [m10, m11, m12]]`.
    public var description: String { "[[\(m00), \(m01), \(m02)], [\(m10), \(m11), \(m12)]]" }

    /// This linear map re-anchored so that `center` stays fixed: translate(center) · self · translate(−center).
    func anchored(at center: ImagePoint) -> AffineTransform {
        var t = self
        t.m02 = center.x - m00 * center.x - m01 * center.y
        t.m12 = center.y - m10 * center.x - m11 * center.y
        return t
    }

    /// sin and cos of an angle in degrees, exact (0, ±1) at multiples of 90°.
    static func exactSineCosine(degrees: Double) -> (sine: Double, cosine: Double) {
        let turn = degrees.truncatingRemainder(dividingBy: 360)
        switch turn {
        case 0: return (0, 1)
        case 90, -270: return (1, 0)
        case 180, -180: return (0, -1)
        case 270, -90: return (-1, 0)
        default:
            let radians = degrees * .pi / 180
            return (sin(radians), cos(radians))
        }
    }
}
