import Foundation

/// A 2-D filter kernel: `width × height` weights and an anchor.
///
/// ## Conventions
/// - Weights are row-major: `weights[ky * width + kx]`, `kx` to the right, `ky` downwards, like the image.
/// - **Correlation** (what OpenCV's `filter2D` and deep-learning "convolution" layers compute):
///   `out(x, y) = Σ weight(kx, ky) · in(x + kx − anchorX, y + ky − anchorY)`. The kernel is not flipped.
/// - **Convolution** flips the kernel: it is correlation with ``flipped`` (rotated 180°, anchor mirrored).
/// - The anchor is the kernel cell that sits over the output pixel. By default it is
///   `(width / 2, height / 2)` (integer division), OpenCV's anchor `(-1, -1)`; for even sizes that is the
///   cell just right of / below the centre.
/// - A kernel built from a row and a column factor (``init(row:column:anchorX:anchorY:)``) remembers them,
///   and filters apply it as two 1-D passes (rows first, then columns), like OpenCV's `sepFilter2D`.
public struct Kernel: Sendable, Hashable {
    /// Number of columns.
    public let width: Int
    /// Number of rows.
    public let height: Int
    /// Row-major weights, `width × height` of them.
    public let weights: [Float]
    /// Column of the anchor cell, in `0..<width`.
    public let anchorX: Int
    /// Row of the anchor cell, in `0..<height`.
    public let anchorY: Int
    /// The horizontal factor of a separable kernel (`width` weights), or `nil`.
    public let rowFactor: [Float]?
    /// The vertical factor of a separable kernel (`height` weights), or `nil`.
    public let columnFactor: [Float]?

    /// A kernel from row-major weights. `anchorX`/`anchorY` default to `width / 2` and `height / 2`.
    /// Sizes must be positive and `weights.count == width × height` (checked: programmer error).
    public init(width: Int, height: Int, weights: [Float], anchorX: Int? = nil, anchorY: Int? = nil) {
        precondition(width > 0 && height > 0, "kernel size \(width)×\(height) must be positive")
        precondition(
            weights.count == width * height, "\(weights.count) weights for a \(width)×\(height) kernel")
        let ax = anchorX ?? width / 2
        let ay = anchorY ?? height / 2
        precondition(
            (0..<width).contains(ax) && (0..<height).contains(ay),
            "anchor (\(ax), \(ay)) outside the \(width)×\(height) kernel")
        self.width = width
        self.height = height
        self.weights = weights
        self.anchorX = ax
        self.anchorY = ay
        self.rowFactor = nil
        self.columnFactor = nil
    }

