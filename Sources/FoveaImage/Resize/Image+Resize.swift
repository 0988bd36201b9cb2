extension Image {
    /// This image resized to `width × height` pixels with `filter`.
    ///
    /// ## Pixel centres (the one convention, shared with Pillow and OpenCV)
    /// Source pixel `j` covers `[j, j + 1)` and has its centre at `j + ½`; output pixel `i` has its centre at
    /// source coordinate `(i + ½)·scale` with `scale = sourceWidth / width` (likewise for rows), so the image
    /// edges map onto each other. Worked example, 4 → 2 pixels: `scale = 2`, output 0 is centred at 1.0 —
    /// halfway between source pixels 0 and 1 — and output 1 at 3.0, between pixels 2 and 3; bilinear gives
    /// `[(a + b)/2, (c + d)/2]` for source `[a, b, c, d]`. (With pixel *corners* aligned instead, as
    /// `align_corners=True`, output 1 would land on pixel 3 itself.) Upscaling 2 → 4: outputs are centred at
    /// 0.25, 0.75, 1.25, 1.75, i.e. at source positions −0.25, 0.25, 0.75, 1.25 in pixel-index units.
    ///
    /// ## Antialiasing (the default) — Pillow's results
    /// When shrinking by `scale > 1` the filter is stretched by `scale` (its support grows from 1, 2 or 3
    /// pixels to `scale`, `2·scale` or `3·scale`), so every source pixel contributes and nothing aliases; taps
    /// outside the image are dropped and the rest renormalised. This is `PIL.Image.resize` (and torchvision's
    /// `antialias=True`): 8-bit results are bit-exact with Pillow, computed with its 22-bit integer weights
    /// and an 8-bit intermediate between the horizontal and the vertical pass; `nearest` is Pillow's
    /// `NEAREST`, exactly. `UInt16` and `Float` images are filtered in `Float` (Pillow's `F` mode).
    ///
    /// ## `antialias: false` — OpenCV's results
    /// The filter keeps its unit-scale support at any scale, as `cv2.resize` with `INTER_NEAREST`,
    /// `INTER_LINEAR` and `INTER_CUBIC` (a = −0.75; edge pixels replicated), within one level on 8-bit images.
    /// Shrinking by more than 2× then skips source pixels and aliases: use it for parity, not for quality.
    /// `area` is OpenCV's `INTER_AREA` with either setting.
    ///
    /// ## Samples and alpha
    /// 16-bit results stay 16-bit and float results stay float (never clamped). Images with alpha are
    /// resampled premultiplied — colour multiplied by alpha before filtering, divided by it after — for every
    /// filter except `nearest`, which copies pixels. That is what Pillow does for RGBA and LA, and the reason
    /// is that a transparent pixel's colour is invisible: filtering it straight would bleed it into the
    /// visible neighbours as a dark or coloured halo. (`cv2.resize` filters alpha like any channel, so RGBA
    /// results differ from OpenCV's where alpha varies.)
    ///
    /// Rows are split across `threads` by index; results are identical for any thread count.
    ///
    /// - Throws: ``ImageError/invalidResize(width:height:imageWidth:imageHeight:)`` unless both sizes are
    ///   positive, the image is not empty and the output fits in memory.
    public func resized(
        width: Int, height: Int, filter: ResampleFilter = .bilinear, antialias: Bool = true, threads: Int = 1
    ) throws -> Image<Sample> {
        try resized(
            width: width, height: height,
            region: ResizeRegion(x0: 0, y0: 0, x1: Double(self.width), y1: Double(self.height)),
            filter: filter, antialias: antialias, threads: threads)
    }

    /// The `width × height` pixels at column `x`, row `y` resized to `toWidth × toHeight`: exactly
    /// `try cropped(x: x, y: y, width: width, height: height).resized(width: toWidth, height: toHeight, filter:
    /// filter, antialias: antialias, threads: threads)`, bit for bit, errors included, but without copying the
    /// crop where the resizer can read it in place (8-bit images with antialiasing, any filter but `nearest` and
    /// `area`; the other cases crop first).
    ///
    /// The crop is resized as an image of its own: filter taps that fall outside it are dropped (and the rest
    /// renormalised) even where the image continues. That is what sets this apart from a resize of a source box
    /// such as Pillow's `resize(box=)`, whose taps reach the image's own edges.
    ///
    /// - Throws: ``ImageError/regionOutOfBounds(x:y:width:height:imageWidth:imageHeight:)`` unless the crop lies
    ///   inside the image; ``ImageError/invalidResize(width:height:imageWidth:imageHeight:)`` (with the crop's
    ///   size as the image size) unless the crop is not empty, both output sizes are positive and the output
    ///   fits in memory.
    public func croppedAndResized(
        x: Int, y: Int, width cropWidth: Int, height cropHeight: Int, toWidth width: Int, toHeight height: Int,
        filter: ResampleFilter = .bilinear, antialias: Bool = true, threads: Int = 1
    ) throws -> Image<Sample> {
        guard x >= 0, y >= 0, cropWidth >= 0, cropHeight >= 0, x <= self.width - cropWidth,
            y <= self.height - cropHeight
        else {
            throw ImageError.regionOutOfBounds(
                x: x, y: y, width: cropWidth, height: cropHeight, imageWidth: self.width, imageHeight: self.height)
        }
        let inPlace =
            Sample.sampleType == .uint8 && antialias && filter != .nearest && filter != .area
            && (width != cropWidth || height != cropHeight)
        guard inPlace, cropWidth > 0, cropHeight > 0, width > 0, height > 0,
            (try? Image.sampleCount(width: width, height: height, layout: layout)) != nil
        else {
            return try cropped(x: x, y: y, width: cropWidth, height: cropHeight).resized(
                width: width, height: height, filter: filter, antialias: antialias, threads: threads)
        }
        let horizontal = ResampleAxis.pillow(
            filter: filter, inputCount: cropWidth, start: 0, end: Double(cropWidth), outputCount: width,
            antialias: true)
        let vertical = ResampleAxis.pillow(
            filter: filter, inputCount: cropHeight, start: 0, end: Double(cropHeight), outputCount: height,
            antialias: true)
        let out = ResizeKernels.pillowResample8(
            unsafeBitCast(self, to: Image<UInt8>.self),
            window: PixelWindow(x: x, y: y, width: cropWidth, height: cropHeight), horizontal: horizontal,
            vertical: vertical, premultiply: layout.hasAlpha, threads: threads)
        return unsafeBitCast(out, to: Image<Sample>.self)
    }

    /// The source rectangle `region` (in pixel-edge coordinates, `[x0, x1) × [y0, y1)`, fractional allowed, as
    /// Pillow's `box`) resized to `width × height`.
    func resized(
        width: Int, height: Int, region: ResizeRegion, filter: ResampleFilter, antialias: Bool, threads: Int
    ) throws -> Image<Sample> {
        guard width > 0, height > 0, self.width > 0, self.height > 0,
            (try? Image.sampleCount(width: width, height: height, layout: layout)) != nil
        else {
            throw ImageError.invalidResize(
                width: width, height: height, imageWidth: self.width, imageHeight: self.height)
        }
        let full = region == ResizeRegion(x0: 0, y0: 0, x1: Double(self.width), y1: Double(self.height))
        if full && width == self.width && height == self.height { return self }
        if filter == .nearest {
            let columns = ResampleAxis.nearestIndices(
                inputCount: self.width, start: region.x0, end: region.x1, outputCount: width, antialias: antialias)
            let rows = ResampleAxis.nearestIndices(
                inputCount: self.height, start: region.y0, end: region.y1, outputCount: height, antialias: antialias)
            return ResizeKernels.gather(self, columns: columns, rows: rows, threads: threads)
        }
        let horizontal: ResampleAxis
        let vertical: ResampleAxis
        switch (filter, antialias) {
        case (.area, _):
            let sx = 1 / (Double(width) / (region.x1 - region.x0))
            let sy = 1 / (Double(height) / (region.y1 - region.y0))
            if sx >= 1 && sy >= 1 {
                horizontal = .opencvArea(inputCount: self.width, start: region.x0, scale: sx, outputCount: width)
                vertical = .opencvArea(inputCount: self.height, start: region.y0, scale: sy, outputCount: height)
            } else {
                horizontal = .opencvAreaUpscale(inputCount: self.width, start: region.x0, scale: sx, outputCount: width)
                vertical = .opencvAreaUpscale(inputCount: self.height, start: region.y0, scale: sy, outputCount: height)
            }
        case (.bilinear, false), (.bicubic, false):
            horizontal = .opencv(
                filter: filter, inputCount: self.width, start: region.x0, length: region.x1 - region.x0,
                outputCount: width)
            vertical = .opencv(
                filter: filter, inputCount: self.height, start: region.y0, length: region.y1 - region.y0,
                outputCount: height)
        default:
            horizontal = .pillow(
                filter: filter, inputCount: self.width, start: region.x0, end: region.x1, outputCount: width,
                antialias: antialias)
            vertical = .pillow(
                filter: filter, inputCount: self.height, start: region.y0, end: region.y1, outputCount: height,
                antialias: antialias)
        }
        let premultiply = layout.hasAlpha
        switch Sample.sampleType {
        case .uint8:
            let image = unsafeBitCast(self, to: Image<UInt8>.self)
            let pillowExact = antialias && filter != .area
            if !antialias,
                let out = ResizeKernels.opencvResample8(
                    image, filter: filter, horizontal: horizontal, vertical: vertical, threads: threads)
            {
                return unsafeBitCast(out, to: Image<Sample>.self)
            }
            let out =
                pillowExact
                ? ResizeKernels.pillowResample8(
                    image, window: PixelWindow(x: 0, y: 0, width: self.width, height: self.height),
                    horizontal: horizontal, vertical: vertical, premultiply: premultiply, threads: threads)
                : ResizeKernels.floatResample(
                    image, horizontal: horizontal, vertical: vertical, premultiply: premultiply, threads: threads)
            return unsafeBitCast(out, to: Image<Sample>.self)
        case .uint16:
            let out = ResizeKernels.floatResample(
                unsafeBitCast(self, to: Image<UInt16>.self), horizontal: horizontal, vertical: vertical,
                premultiply: premultiply, threads: threads)
            return unsafeBitCast(out, to: Image<Sample>.self)
        case .float32:
            let out = ResizeKernels.floatResample(
                unsafeBitCast(self, to: Image<Float>.self), horizontal: horizontal, vertical: vertical,
                premultiply: premultiply, threads: threads)
            return unsafeBitCast(out, to: Image<Sample>.self)
        }
    }
}

