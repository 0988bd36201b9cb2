import XCTest

@testable import FoveaNN

final class DenseTests: XCTestCase {
    func testForwardComputesWeightTimesInputPlusBias() throws {
        let layer = try XCTUnwrap(try makeLayer(.dense(outputs: 2), inputShape: [3]) as? Dense)
        try layer.weight.setValues([1, 2, 3, -1, 0, 1])
        try layer.bias?.setValues([0.5, -0.5])
        let input = try Tensor(shape: [2, 3], scalars: [1, 1, 1, 2, 0, -1])
        let output = try layer.forward(input)
        // Sample 0: [1+2+3+0.5, -1+0+1-0.5]; sample 1: [2-3+0.5, -2-1-0.5].
        XCTAssertEqual(output.scalars, [6.5, -0.5, -0.5, -3.5])
    }

    func testGradientsMatchFiniteDifferences() throws {
        for (inputs, outputs, batch) in [(5, 3, 1), (7, 4, 11), (16, 9, 20)] {
            let layer = try makeLayer(.dense(outputs: outputs), inputShape: [inputs], seed: UInt64(inputs))
            try checkGradients(of: layer, input: randomTensor([batch, inputs], seed: 3))
        }
    }

    func testDenseWithoutBiasHasOnlyAWeight() throws {
        let layer = try makeLayer(.dense(outputs: 4, bias: false), inputShape: [6])
        XCTAssertEqual(layer.parameters.map(\.name), ["dense1.weight"])
        try checkGradients(of: layer, input: randomTensor([3, 6], seed: 4))
    }

    func testFlattenedImageInputIsRejectedWithAHint() {
        XCTAssertThrowsError(try makeLayer(.dense(outputs: 4), inputShape: [1, 2, 2])) { error in
            XCTAssertTrue("\(error)".contains("flatten"), "\(error)")
        }
    }
}
