import Foundation
import FoveaImage

/// What ``ImageInfo`` says about an embedded ICC color profile: its size and its description.
///
/// Fovea does not color-manage: pixels are decoded as stored, whatever the profile says. The profile bytes
/// are kept (``DecodedImage/iccProfile``) so that a conversion that leaves the pixels as they are can carry
/// them into the output (``EncodingOptions/iccProfile``).
public struct ICCProfileInfo: Sendable, Hashable, Codable {
    /// The profile's size in bytes.
    public var size: Int
    /// The profile's description tag (`desc`: ICC v2 text or v4 `mluc`, first record), for example
    /// "sRGB IEC61966-2.1", or `nil` when it has none or it cannot be read.
    public var name: String?

    /// Info with the given fields.
    public init(size: Int, name: String?) {
        self.size = size
        self.name = name
    }

    /// The profile's data color space signature (header bytes 16–19, for example `"RGB"` or `"GRAY"`, trailing
    /// spaces dropped), or `nil` for a profile shorter than its 128-byte header.
    public static func colorSpace(of profile: [UInt8]) -> String? {
        guard profile.count >= 128 else { return nil }
        return String(decoding: profile[16..<20], as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    /// Whether `profile` describes pixels of `layout`: an `RGB` profile RGB or RGBA, a `GRAY` profile gray or
    /// gray+alpha. A conversion that changes the color model (RGB to gray, CMYK decoded to RGB) must drop it.
    public static func describes(_ profile: [UInt8], layout: ChannelLayout) -> Bool {
        switch colorSpace(of: profile) {
        case "RGB": layout == .rgb || layout == .rgba
        case "GRAY": layout == .gray || layout == .grayAlpha
        default: false
        }
    }

    /// Reads the size and the description tag of a profile.
    public init(_ profile: [UInt8]) {
        self.init(size: profile.count, name: Self.description(of: profile))
    }

    /// The `desc` tag's text, or `nil`. Every offset is bounds-checked: a profile is untrusted input.
    static func description(of p: [UInt8]) -> String? {
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= p.count else { return nil }
            return Int(p[at]) << 24 | Int(p[at + 1]) << 16 | Int(p[at + 2]) << 8 | Int(p[at + 3])
        }
        guard let count = u32(128), count < 1000 else { return nil }
        for i in 0..<count {
            let entry = 132 + 12 * i
            guard let signature = u32(entry), let offset = u32(entry + 4), let size = u32(entry + 8) else { return nil }
            guard signature == 0x6465_7363, size >= 12, offset + size <= p.count else { continue }  // 'desc'
            let type = u32(offset)
            if type == 0x6465_7363, let length = u32(offset + 8), length > 0, offset + 12 + length <= p.count {
                let text = p[(offset + 12)..<(offset + 12 + length)].prefix { $0 != 0 }
                return String(decoding: text, as: UTF8.self)
            }
            if type == 0x6D6C_7563, let records = u32(offset + 8), records > 0, let length = u32(offset + 20),
                let start = u32(offset + 24), offset + start + length <= p.count
            {  // 'mluc': UTF-16BE strings
                let units = stride(from: offset + start, to: offset + start + length - 1, by: 2).map {
                    UInt16(p[$0]) << 8 | UInt16(p[$0 + 1])
                }
                return String(decoding: units.prefix { $0 != 0 }, as: UTF16.self)
            }
        }
        return nil
    }
}
