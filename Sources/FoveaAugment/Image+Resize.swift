extension Image {
    /// This image resized to `width × height` with a warp's ``Interpolation``, in OpenCV's `cv2.resize` sense:
    /// `.bilinear` and `.bicubic` are `INTER_LINEAR` and `INTER_CUBIC` (no antialiasing), `.area` is
    /// `INTER_AREA`, and `.nearest` takes the pixel under each output centre (`INTER_NEAREST_EXACT`, Pillow's
    /// `NEAREST`).
    ///
    /// This is FoveaImage's one resizer, `Image.resized(width:height:filter:antialias:threads:)`, which
    /// documents the pixel-centre convention; call that directly for antialiased (Pillow) results.
    ///
    /// - Throws: `ImageError.invalidResize` unless both sizes are positive and the image is not empty.
    public func resized(
        width: Int, height: Int, interpolation: Interpolation, threads: Int = 1
    ) throws -> Image<Sample> {
        let filter: ResampleFilter =
            switch interpolation {
            case .nearest: .nearest
            case .bilinear: .bilinear
            case .bicubic: .bicubic
            case .area: .area
            }
        return try resized(
            width: width, height: height, filter: filter, antialias: interpolation == .nearest, threads: threads)
    }
}
