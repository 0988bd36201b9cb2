/// The file formats Fovea reads and writes.
public enum ImageFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// Portable Network Graphics (libpng).
    case png
    /// JPEG/JFIF (libjpeg-turbo).
    case jpeg
    /// Netpbm: PBM, PGM, PPM (P1-P6).
    case pnm
    /// IDX, MNIST's tensor format, plain or gzip-compressed.
    case idx
    /// NumPy's `.npy` array format (versions 1-3 headers).
    case npy
    /// WebP, lossy and lossless (libwebp).
    case webp
    /// TIFF and BigTIFF, first page (libtiff).
    case tiff
    /// Windows bitmap (stb_image; 24-bit written by stb_image_write).
    case bmp
    /// GIF, first frame, read only (giflib).
    case gif

    /// The format whose magic number starts `bytes`, or `nil`. Never looks at a file name.
    ///
    /// PNG: the 8-byte signature; JPEG: `FF D8 FF`; WebP: `RIFF` ․․․․ `WEBP`; TIFF: `II*\0`, `MM\0*` (BigTIFF `+`);
    /// GIF: `GIF87a`/`GIF89a`; BMP: `BM` and a known DIB header size; PNM: `P1`-`P6` followed by whitespace; NPY: `93 'NUMPY'`;
    /// IDX: `00 00 08` then 1-3 dimensions, directly or at the start of a gzip stream (`1F 8B`).
    public static func detect(_ bytes: [UInt8]) -> ImageFormat? {
        if bytes.starts(with: PNG.signature) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 3, bytes[0] == UInt8(ascii: "P"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[1]),
            PNM.isWhitespace(bytes[2]) || bytes[2] == UInt8(ascii: "#")
        {
            return .pnm
        }
        if bytes.starts(with: NPY.magic) { return .npy }
        if WebP.hasSignature(bytes) { return .webp }
        if TIFF.hasSignature(bytes) { return .tiff }
        if GIF.hasSignature(bytes) { return .gif }
        if BMP.hasSignature(bytes) { return .bmp }
        if IDX.looksLikeHeader(bytes) { return .idx }
        if bytes.starts(with: [0x1F, 0x8B]) {
            var prefix = [UInt8](repeating: 0, count: 4)
            let produced = (try? Inflater.inflatePrefix(of: bytes, into: &prefix)) ?? 0
            if produced == 4, IDX.looksLikeHeader(prefix) { return .idx }
        }
        return nil
    }

    /// The format to write for a file extension (with or without the leading dot, any case): `png`; `jpg`,
    /// `jpeg`, `jpe`, `jfif`; `pbm`, `pgm`, `ppm`, `pnm`; `idx`, `ubyte`, `gz` (gzipped IDX); `npy`;
    /// `webp`; `tif`, `tiff`; `bmp`, `dib`; `gif` (which ``ImageFile/encode(_:as:options:)`` refuses: read only).
    /// `nil` for anything else. For reading, use ``detect(_:)``: the extension is never trusted.
    public init?(fileExtension: String) {
        var ext = fileExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "png": self = .png
        case "jpg", "jpeg", "jpe", "jfif": self = .jpeg
        case "pbm", "pgm", "ppm", "pnm": self = .pnm
        case "idx", "ubyte", "gz": self = .idx
        case "npy": self = .npy
        case "webp": self = .webp
        case "tif", "tiff": self = .tiff
        case "bmp", "dib": self = .bmp
        case "gif": self = .gif
        default: return nil
        }
    }

    /// The file extensions a directory conversion can write (`fovea convert --to`), one per writable format
    /// or variant: `png`, `jpg`, `pgm` (gray PNM), `ppm` (color PNM), `webp`, `tif`, `bmp`, `npy`.
    public static let outputExtensions = ["png", "jpg", "pgm", "ppm", "webp", "tif", "bmp", "npy"]

    /// Whether the format stores an alpha channel (PNG, WebP, TIFF, NPY); the others drop it on write.
    public var storesAlpha: Bool {
        switch self {
        case .png, .webp, .tiff, .npy: true
        case .jpeg, .pnm, .idx, .bmp, .gif: false
        }
    }

    /// The extension of the last path component (after its last dot), lowercased, or "" when there is none.
    /// Names like `train-images-idx3-ubyte` count as `ubyte`.
    public static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return name[name.index(after: dot)...].lowercased()
        }
        return name.lowercased().hasSuffix("-ubyte") ? "ubyte" : ""
    }
}
