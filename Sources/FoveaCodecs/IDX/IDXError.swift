import FoveaCore

/// IDX (MNIST) decoding and encoding failures.
public enum IDXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The (decompressed) data does not start with `00 00 <type> <rank>`.
    case badMagic(leadingBytes: [UInt8])
    /// The element type code is not 0x08 (unsigned byte), the only one Fovea reads.
    case unsupportedDataType(code: UInt8)
    /// The tensor has `rank` dimensions where the call needs one of `expected`.
    case unexpectedRank(Int, expected: [Int])
    /// The data ended: the header and dimensions say `expected` bytes, the file holds `available`.
    case truncated(expected: Int, available: Int)
    /// The file holds `extra` bytes after the tensor the header describes.
    case trailingBytes(extra: Int)
    /// `ImageFile` was asked for image `index` of a stack of `count`.
    case imageIndexOutOfRange(index: Int, count: Int)
    /// Images to write must all be gray with one size; image `index` is `width`×`height` `layout`.
    case inconsistentImage(index: Int, width: Int, height: Int, layout: ChannelLayout)
    /// A dimension does not fit IDX's 32-bit size field.
    case dimensionTooLarge(Int)

    /// A message naming what is wrong and where (byte offset, chunk, dimension), for users.
    public var description: String {
        switch self {
        case .badMagic(let bytes):
            "not an IDX file: expected 00 00 08 <rank>, found \(bytes.map { String($0, radix: 16).leftPadded(to: 2, with: "0") }.joined(separator: " "))"
        case .unsupportedDataType(let code):
            "IDX element type 0x\(String(code, radix: 16).leftPadded(to: 2, with: "0")) is not supported (only 0x08, unsigned byte)"
        case .unexpectedRank(let rank, let expected):
            "IDX tensor has \(rank) dimensions; expected \(expected.map(String.init).joined(separator: " or "))"
        case .truncated(let expected, let available):
            "IDX data truncated: header announces \(expected) bytes, only \(available) present"
        case .trailingBytes(let extra): "IDX file has \(extra) unexpected bytes after the tensor"
        case .imageIndexOutOfRange(let index, let count): "image index \(index) is outside the IDX stack of \(count)"
        case .inconsistentImage(let index, let width, let height, let layout):
            "image \(index) is \(width)×\(height) \(layout.rawValue); IDX needs gray images of one size"
        case .dimensionTooLarge(let d): "dimension \(d) does not fit IDX's 32-bit size field"
        }
    }
}
