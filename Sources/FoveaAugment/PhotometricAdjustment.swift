/// One drawn photometric adjustment: a value of a colour operation, applied after the geometric warp.
///
/// Values `v` are in the image's sample units (0…255 for UInt8, 0…65535 for UInt16, 0…1 for Float); `max`
/// is the top of that range. Only colour channels change; alpha is left alone. Every result is clamped to
/// `0…max` (as torchvision clamps) and integer results are rounded to nearest, so on UInt8 images each
/// adjustment is within one level of the reference named in its case (Pillow and torchvision truncate
/// instead of rounding). `L` is ITU-R BT.601 luma, `0.299 R + 0.587 G + 0.114 B`; for UInt8 it is Pillow's
/// `convert("L")` exactly: `(19595 R + 38470 G + 7471 B + 2¹⁵) >> 16`.
public enum PhotometricAdjustment: Sendable, Hashable, Codable {
    /// `v' = factor · v` (torchvision `adjust_brightness`, Pillow `ImageEnhance.Brightness`): 0 gives black,
    /// 1 the image unchanged.
    case brightness(factor: Double)
    /// `v' = m + factor · (v − m)` with `m` the mean luma of the image (rounded to a whole level for integer
    /// samples, as Pillow does); grey images use the mean of their one channel (torchvision
    /// `adjust_contrast`, Pillow `ImageEnhance.Contrast`). 0 gives a flat grey image of the mean.
    case contrast(factor: Double)
    /// `v' = L + factor · (v − L)` per pixel (torchvision `adjust_saturation`, Pillow `ImageEnhance.Color`):
    /// 0 gives the grey image, 1 the image unchanged. Grey images are unchanged.
    case saturation(factor: Double)
    /// Hue rotated by `shift` turns of the colour circle, `shift` in [−0.5, 0.5], through torchvision's float
    /// HSV path (`adjust_hue`): HSV of `v / max`, `h' = (h + shift) mod 1`, back to RGB. Grey images are
    /// unchanged.
    case hue(shift: Double)
    /// `v' = max · (v / max)^exponent` (torchvision `adjust_gamma` with gain 1): < 1 brightens, > 1 darkens.
    case gamma(exponent: Double)
    /// Every colour channel set to the pixel's luma `L` (torchvision `rgb_to_grayscale` with the channel count
    /// kept; Pillow `convert("L")`). Grey images are unchanged.
    case grayscale
    /// OpenCV's `GaussianBlur(src, (0, 0), sigma, borderType: BORDER_REFLECT_101)`, sigma in pixels: the
    /// kernel of FoveaFilters' `Image.gaussianBlurred(sigma:sigmaY:size:border:threads:)` (±3σ for UInt8,
    /// ±4σ otherwise), applied to every channel including alpha.
    case gaussianBlur(sigma: Double)
    /// Independent Gaussian noise `v' = v + max · standardDeviation · z`, `z ~ N(0, 1)`, the standard
    /// deviation in normalised units (0.02 is about 5 levels of a UInt8 image) and `z` read in storage order
    /// from `RandomStream(seed: seed)` (see `Image.addingGaussianNoise(standardDeviation:seed:)`).
    case gaussianNoise(standardDeviation: Double, seed: UInt64)
    /// `v' = factor·v + (1 − factor)·d` with `d` the image smoothed by `[[1, 1, 1], [1, 5, 1], [1, 1, 1]] / 13`
    /// (rounded for integers) inside a one-pixel frame that keeps the original (torchvision
    /// `adjust_sharpness`, Pillow `ImageEnhance.Sharpness`): 0 blurs, 1 keeps, 2 sharpens.
    case sharpness(factor: Double)
    /// Only the top `bits` (0…8) bits of each 8-bit level kept: `v' = v & ~(2^(8 − bits) − 1)` (torchvision
    /// `posterize`, Pillow `ImageOps.posterize`); other sample types go through 8 bits.
    case posterize(bits: Int)
    /// `v' = max − v` where `v ≥ threshold·max`, else `v` (torchvision `solarize`; `threshold` in normalised
    /// units: torchvision's 8-bit threshold divided by 255).
    case solarize(threshold: Double)
    /// Each colour channel stretched to the full range: `v' = (v − lo)·max / (hi − lo)` with `lo`, `hi` the
    /// channel's extremes; flat channels unchanged (torchvision `autocontrast`).
    case autocontrast
    /// Each colour channel's histogram equalised as Pillow's `ImageOps.equalize` and torchvision's `equalize`:
    /// `step = ⌊(N − n_last) / 255⌋` (`n_last` the count of the highest level present), level `v` maps to
    /// `⌊(C(v − 1) + ⌊step / 2⌋) / step⌋` (C the cumulative count; level 0 to 0), unchanged when `step = 0`.
    /// Other sample types go through 8 bits.
    case equalize
    /// A JPEG re-encode at `quality` (1…100): compression artefacts. FoveaAugment has no codecs, so this one
    /// runs only through a ``JPEGReencoder`` handed to ``AugmentationParameters/apply(to:reencoder:)``
    /// (FoveaData's `JPEGArtifacts.reencoder`, on libjpeg); without one it is skipped. UInt16 and Float
    /// images go through 8 bits for it (as a JPEG file would).
    case jpeg(quality: Int)

