/// How hard the PNG writer works for a smaller file (`fovea convert --png-compression`).
///
/// Every choice writes a valid, non-interlaced PNG that decodes to the same pixels; they differ in the row filters
/// and libdeflate's level (measured on a 1024² photo, one thread, in BENCHMARKS.md).
public enum PNGCompression: String, Sendable, Hashable, CaseIterable, Codable {
    /// Paeth on every row, libdeflate level 1: about 10× Pillow's default speed, files up to 10 % larger.
    case fast
    /// Per-row adaptive filter (libpng's minimum-sum heuristic), libdeflate level 6: about 3× Pillow's default speed
    /// at about its file size.
    case `default`
    /// Adaptive filter, libdeflate level 12: smaller than Pillow's `compress_level=9`.
    case best

    /// The shim's effort code: 0, 1, 2.
    var effort: Int32 {
        switch self {
        case .fast: 0
        case .default: 1
        case .best: 2
        }
    }
}
