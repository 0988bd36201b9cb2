/// Preprocessing geometry in a fixed order — crop, resize, centre crop — with the size rules of Pillow and
/// torchvision, so a dataset prepared here matches one prepared by a PyTorch pipeline.
///
/// 1. ``crop``: the rectangle is taken as is (it must lie inside the image).
/// 2. ``resize``: ``ResizeTarget/shorterSide(_:)`` scales the shorter side to `S` keeping the aspect ratio, the
///    longer side becoming `Int(S · long / short)` (truncated, as torchvision's `Resize(S)`);
///    ``ResizeTarget/size(width:height:)`` goes to `W × H` as ``fit`` says. The pixels are resampled by
///    ``Image/resized(width:height:filter:antialias:threads:)`` with ``filter`` and ``antialias``.
/// 3. ``centerCrop``: the `W × H` middle, its top-left corner at `round((size − crop) / 2)` with ties to even
///    (Python's `round`, as torchvision's `CenterCrop`); it must fit inside the resized image.
///
/// Every size is checked before anything is allocated (``outputSize(width:height:)``).
public struct GeometryPlan: Sendable, Hashable, Codable {
    /// The rectangle kept first, in pixels of the input image; `nil` keeps everything.
    public var crop: PixelRect?
    /// Where the resize goes; `nil` keeps the size.
    public var resize: ResizeTarget?
    /// How ``ResizeTarget/size(width:height:)`` treats the aspect ratio (ignored by shorter-side resizes).
    public var fit: ResizeFit
    /// The resampling filter.
    public var filter: ResampleFilter
    /// Pillow's antialiased filters (`true`) or OpenCV's unscaled ones (`false`); see the resizer.
    public var antialias: Bool
    /// The colour of ``ResizeFit/pad``'s border, normalised to [0, 1] (0.5 is 128 in 8-bit, 32768 in
    /// 16-bit); alpha, when the image has it, is 0 there (transparent), as `ImageOps.pad` with a colour of 0.
    public var padValue: Float
    /// The size of the final centre crop; `nil` keeps the resized image whole.
    public var centerCrop: PixelSize?

    /// A plan; with the defaults it changes nothing.
    public init(
        crop: PixelRect? = nil, resize: ResizeTarget? = nil, fit: ResizeFit = .stretch,
        filter: ResampleFilter = .bilinear,
        antialias: Bool = true, padValue: Float = 0, centerCrop: PixelSize? = nil
    ) {
        self.crop = crop
        self.resize = resize
        self.fit = fit
        self.filter = filter
        self.antialias = antialias
        self.padValue = padValue
        self.centerCrop = centerCrop
    }

    /// Whether the plan changes nothing.
    public var isIdentity: Bool { crop == nil && resize == nil && centerCrop == nil }

    /// The size a `width × height` image comes out at, computed without touching pixels.
    /// - Throws: ``GeometryError`` when the crop is outside the image, a size is not positive, or the centre
    ///   crop does not fit.
    public func outputSize(width: Int, height: Int) throws -> PixelSize {
        try steps(width: width, height: height).output
    }

    /// `image` cropped, resized and centre-cropped as the plan says, on up to `threads` threads.
    ///
    /// Only the resized pixels the centre crop keeps are computed (for every filter but `nearest` and `area`
    /// with antialiasing), each from the same source pixels and weights as in a whole resize, so the result is
    /// the whole resize's crop bit for bit.
    /// - Throws: ``GeometryError`` (see ``outputSize(width:height:)``), and
    ///   ``GeometryError/tooManyPixels(width:height:limit:)`` when a step would make more than `pixelLimit`
    ///   pixels — before allocating it.
    public func apply<S: PixelSample>(to image: Image<S>, pixelLimit: Int = .max, threads: Int = 1) throws -> Image<S> {
        try apply(
            to: image, at: PixelRect(x: 0, y: 0, width: image.width, height: image.height), ofWidth: image.width,
            height: image.height, pixelLimit: pixelLimit, threads: threads)
    }

    /// The rectangle of a `width × height` input whose pixels the plan's output depends on: with a centre crop
    /// after a resize, only the source pixels the resampling filter reaches from the kept outputs (plus the
    /// zero-weight taps the loops read); the whole crop (or image) where every pixel counts or the plan pads.
    /// A decoder that can skip pixels (``apply(to:at:ofWidth:height:pixelLimit:threads:)`` takes its result)
    /// needs to produce only this rectangle.
    /// - Throws: ``GeometryError``, as ``outputSize(width:height:)``.
    public func sourceRegion(width: Int, height: Int) throws -> PixelRect {
        sourceRegion(try steps(width: width, height: height), width: width, height: height)
    }

