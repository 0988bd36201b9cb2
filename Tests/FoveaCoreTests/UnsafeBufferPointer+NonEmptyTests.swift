import FoveaCore
import XCTest

final class UnsafeBufferPointerNonEmptyTests: XCTestCase {
    func testNonEmptyBaseAddressIsTheBaseAddressOfEveryBufferKind() {
        var values: [Int32] = [7, 8, 9]
        values.withUnsafeBufferPointer { buffer in
            XCTAssertEqual(buffer.nonEmptyBaseAddress, buffer.baseAddress)
            XCTAssertEqual(buffer.nonEmptyBaseAddress[2], 9)
        }
        values.withUnsafeMutableBufferPointer { buffer in
            XCTAssertEqual(buffer.nonEmptyBaseAddress, buffer.baseAddress)
            buffer.nonEmptyBaseAddress[1] = 80
        }
        XCTAssertEqual(values, [7, 80, 9])
        values.withUnsafeBytes { bytes in
            XCTAssertEqual(bytes.nonEmptyBaseAddress, bytes.baseAddress)
            XCTAssertEqual(bytes.nonEmptyBaseAddress.load(fromByteOffset: 8, as: Int32.self), 9)
        }
        values.withUnsafeMutableBytes { bytes in
            XCTAssertEqual(bytes.nonEmptyBaseAddress, bytes.baseAddress)
            bytes.nonEmptyBaseAddress.storeBytes(of: 70, toByteOffset: 0, as: Int32.self)
        }
        XCTAssertEqual(values, [70, 80, 9])
    }
}
