/// A position in image coordinates, in pixels: origin at the top-left pixel's centre, x right, y down,
/// integer values at pixel centres (see `Image`). Used for keypoints and transform anchors.
public struct ImagePoint: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Horizontal position in pixels (grows to the right).
    public var x: Double
    /// Vertical position in pixels (grows downwards).
    public var y: Double

    /// The point (`x`, `y`).
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// (0, 0): the centre of the top-left pixel.
    public static let origin = ImagePoint(x: 0, y: 0)

    /// The centre of a `width × height` image: ((width − 1) / 2, (height − 1) / 2).
    public static func center(width: Int, height: Int) -> ImagePoint {
        ImagePoint(x: Double(width - 1) / 2, y: Double(height - 1) / 2)
    }

    /// Whether the point lies on a `width × height` image, whose area is [−0.5, width − 0.5) × [−0.5, height − 0.5).
    public func isInside(width: Int, height: Int) -> Bool {
        x >= -0.5 && y >= -0.5 && x < Double(width) - 0.5 && y < Double(height) - 0.5
    }

    /// `(x, y)`.
    public var description: String { "(\(x), \(y))" }
}