    /// The plan applied to a `width × height` image of which only `window` is at hand: its pixels are those of
    /// `region` of the image. The result is bit for bit that of ``apply(to:pixelLimit:threads:)->Image<S>`` on the
    /// whole image whenever `region` contains ``sourceRegion(width:height:)``.
    /// - Throws: ``GeometryError`` (see ``apply(to:pixelLimit:threads:)->Image<S>``);
    ///   ``GeometryError/regionMissesSource(needed:region:)`` when `region` does not contain the source region
    ///   or `window` is not `region`'s size.
    public func apply<S: PixelSample>(
        to window: Image<S>, at region: PixelRect, ofWidth width: Int, height: Int, pixelLimit: Int = .max,
        threads: Int = 1
    ) throws -> Image<S> {
        let steps = try steps(width: width, height: height)
        for size in [steps.resized, steps.canvas] {
            let (pixels, overflow) = size.width.multipliedReportingOverflow(by: size.height)
            if overflow || pixels > pixelLimit {
                throw GeometryError.tooManyPixels(width: size.width, height: size.height, limit: pixelLimit)
            }
        }
        let needed = sourceRegion(steps, width: width, height: height)
        guard window.width == region.width, window.height == region.height, needed.x >= region.x,
            needed.y >= region.y, needed.x + needed.width <= region.x + region.width,
            needed.y + needed.height <= region.y + region.height
        else { throw GeometryError.regionMissesSource(needed: needed, region: region) }
        let base = crop ?? PixelRect(x: 0, y: 0, width: width, height: height)
        if let part = partOfResize(steps, base: base) {
            // The kept outputs alone, straight from the window (after the whole resize's own size check).
            guard
                (try? Image<S>.sampleCount(
                    width: steps.resized.width, height: steps.resized.height, layout: window.layout)) != nil
            else {
                throw ImageError.invalidResize(
                    width: steps.resized.width, height: steps.resized.height, imageWidth: base.width,
                    imageHeight: base.height)
            }
            return try window.resizedPart(
                columns: part.columns, rows: part.rows, ofWidth: steps.resized.width, height: steps.resized.height,
                region: steps.region, imageWidth: base.width, imageHeight: base.height,
                origin: (region.x - base.x, region.y - base.y), filter: filter, threads: threads)
        }
        var image = window
        if needed != region {
            image = try image.cropped(
                x: needed.x - region.x, y: needed.y - region.y, width: needed.width, height: needed.height)
        }
        // Without a resize the needed rectangle is the output itself.
        guard resize != nil else { return image }
        image = try image.resized(
            width: steps.resized.width, height: steps.resized.height, region: steps.region, filter: filter,
            antialias: antialias, threads: threads)
        if steps.canvas != steps.resized {
            image = try image.padded(
                width: steps.canvas.width, height: steps.canvas.height, x: steps.offset.width,
                y: steps.offset.height, value: padValue)
        }
        if let centerCrop {
            image = try image.cropped(
                x: steps.centerCropOrigin.width, y: steps.centerCropOrigin.height, width: centerCrop.width,
                height: centerCrop.height)
        }
        return image
    }

    /// The kept output columns and rows of the resize when it is computed by parts: a resize whose filter
    /// weighs a fixed window of source pixels per output (``Image/resizesByParts(filter:antialias:)``), without
    /// padding, and not the identity (which copies). `nil` otherwise.
    func partOfResize(_ steps: Steps, base: PixelRect) -> (columns: Range<Int>, rows: Range<Int>)? {
        guard resize != nil, fit != .pad, Image<UInt8>.resizesByParts(filter: filter, antialias: antialias) else {
            return nil
        }
        let whole = ResizeRegion(x0: 0, y0: 0, x1: Double(base.width), y1: Double(base.height))
        if steps.region == whole && steps.resized == PixelSize(width: base.width, height: base.height) { return nil }
        let x = steps.centerCropOrigin.width
        let y = steps.centerCropOrigin.height
        return (x..<(x + steps.output.width), y..<(y + steps.output.height))
    }

    /// ``sourceRegion(width:height:)`` from the steps.
    func sourceRegion(_ steps: Steps, width: Int, height: Int) -> PixelRect {
        let base = crop ?? PixelRect(x: 0, y: 0, width: width, height: height)
        if resize == nil {
            return PixelRect(
                x: base.x + steps.centerCropOrigin.width, y: base.y + steps.centerCropOrigin.height,
                width: steps.output.width, height: steps.output.height)
        }
        guard let part = partOfResize(steps, base: base) else { return base }
        let spans = Image<UInt8>.resizeSourceSpans(
            columns: part.columns, rows: part.rows, ofWidth: steps.resized.width, height: steps.resized.height,
            region: steps.region, imageWidth: base.width, imageHeight: base.height, filter: filter)
        return PixelRect(
            x: base.x + spans.columns.lowerBound, y: base.y + spans.rows.lowerBound, width: spans.columns.count,
            height: spans.rows.count)
    }

