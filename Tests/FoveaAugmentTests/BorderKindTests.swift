import XCTest

@testable import FoveaAugment

final class BorderKindTests: XCTestCase {
    /// The warp kernels' payload-free rule must read the same source index as `BorderMode.sourceIndex`
    /// (−1 standing for "the constant"), near the edges and far away.
    func testIndexAgreesWithBorderModeSourceIndex() {
        let modes: [BorderMode] = [.constant(.normalized(0.5)), .replicate, .reflect, .reflect101, .wrap]
        for mode in modes {
            let kind = BorderKind(mode)
            for count in 1...7 {
                for p in Array(-40..<40) + [-1_000_003, 999_999_937] {
                    XCTAssertEqual(
                        kind.index(p, count), mode.sourceIndex(p, count: count) ?? -1, "\(mode) p \(p) n \(count)")
                }
            }
        }
    }
}
