extension Image {
    /// The `width × height` rectangle in the middle of the image, its top-left corner at
    /// `round((self.width − width) / 2)`, `round((self.height − height) / 2)` with ties to even — torchvision's
    /// `CenterCrop`, and the same rule as `fovea convert --center-crop` (`GeometryPlan.centerCropOrigin(of:in:)` in FoveaImage).
    /// - Throws: ``AugmentError/invalidSize(width:height:imageWidth:imageHeight:)`` unless the size is positive
    ///   and fits in the image.
    public func centerCropped(width: Int, height: Int) throws -> Image<Sample> {
        try checkCrop(width: width, height: height)
        let origin = GeometryPlan.centerCropOrigin(
            of: PixelSize(width: width, height: height), in: PixelSize(width: self.width, height: self.height))
        return try cropped(x: origin.width, y: origin.height, width: width, height: height)
    }

    /// A `width × height` rectangle at a uniformly random position (every placement equally likely), drawn
    /// from `rng` (two draws: x, then y).
    /// - Throws: ``AugmentError/invalidSize(width:height:imageWidth:imageHeight:)`` unless the size is positive
    ///   and fits in the image.
    public func randomCropped(width: Int, height: Int, using rng: inout RandomStream) throws -> Image<Sample> {
        try checkCrop(width: width, height: height)
        let x = min(Int(rng.nextUnit() * Double(self.width - width + 1)), self.width - width)
        let y = min(Int(rng.nextUnit() * Double(self.height - height + 1)), self.height - height)
        return try cropped(x: x, y: y, width: width, height: height)
    }

    func checkCrop(width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= self.width, height <= self.height else {
            throw AugmentError.invalidSize(
                width: width, height: height, imageWidth: self.width, imageHeight: self.height)
        }
    }
}
