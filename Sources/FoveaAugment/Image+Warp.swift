extension Image {
    /// This image resampled through `transform` in one pass, as OpenCV's `warpAffine(src, M, dsize, flags, borderMode)`.
    ///
    /// `transform` maps source points to destination points (see ``AffineTransform``); every output pixel
    /// centre (x, y) is mapped back through the inverse and the source is interpolated there, so compose
    /// everything into one matrix first and the image is blurred only once.
    ///
    /// - Exact cases are copies: when the inverse is an integer translation combined with flips or
    ///   90°/180°/270° rotations (within 10⁻⁹), pixels are copied bit for bit whatever `interpolation` says.
    /// - Positions are exact to 2⁻³² pixel (Q32.32); interpolation is computed in Float and integer results are
    ///   rounded to nearest, as OpenCV ≥ 4.11 does (older OpenCV quantised positions to 1/32 pixel).
    ///   Nearest rounds ties up (+x, +y); OpenCV rounds them to even.
    ///
    /// - Parameters:
    ///   - transform: Source → destination map, in pixels.
    ///   - outputWidth: Output width in pixels; defaults to this image's width.
    ///   - outputHeight: Output height in pixels; defaults to this image's height.
    ///   - interpolation: Sampling rule (`.area` is treated as `.bilinear` here).
    ///   - border: What is read outside the source (default black, OpenCV's default).
    ///   - threads: Rows are split across up to this many threads; the result does not depend on it.
    /// - Throws: ``AugmentError/singularTransform(_:)`` when `transform` has no inverse;
    ///   ``AugmentError/invalidSize(width:height:imageWidth:imageHeight:)`` for a negative output size.
    public func warped(
        by transform: AffineTransform, outputWidth: Int? = nil, outputHeight: Int? = nil,
        interpolation: Interpolation = .bilinear, border: BorderMode = .black, threads: Int = 1
    ) throws -> Image<Sample> {
        guard let inverse = transform.inverted() else { throw AugmentError.singularTransform(transform) }
        let w = outputWidth ?? width
        let h = outputHeight ?? height
        guard w >= 0, h >= 0, (try? Image.sampleCount(width: w, height: h, layout: layout)) != nil else {
            throw AugmentError.invalidSize(width: w, height: h, imageWidth: width, imageHeight: height)
        }
        return resampled(
            inverse: inverse, width: w, height: h, interpolation: interpolation, border: border, threads: threads)
    }

    /// The `width × height` image whose pixel (x, y) samples this one at `inverse.apply((x, y))`.
    /// Sizes must be valid (non-negative, not overflowing); the caller has checked them.
    func resampled(
        inverse: AffineTransform, width: Int, height: Int, interpolation: Interpolation, border: BorderMode,
        threads: Int
    ) -> Image<Sample> {
        resampled(
            .affine(inverse), width: width, height: height, interpolation: interpolation, border: border,
            threads: threads)
    }

    /// The `width × height` image whose pixel (x, y) samples this one where `map` says. Sizes must be valid.
    func resampled(
        _ map: SourceMap, width: Int, height: Int, interpolation: Interpolation, border: BorderMode, threads: Int
    ) -> Image<Sample> {
        switch Sample.sampleType {
        case .uint8:
            let typed = unsafeBitCast(self, to: Image<UInt8>.self)
            let out = warpImage(typed, map, width, height, interpolation, border, threads)
            return unsafeBitCast(out, to: Image<Sample>.self)
        case .uint16:
            let typed = unsafeBitCast(self, to: Image<UInt16>.self)
            let out = warpImage(typed, map, width, height, interpolation, border, threads)
            return unsafeBitCast(out, to: Image<Sample>.self)
        case .float32:
            let typed = unsafeBitCast(self, to: Image<Float>.self)
            let out = warpImage(typed, map, width, height, interpolation, border, threads)
            return unsafeBitCast(out, to: Image<Sample>.self)
        }
    }
}

/// Where each output pixel of a warp reads the source (destination → source).
enum SourceMap {
    /// An inverse affine transform (exact fixed-point lines; integer maps copy pixels).
    case affine(AffineTransform)
    /// An inverse homography (one division per pixel; affine ones take the affine path).
    case projective(Homography)
    /// A displacement field of the output's size: pixel (x, y) reads `(x + dx[i], y + dy[i])`, `i = y·w + x`.
    case displacement(dx: [Float], dy: [Float])
}

/// The border's constant as a sample (zero for the other modes).
func borderFill<T: PixelSample>(_ border: BorderMode, as type: T.Type) -> T {
    if case .constant(let value) = border { return value.sample(as: T.self) }
    return .zero
}

