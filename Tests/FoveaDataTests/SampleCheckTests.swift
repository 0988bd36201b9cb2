import Foundation
import XCTest

@testable import FoveaData

final class SampleCheckTests: XCTestCase {
    /// 50 samples; those whose index is a multiple of 7 cannot be read.
    private struct Flaky: Dataset {
        var count: Int { 50 }
        var classCount: Int { 2 }
        var classNames: [String] { ["a", "b"] }
        func label(at index: Int) -> Int { index % 2 }
        func image(at index: Int) throws -> AnyImage {
            if index % 7 == 0 { throw DataError.unreadableImage(path: "f\(index)", reason: "truncated") }
            return constantImage(UInt8(index))
        }
        func sourceDescription(at index: Int) -> String { "f\(index)" }
    }

    func testUnreadableSamplesAreFoundInIndexOrderWhateverTheThreadCount() throws {
        let expected = stride(from: 0, to: 50, by: 7).map {
            SampleCheck.Failure(index: $0, source: "f\($0)", reason: "truncated")
        }
        for threads in [1, 2, 3, 8] {
            XCTAssertEqual(SampleCheck(Flaky(), threads: threads).failures, expected, "\(threads) threads")
        }
        let readable = SampleCheck(Flaky(), threads: 2).readable(Flaky())
        XCTAssertEqual(readable.count, 50 - 8)
        XCTAssertEqual(readable.sourceDescription(at: 0), "f1")
        XCTAssertEqual(readable.sourceDescription(at: 6), "f8")
    }
}
