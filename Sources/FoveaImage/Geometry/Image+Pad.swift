extension Image {
    /// This image placed on a `width × height` canvas with its top-left pixel at (x, y); the rest of the canvas
    /// has colour `value` (normalised to [0, 1], see ``PixelSample``) and, for layouts with alpha, alpha 0.
    /// - Throws: ``ImageError/regionOutOfBounds(x:y:width:height:imageWidth:imageHeight:)`` unless the image
    ///   fits on the canvas at (x, y).
    func padded(width: Int, height: Int, x: Int, y: Int, value: Float) throws -> Image<Sample> {
        guard x >= 0, y >= 0, x + self.width <= width, y + self.height <= height else {
            throw ImageError.regionOutOfBounds(
                x: x, y: y, width: self.width, height: self.height, imageWidth: width, imageHeight: height)
        }
        let ch = channelCount
        var pixel = [Sample](repeating: Sample(normalized: value), count: ch)
        if layout.hasAlpha { pixel[ch - 1] = .zero }
        var out = [Sample]()
        out.reserveCapacity(width * height * ch)
        for _ in 0..<(width * height) { out.append(contentsOf: pixel) }
        for row in 0..<self.height {
            let s = row * self.width * ch
            let d = ((y + row) * width + x) * ch
            out.replaceSubrange(d..<(d + self.width * ch), with: samples[s..<(s + self.width * ch)])
        }
        return Image(unchecked: width, height, layout, out)
    }
}