/// Typed warp: allocates the output once and runs the exact-copy path or the interpolating kernels.
func warpImage<T: WarpSample>(
    _ image: Image<T>, _ map: SourceMap, _ width: Int, _ height: Int,
    _ interpolation: Interpolation, _ border: BorderMode, _ threads: Int
) -> Image<T> {
    let ch = image.channelCount
    let count = width * height * ch
    let kind = BorderKind(border)
    let fill = borderFill(border, as: T.self)
    if count == 0 {
        return Image.assumingValid(width: width, height: height, layout: image.layout, samples: [])
    }
    if image.width == 0 || image.height == 0 {
        return Image.assumingValid(
            width: width, height: height, layout: image.layout, samples: [T](repeating: fill, count: count))
    }
    var map = map
    if case .projective(let h) = map, let affine = h.affine { map = .affine(affine) }
    if case .displacement(let dx, let dy) = map, dx.count != width * height || dy.count != width * height {
        // Only a hand-made field can have the wrong size: read nothing but the border.
        return Image.assumingValid(
            width: width, height: height, layout: image.layout, samples: [T](repeating: fill, count: count))
    }
    let sourceWidth = image.width
    let sourceHeight = image.height
    let minimumRows = max(1, 16_384 / max(1, width * ch))
    let offset: Int64 = interpolation == .nearest ? 1 << 31 : 0
    let empty: [Float] = []
    let (fieldX, fieldY): ([Float], [Float]) =
        if case .displacement(let dx, let dy) = map { (dx, dy) } else { (empty, empty) }
    let samples = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        guard let outBase = buffer.baseAddress else { return }
        let output = UncheckedSendable(outBase)
        image.withUnsafeBufferPointer { src in
            guard let srcBase = src.baseAddress else { return }
            let source = UncheckedSendable(srcBase)
            fieldX.withUnsafeBufferPointer { dx in
                fieldY.withUnsafeBufferPointer { dy in
                    let coordinates: WarpCoordinates
                    switch map {
                    case .affine(let inverse):
                        if let integer = IntegerMap(inverse) {
                            Parallel.forEachChunk(of: height, threads: threads, minimumChunk: minimumRows) { rows in
                                integer.run(
                                    source: source.value, sourceWidth: sourceWidth, sourceHeight: sourceHeight,
                                    channels: ch,
                                    output: output.value, outputWidth: width, rows: rows, border: kind, fill: fill)
                            }
                            return
                        }
                        coordinates = .affine(
                            WarpMapping(inverse: inverse, outputWidth: width, outputHeight: height, offset: offset))
                    case .projective(let inverse):
                        coordinates = .projective(ProjectiveMapping(inverse: inverse, offset: offset))
                    case .displacement:
                        guard let x = dx.baseAddress, let y = dy.baseAddress else { return }
                        coordinates = .displaced(DisplacementMapping(dx: x, dy: y, width: width, offset: offset))
                    }
                    let shared = UncheckedSendable(coordinates)
                    Parallel.forEachChunk(of: height, threads: threads, minimumChunk: minimumRows) { rows in
                        let job = WarpJob(
                            source: source.value, sourceWidth: sourceWidth, sourceHeight: sourceHeight,
                            output: output.value, outputWidth: width, rows: rows, coordinates: shared.value,
                            border: kind, fill: fill)
                        switch ch {
                        case 1: job.run(OneChannel.self, interpolation)
                        case 2: job.run(TwoChannels.self, interpolation)
                        case 3: job.run(ThreeChannels.self, interpolation)
                        default: job.run(FourChannels.self, interpolation)
                        }
                    }
                }
            }
        }
        initialized = count
    }
    return Image.assumingValid(width: width, height: height, layout: image.layout, samples: samples)
}

/// The per-row or per-pixel source positions of one warp.
enum WarpCoordinates {
    case affine(WarpMapping)
    case projective(ProjectiveMapping)
    case displaced(DisplacementMapping)
}

/// Everything one chunk of rows needs; ``run(_:_:)`` picks the kernel for the interpolation and channel count.
struct WarpJob<T: WarpSample> {
    let source: UnsafePointer<T>
    let sourceWidth: Int
    let sourceHeight: Int
    let output: UnsafeMutablePointer<T>
    let outputWidth: Int
    let rows: Range<Int>
    let coordinates: WarpCoordinates
    let border: BorderKind
    let fill: T

    @inline(__always)
    func run<C: ChannelCount>(_ channels: C.Type, _ interpolation: Interpolation) {
        switch interpolation {
        case .nearest:
            let k = NearestKernel<T, C>(
                source: source, width: sourceWidth, height: sourceHeight, border: border, fill: fill)
            dispatch(k, output)
        case .bilinear, .area:
            if T.self == UInt8.self {
                let k = BilinearU8Kernel<C>(
                    source: UnsafeRawPointer(source).assumingMemoryBound(to: UInt8.self),
                    width: sourceWidth, height: sourceHeight, border: border, fill: unsafeBitCast(fill, to: UInt8.self))
                let out = UnsafeMutableRawPointer(output).assumingMemoryBound(to: UInt8.self)
                dispatch(k, out)
            } else {
                let k = BilinearKernel<T, C>(
                    source: source, width: sourceWidth, height: sourceHeight, border: border, fill: fill)
                dispatch(k, output)
            }
        case .bicubic:
            let k = BicubicKernel<T, C>(
                source: source, width: sourceWidth, height: sourceHeight, border: border, fill: fill)
            dispatch(k, output)
        }
    }

    /// Runs `kernel` with this job's coordinates.
    @inline(__always)
    func dispatch<K: WarpKernel>(_ kernel: K, _ out: UnsafeMutablePointer<K.Sample>) {
        switch coordinates {
        case .affine(let m): runWarp(kernel, mapping: m, output: out, width: outputWidth, rows: rows)
        case .projective(let m): runPointWarp(kernel, mapping: m, output: out, width: outputWidth, rows: rows)
        case .displaced(let m): runPointWarp(kernel, mapping: m, output: out, width: outputWidth, rows: rows)
        }
    }
}
