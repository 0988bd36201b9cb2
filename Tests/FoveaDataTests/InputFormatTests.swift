import XCTest

@testable import FoveaData

final class InputFormatTests: XCTestCase {
    func testUInt8SamplesAreScaledToTheUnitInterval() {
        let image = AnyImage(Image<UInt8>.assumingValid(width: 2, height: 1, layout: .gray, samples: [0, 255]))
        let prepared = InputFormat(channels: 1, width: 2, height: 1).prepare(image)
        XCTAssertEqual(prepared.samples, [0, 1])
    }

    func testBilinearUpscaleMatchesOpenCVInterLinear() {
        // Upscaling, Pillow and OpenCV agree: cv2.resize(np.array([[0, 255]], np.uint8), (4, 1)) == [[0, 64, 191, 255]]: in [0, 1] units the
        // source positions are -0.25 (clamped to 0), 0.25, 0.75 and 1.25 (clamped to 1).
        let image = AnyImage(Image<Float>.assumingValid(width: 2, height: 1, layout: .gray, samples: [0, 1]))
        let prepared = InputFormat(channels: 1, width: 4, height: 1).prepare(image)
        XCTAssertEqual(prepared.samples, [0, 0.25, 0.75, 1])
    }

    func testBilinearDownscaleByTwoIsAntialiasedAsPillow() {
        // Pillow's BILINEAR, 4 → 2: the triangle is stretched to support 2, so output 0 (centre 1.0) weighs
        // pixels 0, 1, 2 by 0.75, 0.75, 0.25 (then ÷ 1.75) and output 1 (centre 3.0) pixels 1, 2, 3 by 0.25,
        // 0.75, 0.75; rows 2 → 1 weigh both rows equally. Column means are 2, 3, 4, 5, so the outputs are
        // (0.75·2 + 0.75·3 + 0.25·4) / 1.75 = 19/7 and (0.25·3 + 0.75·4 + 0.75·5) / 1.75 = 30/7.
        let image = AnyImage(
            Image<Float>.assumingValid(
                width: 4, height: 2, layout: .gray, samples: [0, 1, 2, 3, 4, 5, 6, 7]))
        let prepared = InputFormat(channels: 1, width: 2, height: 1).prepare(image)
        XCTAssertEqual(prepared.samples[0], 19 / 7, accuracy: 1e-6)
        XCTAssertEqual(prepared.samples[1], 30 / 7, accuracy: 1e-6)
    }

    func testGrayBecomesThreeEqualChannelsAndColorBecomesLuma() {
        let gray = AnyImage(Image<UInt8>.assumingValid(width: 1, height: 1, layout: .gray, samples: [51]))
        XCTAssertEqual(InputFormat(channels: 3, width: 1, height: 1).prepare(gray).samples, [0.2, 0.2, 0.2])
        let red = AnyImage(Image<Float>.assumingValid(width: 1, height: 1, layout: .rgba, samples: [1, 0, 0, 0.5]))
        let luma = InputFormat(channels: 1, width: 1, height: 1).prepare(red).samples
        XCTAssertEqual(luma[0], 0.299, accuracy: 1e-6)
    }
}
