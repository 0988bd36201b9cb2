extension Image {
    /// This image resized to `width × height`.
    ///
    /// Pixel centres are aligned as in OpenCV's `resize` and Pillow: output pixel x samples the source at
    /// `(x + 0.5)·(sourceWidth / width) − 0.5` (the image edges map onto each other), with the edge pixels
    /// replicated outside. `.nearest` rounds that position (OpenCV's `INTER_NEAREST_EXACT`, not its
    /// floor-based `INTER_NEAREST`); `.bilinear` and `.bicubic` interpolate there (no antialiasing when
    /// shrinking); `.area` averages the source pixels each output pixel covers, weighted by the covered
    /// area (OpenCV's `INTER_AREA`, the right choice for shrinking).
    ///
    /// - Throws: ``AugmentError/invalidSize(width:height:imageWidth:imageHeight:)`` unless both sizes are positive.
    public func resized(
        width: Int, height: Int, interpolation: Interpolation = .bilinear, threads: Int = 1
    ) throws -> Image<Sample> {
        guard width > 0, height > 0, self.width > 0, self.height > 0,
            (try? Image.sampleCount(width: width, height: height, layout: layout)) != nil
        else { throw AugmentError.invalidSize(width: width, height: height, imageWidth: self.width, imageHeight: self.height) }
        if interpolation == .area { return areaResized(width: width, height: height) }
        let sx = Double(self.width) / Double(width)
        let sy = Double(self.height) / Double(height)
        let inverse = AffineTransform(m00: sx, m01: 0, m02: 0.5 * sx - 0.5, m10: 0, m11: sy, m12: 0.5 * sy - 0.5)
        return resampled(
            inverse: inverse, width: width, height: height, interpolation: interpolation, border: .replicate,
            threads: threads)
    }

    /// Area-weighted averaging, separable: rows first into a Float buffer, then columns.
    func areaResized(width: Int, height: Int) -> Image<Sample> {
        switch Sample.sampleType {
        case .uint8:
            return unsafeBitCast(areaResize(unsafeBitCast(self, to: Image<UInt8>.self), width, height), to: Image.self)
        case .uint16:
            return unsafeBitCast(areaResize(unsafeBitCast(self, to: Image<UInt16>.self), width, height), to: Image.self)
        case .float32:
            return unsafeBitCast(areaResize(unsafeBitCast(self, to: Image<Float>.self), width, height), to: Image.self)
        }
    }
}

/// For each output index, the first source index it covers and the covered length of each source pixel
/// (source pixel i spans [i, i + 1); output pixel j spans [j·scale, (j + 1)·scale)), divided by `scale`.
func areaWeights(source: Int, output: Int) -> [(first: Int, weights: [Float])] {
    let scale = Double(source) / Double(output)
    return (0..<output).map { j in
        let start = Double(j) * scale
        let end = min(Double(j + 1) * scale, Double(source))
        let first = min(Int(start.rounded(.down)), source - 1)
        var weights: [Float] = []
        var i = first
        while i < source && Double(i) < end {
            let covered = min(end, Double(i + 1)) - max(start, Double(i))
            weights.append(Float(max(covered, 0) / scale))
            i += 1
        }
        return (first, weights)
    }
}

func areaResize<T: WarpSample>(_ image: Image<T>, _ width: Int, _ height: Int) -> Image<T> {
    let ch = image.channelCount
    let sw = image.width
    let sh = image.height
    let columns = areaWeights(source: sw, output: width)
    let rows = areaWeights(source: sh, output: height)
    var horizontal = [Float](repeating: 0, count: sh * width * ch)
    image.withUnsafeBufferPointer { src in
        for y in 0..<sh {
            let srcRow = y * sw * ch
            let outRow = y * width * ch
            for (x, column) in columns.enumerated() {
                for k in 0..<ch {
                    var sum: Float = 0
                    for (i, w) in column.weights.enumerated() { sum += w * src[srcRow + (column.first + i) * ch + k].warpValue }
                    horizontal[outRow + x * ch + k] = sum
                }
            }
        }
    }
    var out = [T](repeating: .zero, count: width * height * ch)
    for (y, row) in rows.enumerated() {
        for x in 0..<(width * ch) {
            var sum: Float = 0
            for (i, w) in row.weights.enumerated() { sum += w * horizontal[(row.first + i) * width * ch + x] }
            out[y * width * ch + x] = T(warpValue: sum)
        }
    }
    return Image.assumingValid(width: width, height: height, layout: image.layout, samples: out)
}
