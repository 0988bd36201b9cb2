/// The filter a resize weighs source pixels with. See ``Image/resized(width:height:filter:antialias:threads:)``
/// for the pixel-centre convention and what `antialias` changes.
public enum ResampleFilter: String, Sendable, Hashable, Codable, CaseIterable {
    /// The source pixel whose area contains the output pixel's centre. Never blends (label masks stay labels).
    /// Antialiased: `floor((x + ½)·scale)`, Pillow's `NEAREST` (and OpenCV's `INTER_NEAREST_EXACT`);
    /// otherwise `floor(x·scale)`, OpenCV's `INTER_NEAREST`.
    case nearest
    /// The triangle filter, support 1 (Pillow `BILINEAR`, OpenCV `INTER_LINEAR`).
    case bilinear
    /// Keys' cubic convolution, support 2: a = −0.5 when antialiased (Pillow `BICUBIC`, torchvision),
    /// a = −0.75 otherwise (OpenCV `INTER_CUBIC`). Overshoots; integer results are clamped.
    case bicubic
    /// `sinc(x)·sinc(x/3)` for |x| < 3 (Pillow `LANCZOS`). OpenCV has no 3-lobe Lanczos (its `INTER_LANCZOS4`
    /// has 4), so without antialiasing this is Pillow's kernel at its unscaled support.
    case lanczos3
    /// Each output pixel is the mean of the source area it covers, weighted by covered fraction (OpenCV
    /// `INTER_AREA`, also for upscaling, where OpenCV blends like a box-shaped bilinear). Always antialiased.
    case area
}
