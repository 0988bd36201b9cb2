import XCTest

@testable import FoveaNN

final class Conv2DTests: XCTestCase {
    /// The course example: the 3×3 input 0…8 correlated with [[0,1],[2,3]] is [[19,25],[37,43]].
    func testCorrelationMatchesCourseExample() throws {
        let layer = try XCTUnwrap(
            try makeLayer(.conv2D(outputChannels: 1, kernelSize: 2), inputShape: [1, 3, 3]) as? Conv2D)
        try layer.weight.setValues([0, 1, 2, 3])
        try layer.bias?.setValues([0])
        let output = try layer.forward(try Tensor(shape: [1, 1, 3, 3], scalars: (0..<9).map(Float.init)))
        XCTAssertEqual(output.shape, [1, 1, 2, 2])
        XCTAssertEqual(output.scalars, [19, 25, 37, 43])
    }

    /// The course's vertical-edge example: 6×6 image ∗ [[1,0,-1]]×3 ('valid').
    func testVerticalEdgeKernelMatchesCourseExample() throws {
        let layer = try XCTUnwrap(
            try makeLayer(.conv2D(outputChannels: 1, kernelSize: 3, bias: false), inputShape: [1, 6, 6]) as? Conv2D)
        try layer.weight.setValues([1, 0, -1, 1, 0, -1, 1, 0, -1])
        let image: [Float] = [
            3, 0, 1, 2, 7, 4, 1, 5, 8, 9, 3, 1, 2, 7, 2, 5, 1, 3, 0, 1, 3, 1, 7, 8, 4, 2, 1, 6, 2, 8, 2, 4, 5, 2, 3, 9,
        ]
        let output = try layer.forward(try Tensor(shape: [1, 1, 6, 6], scalars: image))
        XCTAssertEqual(output.scalars, [-5, -4, 0, 8, -10, -2, 2, 3, 0, -2, -4, -7, -3, -2, -3, -16])
    }

    func testPaddingAndStrideFollowTheOutputSizeRuleWithZeroBorders() throws {
        // 1×4×4 ones, 3×3 ones kernel, padding 1, stride 2: outputs at (0,0),(0,2),(2,0),(2,2) windows.
        let layer = try XCTUnwrap(
            try makeLayer(
                .conv2D(outputChannels: 1, kernelSize: 3, stride: 2, padding: 1, bias: false), inputShape: [1, 4, 4])
                as? Conv2D)
        XCTAssertEqual(layer.outputShape, [1, 2, 2])
        try layer.weight.setValues(Array(repeating: 1, count: 9))
        let output = try layer.forward(Tensor(shape: [1, 1, 4, 4], repeating: 1))
        XCTAssertEqual(output.scalars, [4, 6, 6, 9])
    }

    func testGroupsKeepChannelGroupsIndependent() throws {
        let layer = try XCTUnwrap(
            try makeLayer(.conv2D(outputChannels: 2, kernelSize: 1, groups: 2, bias: false), inputShape: [2, 1, 2])
                as? Conv2D)
        XCTAssertEqual(layer.weight.shape, [2, 1, 1, 1])
        try layer.weight.setValues([2, 3])
        let output = try layer.forward(try Tensor(shape: [1, 2, 1, 2], scalars: [1, 2, 10, 20]))
        XCTAssertEqual(output.scalars, [2, 4, 30, 60])
    }

    func testGradientsMatchFiniteDifferencesForSeveralGeometries() throws {
        let cases: [(LayerSpec, [Int], Int)] = [
            (.conv2D(outputChannels: 3, kernelSize: 3), [2, 5, 5], 2),
            (.conv2D(outputChannels: 2, kernelSize: 3, stride: 2, padding: 1), [3, 6, 7], 3),
            (.conv2D(outputChannels: 4, kernelSize: 5, padding: 2), [1, 6, 6], 9),
            (.conv2D(outputChannels: 4, kernelSize: 3, stride: 1, padding: 1, groups: 2), [4, 4, 4], 2),
            (.conv2D(outputChannels: 3, kernelSize: 1), [2, 3, 3], 2),
            (.conv2D(outputChannels: 2, kernelSize: 2, stride: 3, padding: 1, bias: false), [2, 7, 5], 1),
        ]
        for (index, (spec, shape, batch)) in cases.enumerated() {
            let layer = try makeLayer(spec, inputShape: shape, seed: UInt64(index))
            try checkGradients(of: layer, input: randomTensor([batch] + shape, seed: UInt64(index)))
        }
    }

    func testGradientsMatchWhenColumnsAreRecomputedInsteadOfCached() throws {
        // In inference mode the forward pass keeps no column cache, so the backward pass rebuilds them.
        let layer = try makeLayer(
            .conv2D(outputChannels: 3, kernelSize: 3, stride: 2, padding: 1), inputShape: [2, 6, 6])
        try checkGradients(
            of: layer, input: randomTensor([3, 2, 6, 6], seed: 31), context: PassContext(isTraining: false))
    }

    func testChannelsNotDivisibleByGroupsAreRejected() {
        XCTAssertThrowsError(
            try makeLayer(.conv2D(outputChannels: 4, kernelSize: 3, groups: 2), inputShape: [3, 8, 8])
        ) { error in
            guard case .invalidLayerConfiguration = error as? NNError else { return XCTFail("\(error)") }
        }
    }

    func testKernelLargerThanPaddedInputIsAnEmptyOutputError() {
        XCTAssertThrowsError(try makeLayer(.conv2D(outputChannels: 1, kernelSize: 5), inputShape: [1, 3, 3])) { error in
            XCTAssertEqual(error as? NNError, .emptyOutput(layer: "conv1", inputShape: [1, 3, 3]))
        }
    }
}
