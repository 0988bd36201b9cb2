import XCTest

@testable import FoveaNN

final class InitializerTests: XCTestCase {
    private func sample(_ initializer: Initializer, fanIn: Int, fanOut: Int, count: Int = 20_000, seed: UInt64 = 1)
        -> [Float]
    {
        var values = [Float](repeating: 0, count: count)
        var random = RandomStream(seed: seed)
        values.withUnsafeMutableBufferPointer {
            initializer.fill($0.baseAddress!, count: count, fanIn: fanIn, fanOut: fanOut, random: &random)
        }
        return values
    }

    private func standardDeviation(_ values: [Float]) -> Double {
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        return (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count))
            .squareRoot()
    }

    func testVariancesFollowTheirFanRules() {
        // Expected standard deviations: He √(2/fanIn), Xavier √(2/(in+out)), LeCun √(1/fanIn); a uniform
        // U(−a, a) has standard deviation a/√3.
        let cases: [(Initializer, Double)] = [
            (.heNormal, (2.0 / 50).squareRoot()), (.heUniform, (2.0 / 50).squareRoot()),
            (.xavierNormal, (2.0 / 80).squareRoot()), (.xavierUniform, (2.0 / 80).squareRoot()),
            (.lecunNormal, (1.0 / 50).squareRoot()), (.lecunUniform, (1.0 / 50).squareRoot()),
            (.normal(standardDeviation: 0.3), 0.3), (.uniform(lower: -1, upper: 1), 1 / 3.0.squareRoot()),
        ]
        for (initializer, expected) in cases {
            XCTAssertEqual(
                standardDeviation(sample(initializer, fanIn: 50, fanOut: 30)), expected, accuracy: expected * 0.03,
                "\(initializer)")
        }
        let bound = (6.0 / 50).squareRoot()
        XCTAssertTrue(sample(.heUniform, fanIn: 50, fanOut: 30).allSatisfy { abs(Double($0)) <= bound })
    }

    func testSameSeedSameWeights() {
        XCTAssertEqual(
            sample(.heNormal, fanIn: 9, fanOut: 9, count: 100), sample(.heNormal, fanIn: 9, fanOut: 9, count: 100))
        XCTAssertNotEqual(
            sample(.heNormal, fanIn: 9, fanOut: 9, count: 100),
            sample(.heNormal, fanIn: 9, fanOut: 9, count: 100, seed: 2))
    }
}
