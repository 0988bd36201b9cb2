import XCTest

@testable import FoveaFilters

final class KernelTests: XCTestCase {
    func testSobel3x3KernelsAreOpenCVs() {
        XCTAssertEqual(Kernel.sobel(dx: 1, dy: 0).weights, [-1, 0, 1, -2, 0, 2, -1, 0, 1])
        XCTAssertEqual(Kernel.sobel(dx: 0, dy: 1).weights, [-1, -2, -1, 0, 0, 0, 1, 2, 1])
        XCTAssertTrue(Kernel.sobel(dx: 1, dy: 0).isSeparable)
    }

    func testSobelSize1IsTheThreeTapDifference() {
        let k = Kernel.sobel(dx: 1, dy: 0, size: 1)
        XCTAssertEqual(k.width, 3)
        XCTAssertEqual(k.height, 1)
        XCTAssertEqual(k.weights, [-1, 0, 1])
    }

    func testSobel5FactorsAreBinomialDerivatives() {
        // getDerivKernels(1, 0, 5): kx = [-1 -2 0 2 1], ky = [1 4 6 4 1].
        let k = Kernel.sobel(dx: 1, dy: 0, size: 5)
        XCTAssertEqual(k.rowFactor, [-1, -2, 0, 2, 1])
        XCTAssertEqual(k.columnFactor, [1, 4, 6, 4, 1])
        XCTAssertEqual(Kernel.sobel(dx: 2, dy: 0, size: 5).rowFactor, [1, 0, -2, 0, 1])
    }

    func testScharrAndSobelSizeMinusOneAgree() {
        XCTAssertEqual(Kernel.scharr(dx: 1, dy: 0).weights, [-3, 0, 3, -10, 0, 10, -3, 0, 3])
        XCTAssertEqual(Kernel.sobel(dx: 0, dy: 1, size: -1), Kernel.scharr(dx: 0, dy: 1))
    }

    func testPrewittAndClassicEdgeKernels() {
        XCTAssertEqual(Kernel.prewitt(dx: 1, dy: 0).weights, [-1, 0, 1, -1, 0, 1, -1, 0, 1])
        XCTAssertEqual(Kernel.verticalEdge.weights, [1, 0, -1, 1, 0, -1, 1, 0, -1])
        XCTAssertEqual(Kernel.horizontalEdge.weights, [1, 1, 1, 0, 0, 0, -1, -1, -1])
        XCTAssertEqual(Kernel.verticalEdge.transposed.weights, Kernel.horizontalEdge.weights)
    }

    func testLaplacianKernelsAreOpenCVs() {
        XCTAssertEqual(Kernel.laplacian(size: 1).weights, [0, 1, 0, 1, -4, 1, 0, 1, 0])
        XCTAssertEqual(Kernel.laplacian(size: 3).weights, [2, 0, 2, 0, -8, 0, 2, 0, 2])
    }

    func testGaussianFixedSmallKernelsWhenSigmaIsZero() {
        XCTAssertEqual(Kernel.gaussianWeights(size: 3, sigma: 0), [0.25, 0.5, 0.25])
        XCTAssertEqual(Kernel.gaussianWeights(size: 5, sigma: 0), [0.0625, 0.25, 0.375, 0.25, 0.0625])
        XCTAssertEqual(
            Kernel.gaussianWeights(size: 7, sigma: 0),
            [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125])
        // OpenCV 5's cv2.getGaussianKernel(9, 0): [4 13 30 51 60 51 30 13 4] / 256.
        XCTAssertEqual(Kernel.gaussianWeights(size: 9, sigma: 0), [4, 13, 30, 51, 60, 51, 30, 13, 4].map { $0 / 256 })
    }

    func testGaussianWeightsSumToOneAndFollowExp() {
        let w = Kernel.gaussianWeights(size: 7, sigma: 1)
        XCTAssertEqual(w.reduce(0, +), 1, accuracy: 1e-6)
        // exp(-x²/2) for x = 0, 1: ratio e^-0.5.
        XCTAssertEqual(w[4] / w[3], 0.60653066, accuracy: 1e-6)
    }

    func testGaussianSizeRuleIsOpenCVs() {
        // round(σ·3·2+1)|1 for UInt8, round(σ·4·2+1)|1 otherwise.
        XCTAssertEqual(Kernel.gaussianSize(sigma: 1, for: .uint8), 7)
        XCTAssertEqual(Kernel.gaussianSize(sigma: 1, for: .float32), 9)
        XCTAssertEqual(Kernel.gaussianSize(sigma: 1.5, for: .uint8), 11)
        XCTAssertEqual(Kernel.gaussianSize(sigma: 1.5, for: .uint16), 13)
        XCTAssertEqual(Kernel.gaussianSize(sigma: 0.3, for: .uint8), 3)
    }

    func testFlippedMirrorsWeightsAndAnchor() {
        let k = Kernel(rows: [[1, 2], [3, 4]], anchorX: 0, anchorY: 0)
        XCTAssertEqual(k.flipped.weights, [4, 3, 2, 1])
        XCTAssertEqual(k.flipped.anchorX, 1)
        XCTAssertEqual(k.flipped.anchorY, 1)
    }

    func testParsingRowsAndFractions() throws {
        let k = try Kernel(parsing: "1, 0, -1; 2,0,-2 ;1,0,-1")
        XCTAssertEqual(k.weights, [1, 0, -1, 2, 0, -2, 1, 0, -1])
        XCTAssertEqual(try Kernel(parsing: "1/4,1/2,1/4").weights, [0.25, 0.5, 0.25])
    }

    func testParsingRejectsRaggedRowsAndWords() {
        XCTAssertThrowsError(try Kernel(parsing: "1,2;3")) { error in
            XCTAssertTrue("\(error)".contains("different lengths"), "\(error)")
        }
        XCTAssertThrowsError(try Kernel(parsing: "1,x")) { error in
            XCTAssertEqual(error as? FilterError, .malformedKernel(text: "1,x", reason: "'x' is not a number"))
        }
        XCTAssertThrowsError(try Kernel(parsing: " ; "))
    }
}
