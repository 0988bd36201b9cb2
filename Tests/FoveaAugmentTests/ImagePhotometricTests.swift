import XCTest

@testable import FoveaAugment

final class ImagePhotometricTests: XCTestCase {
    func testBrightnessAndContrastFollowTheFormulaAndSkipAlpha() throws {
        let image = try Image<UInt8>(width: 1, height: 1, layout: .rgba, samples: [100, 0, 255, 77])
        // v' = (v − 0.5)·1.5 + 0.5 + 0.2 in normalised units: 100 → 1.5·100 − 63.75 + 51 = 137.25 → 137;
        // 0 → −12.75 → 0 (clamped); 255 → 318.75 → 255 (clamped); alpha 77 untouched.
        XCTAssertEqual(image.adjusted(brightness: 0.2, contrast: 1.5).samples, [137, 0, 255, 77])
        let float = try Image<Float>(width: 2, height: 1, layout: .gray, samples: [0.25, 1.5])
        let adjusted = float.adjusted(brightness: -0.1, contrast: 2).samples
        XCTAssertEqual(adjusted[0], -0.1, accuracy: 1e-6)
        XCTAssertEqual(adjusted[1], 2.4, accuracy: 1e-6)
    }

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
