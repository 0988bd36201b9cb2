import XCTest

@testable import FoveaNN

final class ResidualBlockTests: XCTestCase {
    func testIdentitySkipWhenShapeIsKeptAndProjectionOtherwise() throws {
        let identity = try XCTUnwrap(
            try makeLayer(.residual(outputChannels: 4), inputShape: [4, 6, 6]) as? ResidualBlock)
        XCTAssertNil(identity.projection)
        XCTAssertEqual(identity.outputShape, [4, 6, 6])
        let projected = try XCTUnwrap(
            try makeLayer(.residual(outputChannels: 8, stride: 2), inputShape: [4, 6, 6]) as? ResidualBlock)
        XCTAssertNotNil(projected.projection)
        XCTAssertEqual(projected.outputShape, [8, 3, 3])
        XCTAssertEqual(
            projected.trainableParameterCount,
            try LayerSpec.residual(outputChannels: 8, stride: 2).parameterCount(for: [4, 6, 6]))
        // conv 8·4·9 + conv 8·8·9 + 2 BN·16 + projection 8·4 + BN 16.
        XCTAssertEqual(projected.trainableParameterCount, 288 + 576 + 32 + 32 + 16)
    }

    func testGradientsMatchFiniteDifferences() throws {
        let identity = try makeLayer(.residual(outputChannels: 2), inputShape: [2, 4, 4], seed: 3)
        try checkGradients(of: identity, input: randomTensor([3, 2, 4, 4], seed: 12), epsilon: 1e-3, tolerance: 1e-2)
        let projected = try makeLayer(.residual(outputChannels: 3, stride: 2), inputShape: [2, 5, 5], seed: 4)
        try checkGradients(of: projected, input: randomTensor([3, 2, 5, 5], seed: 13), tolerance: 1e-2)
    }
}
