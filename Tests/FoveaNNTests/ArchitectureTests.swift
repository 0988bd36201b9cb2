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
        XCTAssertTrue(table.hasSuffix("61706"), table)
    }
}
