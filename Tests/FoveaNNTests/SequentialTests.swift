import XCTest

@testable import FoveaNN

final class SequentialTests: XCTestCase {
    func testLayersAreNamedByKindAndChained() throws {
        let network = try Sequential(
            [
                .conv2D(outputChannels: 2, kernelSize: 3), .activation(.tanh), .flatten, .dense(outputs: 3),
                .activation(.tanh),
            ],
            inputShape: [1, 5, 5], seed: 2)
        XCTAssertEqual(network.layers.map(\.name), ["conv1", "tanh1", "flatten1", "dense1", "tanh2"])
        XCTAssertEqual(network.outputShape, [3])
        XCTAssertEqual(network.parameters.map(\.name), ["conv1.weight", "conv1.bias", "dense1.weight", "dense1.bias"])
        try checkGradients(of: network, input: randomTensor([3, 1, 5, 5], seed: 14))
    }

    func testFlattenKeepsNCHWOrder() throws {
        let layer = try makeLayer(.flatten, inputShape: [2, 1, 2])
        let input = try Tensor(shape: [1, 2, 1, 2], scalars: [1, 2, 3, 4])
        let output = try layer.forward(input)
        XCTAssertEqual(output.shape, [1, 4])
        XCTAssertEqual(output.scalars, [1, 2, 3, 4])
    }

    func testWrongInputShapeIsATypedError() throws {
        let network = try Sequential([.flatten], inputShape: [1, 4, 4])
        XCTAssertThrowsError(try network.forward(Tensor(shape: [2, 1, 5, 5]))) { error in
            guard case .layerInputMismatch = error as? NNError else { return XCTFail("\(error)") }
        }
    }
}
