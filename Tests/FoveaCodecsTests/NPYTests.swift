import XCTest

@testable import FoveaCodecs

final class NPYTests: XCTestCase {
    private func expectedStorage(_ name: String) throws -> NPYArray {
        let entry = try Fixtures.entry(name)
        guard let file = entry["expected"] as? String, let shape = entry["shape"] as? [Int],
            let dtype = entry["dtype"] as? String
        else { throw MissingFixture(name: name, field: "expected, shape or dtype") }
        let raw = try Fixtures.bytes(file)
        func values<T: FixedWidthInteger>(_: T.Type) -> [T] {
            stride(from: 0, to: raw.count, by: MemoryLayout<T>.size).map { start in
                (0..<MemoryLayout<T>.size).reduce(T.zero) { $0 | T(truncatingIfNeeded: raw[start + $1]) << (8 * $1) }
            }
        }
        switch dtype {
        case "u1": return try NPYArray(shape: shape, storage: .uint8(raw))
        case "u2": return try NPYArray(shape: shape, storage: .uint16(values(UInt16.self)))
        case "i2": return try NPYArray(shape: shape, storage: .int16(values(Int16.self)))
        default: return try NPYArray(shape: shape, storage: .float32(values(UInt32.self).map(Float.init(bitPattern:))))
        }
    }

    func testNumPyWrittenArraysOfEveryDataTypeDecodeToTheirValues() throws {
        for name in ["u1_gray", "u2_rgb", "i2_gray", "f4_rgb"] {
            XCTAssertEqual(
                try NPY.decode(try Fixtures.bytes("npy/\(name).npy")), try expectedStorage("npy/\(name).npy"), name)
        }
    }

    func testBigEndianFortranOrderAndVersionTwoVariantsDecodeToTheSameArray() throws {
        let expected = try expectedStorage("npy/u2_rgb.npy")
        for variant in ["bigendian", "fortran", "v2"] {
            XCTAssertEqual(try NPY.decode(try Fixtures.bytes("npy/u2_rgb_\(variant).npy")), expected, variant)
        }
    }

    func testEncodeRoundTripsEveryDataTypeAndMatchesNumPysHeaderLayout() throws {
        let arrays = [
            try NPYArray(shape: [2, 3], storage: .uint8([0, 1, 2, 253, 254, 255])),
            try NPYArray(shape: [1, 2, 2], storage: .uint16([0, 1, 65534, 65535])),
            try NPYArray(shape: [3, 1], storage: .int16([-32768, 0, 32767])),
            try NPYArray(shape: [1, 1, 3], storage: .float32([-1.5, .infinity, 1e-30])),
        ]
        for array in arrays {
            let bytes = NPY.encode(array)
            XCTAssertEqual(try NPY.decode(bytes), array)
            XCTAssertEqual(
                (bytes.count - array.storage.count * array.dataType.size) % 64, 0, "header padded to 64 bytes")
        }
        let header = String(decoding: NPY.encode(arrays[0])[10..<128], as: UTF8.self)
        XCTAssertEqual(
            header,
            "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }" + String(repeating: " ", count: 58) + "\n")
    }

    func testImagesConvertToArraysAndBackWithInt16AsUnscaledFloats() throws {
        let rgb = randomImage(UInt16.self, width: 4, height: 3, layout: .rgb, seed: 9)
        let array = NPYArray(.uint16(rgb))
        XCTAssertEqual(array.shape, [3, 4, 3])
        XCTAssertEqual(try array.image(), .uint16(rgb))
        let signed = try NPYArray(shape: [1, 2], storage: .int16([-300, 7]))
        XCTAssertEqual(try signed.floatImage().samples, [-300, 7])
        assertThrows(
            NPYError.self, { try NPYArray(shape: [2, 2, 5], storage: .uint8(Array(repeating: 0, count: 20))).image() }
        ) {
            $0 == .notAnImage(shape: [2, 2, 5])
        }
    }

    func testImageShapedSamplesOfAnyTypeTakeTheImageShape() throws {
        let gray = NPYArray(width: 3, height: 2, layout: .gray, storage: .int16([-3, -2, -1, 0, 1, 2]))
        XCTAssertEqual(gray.shape, [2, 3])
        XCTAssertEqual(gray.storage, .int16([-3, -2, -1, 0, 1, 2]))
        let rgb = NPYArray(width: 1, height: 2, layout: .rgb, storage: .int16([1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(rgb.shape, [2, 1, 3])
        XCTAssertEqual(try rgb.floatImage().samples, [1, 2, 3, 4, 5, 6])
    }

    func testShapeMustMatchTheElementCount() {
        assertThrows(NPYError.self, { try NPYArray(shape: [2, 2], storage: .uint8([1, 2, 3])) }) {
            $0 == .shapeMismatch(shape: [2, 2], expected: 4, actual: 3)
        }
    }

    func testBadFilesThrowTypedErrors() throws {
        let good = try Fixtures.bytes("npy/u2_rgb.npy")
        assertThrows(NPYError.self, { try NPY.decode(Array(good.prefix(good.count - 1))) }) {
            if case .truncated = $0 { return true } else { return false }
        }
        assertThrows(NPYError.self, { try NPY.decode(Array("NUMPY not really".utf8)) }) { $0 == .badMagic }
        var version = good
        version[6] = 9
        assertThrows(NPYError.self, { try NPY.decode(version) }) { $0 == .unsupportedVersion(major: 9, minor: 0) }
        let complex = npyFile(
            "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data: Array(repeating: 0, count: 8))
        assertThrows(NPYError.self, { try NPY.decode(complex) }) { $0 == .unsupportedDataType("c8") }
        let noShape = npyFile("{'descr': '<u2', 'fortran_order': False, }", data: [])
        assertThrows(NPYError.self, { try NPY.decode(noShape) }) { $0 == .badHeader(field: "shape") }
    }

    func testAbsurdShapeIsRejectedBeforeAllocating() throws {
        let huge = npyFile("{'descr': '|u1', 'fortran_order': False, 'shape': (90000, 90000), }", data: [])
        assertThrows(CodecError.self, { try NPY.decode(huge) }) {
            $0 == .pixelLimitExceeded(dimensions: [90000, 90000], limit: DecodingOptions.defaultPixelLimit)
        }
    }

    /// A version-1.0 `.npy` file with the given header dictionary, written by hand (not by the encoder).
    private func npyFile(_ dictionary: String, data: [UInt8]) -> [UInt8] {
        let text = Array((dictionary + "\n").utf8)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }
}
