/// How the samples of one pixel are ordered, interleaved in memory.
public enum ChannelLayout: String, Sendable, Hashable, CaseIterable, Codable {
    /// One sample: luminance.
    case gray
    /// Two samples: luminance, then alpha.
    case grayAlpha
    /// Three samples: red, green, blue.
    case rgb
    /// Four samples: red, green, blue, then alpha.
    case rgba

    /// Samples per pixel: 1, 2, 3 or 4.
    public var channelCount: Int {
        switch self {
        case .gray: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba: 4
        }
    }

    /// Whether the last channel is alpha (straight, not premultiplied).
    public var hasAlpha: Bool { self == .grayAlpha || self == .rgba }

    /// Number of color (non-alpha) channels: 1 or 3.
    public var colorChannelCount: Int { hasAlpha ? channelCount - 1 : channelCount }

    /// The layout with the given channel count and no alpha for 1 and 3, alpha for 2 and 4; `nil` otherwise.
    public init?(channelCount: Int) {
        switch channelCount {
        case 1: self = .gray
        case 2: self = .grayAlpha
        case 3: self = .rgb
        case 4: self = .rgba
        default: return nil
        }
    }

    /// This layout with alpha added (gray → grayAlpha, rgb → rgba); unchanged if it already has alpha.
    public var withAlpha: ChannelLayout {
        switch self {
        case .gray, .grayAlpha: .grayAlpha
        case .rgb, .rgba: .rgba
        }
    }

    /// This layout without alpha (grayAlpha → gray, rgba → rgb); unchanged if it has none.
    public var withoutAlpha: ChannelLayout {
        switch self {
        case .gray, .grayAlpha: .gray
        case .rgb, .rgba: .rgb
        }
    }
}
