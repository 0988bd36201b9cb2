import XCTest

@testable import FoveaCodecs

final class FileSystemTests: XCTestCase {
    func testAtomicWriteReplacesTheFileAndLeavesNoTemporaryFiles() throws {
        let directory = try temporaryDirectory(self)
        let path = directory + "/out.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write([4, 5], to: path)
        XCTAssertEqual(try AtomicFile.read(path), [4, 5])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["out.bin"])
    }

    func testAtomicWriteIntoAMissingDirectoryThrowsNamingThePath() {
        let path = "/nonexistent-fovea-dir/out.bin"
        let message = assertThrows(FileIOError.self, { try AtomicFile.write([1], to: path) }) {
            if case .writeFailed = $0 { return true } else { return false }
        }
        XCTAssertTrue(message.hasPrefix(path + ": write failed"), message)
    }

    func testReadReturnsEveryByteOfALargerFile() throws {
        let directory = try temporaryDirectory(self)
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(bytes, to: directory + "/big")
        XCTAssertEqual(try AtomicFile.read(directory + "/big"), bytes)
    }

    func testReadRefusesDevicesThatCouldStreamForever() {
        assertThrows(FileIOError.self, { try AtomicFile.read("/dev/zero") }) { $0 == .notARegularFile }
    }
}
