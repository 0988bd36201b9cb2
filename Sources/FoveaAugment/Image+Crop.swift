extension Image {
    /// The `width × height` rectangle in the middle of the image; when the margin is odd the extra pixel is
    /// left on the right/bottom (top-left corner at `((self.width − width) / 2, (self.height − height) / 2)`,
    /// rounded down, as torchvision's `CenterCrop`).
    /// - Throws: ``AugmentError/invalidSize(width:height:imageWidth:imageHeight:)`` unless the size is positive
    ///   and fits in the image.
    public func centerCropped(width: Int, height: Int) throws -> Image<Sample> {
        try checkCrop(width: width, height: height)
        return try cropped(x: (self.width - width) / 2, y: (self.height - height) / 2, width: width, height: height)
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
            throw AugmentError.invalidSize(width: width, height: height, imageWidth: self.width, imageHeight: self.height)
        }
    }
}
