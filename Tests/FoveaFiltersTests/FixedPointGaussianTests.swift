import XCTest

@testable import FoveaFilters

final class FixedPointGaussianTests: XCTestCase {
    func testRowWeightsSumTo256AndStaySymmetric() throws {
        for sigma in [0.5, 1, 1.5, 2, 3] {
            let size = Kernel.gaussianSize(sigma: sigma, for: .uint8)
            let q = try XCTUnwrap(FixedPointGaussian.quantize8(Kernel.gaussianWeights(size: size, sigma: sigma)))
            XCTAssertEqual(q.reduce(0, +), 256, "σ \(sigma)")
            XCTAssertEqual(q, q.reversed(), "σ \(sigma)")
        }
        XCTAssertNil(FixedPointGaussian.quantize8([-0.5, 2, -0.5]), "negative weights take the Float path")
    }

    func testFixedPointAgreesWithFloatWithinOneLevel() throws {
        // A noisy 3-channel image wide enough for the 16-lane path, all border modes, several sigmas.
        var rng = RandomStream(seed: 7)
        let image = try Image<UInt8>(width: 53, height: 21, layout: .rgb) { _, _, _ in UInt8(rng.next() % 256) }
        for border in [BorderMode.constant(.sample(9)), .replicate, .reflect, .reflect101, .wrap] {
            for sigma in [0.8, 1.0, 2.0] {
                let kernel = Kernel.gaussian(sigmaX: sigma, for: .uint8)
                let fixed = try XCTUnwrap(FixedPointGaussian.blur(image, kernel: kernel, border: border, threads: 2))
                let float = image.correlated(with: kernel, border: border)
                assertMatches(fixed, float, tolerance: 1, "\(border) σ \(sigma)")
            }
        }
    }

    func testNarrowImagesUseTheFloatPath() throws {
        let image = try Image<UInt8>(width: 5, height: 3, layout: .gray) { x, y, _ in UInt8(x * 40 + y) }
        XCTAssertNil(FixedPointGaussian.blur(image, kernel: .gaussian(sigmaX: 1), border: .default, threads: 1))
        XCTAssertEqual(image.gaussianBlurred(sigma: 1).width, 5)
    }
}
