import XCTest

@testable import FoveaNN

final class ModelTests: XCTestCase {
    func testSameSeedSameWeightsAndFirstConvolutionIsExposed() throws {
        let a = try Model(architecture: .lenet5, seed: 5)
        let b = try Model(architecture: .lenet5, seed: 5)
        let c = try Model(architecture: .lenet5, seed: 6)
        XCTAssertEqual(a.parameters.map(\.tensor), b.parameters.map(\.tensor))
        XCTAssertNotEqual(a.parameters[0].tensor, c.parameters[0].tensor)
        XCTAssertEqual(a.firstConvolutionWeights?.shape, [6, 1, 5, 5])
    }

    func testHeInitialisationScalesWithFanIn() throws {
        let model = try Model(architecture: .lenet5, seed: 5)
        let weights = try XCTUnwrap(model.parameters.first { $0.name == "dense1.weight" }).tensor.scalars
        let sd = (weights.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(weights.count)).squareRoot()
        XCTAssertEqual(sd, (2.0 / 400).squareRoot(), accuracy: 0.003)
        XCTAssertEqual(model.parameters.first { $0.name == "dense1.bias" }?.tensor.scalars.allSatisfy { $0 == 0 }, true)
    }

    func testFreezingLayersMarksTheirTensors() throws {
        let model = try Model(architecture: .lenet5)
        model.setFrozen(true, layers: ["conv1", "conv2"])
        XCTAssertEqual(
            model.parameters.filter(\.isFrozen).map(\.name),
            ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"])
    }
}
