/// A dense Float32 array with a shape, stored row-major (the last axis varies fastest).
///
/// Fovea's networks exchange batches in **NCHW** order: axis 0 is N (the sample in the batch), then C
/// (channel), H (row, top to bottom) and W (column, left to right), so element `(n, c, y, x)` lives at
/// `((n·C + c)·H + y)·W + x`. Dense layers use 2-D tensors `N × F` (sample, feature). A layer's
/// *per-sample shape* is the shape without the leading N: `[C, H, W]` or `[F]`.
///
/// `Tensor` is a value type with copy-on-write storage.
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis, outermost first (for a batch: `[N, C, H, W]` or `[N, F]`).
    public let shape: [Int]
    /// The elements in row-major order; `scalars.count` is the product of `shape`.
    public var scalars: [Float]

    /// Creates a tensor from its elements in row-major order.
    ///
    /// - Throws: `NNError.elementCountMismatch` when `scalars.count` is not the product of `shape`, and
    ///   `NNError.invalidShape` when an extent is negative.
    public init(shape: [Int], scalars: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw NNError.invalidShape(shape, reason: "negative extent") }
        let count = shape.reduce(1, *)
        guard count == scalars.count else {
            throw NNError.elementCountMismatch(shape: shape, expected: count, actual: scalars.count)
        }
        self.shape = shape
        self.scalars = scalars
    }

    /// Creates a tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Float = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative extent")
        self.shape = shape
        self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
    }

    /// Creates a tensor whose element at each multi-index is `generating(index)`, visited in row-major order.
    public init(shape: [Int], generating element: ([Int]) -> Float) {
        self.init(shape: shape)
        var index = [Int](repeating: 0, count: shape.count)
        for offset in 0..<scalars.count {
            scalars[offset] = element(index)
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Creates a tensor from elements whose count is known to match `shape` (checked only by a precondition).
    init(uncheckedShape shape: [Int], scalars: [Float]) {
        precondition(
            shape.reduce(1, *) == scalars.count, "Tensor shape \(shape) does not hold \(scalars.count) elements")
        self.shape = shape
        self.scalars = scalars
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The extent of axis 0 (the batch size N for a batch).
    public var batchSize: Int { shape.first ?? 1 }

    /// The shape without axis 0: `[C, H, W]` or `[F]` for a batch.
    public var sampleShape: [Int] { Array(shape.dropFirst()) }

    /// The element at a multi-index (one coordinate per axis); traps when out of bounds.
    public subscript(_ index: Int...) -> Float {
        get { scalars[offset(of: index)] }
        set { scalars[offset(of: index)] = newValue }
    }

    private func offset(of index: [Int]) -> Int {
        precondition(
            index.count == shape.count, "Tensor index \(index) has \(index.count) coordinates for shape \(shape)")
        var offset = 0
        for (axis, coordinate) in index.enumerated() {
            precondition(coordinate >= 0 && coordinate < shape[axis], "Tensor index \(index) is outside shape \(shape)")
            offset = offset * shape[axis] + coordinate
        }
        return offset
    }

    /// The same elements with another shape of equal element count.
    ///
    /// - Throws: `NNError.elementCountMismatch` when the counts differ.
    public func reshaped(to newShape: [Int]) throws -> Tensor {
        try Tensor(shape: newShape, scalars: scalars)
    }

    /// Samples `range` of the batch (axis 0), keeping the other axes.
    public func samples(_ range: Range<Int>) -> Tensor {
        precondition(
            range.lowerBound >= 0 && range.upperBound <= batchSize,
            "Sample range \(range) is outside a batch of \(batchSize)")
        let stride = count / Swift.max(1, batchSize)
        return Tensor(
            uncheckedShape: [range.count] + sampleShape,
            scalars: Array(scalars[range.lowerBound * stride..<range.upperBound * stride]))
    }

    /// Calls `body` with a pointer to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the elements.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }
}

extension Tensor: CustomStringConvertible {
    /// The shape and the first few elements, for debugging.
    public var description: String {
        let head = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(shape)[\(head)\(scalars.count > 8 ? ", …" : "")]"
    }
}

/// Formats a per-sample shape the way summaries print it: `6×28×28` or `120`.
func describeShape(_ shape: [Int]) -> String {
    shape.map(String.init).joined(separator: "×")
}
