import Foundation
import XCTest

@testable import FoveaData

/// The Gamma and Beta samplers pinned by their moments over many draws of a fixed seed. Each bound is five
/// standard errors of the estimate, worked out from the distribution's own moments (given beside each check).
final class RandomStreamBetaTests: XCTestCase {
    private let draws = 40_000

    private func moments(_ values: [Double]) -> (mean: Double, variance: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance)
    }

    /// The mean, variance and fourth central moment of Beta(a, b), from its raw moments
    /// E[Xᵏ] = Πᵣ₌₀^{k−1} (a + r)/(a + b + r).
    private func betaMoments(_ a: Double, _ b: Double) -> (mean: Double, variance: Double, fourth: Double) {
        func raw(_ k: Int) -> Double { (0..<k).reduce(1) { $0 * (a + Double($1)) / (a + b + Double($1)) } }
        let m = raw(1)
        let variance = raw(2) - m * m
        let fourth = raw(4) - 4 * m * raw(3) + 6 * m * m * raw(2) - 3 * m * m * m * m
        return (m, variance, fourth)
    }

    func testGammaHasMeanAndVarianceK() {
        for k in [0.3, 1.0, 4.5] {
            var random = RandomStream(seed: 17, UInt64(k * 10))
            let values = (0..<draws).map { _ in random.gamma(shape: k) }
            XCTAssertTrue(values.allSatisfy { $0 >= 0 && $0.isFinite })
            let (mean, variance) = moments(values)
            // Gamma(k, 1): mean k, variance k, fourth central moment 3k² + 6k.
            let n = Double(draws)
            XCTAssertEqual(mean, k, accuracy: 5 * (k / n).squareRoot(), "k = \(k)")
            XCTAssertEqual(variance, k, accuracy: 5 * ((3 * k * k + 6 * k - k * k) / n).squareRoot(), "k = \(k)")
        }
    }

    func testSymmetricBetaHasMeanOneHalfAndVarianceOneOverFourTimesTwoAlphaPlusOne() {
        for alpha in [0.1, 0.2, 1.0, 2.0] {
            var random = RandomStream(seed: 5, UInt64(alpha * 100))
            let values = (0..<draws).map { _ in random.beta(alpha, alpha) }
            XCTAssertTrue(values.allSatisfy { (0...1).contains($0) }, "α = \(alpha)")
            let (mean, variance) = moments(values)
            // Beta(α, α): mean α/(2α) = ½, variance 1/(4(2α + 1)).
            let n = Double(draws)
            let expected = betaMoments(alpha, alpha)
            XCTAssertEqual(expected.variance, 1 / (4 * (2 * alpha + 1)), accuracy: 1e-12)
            XCTAssertEqual(mean, 0.5, accuracy: 5 * (expected.variance / n).squareRoot(), "α = \(alpha)")
            let spread = ((expected.fourth - expected.variance * expected.variance) / n).squareRoot()
            XCTAssertEqual(variance, expected.variance, accuracy: 5 * spread, "α = \(alpha)")
        }
    }

    func testAsymmetricBetaAndTheUniformCase() {
        var random = RandomStream(seed: 9)
        let values = (0..<draws).map { _ in random.beta(2, 5) }
        let (mean, variance) = moments(values)
        // Beta(2, 5): mean 2/7, variance 2·5/(7²·8) = 10/392.
        let n = Double(draws)
        let expected = betaMoments(2, 5)
        XCTAssertEqual(expected.variance, 10.0 / 392, accuracy: 1e-12)
        XCTAssertEqual(mean, 2.0 / 7, accuracy: 5 * (10.0 / 392 / n).squareRoot())
        let spread = ((expected.fourth - expected.variance * expected.variance) / n).squareRoot()
        XCTAssertEqual(variance, 10.0 / 392, accuracy: 5 * spread)
        // Beta(1, 1) is uniform: each tenth of [0, 1] holds a tenth of the draws (binomial, 5 standard errors).
        var uniform = RandomStream(seed: 10)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<draws { counts[min(9, Int(uniform.beta(1, 1) * 10))] += 1 }
        for count in counts {
            XCTAssertEqual(Double(count), n / 10, accuracy: 5 * (n * 0.1 * 0.9).squareRoot(), "\(counts)")
        }
    }

    func testTinyShapesStayInsideTheUnitIntervalAndAreSymmetric() {
        // Beta(0.01, 0.01) puts almost all its mass next to 0 and 1, where X and Y underflow a Double; the
        // log-space ratio keeps every draw defined, and half of them fall on each side.
        var random = RandomStream(seed: 11)
        let values = (0..<10_000).map { _ in random.beta(0.01, 0.01) }
        XCTAssertTrue(values.allSatisfy { (0...1).contains($0) && !$0.isNaN })
        let low = values.filter { $0 < 0.5 }.count
        XCTAssertEqual(Double(low), 5_000, accuracy: 5 * (10_000 * 0.25).squareRoot())
    }

    func testDrawsArePureFunctionsOfTheStream() {
        var a = RandomStream(seed: 3, 1, 2)
        var b = RandomStream(seed: 3, 1, 2)
        XCTAssertEqual((0..<100).map { _ in a.beta(0.4, 0.4) }, (0..<100).map { _ in b.beta(0.4, 0.4) })
    }
}