extension Image {
    /// Whether ``resizedPart(columns:rows:ofWidth:height:region:origin:filter:threads:)`` computes a resize with
    /// `filter` and `antialias`: Pillow's antialiased coefficients (every filter but `nearest` and `area`), whose
    /// output samples each depend on a fixed window of source samples.
    static func resizesByParts(filter: ResampleFilter, antialias: Bool) -> Bool {
        antialias && filter != .nearest && filter != .area
    }

    /// The source columns and rows (in the resized image's source, the `imageWidth × imageHeight` image) that
    /// output columns `columns` and rows `rows` of the `width × height` resize of `region` read, zero-weight
    /// padding taps included. Only for filters ``resizesByParts(filter:antialias:)`` accepts.
    static func resizeSourceSpans(
        columns: Range<Int>, rows: Range<Int>, ofWidth width: Int, height: Int, region: ResizeRegion,
        imageWidth: Int, imageHeight: Int, filter: ResampleFilter
    ) -> (columns: Range<Int>, rows: Range<Int>) {
        let axes = pillowAxes(
            width: width, height: height, region: region, imageWidth: imageWidth, imageHeight: imageHeight,
            filter: filter)
        return (axes.horizontal.sourceSpan(of: columns), axes.vertical.sourceSpan(of: rows))
    }

