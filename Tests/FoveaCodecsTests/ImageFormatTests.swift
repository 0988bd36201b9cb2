import XCTest

@testable import FoveaCodecs

final class ImageFormatTests: XCTestCase {
    func testDetectUsesMagicBytesOfEveryFormat() throws {
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("png/gray1.png")), .png)
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("jpeg/cmyk.jpg")), .jpeg)
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("pnm/bitmap.pbm")), .pnm)
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("idx/images-idx3-ubyte")), .idx)
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("idx/images-idx3-ubyte.gz")), .idx)
        XCTAssertEqual(ImageFormat.detect(try Fixtures.bytes("npy/f4_rgb.npy")), .npy)
    }

    func testDetectRejectsLookalikes() throws {
        XCTAssertNil(ImageFormat.detect([]))
        XCTAssertNil(ImageFormat.detect(Array("P9 1 1".utf8)))
        XCTAssertNil(ImageFormat.detect(Array("Photo".utf8)))
        XCTAssertNil(ImageFormat.detect(try Inflater.gzip(Array("not an idx file".utf8))), "gzip of something else")
        XCTAssertNil(ImageFormat.detect([0x1F, 0x8B]))
    }

    func testFileExtensionsChooseTheOutputFormat() {
        XCTAssertEqual(ImageFormat(fileExtension: "PNG"), .png)
        XCTAssertEqual(ImageFormat(fileExtension: ".jpg"), .jpeg)
        XCTAssertEqual(ImageFormat(fileExtension: "jpeg"), .jpeg)
        XCTAssertEqual(ImageFormat(fileExtension: "pgm"), .pnm)
        XCTAssertEqual(ImageFormat(fileExtension: "ppm"), .pnm)
        XCTAssertEqual(ImageFormat(fileExtension: "gz"), .idx)
        XCTAssertEqual(ImageFormat(fileExtension: "npy"), .npy)
        XCTAssertEqual(ImageFormat(fileExtension: "gif"), .gif)
        XCTAssertNil(ImageFormat(fileExtension: "xcf"))
        XCTAssertEqual(ImageFormat.fileExtension(of: "/data/train-images-idx3-ubyte"), "ubyte")
        XCTAssertEqual(ImageFormat.fileExtension(of: "dir.v2/photo.JPG"), "jpg")
        XCTAssertEqual(ImageFormat.fileExtension(of: "dir/.hidden"), "")
    }
}
