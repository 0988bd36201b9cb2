/// How a sample is read at a non-integer position (`warpAffine`'s `flags`, `resize`'s `interpolation`).
public enum Interpolation: String, Sendable, Hashable, Codable, CaseIterable {
    /// The nearest pixel centre (ties round up, towards +x/+y). Never blends: use it for label masks.
    case nearest
    /// Bilinear blend of the 2×2 neighbours (OpenCV `INTER_LINEAR`).
    case bilinear
    /// Bicubic convolution over 4×4 neighbours with Keys' kernel, a = −0.75 (OpenCV `INTER_CUBIC`);
    /// may overshoot, so integer results are clamped.
    case bicubic
    /// Pixel-area averaging (OpenCV `INTER_AREA`): resizing only; warps treat it as bilinear.
    case area
}