    /// Whether the adjustment leaves every image unchanged (factors of 1, a zero shift, σ = 0 …).
    public var isIdentity: Bool {
        switch self {
        case .brightness(let f), .contrast(let f), .saturation(let f): f == 1
        case .hue(let shift): shift == 0 || abs(shift) == 1
        case .gamma(let exponent): exponent == 1
        case .grayscale, .autocontrast, .equalize: false
        case .sharpness(let f): f == 1
        case .posterize(let bits): bits >= 8
        case .solarize(let t): t > 1
        case .gaussianBlur(let sigma): !(sigma > 0)
        case .gaussianNoise(let sd, _): !(sd > 0)
        case .jpeg: false
        }
    }
}

/// Re-encodes a UInt8 image as JPEG at a quality and decodes it again (a hook, so FoveaAugment needs no
/// codec). `nil` means the re-encode failed and the image is kept as it is.
public typealias JPEGReencoder = @Sendable (_ image: Image<UInt8>, _ quality: Int) -> Image<UInt8>?

extension Image {
    /// This image with one photometric adjustment applied (see ``PhotometricAdjustment`` for each formula).
    /// A ``PhotometricAdjustment/jpeg(quality:)`` adjustment needs a `reencoder`; without one it returns the
    /// image unchanged.
    public func adjusted(_ adjustment: PhotometricAdjustment, reencoder: JPEGReencoder? = nil) -> Image<Sample> {
        var copy = self
        copy.adjust(adjustment, reencoder: reencoder)
        return copy
    }

    /// In-place form of ``adjusted(_:reencoder:)``. `owned` says that no other image shares this one's
    /// samples, so the vectorised 8-bit loops rewrite them where they are; otherwise (the default) they read
    /// them once into a new buffer instead of copying them first.
    mutating func adjust(_ adjustment: PhotometricAdjustment, reencoder: JPEGReencoder? = nil, owned: Bool = false) {
        if adjustment.isIdentity || samples.isEmpty { return }
        switch adjustment {
        case .gaussianBlur(let sigma):
            self = blurred(sigma: sigma)
        case .gaussianNoise(let sd, let seed):
            addNoise(standardDeviation: sd, seed: seed)
        case .jpeg(let quality):
            guard let reencoder else { return }
            let bytes =
                Sample.self == UInt8.self ? unsafeBitCast(self, to: Image<UInt8>.self) : converted(to: UInt8.self)
            if let out = reencoder(bytes, quality), out.width == width, out.height == height, out.layout == layout {
                self =
                    Sample.self == UInt8.self
                    ? unsafeBitCast(out, to: Image<Sample>.self) : out.converted(to: Sample.self)
            }
        case .posterize where Sample.self != UInt8.self, .equalize where Sample.self != UInt8.self:
            // 8-bit operations: other sample types go through 8 bits.
            var bytes = converted(to: UInt8.self)
            bytes.adjust(adjustment, owned: true)
            self = bytes.converted(to: Sample.self)
        default:
            // `self` gives its samples up while the typed copy works on them, so a buffer it alone holds is
            // changed in place instead of copied first.
            let layout = self.layout
            let emptied = { Image<Sample>.assumingValid(width: 0, height: 0, layout: layout, samples: []) }
            switch Sample.sampleType {
            case .uint8:
                var typed = unsafeBitCast(self, to: Image<UInt8>.self)
                self = emptied()
                applyColor(adjustment, to: &typed, owned: owned)
                self = unsafeBitCast(typed, to: Image<Sample>.self)
            case .uint16:
                var typed = unsafeBitCast(self, to: Image<UInt16>.self)
                self = emptied()
                applyColor(adjustment, to: &typed, owned: owned)
                self = unsafeBitCast(typed, to: Image<Sample>.self)
            case .float32:
                var typed = unsafeBitCast(self, to: Image<Float>.self)
                self = emptied()
                applyColor(adjustment, to: &typed, owned: owned)
                self = unsafeBitCast(typed, to: Image<Sample>.self)
            }
        }
    }
}

extension Image {
    /// `adjustments` (each ``PhotometricAdjustment/composesAsByteTable``) applied in order as one byte table
    /// (``applyComposedTables(_:to:owned:)``: the bytes ``adjust(_:reencoder:owned:)`` one at a time gives) when
    /// this is a packed 8-bit RGB image; `false`, and the image unchanged, otherwise.
    mutating func adjustAsOneTable(_ adjustments: ArraySlice<PhotometricAdjustment>, owned: Bool) -> Bool {
        guard Sample.sampleType == .uint8, channelCount == 3, layout.colorChannelCount == 3 else { return false }
        // As in adjust: `self` gives its samples up while the typed copy works on them.
        let layout = self.layout
        var typed = unsafeBitCast(self, to: Image<UInt8>.self)
        self = Image<Sample>.assumingValid(width: 0, height: 0, layout: layout, samples: [])
        applyComposedTables(adjustments, to: &typed, owned: owned)
        self = unsafeBitCast(typed, to: Image<Sample>.self)
        return true
    }

    /// Whether this image and `other` hold the same sample buffer (an image a step returned unchanged).
    func sharesSamples(with other: Image) -> Bool {
        withUnsafeBufferPointer { a in other.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
