import XCTest

@testable import FoveaNN

final class ReductionTests: XCTestCase {
    func testSumsMatchADoubleReferenceForEveryTailLength() {
        for count in 0..<40 {
            let a = (0..<count).map { Float(($0 * 7) % 11) - 4.5 }
            let b = (0..<count).map { Float(($0 * 5) % 13) * 0.25 }
            let sum = a.reduce(0.0) { $0 + Double($1) }
            let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let squares = a.reduce(0.0) { $0 + (Double($1) - 0.5) * (Double($1) - 0.5) }
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    guard let x = pa.baseAddress, let y = pb.baseAddress else { return }
                    XCTAssertEqual(Double(Reduction.sum(x, count: count)), sum, accuracy: 1e-4, "count \(count)")
                    XCTAssertEqual(Double(Reduction.dot(x, y, count: count)), dot, accuracy: 1e-4, "count \(count)")
                    XCTAssertEqual(
                        Double(Reduction.squaredDeviations(x, count: count, mean: 0.5)), squares, accuracy: 1e-3,
                        "count \(count)")
                }
            }
        }
    }
}
