import XCTest

@testable import FoveaNN

final class PoolingTests: XCTestCase {
    let grid = try! Tensor(shape: [1, 1, 4, 4], scalars: [1, 1, 2, 4, 5, 6, 7, 8, 3, 2, 1, 0, 1, 2, 3, 4])

    func testMaxPoolMatchesCourseExample() throws {
        let layer = try makeLayer(.maxPool2D(size: 2, stride: 2), inputShape: [1, 4, 4])
        XCTAssertEqual(try layer.forward(grid).scalars, [6, 8, 3, 4])
    }

    func testAveragePoolMatchesCourseExample() throws {
        let layer = try makeLayer(.averagePool2D(size: 2, stride: 2), inputShape: [1, 4, 4])
        XCTAssertEqual(try layer.forward(grid).scalars, [3.25, 5.25, 2, 2])
    }

    func testMaxPoolRoutesGradientToTheWinner() throws {
        let layer = try makeLayer(.maxPool2D(size: 2, stride: 2), inputShape: [1, 4, 4])
        let gradient = try layer.gradients(
            input: grid, outputGradient: try Tensor(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]))
        // Winners: 6 at (1,1), 8 at (1,3), 3 at (2,0), 4 at (3,3).
        XCTAssertEqual(gradient.scalars, [0, 0, 0, 0, 0, 1, 0, 2, 3, 0, 0, 0, 0, 0, 0, 4])
    }

    func testGlobalAveragePoolAveragesEachPlane() throws {
        let layer = try makeLayer(.globalAveragePool, inputShape: [1, 4, 4])
        XCTAssertEqual(try layer.forward(grid).scalars, [50.0 / 16])
        try checkGradients(
            of: try makeLayer(.globalAveragePool, inputShape: [3, 2, 5]), input: randomTensor([2, 3, 2, 5], seed: 2))
    }

    func testGradientsMatchFiniteDifferences() throws {
        let cases: [(LayerSpec, [Int], Int)] = [
            (.maxPool2D(size: 2, stride: 2), [2, 4, 6], 2),
            (.maxPool2D(size: 3, stride: 2, padding: 1), [1, 7, 5], 3),
            (.averagePool2D(size: 2, stride: 2), [2, 4, 4], 2),
            (.averagePool2D(size: 3, stride: 1, padding: 1), [2, 5, 4], 1),
            (.averagePool2D(size: 3, stride: 2), [1, 7, 7], 9),
        ]
        for (index, (spec, shape, batch)) in cases.enumerated() {
            let layer = try makeLayer(spec, inputShape: shape)
            try checkGradients(of: layer, input: distinctTensor([batch] + shape, seed: UInt64(index)), epsilon: 1e-2)
        }
    }

    func testOutputShapesFollowTheSizeRule() throws {
        XCTAssertEqual(try LayerSpec.maxPool2D(size: 3, stride: 2).outputShape(for: [96, 55, 55]), [96, 27, 27])
        XCTAssertEqual(
            try LayerSpec.averagePool2D(size: 2, stride: 2, padding: 1).outputShape(for: [1, 5, 5]), [1, 3, 3])
    }
}
