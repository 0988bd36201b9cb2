/// A 2-D projective map of image coordinates (a full 3×3 matrix, as OpenCV's `warpPerspective` `M`):
///
///     x' = (m00·x + m01·y + m02) / (m20·x + m21·y + m22)
///     y' = (m10·x + m11·y + m12) / (m20·x + m21·y + m22)
///
/// Coordinates, direction and composition follow ``AffineTransform``: Fovea pixel centres at integers, y down,
/// source → destination, `a.then(b)` applies `a` first. Every affine transform is a homography with bottom row
/// `(0, 0, 1)`, so affine and perspective steps compose into one matrix and one resampling.
public struct Homography: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Row 0, column 0.
    public var m00: Double
    /// Row 0, column 1.
    public var m01: Double
    /// Row 0, column 2.
    public var m02: Double
    /// Row 1, column 0.
    public var m10: Double
    /// Row 1, column 1.
    public var m11: Double
    /// Row 1, column 2.
    public var m12: Double
    /// Row 2, column 0: how much the denominator grows per unit of x (0 for affine maps).
    public var m20: Double
    /// Row 2, column 1: how much the denominator grows per unit of y (0 for affine maps).
    public var m21: Double
    /// Row 2, column 2.
    public var m22: Double

    /// A homography from its nine coefficients, row-major.
    public init(
        m00: Double, m01: Double, m02: Double, m10: Double, m11: Double, m12: Double, m20: Double, m21: Double,
        m22: Double
    ) {
        (self.m00, self.m01, self.m02) = (m00, m01, m02)
        (self.m10, self.m11, self.m12) = (m10, m11, m12)
        (self.m20, self.m21, self.m22) = (m20, m21, m22)
    }

    /// The affine map `affine` as a homography (bottom row `0, 0, 1`).
    public init(_ affine: AffineTransform) {
        self.init(
            m00: affine.m00, m01: affine.m01, m02: affine.m02, m10: affine.m10, m11: affine.m11, m12: affine.m12,
            m20: 0, m21: 0, m22: 1)
    }

    /// The map that leaves every point where it is.
    public static let identity = Homography(.identity)

    /// The homography sending the four points `source` to the four points `destination` (in order), as
    /// OpenCV's `getPerspectiveTransform(src, dst)`, normalised to `m22 = 1`; `nil` when three of the points are
    /// collinear (the 8×8 system is singular) or the counts are not 4.
    public static func mapping(_ source: [ImagePoint], to destination: [ImagePoint]) -> Homography? {
        guard source.count == 4, destination.count == 4 else { return nil }
        // Unknowns (m00 m01 m02 m10 m11 m12 m20 m21), two rows per point pair.
        var a = [[Double]](repeating: [Double](repeating: 0, count: 9), count: 8)
        for i in 0..<4 {
            let (x, y) = (source[i].x, source[i].y)
            let (u, v) = (destination[i].x, destination[i].y)
            a[2 * i] = [x, y, 1, 0, 0, 0, -u * x, -u * y, u]
            a[2 * i + 1] = [0, 0, 0, x, y, 1, -v * x, -v * y, v]
        }
        // Gaussian elimination with partial pivoting.
        for column in 0..<8 {
            guard let pivot = (column..<8).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                abs(a[pivot][column]) > 1e-12
            else { return nil }
            a.swapAt(column, pivot)
            for row in 0..<8 where row != column {
                let f = a[row][column] / a[column][column]
                if f == 0 { continue }
                for k in column..<9 { a[row][k] -= f * a[column][k] }
            }
        }
        let h = (0..<8).map { a[$0][8] / a[$0][$0] }
        let result = Homography(
            m00: h[0], m01: h[1], m02: h[2], m10: h[3], m11: h[4], m12: h[5], m20: h[6], m21: h[7], m22: 1)
        return result.isFinite ? result : nil
    }

    /// This map followed by `next`: `self.then(next).apply(to: p) == next.apply(to: self.apply(to: p))`
    /// (matrix product `next · self`).
    public func then(_ next: Homography) -> Homography {
        let a = self
        let b = next
        return Homography(
            m00: b.m00 * a.m00 + b.m01 * a.m10 + b.m02 * a.m20,
            m01: b.m00 * a.m01 + b.m01 * a.m11 + b.m02 * a.m21,
            m02: b.m00 * a.m02 + b.m01 * a.m12 + b.m02 * a.m22,
            m10: b.m10 * a.m00 + b.m11 * a.m10 + b.m12 * a.m20,
            m11: b.m10 * a.m01 + b.m11 * a.m11 + b.m12 * a.m21,
            m12: b.m10 * a.m02 + b.m11 * a.m12 + b.m12 * a.m22,
            m20: b.m20 * a.m00 + b.m21 * a.m10 + b.m22 * a.m20,
            m21: b.m20 * a.m01 + b.m21 * a.m11 + b.m22 * a.m21,
            m22: b.m20 * a.m02 + b.m21 * a.m12 + b.m22 * a.m22)
    }

    /// The determinant of the 3×3 matrix.
    public var determinant: Double {
        m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20)
    }

    /// The map that undoes this one (the adjugate over the determinant), or `nil` when it is singular.
    public func inverted() -> Homography? {
        let det = determinant
        guard det != 0, det.isFinite else { return nil }
        let inverse = Homography(
            m00: (m11 * m22 - m12 * m21) / det, m01: (m02 * m21 - m01 * m22) / det, m02: (m01 * m12 - m02 * m11) / det,
            m10: (m12 * m20 - m10 * m22) / det, m11: (m00 * m22 - m02 * m20) / det, m12: (m02 * m10 - m00 * m12) / det,
            m20: (m10 * m21 - m11 * m20) / det, m21: (m01 * m20 - m00 * m21) / det, m22: (m00 * m11 - m01 * m10) / det)
        return inverse.isFinite ? inverse : nil
    }

    /// Where this map sends `point` (a point on the horizon, denominator 0, goes to infinity).
    public func apply(to point: ImagePoint) -> ImagePoint {
        let w = m20 * point.x + m21 * point.y + m22
        return ImagePoint(
            x: (m00 * point.x + m01 * point.y + m02) / w, y: (m10 * point.x + m11 * point.y + m12) / w)
    }

    /// The same map as an ``AffineTransform`` when the bottom row is `(0, 0, c)` with `c ≠ 0`, else `nil`.
    public var affine: AffineTransform? {
        guard m20 == 0, m21 == 0, m22 != 0, m22.isFinite else { return nil }
        return AffineTransform(
            m00: m00 / m22, m01: m01 / m22, m02: m02 / m22, m10: m10 / m22, m11: m11 / m22, m12: m12 / m22)
    }

    var isFinite: Bool {
        [m00, m01, m02, m10, m11, m12, m20, m21, m22].allSatisfy(\.isFinite)
    }

    /// The matrix as OpenCV prints it, row by row.
    public var description: String {
        "[[\(m00), \(m01), \(m02)], [\(m10), \(m11), \(m12)], [\(m20), \(m21), \(m22)]]"
    }
}
