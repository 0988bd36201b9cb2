import XCTest

@testable import FoveaCodecs

final class IDXTests: XCTestCase {
    func testPlainAndGzippedStacksDecodeToTheSameImages() throws {
        let plain = try IDX.decodeImages(try Fixtures.bytes("idx/images-idx3-ubyte"))
        let gzipped = try IDX.decodeImages(try Fixtures.bytes("idx/images-idx3-ubyte.gz"))
        XCTAssertEqual(plain.count, 3)
        XCTAssertEqual(plain, gzipped)
        for i in 0..<3 {
            XCTAssertEqual(AnyImage(plain[i]), try Fixtures.expected("idx/images-idx3-ubyte#\(i)"), "image \(i)")
        }
    }

    func testLabelsDecodeFromGzip() throws {
        XCTAssertEqual(try IDX.readLabels(Fixtures.path("idx/labels-idx1-ubyte.gz")), [7, 2, 1, 0, 4, 1, 4, 9])
    }

    func testTheBundledMNISTSubsetOpensDirectly() throws {
        let mnist = Fixtures.root.appendingPathComponent("Fixtures/mnist")
        let facts = try Fixtures.entry("mnist")
        guard let count = facts["count"] as? Int,
            let firstLabels = facts["firstLabels"] as? [Int], let sum = facts["firstImageSum"] as? Int,
            let center = facts["firstImageCenter"] as? Int
        else { throw MissingFixture(name: "mnist", field: "count, firstLabels, firstImageSum or firstImageCenter") }
        let labels = try IDX.readLabels(mnist.appendingPathComponent("mnist4k-labels-idx1-ubyte.gz").path)
        let images = try IDX.readImages(mnist.appendingPathComponent("mnist4k-images-idx3-ubyte.gz").path)
        XCTAssertEqual(labels.count, count)
        XCTAssertEqual(images.count, count)
        XCTAssertEqual(labels.prefix(10).map(Int.init), firstLabels)
        XCTAssertEqual(images[0].width, 28)
        XCTAssertEqual(images[0].height, 28)
        XCTAssertEqual(images[0].samples.reduce(0) { $0 + Int($1) }, sum)
        XCTAssertEqual(Int(images[0][x: 14, y: 14]), center)
    }

    func testWriteThenReadRoundTripsPlainAndGzipped() throws {
        let directory = try temporaryDirectory(self)
        let images = (0..<4).map { randomImage(UInt8.self, width: 6, height: 5, layout: .gray, seed: UInt64($0 + 1)) }
        let labels: [UInt8] = [3, 1, 4, 1]
        for name in ["stack-idx3-ubyte", "stack-idx3-ubyte.gz"] {
            let path = directory + "/" + name
            try IDX.writeImages(images, to: path)
            XCTAssertEqual(try IDX.readImages(path), images, name)
        }
        try IDX.writeLabels(labels, to: directory + "/labels.gz")
        XCTAssertEqual(try IDX.readLabels(directory + "/labels.gz"), labels)
        let raw = try AtomicFile.read(directory + "/labels.gz")
        XCTAssertEqual(Array(raw.prefix(2)), [0x1F, 0x8B], "a .gz path is gzip-compressed")
    }

    func testEncodeWritesTheBigEndianHeader() throws {
        XCTAssertEqual(try IDX.encodeLabels([9, 8]), [0, 0, 8, 1, 0, 0, 0, 2, 9, 8])
    }

    func testEncodeRejectsImagesOfDifferentSizesOrColor() {
        let a = randomImage(UInt8.self, width: 2, height: 2, layout: .gray, seed: 1)
        let b = randomImage(UInt8.self, width: 3, height: 2, layout: .gray, seed: 2)
        assertThrows(IDXError.self, { try IDX.encodeImages([a, b]) }) {
            $0 == .inconsistentImage(index: 1, width: 3, height: 2, layout: .gray)
        }
    }

    func testTruncatedGzipThrowsTruncatedWithByteCounts() throws {
        let message = assertThrows(
            IDXError.self, { try IDX.decodeImages(try Fixtures.bytes("bad/truncated-idx3-ubyte.gz")) }
        ) {
            if case .truncated(let expected, let available) = $0 { return expected == 76 && available < 76 }
            return false
        }
        XCTAssertTrue(message.contains("header announces 76 bytes"), message)
    }

    func testTruncatedPlainFileThrowsTruncated() throws {
        let bytes = try Fixtures.bytes("idx/images-idx3-ubyte")
        assertThrows(IDXError.self, { try IDX.decodeImages(Array(bytes.prefix(30))) }) {
            $0 == .truncated(expected: 76, available: 30)
        }
        assertThrows(IDXError.self, { try IDX.decodeImages(Array(bytes.prefix(9))) }) {
            $0 == .truncated(expected: 16, available: 9)
        }
    }

    func testCorruptGzipAndWrongHeadersThrowTypedErrors() throws {
        var gz = try Fixtures.bytes("idx/images-idx3-ubyte.gz")
        for i in 12..<24 { gz[i] ^= 0xA5 }
        XCTAssertThrowsError(try IDX.decodeImages(gz))
        assertThrows(IDXError.self, { try IDX.decodeImages([0, 0, 0x0D, 3, 0, 0, 0, 1]) }) {
            $0 == .unsupportedDataType(code: 0x0D)
        }
        assertThrows(IDXError.self, { try IDX.decodeImages([0, 0, 8, 1, 0, 0, 0, 0]) }) {
            $0 == .unexpectedRank(1, expected: [2, 3])
        }
        assertThrows(IDXError.self, { try IDX.decodeLabels([1, 2, 8, 1, 0, 0, 0, 0]) }) {
            $0 == .badMagic(leadingBytes: [1, 2, 8, 1])
        }
        assertThrows(IDXError.self, { try IDX.decodeLabels([0, 0, 8, 1, 0, 0, 0, 1, 5, 6]) }) {
            $0 == .trailingBytes(extra: 1)
        }
    }

    func testAbsurdElementCountIsRejectedBeforeAllocating() {
        let header: [UInt8] = [0, 0, 8, 3, 0, 0x10, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0]  // 1048576 × 256 × 256
        assertThrows(CodecError.self, { try IDX.decodeImages(header) }) {
            $0 == .pixelLimitExceeded(dimensions: [1_048_576, 256, 256], limit: DecodingOptions.defaultPixelLimit)
        }
    }
}