    /// Output columns `columns` and rows `rows` of the antialiased `width × height` resize of `region` of an
    /// `imageWidth × imageHeight` image of which `self` holds only the pixels from column `origin.x`, row
    /// `origin.y` on: bit for bit the same samples as that resize followed by a crop to `columns × rows`, provided
    /// `self` covers ``resizeSourceSpans(columns:rows:ofWidth:height:region:imageWidth:imageHeight:filter:)``
    /// (the caller checks). The pass order is the full resize's, so the 8-bit intermediate rounds as it would.
    /// - Throws: ``ImageError/regionOutOfBounds(x:y:width:height:imageWidth:imageHeight:)`` when `self` does not
    ///   cover the spans.
    func resizedPart(
        columns: Range<Int>, rows: Range<Int>, ofWidth width: Int, height: Int, region: ResizeRegion,
        imageWidth: Int, imageHeight: Int, origin: (x: Int, y: Int), filter: ResampleFilter, threads: Int
    ) throws -> Image<Sample> {
        let axes = Self.pillowAxes(
            width: width, height: height, region: region, imageWidth: imageWidth, imageHeight: imageHeight,
            filter: filter)
        let spanX = axes.horizontal.sourceSpan(of: columns)
        let spanY = axes.vertical.sourceSpan(of: rows)
        let horizontal = axes.horizontal.restricted(to: columns)
        let vertical = axes.vertical.restricted(to: rows)
        let window = PixelWindow(
            x: spanX.lowerBound - origin.x, y: spanY.lowerBound - origin.y, width: spanX.count, height: spanY.count)
        guard window.x >= 0, window.y >= 0, window.x <= self.width - window.width,
            window.y <= self.height - window.height
        else {
            throw ImageError.regionOutOfBounds(
                x: window.x, y: window.y, width: window.width, height: window.height, imageWidth: self.width,
                imageHeight: self.height)
        }
        let premultiply = layout.hasAlpha
        switch Sample.sampleType {
        case .uint8:
            let out = ResizeKernels.pillowResample8(
                unsafeBitCast(self, to: Image<UInt8>.self), window: window, horizontal: horizontal,
                vertical: vertical, premultiply: premultiply,
                verticalFirst: ResizeKernels.pillowVerticalFirst(horizontal: axes.horizontal, vertical: axes.vertical),
                threads: threads)
            return unsafeBitCast(out, to: Image<Sample>.self)
        case .uint16, .float32:
            // The float passes read whole rows of their input: hand them the window alone.
            let part = try cropped(x: window.x, y: window.y, width: window.width, height: window.height)
            switch Sample.sampleType {
            case .uint16:
                let out = ResizeKernels.floatResample(
                    unsafeBitCast(part, to: Image<UInt16>.self), horizontal: horizontal, vertical: vertical,
                    premultiply: premultiply, threads: threads)
                return unsafeBitCast(out, to: Image<Sample>.self)
            default:
                let out = ResizeKernels.floatResample(
                    unsafeBitCast(part, to: Image<Float>.self), horizontal: horizontal, vertical: vertical,
                    premultiply: premultiply, threads: threads)
                return unsafeBitCast(out, to: Image<Sample>.self)
            }
        }
    }

    /// Pillow's antialiased axes of the `width × height` resize of `region` of an `imageWidth × imageHeight` image.
    static func pillowAxes(
        width: Int, height: Int, region: ResizeRegion, imageWidth: Int, imageHeight: Int, filter: ResampleFilter
    ) -> (horizontal: ResampleAxis, vertical: ResampleAxis) {
        (
            .pillow(
                filter: filter, inputCount: imageWidth, start: region.x0, end: region.x1, outputCount: width,
                antialias: true),
            .pillow(
                filter: filter, inputCount: imageHeight, start: region.y0, end: region.y1, outputCount: height,
                antialias: true)
        )
    }
}

/// A source rectangle for a resize, in pixel-edge coordinates: `[x0, x1) × [y0, y1)`.
struct ResizeRegion: Sendable, Hashable {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
}

/// A rectangle of whole pixels of an image, read as an image of its own: columns `x ..< x + width`, rows
/// `y ..< y + height`.
struct PixelWindow: Sendable, Hashable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
}