    /// `image` with the plan applied, keeping its sample type.
    public func apply(to image: AnyImage, pixelLimit: Int = .max, threads: Int = 1) throws -> AnyImage {
        switch image {
        case .uint8(let i): .uint8(try apply(to: i, pixelLimit: pixelLimit, threads: threads))
        case .uint16(let i): .uint16(try apply(to: i, pixelLimit: pixelLimit, threads: threads))
        case .float32(let i): .float32(try apply(to: i, pixelLimit: pixelLimit, threads: threads))
        }
    }

    /// The sizes of every step: the source region resampled (after the crop), the resized size, the canvas
    /// it is placed on (with `pad`, else the same) at `offset`, the final output and the centre crop's corner.
    struct Steps {
        var region: ResizeRegion
        var resized: PixelSize
        var canvas: PixelSize
        var offset: PixelSize
        var centerCropOrigin: PixelSize
        var output: PixelSize
    }

    func steps(width: Int, height: Int) throws -> Steps {
        var w = width
        var h = height
        if let crop {
            guard crop.width > 0, crop.height > 0, crop.x >= 0, crop.y >= 0, crop.x <= width - crop.width,
                crop.y <= height - crop.height
            else { throw GeometryError.cropOutside(crop, imageWidth: width, imageHeight: height) }
            w = crop.width
            h = crop.height
        }
        guard w > 0, h > 0 else { throw GeometryError.emptyImage(width: w, height: h) }
        var region = ResizeRegion(x0: 0, y0: 0, x1: Double(w), y1: Double(h))
        var resized = PixelSize(width: w, height: h)
        var offset = PixelSize(width: 0, height: 0)
        var canvas = resized
        switch resize {
        case nil:
            break
        case .shorterSide(let side)?:
            guard side > 0 else { throw GeometryError.invalidSize(width: side, height: side) }
            // torchvision: new_long = int(size * long / short), in double precision.
            let short = min(w, h)
            let long = max(w, h)
            let newLong = Int(Double(side) * Double(long) / Double(short))
            guard newLong > 0 else { throw GeometryError.invalidSize(width: side, height: newLong) }
            resized = w <= h ? PixelSize(width: side, height: newLong) : PixelSize(width: newLong, height: side)
            canvas = resized
        case .size(let tw, let th)?:
            guard tw > 0, th > 0 else { throw GeometryError.invalidSize(width: tw, height: th) }
            switch fit {
            case .stretch:
                resized = PixelSize(width: tw, height: th)
            case .contain, .pad:
                resized = Self.contained(width: w, height: h, in: PixelSize(width: tw, height: th))
            case .cover:
                // ImageOps.fit with bleed 0 and centring (0.5, 0.5): the largest centred box of the output's
                // aspect ratio, fractional, resampled to the output size.
                let liveRatio = Double(w) / Double(h)
                let outputRatio = Double(tw) / Double(th)
                var cropWidth = Double(w)
                var cropHeight = Double(h)
                if liveRatio != outputRatio {
                    if liveRatio >= outputRatio {
                        cropWidth = outputRatio * Double(h)
                    } else {
                        cropHeight = Double(w) / outputRatio
                    }
                }
                let left = (Double(w) - cropWidth) * 0.5
                let top = (Double(h) - cropHeight) * 0.5
                region = ResizeRegion(x0: left, y0: top, x1: left + cropWidth, y1: top + cropHeight)
                resized = PixelSize(width: tw, height: th)
            }
            canvas = fit == .pad ? PixelSize(width: tw, height: th) : resized
            if fit == .pad {
                // ImageOps.pad: round((size − resized) · 0.5), ties to even, on the axis that differs.
                if resized.width != tw {
                    offset.width = Int((Double(tw - resized.width) * 0.5).rounded(.toNearestOrEven))
                } else {
                    offset.height = Int((Double(th - resized.height) * 0.5).rounded(.toNearestOrEven))
                }
            }
        }
        var output = canvas
        var origin = PixelSize(width: 0, height: 0)
        if let centerCrop {
            guard centerCrop.width > 0, centerCrop.height > 0, centerCrop.width <= canvas.width,
                centerCrop.height <= canvas.height
            else {
                throw GeometryError.centerCropTooLarge(centerCrop, imageWidth: canvas.width, imageHeight: canvas.height)
            }
            origin = GeometryPlan.centerCropOrigin(of: centerCrop, in: canvas)
            output = centerCrop
        }
        return Steps(
            region: region, resized: resized, canvas: canvas, offset: offset, centerCropOrigin: origin, output: output)
    }

