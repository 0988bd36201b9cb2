import XCTest

@testable import FoveaNN

final class ArchitectureTests: XCTestCase {
    func testAlexNetConv1AndTotalMatchThePublishedCounts() throws {
        let summary = try Architecture.named("alexnet").summary()
        XCTAssertEqual(summary.rows[0].parameterCount, 34_944)
        XCTAssertEqual(summary.rows[0].outputShape, [96, 55, 55])
        // Krizhevsky et al. with the two-GPU groups: 60,965,224 (≈ 60 M).
        XCTAssertEqual(summary.totalParameters, 60_965_224)
        XCTAssertEqual(summary.outputShape, [1000])
    }

    func testVGG16MatchesThePublishedCount() throws {
        let summary = try Architecture.named("vgg16").summary()
        XCTAssertEqual(summary.totalParameters, 138_357_544)
        XCTAssertEqual(summary.rows.first { $0.name == "flatten1" }?.outputShape, [25_088])
    }

    func testLeNet5MatchesThePeerArchitecture() throws {
        let summary = try Architecture.lenet5.summary()
        XCTAssertEqual(
            summary.rows.map(\.outputShape),
            [
                [6, 28, 28], [6, 28, 28], [6, 14, 14], [16, 10, 10], [16, 10, 10], [16, 5, 5], [400], [120], [120],
                [84], [84], [10],
            ])
        // 156 + 2,416 + 48,120 + 10,164 + 850.
        XCTAssertEqual(summary.totalParameters, 61_706)
    }

    func testSmallArchitecturesBuildAndSummaryAgreesWithTheBuiltModel() throws {
        for name in ["mlp", "lenet5", "vgg-small", "resnet-small"] {
            let model = try Model(architecture: .named(name), seed: 1)
            XCTAssertEqual(model.summary().totalParameters, model.parameterCount, name)
            XCTAssertEqual(model.outputShape, [10], name)
        }
        XCTAssertEqual(try Architecture.mlp.summary().totalParameters, 784 * 30 + 30 + 30 * 10 + 10)
    }

    func testUnknownNameListsTheKnownOnes() {
        XCTAssertThrowsError(try Architecture.named("resnet50")) { error in
            XCTAssertEqual(
                "\(error)",
                "unknown architecture 'resnet50'; known: mlp, lenet5, vgg-small, resnet-small, alexnet, vgg16")
        }
    }

    func testSummaryTableListsEveryLayerAndTheTotal() throws {
        let table = try Architecture.lenet5.summary().table
        XCTAssertTrue(table.contains("conv1"))
        XCTAssertTrue(table.contains("6×28×28"))
        XCTAssertTrue(table.hasSuffix("61,706    416,520"), table)
    }

    /// LeNet-5's multiply-adds by hand (one product per weight use, bias additions not counted):
    /// conv1 6 filters × 28×28 outputs × 1×5×5 = 117,600; conv2 16 × 10×10 × 6×5×5 = 240,000;
    /// dense 400→120 = 48,000; 120→84 = 10,080; 84→10 = 840; total 416,520.
    func testLeNet5MultiplyAddsMatchTheHandCount() throws {
        let summary = try Architecture.lenet5.summary()
        let byName = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.name, $0.multiplyAdds) })
        XCTAssertEqual(byName["conv1"], 6 * 28 * 28 * 1 * 5 * 5)
        XCTAssertEqual(byName["conv1"], 117_600)
        XCTAssertEqual(byName["conv2"], 16 * 10 * 10 * 6 * 5 * 5)
        XCTAssertEqual(byName["dense1"], 400 * 120)
        XCTAssertEqual(byName["dense2"], 120 * 84)
        XCTAssertEqual(byName["dense3"], 84 * 10)
        XCTAssertEqual(byName["maxpool1"], 0)
        XCTAssertEqual(summary.totalMultiplyAdds, 416_520)
    }

    /// AlexNet's grouped conv2: 256 filters × 27×27 outputs × (96/2)×5×5 inputs each = 447,897,600; VGG-16's
    /// total, 15,470,264,320, is the figure usually quoted as "15.5 G multiply-adds".
    func testGroupedAndLargeModelsCountMultiplyAdds() throws {
        let alexnet = try Architecture.alexnet.summary()
        XCTAssertEqual(alexnet.rows.first { $0.name == "conv2" }?.multiplyAdds, 256 * 27 * 27 * 48 * 25)
        XCTAssertEqual(try Architecture.vgg16.summary().totalMultiplyAdds, 15_470_264_320)
    }

    /// Memory figures of LeNet-5 at batch 10 with Adam: 61,706 weights → 246,824 bytes of weights and as many of
    /// gradients, two Adam moments 493,648 bytes; activations: every layer's output per sample (4,704 + 4,704 +
    /// 1,176 + 1,600 + 1,600 + 400 + 400 + 120 + 120 + 84 + 84 + 10 = 15,002 floats) kept forward and its
    /// gradient backward: 2 × 10 × 15,002 × 4 = 1,200,160 bytes.
    func testTrainingMemoryCountsWeightsGradientsStateAndActivations() throws {
        let memory = try Architecture.lenet5.summary().trainingMemory(batchSize: 10, optimizerSlots: 2)
        XCTAssertEqual(memory.parameters, 246_824)
        XCTAssertEqual(memory.gradients, 246_824)
        XCTAssertEqual(memory.optimizerState, 493_648)
        XCTAssertEqual(memory.activations, 1_200_160)
        XCTAssertEqual(memory.inputs, 10 * 784 * 4)
        XCTAssertGreaterThan(memory.scratch, 0)
    }
}
