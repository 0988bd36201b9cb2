import FoveaFilters

// FoveaAugment depends on FoveaFilters for this one operation: the blur is the filter module's Gaussian
// (OpenCV's kernel and its fixed-point UInt8 path), not a second copy of it. FoveaFilters depends only on
// FoveaImage, so the module graph stays one-way (Image ← Filters ← Augment ← Data).

extension Image {
    /// OpenCV's `GaussianBlur(src, (0, 0), sigma, borderType: BORDER_REFLECT_101)` on one thread (the
    /// augmentation runs one image per thread): ``PhotometricAdjustment/gaussianBlur(sigma:)``.
    func blurred(sigma: Double) -> Image<Sample> {
        guard sigma > 0, sigma.isFinite else { return self }
        let border = BorderMode.reflect101
        switch Sample.sampleType {
        case .uint8:
            let typed = unsafeBitCast(self, to: Image<UInt8>.self)
            return unsafeBitCast(
                typed.gaussianBlurred(sigma: sigma, border: border, threads: 1), to: Image<Sample>.self)
        case .uint16:
            let typed = unsafeBitCast(self, to: Image<UInt16>.self)
            return unsafeBitCast(
                typed.gaussianBlurred(sigma: sigma, border: border, threads: 1), to: Image<Sample>.self)
        case .float32:
            let typed = unsafeBitCast(self, to: Image<Float>.self)
            return unsafeBitCast(
                typed.gaussianBlurred(sigma: sigma, border: border, threads: 1), to: Image<Sample>.self)
        }
    }
}
