import Foundation

extension InMemoryDataset {
    /// Reads a CSV file of `label,pixel,pixel,…` rows (the Kaggle MNIST layout) as gray `UInt8` images.
    ///
    /// Pixels are integers 0–255 in row-major order. A first line whose first field is not an integer is a
    /// header and is skipped; blank lines are ignored. Classes are named "0", "1", … up to the largest label.
    ///
    /// - Parameters:
    ///   - path: The CSV file.
    ///   - width: The image width; `nil` means square, side = √(pixels per row).
    ///   - height: The image height; `nil` means square, side = √(pixels per row).
    /// - Throws: ``DataError/missingFile(path:)``, ``DataError/malformedCSVField(path:line:column:)`` (lines and
    ///   columns count from 1), ``DataError/inconsistentCSVRow(path:line:expectedPixels:actualPixels:)``,
    ///   ``DataError/csvPixelCountNotAnImage(path:pixels:)``, ``DataError/empty(source:)``.
    public init(csvFile path: String, width: Int? = nil, height: Int? = nil) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.missingFile(path: path) }
        var labels: [Int] = []
        var rows: [[UInt8]] = []
        var pixelsPerRow: Int?
        var lineNumber = 0
        let bytes = [UInt8](data)
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            defer { start = end + 1 }
            if lineEnd == start { continue }
            let fields = try Self.parseFields(bytes[start..<lineEnd], path: path, line: lineNumber)
            guard let fields else {
                if lineNumber == 1 { continue }  // header
                throw DataError.malformedCSVField(path: path, line: lineNumber, column: 1)
            }
            let pixels = fields.count - 1
            if let expected = pixelsPerRow, expected != pixels {
                throw DataError.inconsistentCSVRow(
                    path: path, line: lineNumber, expectedPixels: expected, actualPixels: pixels)
            }
            pixelsPerRow = pixels
            for (column, value) in fields.enumerated().dropFirst() where value > 255 {
                throw DataError.malformedCSVField(path: path, line: lineNumber, column: column + 1)
            }
            labels.append(fields[0])
            rows.append(fields.dropFirst().map { UInt8(truncatingIfNeeded: $0) })
        }
        guard let pixels = pixelsPerRow, pixels > 0 else { throw DataError.empty(source: path) }
        let side = Int(Double(pixels).squareRoot().rounded())
        let w = width ?? (height.map { pixels / max(1, $0) } ?? side)
        let h = height ?? (width.map { pixels / max(1, $0) } ?? side)
        guard w > 0, h > 0, w * h == pixels else { throw DataError.csvPixelCountNotAnImage(path: path, pixels: pixels) }
        let images = rows.map { AnyImage(Image<UInt8>.assumingValid(width: w, height: h, layout: .gray, samples: $0)) }
        try self.init(images: images, labels: labels, source: path)
        inputFiles = [path]
    }

    /// The non-negative integers of one CSV line, or `nil` when its first field is not one (a header).
    private static func parseFields(_ line: ArraySlice<UInt8>, path: String, line lineNumber: Int) throws -> [Int]? {
        var fields: [Int] = []
        var value = 0
        var digits = 0
        var column = 1
        func finish() throws -> Bool {
            guard digits > 0 else {
                if column == 1 { return false }
                throw DataError.malformedCSVField(path: path, line: lineNumber, column: column)
            }
            fields.append(value)
            value = 0
            digits = 0
            column += 1
            return true
        }
        for byte in line {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if digits > 9 { throw DataError.malformedCSVField(path: path, line: lineNumber, column: column) }
            case UInt8(ascii: ","):
                guard try finish() else { return nil }
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                continue
            default:
                if column == 1 { return nil }
                throw DataError.malformedCSVField(path: path, line: lineNumber, column: column)
            }
        }
        guard try finish() else { return nil }
        return fields
    }
}
