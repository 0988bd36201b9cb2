/// A NumPy array as stored in a `.npy` file: a shape and C-order (row-major) typed elements.
///
/// Images are H × W (gray) or H × W × C (C = 2, 3, 4: gray+alpha, RGB, RGBA), the layout NumPy, Pillow
/// and OpenCV use. `Int16` and `Float32` arrays carry signed or unbounded results (filter responses,
/// derivatives) that no image file format holds.
public struct NPYArray: Sendable, Hashable {
    /// Element types Fovea reads and writes, named by their NumPy dtype code.
    public enum DataType: String, Sendable, Hashable, CaseIterable, Codable {
        /// `u1`: unsigned 8-bit.
        case uint8 = "u1"
        /// `u2`: unsigned 16-bit.
        case uint16 = "u2"
        /// `i2`: signed 16-bit.
        case int16 = "i2"
        /// `f4`: 32-bit IEEE float.
        case float32 = "f4"

        /// Bytes per element.
        public var size: Int { self == .uint8 ? 1 : (self == .float32 ? 4 : 2) }
    }

    /// The elements, row-major (C order), in host byte order.
    public enum Storage: Sendable, Hashable {
        /// `u1` elements.
        case uint8([UInt8])
        /// `u2` elements.
        case uint16([UInt16])
        /// `i2` elements.
        case int16([Int16])
        /// `f4` elements.
        case float32([Float])

        /// Number of elements.
        public var count: Int {
            switch self {
            case .uint8(let a): a.count
            case .uint16(let a): a.count
            case .int16(let a): a.count
            case .float32(let a): a.count
            }
        }
    }

    /// Dimensions, outermost first (for images: height, width, then channels).
    public let shape: [Int]
    /// The elements.
    public let storage: Storage

    /// The element type.
    public var dataType: DataType {
        switch storage {
        case .uint8: .uint8
        case .uint16: .uint16
        case .int16: .int16
        case .float32: .float32
        }
    }

    /// An array of `shape` over `storage`.
    /// - Throws: ``NPYError/shapeMismatch(shape:expected:actual:)`` unless the element count is the product of `shape`.
    public init(shape: [Int], storage: Storage) throws {
        var expected = 1
        for d in shape {
            let (p, overflow) = expected.multipliedReportingOverflow(by: d)
            guard d >= 0, !overflow else {
                throw NPYError.shapeMismatch(shape: shape, expected: -1, actual: storage.count)
            }
            expected = p
        }
        guard expected == storage.count else {
            throw NPYError.shapeMismatch(shape: shape, expected: expected, actual: storage.count)
        }
        self.shape = shape
        self.storage = storage
    }

    /// The array of an image: H × W for gray, H × W × C otherwise; `UInt8` → `u1`, `UInt16` → `u2`, `Float` → `f4`.
    public init(_ image: AnyImage) {
        let storage: Storage =
            switch image {
            case .uint8(let i): .uint8(i.samples)
            case .uint16(let i): .uint16(i.samples)
            case .float32(let i): .float32(i.samples)
            }
        self.init(width: image.width, height: image.height, layout: image.layout, storage: storage)
    }

    /// The array of image-shaped samples that `AnyImage` has no case for (such as signed 16-bit filter
    /// results): H × W for gray, H × W × C otherwise, samples interleaved row-major as in an image.
    /// - Precondition: `storage` holds `width × height × layout.channelCount` elements, as an image's samples do.
    public init(width: Int, height: Int, layout: ChannelLayout, storage: Storage) {
        precondition(
            storage.count == width * height * layout.channelCount,
            "\(storage.count) samples for a \(width)×\(height)×\(layout.channelCount) array")
        self.shape = layout == .gray ? [height, width] : [height, width, layout.channelCount]
        self.storage = storage
    }

    /// The array as an image: `u1` → `UInt8`, `u2` → `UInt16`, `f4` → `Float` unchanged, and `i2` → `Float`
    /// holding the integer values unscaled (−32768...32767), so signed results survive.
    /// - Throws: ``NPYError/notAnImage(shape:)`` unless the shape is H × W or H × W × C with C in 1...4.
    public func image() throws -> AnyImage {
        guard shape.count == 2 || shape.count == 3,
            let layout = ChannelLayout(channelCount: shape.count == 3 ? shape[2] : 1)
        else { throw NPYError.notAnImage(shape: shape) }
        let (height, width) = (shape[0], shape[1])
        switch storage {
        case .uint8(let a): return .uint8(Image.assumingValid(width: width, height: height, layout: layout, samples: a))
        case .uint16(let a):
            return .uint16(Image.assumingValid(width: width, height: height, layout: layout, samples: a))
        case .float32(let a):
            return .float32(Image.assumingValid(width: width, height: height, layout: layout, samples: a))
        case .int16(let a):
            return .float32(
                Image.assumingValid(width: width, height: height, layout: layout, samples: a.map { Float($0) }))
        }
    }

    /// The array as a `Float` image: `f4` and `i2` values unchanged, `u1`/`u2` normalised to [0, 1] (see `PixelSample`).
    /// - Throws: ``NPYError/notAnImage(shape:)``.
    public func floatImage() throws -> Image<Float> {
        try image().converted(to: Float.self)
    }
}
