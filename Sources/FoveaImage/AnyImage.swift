/// An image of any sample type: what a decoder returns before the caller picks a type.
public enum AnyImage: Sendable, Hashable {
    /// 8-bit samples.
    case uint8(Image<UInt8>)
    /// 16-bit samples.
    case uint16(Image<UInt16>)
    /// 32-bit float samples.
    case float32(Image<Float>)

    /// Wraps a typed image.
    public init<S: PixelSample>(_ image: Image<S>) {
        switch image {
        case let i as Image<UInt8>: self = .uint8(i)
        case let i as Image<UInt16>: self = .uint16(i)
        case let i as Image<Float>: self = .float32(i)
        default: preconditionFailure("unsupported sample type \(S.self)")
        }
    }

    /// Width in pixels.
    public var width: Int {
        switch self {
        case .uint8(let i): i.width
        case .uint16(let i): i.width
        case .float32(let i): i.width
        }
    }

    /// Height in pixels.
    public var height: Int {
        switch self {
        case .uint8(let i): i.height
        case .uint16(let i): i.height
        case .float32(let i): i.height
        }
    }

    /// Channel layout.
    public var layout: ChannelLayout {
        switch self {
        case .uint8(let i): i.layout
        case .uint16(let i): i.layout
        case .float32(let i): i.layout
        }
    }

    /// Sample type.
    public var sampleType: SampleType {
        switch self {
        case .uint8: .uint8
        case .uint16: .uint16
        case .float32: .float32
        }
    }

    /// The image converted to sample type `S` (see ``PixelSample`` for the scaling).
    public func converted<S: PixelSample>(to type: S.Type) -> Image<S> {
        switch self {
        case .uint8(let i): i.converted(to: type)
        case .uint16(let i): i.converted(to: type)
        case .float32(let i): i.converted(to: type)
        }
    }
}
