import XCTest

@testable import FoveaData

final class InputFormatTests: XCTestCase {
    func testUInt8SamplesAreScaledToTheUnitInterval() {
        let image = AnyImage(Image<UInt8>.assumingValid(width: 2, height: 1, layout: .gray, samples: [0, 255]))
        let prepared = InputFormat(channels: 1, width: 2, height: 1).prepare(image)
        XCTAssertEqual(prepared.samples, [0, 1])
    }

    func testBilinearUpscaleMatchesOpenCVInterLinear() {
        // cv2.resize(np.array([[0, 255]], np.uint8), (4, 1)) == [[0, 64, 191, 255]]: in [0, 1] units the
        // source positions are -0.25 (clamped to 0), 0.25, 0.75 and 1.25 (clamped to 1).
        let image = AnyImage(Image<Float>.assumingValid(width: 2, height: 1, layout: .gray, samples: [0, 1]))
        let prepared = InputFormat(channels: 1, width: 4, height: 1).prepare(image)
        XCTAssertEqual(prepared.samples, [0, 0.25, 0.75, 1])
    }

    func testBilinearDownscaleByTwoAveragesPixelPairs() {
        // Halving samples at (2x + 0.5) - 0.5 = 2x + 0.5: the mean of each pair.
        let image = AnyImage(Image<Float>.assumingValid(
            width: 4, height: 2, layout: .gray, samples: [0, 1, 2, 3, 4, 5, 6, 7]))
        let prepared = InputFormat(channels: 1, width: 2, height: 1).prepare(image)
        XCTAssertEqual(prepared.samples, [2.5, 4.5])
    }

    func testGrayBecomesThreeEqualChannelsAndColorBecomesLuma() {
        let gray = AnyImage(Image<UInt8>.assumingValid(width: 1, height: 1, layout: .gray, samples: [51]))
        XCTAssertEqual(InputFormat(channels: 3, width: 1, height: 1).prepare(gray).samples, [0.2, 0.2, 0.2])
        let red = AnyImage(Image<Float>.assumingValid(width: 1, height: 1, layout: .rgba, samples: [1, 0, 0, 0.5]))
        let luma = InputFormat(channels: 1, width: 1, height: 1).prepare(red).samples
        XCTAssertEqual(luma[0], 0.299, accuracy: 1e-6)
    }
}
