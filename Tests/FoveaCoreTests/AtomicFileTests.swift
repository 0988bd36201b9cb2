import Foundation
import XCTest

@testable import FoveaCore

final class AtomicFileTests: XCTestCase {
    private func makeDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-core-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// The ``FileIOError`` inside the ``FileError`` that `body` throws, and the error's message.
    private func ioError(_ body: () throws -> Void) -> (FileIOError?, String) {
        do {
            try body()
            return (nil, "nothing thrown")
        } catch let error as FileError {
            return (error.reason as? FileIOError, error.description)
        } catch {
            return (nil, "unexpected \(error)")
        }
    }

    func testWriteReplacesTheFileAndLeavesNoTemporaryFiles() throws {
        let directory = try makeDirectory()
        let path = directory + "/out.bin"
        try AtomicFile.write([1, 2, 3], to: path)
        try AtomicFile.write([4, 5], to: path)
        XCTAssertEqual(try AtomicFile.read(path), [4, 5])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["out.bin"])
    }

    func testWriteIntoAMissingDirectoryThrowsNamingThePath() {
        let path = "/nonexistent-fovea-dir/out.bin"
        let (reason, message) = ioError { try AtomicFile.write([1], to: path) }
        guard case .writeFailed? = reason else { return XCTFail(message) }
        XCTAssertTrue(message.hasPrefix(path + ": write failed"), message)
    }

    func testWriteReplacesASymlinkInsteadOfWritingThroughIt() throws {
        // A planted link at the destination must not redirect the write to the file it points at.
        let directory = try makeDirectory()
        try AtomicFile.write([9, 9], to: directory + "/victim")
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/out", withDestinationPath: directory + "/victim")
        try AtomicFile.write([1], to: directory + "/out")
        XCTAssertEqual(try AtomicFile.read(directory + "/victim"), [9, 9])
        XCTAssertEqual(try AtomicFile.read(directory + "/out"), [1])
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/out"))
    }

    func testReadReturnsEveryByteOfALargerFile() throws {
        let directory = try makeDirectory()
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try AtomicFile.write(bytes, to: directory + "/big")
        XCTAssertEqual(try AtomicFile.read(directory + "/big"), bytes)
    }

    func testReadRefusesDevicesThatCouldStreamForever() {
        let (reason, message) = ioError { _ = try AtomicFile.read("/dev/zero") }
        XCTAssertEqual(reason, .notARegularFile, message)
        XCTAssertEqual(message, "/dev/zero: is a device, pipe or socket, not a regular file")
    }

    func testStaleTemporariesOfDeadProcessesAreRemovedAndLiveOnesKept() throws {
        let directory = try makeDirectory()
        var hostBuffer = [CChar](repeating: 0, count: 256)
        gethostname(&hostBuffer, 255)
        let host = String(decoding: hostBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // A process id that cannot be running: above the kernel's pid_max (4194304 at most on Linux).
        let dead: pid_t = 99_999_999
        let names = [
            ".a.png.fovea-tmp.\(dead).\(host).Ab12Cd",  // killed writer on this host: stale
            ".b.png.fovea-tmp.\(getpid()).\(host).Zz99Yy",  // this live process: kept
            ".c.png.fovea-tmp.\(dead).some-other-host.Ab12Cd",  // another host on a shared folder: kept
            ".model.fovea.tmp-\(dead)",  // Fovea 0.1's checkpoint temporary: stale
            "d.png",  // an ordinary file: kept
        ]
        for name in names { try AtomicFile.write([0], to: directory + "/" + name) }
        let removed = AtomicFile.removeStaleTemporaries(inDirectory: directory)
        XCTAssertEqual(removed, [directory + "/" + names[0], directory + "/" + names[3]])
        XCTAssertEqual(
            Set(try FileManager.default.contentsOfDirectory(atPath: directory)), Set([names[1], names[2], names[4]]))
    }

    func testTemporaryNamesParseOnlyWithTheirFullShape() {
        XCTAssertEqual(
            AtomicFile.stalePID(inTemporaryName: ".x.fovea-tmp.42.h.example.org.AbCdEf", host: "h.example.org"), 42)
        XCTAssertNil(AtomicFile.stalePID(inTemporaryName: ".x.fovea-tmp.42.other.AbCdEf", host: "h"))
        XCTAssertNil(AtomicFile.stalePID(inTemporaryName: ".x.fovea-tmp.notapid.h.AbCdEf", host: "h"))
        XCTAssertNil(AtomicFile.stalePID(inTemporaryName: ".x.fovea-tmp.42.", host: "h"))
        XCTAssertNil(AtomicFile.stalePID(inTemporaryName: ".hidden-file", host: "h"))
    }

    func testDeferredDirectorySyncWritesCompleteFilesAndSyncsEachFolderOnceWhenFlushed() throws {
        let root = try makeDirectory()
        try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/b", withIntermediateDirectories: true)
        // An hour between flushes: only the explicit flush syncs.
        let set = AtomicFile.DirectorySyncSet(maximumDelay: 3600)
        for index in 0..<6 {
            let folder = index.isMultiple(of: 2) ? "a" : "b"
            try AtomicFile.write(
                [UInt8(index), 7], to: "\(root)/\(folder)/f\(index)", deferringDirectorySyncTo: set)
        }
        // Every file is complete under its final name before the flush; no temporary is left.
        for index in 0..<6 {
            let folder = index.isMultiple(of: 2) ? "a" : "b"
            XCTAssertEqual(try AtomicFile.read("\(root)/\(folder)/f\(index)"), [UInt8(index), 7])
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: root + "/a")), ["f0", "f2", "f4"])
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: root + "/b")), ["f1", "f3", "f5"])
        XCTAssertEqual(set.pendingDirectories, [root + "/a", root + "/b"])
        XCTAssertEqual(set.flush(), [root + "/a", root + "/b"])
        XCTAssertEqual(set.pendingDirectories, [])
        XCTAssertEqual(set.flush(), [])
    }

    func testFailedDeferredWritesAddNothingAndTheRestAreFlushed() throws {
        // Worker threads writing into one set, every third write into a missing folder: each failure throws
        // and leaves no temporary; the flush still syncs the folder of every write that succeeded.
        let root = try makeDirectory()
        let set = AtomicFile.DirectorySyncSet(maximumDelay: 3600)
        let failures = FailureCounter()
        DispatchQueue.concurrentPerform(iterations: 30) { index in
            let folder = index % 3 == 0 ? root + "/missing" : root
            do {
                try AtomicFile.write([UInt8(index)], to: "\(folder)/f\(index)", deferringDirectorySyncTo: set)
            } catch {
                failures.increment()
            }
        }
        XCTAssertEqual(failures.value, 10)
        XCTAssertEqual(set.flush(), [root])
        let names = try FileManager.default.contentsOfDirectory(atPath: root)
        XCTAssertEqual(Set(names), Set((0..<30).filter { $0 % 3 != 0 }.map { "f\($0)" }))
        for index in 0..<30 where index % 3 != 0 {
            XCTAssertEqual(try AtomicFile.read("\(root)/f\(index)"), [UInt8(index)])
        }
    }

    func testAZeroMaximumDelaySyncsEveryWritesFolderAtOnce() throws {
        let root = try makeDirectory()
        let set = AtomicFile.DirectorySyncSet(maximumDelay: 0)
        try AtomicFile.write([1], to: root + "/x", deferringDirectorySyncTo: set)
        XCTAssertEqual(set.pendingDirectories, [])
        try AtomicFile.write([2], to: root + "/y", deferringDirectorySyncTo: nil)
        XCTAssertEqual(try AtomicFile.read(root + "/y"), [2])
    }
}

/// A failure count shared by worker threads.
private final class FailureCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }
}
