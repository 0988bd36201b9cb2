/// Errors from FoveaAugment: bad transforms, sizes and names supplied by a caller or a file.
public enum AugmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The transform cannot be inverted (its linear part has determinant 0, or a coefficient is not finite).
    case singularTransform(AffineTransform)
    /// A requested output or crop size is not positive, or does not fit the image.
    case invalidSize(width: Int, height: Int, imageWidth: Int, imageHeight: Int)
    /// No preset has this name.
    case unknownPreset(name: String, known: [String])
    /// Step `step` (0-based) of a policy cannot be drawn from, for the stated reason.
    case invalidStep(step: Int, reason: String)
    /// A random resized crop makes `width × height` images where `expectedWidth × expectedHeight` is needed
    /// (training keeps the data's size).
    case outputSizeDiffers(width: Int, height: Int, expectedWidth: Int, expectedHeight: Int)

    /// What went wrong and how to fix it, for people.
    public var description: String {
        switch self {
        case .singularTransform(let t):
            "the affine transform \(t) is singular (determinant \(t.determinant)), so it has no inverse to warp with"
        case .invalidSize(let width, let height, let imageWidth, let imageHeight):
            "size \(width)×\(height) is not valid for a \(imageWidth)×\(imageHeight) image: sizes must be positive"
                + " (and crops no larger than the image)"
        case .invalidStep(let step, let reason):
            "augmentation step \(step) is invalid: \(reason)"
        case .outputSizeDiffers(let width, let height, let expectedWidth, let expectedHeight):
            "the random resized crop makes \(width)×\(height) images, but training needs"
                + " \(expectedWidth)×\(expectedHeight) (the data's size, or --input-size): crop to"
                + " \(expectedWidth)x\(expectedHeight), or resize the data first (fovea convert --resize)"
        case .unknownPreset(let name, let known):
            "unknown augmentation preset '\(name)'; known presets: \(known.joined(separator: ", "))"
        }
    }
}
