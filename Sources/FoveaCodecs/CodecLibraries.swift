import CFoveaShim
import CZlib

/// The C libraries the codecs were built against (for bug reports and `fovea version`).
public enum CodecLibraries {
    /// libpng's version, for example "1.6.39".
    public static var libpng: String { String(cString: fovea_libpng_version()) }
    /// libjpeg's API version as the library numbers it: 62 for the libjpeg 6b API libjpeg-turbo implements by default.
    public static var libjpegAPI: Int { Int(fovea_libjpeg_version()) }
    /// zlib's version, for example "1.2.13".
    public static var zlib: String { String(cString: zlibVersion()) }
}
