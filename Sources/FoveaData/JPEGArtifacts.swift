import FoveaAugment
import FoveaCodecs

/// The JPEG re-encode behind the augmentation's `PhotometricAdjustment.jpeg(quality:)` (FoveaAugment has
/// no codecs, so it takes the re-encode as a hook; this is the one the CLI and the training loop pass).
public enum JPEGArtifacts {
    /// Encodes with libjpeg at the quality (4:2:0 chroma for RGB, as Pillow's and OpenCV's defaults) and
    /// decodes again; alpha is not encoded but carried over unchanged. `nil` (image kept) when libjpeg fails.
    public static let reencoder: JPEGReencoder = { image, quality in
        let color = image.layout.hasAlpha ? image.converted(to: image.layout.withoutAlpha) : image
        guard let bytes = try? JPEG.encode(color, quality: quality),
            case .uint8(let decoded)? = try? JPEG.decode(bytes),
            decoded.width == image.width, decoded.height == image.height, decoded.layout == color.layout
        else { return nil }
        guard image.layout.hasAlpha else { return decoded }
        let ch = image.channelCount
        var samples = image.samples
        for pixel in 0..<image.pixelCount {
            for k in 0..<(ch - 1) { samples[pixel * ch + k] = decoded.samples[pixel * (ch - 1) + k] }
        }
        return try? Image(width: image.width, height: image.height, layout: image.layout, samples: samples)
    }
}