    /// A kernel from its rows, top row first: `Kernel(rows: [[1, 0, -1], [1, 0, -1], [1, 0, -1]])`.
    /// All rows must have the same non-zero length.
    public init(rows: [[Float]], anchorX: Int? = nil, anchorY: Int? = nil) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "kernel rows of unequal lengths \(rows.map(\.count))")
        self.init(width: width, height: rows.count, weights: rows.flatMap { $0 }, anchorX: anchorX, anchorY: anchorY)
    }

    /// The separable kernel `weight(kx, ky) = column[ky] · row[kx]`, applied as a row pass then a column
    /// pass. Anchors default to `row.count / 2` and `column.count / 2`.
    public init(row: [Float], column: [Float], anchorX: Int? = nil, anchorY: Int? = nil) {
        var weights: [Float] = []
        weights.reserveCapacity(row.count * column.count)
        for c in column {
            for r in row { weights.append(c * r) }
        }
        self.init(width: row.count, height: column.count, weights: weights, anchorX: anchorX, anchorY: anchorY)
        self = Kernel(copying: self, row: row, column: column)
    }

    private init(copying k: Kernel, row: [Float]?, column: [Float]?) {
        width = k.width
        height = k.height
        weights = k.weights
        anchorX = k.anchorX
        anchorY = k.anchorY
        rowFactor = row
        columnFactor = column
    }

    /// The weight at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Float {
        precondition(
            (0..<width).contains(x) && (0..<height).contains(y),
            "cell (\(x), \(y)) outside the \(width)×\(height) kernel")
        return weights[y * width + x]
    }

    /// Whether the kernel is applied as two 1-D passes.
    public var isSeparable: Bool { rowFactor != nil && columnFactor != nil }

    /// Sum of all weights (1 for smoothing kernels, 0 for derivative kernels).
    public var sum: Float { weights.reduce(0, +) }

    /// The kernel rotated by 180° with its anchor mirrored (`width − 1 − anchorX`, `height − 1 − anchorY`):
    /// correlating with it is convolving with `self`.
    public var flipped: Kernel {
        let mx = width - 1 - anchorX
        let my = height - 1 - anchorY
        if let row = rowFactor, let column = columnFactor {
            return Kernel(row: row.reversed(), column: column.reversed(), anchorX: mx, anchorY: my)
        }
        return Kernel(width: width, height: height, weights: weights.reversed(), anchorX: mx, anchorY: my)
    }

    /// This kernel with every weight multiplied by `factor` (keeps separability).
    public func scaled(by factor: Float) -> Kernel {
        if let row = rowFactor, let column = columnFactor {
            return Kernel(row: row.map { $0 * factor }, column: column, anchorX: anchorX, anchorY: anchorY)
        }
        return Kernel(
            width: width, height: height, weights: weights.map { $0 * factor }, anchorX: anchorX, anchorY: anchorY)
    }

    /// This kernel with another anchor.
    public func anchored(x: Int, y: Int) -> Kernel {
        if let row = rowFactor, let column = columnFactor {
            return Kernel(row: row, column: column, anchorX: x, anchorY: y)
        }
        return Kernel(width: width, height: height, weights: weights, anchorX: x, anchorY: y)
    }

    /// The transpose: rows become columns (a horizontal edge kernel from a vertical one). The anchor is
    /// transposed too.
    public var transposed: Kernel {
        if let row = rowFactor, let column = columnFactor {
            return Kernel(row: column, column: row, anchorX: anchorY, anchorY: anchorX)
        }
        var t = [Float](repeating: 0, count: weights.count)
        for y in 0..<height {
            for x in 0..<width { t[x * height + y] = weights[y * width + x] }
        }
        return Kernel(width: height, height: width, weights: t, anchorX: anchorY, anchorY: anchorX)
    }
}

extension Kernel: CustomStringConvertible {
    /// The weights as `a,b,c;d,e,f` rows (the CLI's `--kernel` syntax) plus the anchor.
    public var description: String {
        let rows = (0..<height).map { y in
            (0..<width).map { x in "\(weights[y * width + x])" }.joined(separator: ",")
        }
        return "Kernel(\(width)×\(height), anchor (\(anchorX), \(anchorY)): \(rows.joined(separator: ";")))"
    }
}

extension Kernel {
    /// Parses weights written as rows separated by `;` and values separated by `,` (spaces allowed):
    /// `"1,0,-1; 1,0,-1; 1,0,-1"`. A value may be a fraction `a/b`.
    /// - Throws: ``FilterError/malformedKernel(text:reason:)`` for an empty text, a value that is not a
    ///   number, or rows of unequal lengths.
    public init(parsing text: String, anchorX: Int? = nil, anchorY: Int? = nil) throws {
        var rows: [[Float]] = []
        for rowText in text.split(separator: ";", omittingEmptySubsequences: true) {
            var row: [Float] = []
            for cell in rowText.split(separator: ",") {
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                guard let value = Kernel.parseNumber(trimmed) else {
                    throw FilterError.malformedKernel(text: text, reason: "'\(trimmed)' is not a number")
                }
                row.append(value)
            }
            if row.isEmpty { continue }
            rows.append(row)
        }
        guard let first = rows.first else {
            throw FilterError.malformedKernel(text: text, reason: "no weights")
        }
        guard rows.allSatisfy({ $0.count == first.count }) else {
            throw FilterError.malformedKernel(
                text: text, reason: "rows have different lengths \(rows.map(\.count))")
        }
        let ax = anchorX ?? first.count / 2
        let ay = anchorY ?? rows.count / 2
        guard (0..<first.count).contains(ax), (0..<rows.count).contains(ay) else {
            throw FilterError.malformedKernel(
                text: text, reason: "anchor (\(ax), \(ay)) outside the \(first.count)×\(rows.count) kernel")
        }
        self.init(rows: rows, anchorX: ax, anchorY: ay)
    }

    private static func parseNumber(_ s: some StringProtocol) -> Float? {
        if let slash = s.firstIndex(of: "/") {
            guard let a = Float(s[..<slash].trimmingCharacters(in: .whitespaces)),
                let b = Float(s[s.index(after: slash)...].trimmingCharacters(in: .whitespaces)), b != 0
            else { return nil }
            return a / b
        }
        guard let v = Float(s), v.isFinite else { return nil }
        return v
    }
}
