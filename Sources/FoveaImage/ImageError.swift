/// Errors from building or reshaping an ``Image``.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Width or height is negative, or their product overflows.
    case invalidDimensions(width: Int, height: Int)
    /// The sample array does not hold `width × height × channels` values.
    case sampleCountMismatch(expected: Int, actual: Int)
    /// A crop rectangle does not lie inside the image.
    case regionOutOfBounds(x: Int, y: Int, width: Int, height: Int, imageWidth: Int, imageHeight: Int)
    /// A resize to `width × height` of a `imageWidth × imageHeight` image: a size is not positive, the image
    /// is empty, or the output would not fit in memory.
    case invalidResize(width: Int, height: Int, imageWidth: Int, imageHeight: Int)

    public var description: String {
        switch self {
        case .invalidDimensions(let width, let height):
            "invalid image dimensions \(width)×\(height): both must be ≥ 0 and their product must fit in memory"
        case .sampleCountMismatch(let expected, let actual):
            "expected \(expected) samples (width × height × channels) but got \(actual)"
        case .regionOutOfBounds(let x, let y, let width, let height, let imageWidth, let imageHeight):
            "region \(width)×\(height) at (\(x), \(y)) is not inside the \(imageWidth)×\(imageHeight) image"
        case .invalidResize(let width, let height, let imageWidth, let imageHeight):
            "cannot resize the \(imageWidth)×\(imageHeight) image to \(width)×\(height): both sizes must be at least 1 "
                + "(and the image not empty)"
        }
    }
}