    /// The top-left corner of a centred `crop` inside an image of `size` — the one centre-crop rule of Fovea (the
    /// geometry plan and FoveaAugment's `centerCropped`): `round((size − crop) / 2)` per axis with ties to even,
    /// torchvision's `CenterCrop` (`int(round((h − th) / 2.0))`). An odd margin of 3 puts 2 pixels left/top
    /// (1.5 → 2), one of 5 puts 2 there too (2.5 → 2). Assumes `crop` fits inside `size`.
    public static func centerCropOrigin(of crop: PixelSize, in size: PixelSize) -> PixelSize {
        PixelSize(
            width: Int((Double(size.width - crop.width) / 2).rounded(.toNearestOrEven)),
            height: Int((Double(size.height - crop.height) / 2).rounded(.toNearestOrEven)))
    }

    /// `PIL.ImageOps.contain`: the largest size with the image's aspect ratio inside `box`, the rounded side
    /// computed as `round(h / w · W)` (or `round(w / h · H)`), ties to even, at least 1.
    static func contained(width w: Int, height h: Int, in box: PixelSize) -> PixelSize {
        let imageRatio = Double(w) / Double(h)
        let boxRatio = Double(box.width) / Double(box.height)
        if imageRatio == boxRatio { return box }
        if imageRatio > boxRatio {
            let newHeight = Int((Double(h) / Double(w) * Double(box.width)).rounded(.toNearestOrEven))
            return PixelSize(width: box.width, height: max(1, newHeight))
        }
        let newWidth = Int((Double(w) / Double(h) * Double(box.height)).rounded(.toNearestOrEven))
        return PixelSize(width: max(1, newWidth), height: box.height)
    }
}

/// Where a resize goes.
public enum ResizeTarget: Sendable, Hashable, Codable {
    /// Exactly `width × height` pixels (see ``ResizeFit`` for the aspect ratio).
    case size(width: Int, height: Int)
    /// The shorter side to this many pixels, the aspect ratio kept (torchvision's `Resize(int)`).
    case shorterSide(Int)
}

/// How a resize to a fixed `W × H` treats an image of another aspect ratio.
public enum ResizeFit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Exactly `W × H`, the aspect ratio not kept.
    case stretch
    /// The largest size of the image's aspect ratio inside `W × H` (`PIL.ImageOps.contain`): the output is
    /// smaller than `W × H` along one side.
    case contain
    /// `W × H` filled: the largest centred region of the output's aspect ratio, resampled (`ImageOps.fit`).
    case cover
    /// `contain`, then centred on a `W × H` canvas of the pad value (`ImageOps.pad`, letterboxing).
    case pad
}

/// A rectangle of pixels: its top-left pixel (x, y) and its size.
public struct PixelRect: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Column of the top-left pixel.
    public var x: Int
    /// Row of the top-left pixel.
    public var y: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// The rectangle whose top-left pixel is (x, y).
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)×\(height) at (\(x), \(y))" }
}

/// A size in pixels.
public struct PixelSize: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// `width × height`.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)×\(height)" }
}

/// Why a ``GeometryPlan`` cannot be applied to an image.
public enum GeometryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The crop rectangle is empty or not inside the image.
    case cropOutside(PixelRect, imageWidth: Int, imageHeight: Int)
    /// A resize size is not positive.
    case invalidSize(width: Int, height: Int)
    /// The image (after the crop) has no pixels.
    case emptyImage(width: Int, height: Int)
    /// The centre crop is empty or larger than the resized image.
    case centerCropTooLarge(PixelSize, imageWidth: Int, imageHeight: Int)
    /// A step would make more pixels than the limit.
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// The pixels at hand (`region` of the image) do not contain the source rectangle the output depends on.
    case regionMissesSource(needed: PixelRect, region: PixelRect)

    public var description: String {
        switch self {
        case .cropOutside(let rect, let w, let h):
            "--crop \(rect.x),\(rect.y),\(rect.width),\(rect.height) is not inside the \(w)×\(h) image: need "
                + "W, H ≥ 1, 0 ≤ X ≤ \(w) − W and 0 ≤ Y ≤ \(h) − H"
        case .invalidSize(let w, let h): "cannot resize to \(w)×\(h): sizes must be at least 1"
        case .emptyImage(let w, let h): "the \(w)×\(h) image has no pixels to resize"
        case .centerCropTooLarge(let size, let w, let h):
            "--center-crop \(size.width)x\(size.height) does not fit the \(w)×\(h) image: need 1…\(w) × 1…\(h)"
        case .tooManyPixels(let w, let h, let limit):
            "the \(w)×\(h) result exceeds the pixel limit of \(limit); raise --max-pixels if intended"
        case .regionMissesSource(let needed, let region):
            "the output depends on the pixels \(needed), which the \(region) at hand does not contain: decode more"
        }
    }
}
