import XCTest

@testable import FoveaAugment

final class ImagePhotometricTests: XCTestCase {
    func testGaussianNoiseHasTheRequestedSpreadAndIsReproducible() throws {
        let image = try Image<Float>(width: 64, height: 64, layout: .grayAlpha, repeating: 0.5)
        let noisy = image.addingGaussianNoise(standardDeviation: 0.05, seed: 9)
        XCTAssertEqual(noisy, image.addingGaussianNoise(standardDeviation: 0.05, seed: 9))
        XCTAssertNotEqual(noisy, image.addingGaussianNoise(standardDeviation: 0.05, seed: 10))
        let gray = stride(from: 0, to: noisy.samples.count, by: 2).map { Double(noisy.samples[$0]) - 0.5 }
        let alpha = stride(from: 1, to: noisy.samples.count, by: 2).map { noisy.samples[$0] }
        XCTAssertTrue(alpha.allSatisfy { $0 == 0.5 })
        let mean = gray.reduce(0, +) / Double(gray.count)
        let sd = (gray.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gray.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.005)  // σ of the mean: 0.05/64 = 0.0008
        XCTAssertEqual(sd, 0.05, accuracy: 0.003)
    }
}
