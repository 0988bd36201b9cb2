/// An axis-aligned box in image coordinates (pixels, pixel centres at integers, see `Image`), with a class label.
///
/// The edges are continuous coordinates: a box covering exactly the pixels `x0...x1` spans
/// `x0 − 0.5 ... x1 + 0.5`, and a whole `w × h` image is `(−0.5, −0.5, w − 0.5, h − 0.5)`. A box in
/// COCO/Pascal "edge" coordinates (image = [0, w] × [0, h]) converts by subtracting 0.5 from every edge.
public struct BoundingBox: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Left edge.
    public var xMin: Double
    /// Top edge.
    public var yMin: Double
    /// Right edge.
    public var xMax: Double
    /// Bottom edge.
    public var yMax: Double
    /// The object's class (carried through transforms unchanged, so boxes stay matched to their labels).
    public var label: Int

    /// The box with the given edges and label; `xMin ≤ xMax` and `yMin ≤ yMax` are expected.
    public init(xMin: Double, yMin: Double, xMax: Double, yMax: Double, label: Int = 0) {
        self.xMin = xMin
        self.yMin = yMin
        self.xMax = xMax
        self.yMax = yMax
        self.label = label
    }

    /// `xMax − xMin`, in pixels.
    public var width: Double { xMax - xMin }
    /// `yMax − yMin`, in pixels.
    public var height: Double { yMax - yMin }

    /// The box's four corners: top-left, top-right, bottom-right, bottom-left.
    public var corners: [ImagePoint] {
        [
            ImagePoint(x: xMin, y: yMin), ImagePoint(x: xMax, y: yMin),
            ImagePoint(x: xMax, y: yMax), ImagePoint(x: xMin, y: yMax),
        ]
    }

    /// The smallest axis-aligned box holding the four corners moved by `transform`, clipped to a
    /// `width × height` image, or `nil` when nothing of it is left on the image (zero width or height).
    public func transformed(by transform: AffineTransform, clippingTo width: Int, height: Int) -> BoundingBox? {
        var lowX = Double.infinity
        var lowY = Double.infinity
        var highX = -Double.infinity
        var highY = -Double.infinity
        for corner in corners {
            let p = transform.apply(to: corner)
            lowX = min(lowX, p.x)
            lowY = min(lowY, p.y)
            highX = max(highX, p.x)
            highY = max(highY, p.y)
        }
        let box = BoundingBox(
            xMin: max(lowX, -0.5), yMin: max(lowY, -0.5),
            xMax: min(highX, Double(width) - 0.5), yMax: min(highY, Double(height) - 0.5), label: label)
        return box.xMax > box.xMin && box.yMax > box.yMin ? box : nil
    }

    /// `[xMin, yMin, xMax, yMax] label n`.
    public var description: String { "[\(xMin), \(yMin), \(xMax), \(yMax)] label \(label)" }

    /// The smallest axis-aligned box holding `points`, clipped to a `width × height` image, or `nil` when it
    /// has no area on the image (or a point is not finite).
    static func enclosing(_ points: [ImagePoint], label: Int, clippingTo width: Int, height: Int) -> BoundingBox? {
        guard !points.isEmpty, points.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return nil }
        let box = BoundingBox(
            xMin: max(points.map(\.x).min() ?? 0, -0.5), yMin: max(points.map(\.y).min() ?? 0, -0.5),
            xMax: min(points.map(\.x).max() ?? 0, Double(width) - 0.5),
            yMax: min(points.map(\.y).max() ?? 0, Double(height) - 0.5), label: label)
        return box.xMax > box.xMin && box.yMax > box.yMin ? box : nil
    }

    /// Points around the box's edges, about one per pixel (at least 2 and at most 64 segments per edge),
    /// corners included, clockwise from the top-left.
    func outline() -> [ImagePoint] {
        func segments(_ length: Double) -> Int { min(64, max(2, Int(length.rounded(.up)))) }
        let nx = segments(width)
        let ny = segments(height)
        var points: [ImagePoint] = []
        for i in 0..<nx { points.append(ImagePoint(x: xMin + width * Double(i) / Double(nx), y: yMin)) }
        for i in 0..<ny { points.append(ImagePoint(x: xMax, y: yMin + height * Double(i) / Double(ny))) }
        for i in 0..<nx { points.append(ImagePoint(x: xMax - width * Double(i) / Double(nx), y: yMax)) }
        for i in 0..<ny { points.append(ImagePoint(x: xMin, y: yMax - height * Double(i) / Double(ny))) }
        return points
    }
}
