import Foundation
import XCTest

@testable import FoveaPlot

final class LineChartTests: XCTestCase {
    func testTicksUseOneTwoOrFiveTimesAPowerOfTen() {
        let unit = LineChart.ticks(lower: 0, upper: 1)
        XCTAssertEqual(unit.step, 0.2, accuracy: 1e-12)
        XCTAssertEqual(unit.values.count, 6)
        XCTAssertEqual(unit.values.last ?? 0, 1, accuracy: 1e-12)
        // Span 2.37 / 5 = 0.474 → step 0.5, widened outwards to [0, 2.5].
        let loss = LineChart.ticks(lower: 0.03, upper: 2.4)
        XCTAssertEqual(loss.step, 0.5, accuracy: 1e-12)
        XCTAssertEqual(loss.values.first ?? -1, 0, accuracy: 1e-12)
        XCTAssertEqual(loss.values.last ?? -1, 2.5, accuracy: 1e-12)
        // Epochs 1…20: step 5 → 0, 5, 10, 15, 20.
        XCTAssertEqual(LineChart.ticks(lower: 1, upper: 20).values, [0, 5, 10, 15, 20])
    }

    func testTickLabelsHaveTheDecimalsTheStepNeeds() {
        XCTAssertEqual(LineChart.format(0.25, step: 0.05), "0.25")
        XCTAssertEqual(LineChart.format(1.5, step: 0.5), "1.5")
        XCTAssertEqual(LineChart.format(15, step: 5), "15")
        XCTAssertEqual(LineChart.format(-1e-17, step: 0.2), "0.0")
    }

    func testTextIsDrawnFromTheFiveBySevenGlyphs() {
        // "1" is 00100 / 01100 / 00100 ×4 / 01110: its top row lights only column 2.
        var canvas = Canvas(width: 5, height: 7)
        canvas.text("1", x: 0, y: 0, scale: 1, color: (0, 0, 0))
        let dark = (0..<7).map { y in (0..<5).map { x in canvas.image[x: x, y: y, channel: 0] == 0 ? 1 : 0 } }
        XCTAssertEqual(dark[0], [0, 0, 1, 0, 0])
        XCTAssertEqual(dark[1], [0, 1, 1, 0, 0])
        XCTAssertEqual(dark[6], [0, 1, 1, 1, 0])
        XCTAssertEqual(BitmapFont.width(of: "loss", scale: 2), (4 * 6 - 1) * 2)
        XCTAssertEqual(BitmapFont.glyph("a"), BitmapFont.glyph("A"))
    }

    func testChartDrawsEachSeriesInItsColourWithAxesAndLegend() {
        let chart = LineChart(
            title: "Loss", xLabel: "epoch", yLabel: "loss",
            series: [
                .init(name: "train", x: [1, 2, 3], y: [1.0, 0.5, 0.25], color: .blue),
                .init(name: "validation", x: [1, 2, 3], y: [1.1, 0.6, 0.4], color: .orange),
            ])
        let image = chart.render(width: 480, height: 320)
        XCTAssertEqual([image.width, image.height], [480, 320])
        func count(_ color: RGBColor) -> Int {
            stride(from: 0, to: image.samples.count, by: 3).filter {
                image.samples[$0] == color.red && image.samples[$0 + 1] == color.green
                    && image.samples[$0 + 2] == color.blue
            }.count
        }
        XCTAssertGreaterThan(count(.blue), 200, "the train curve and its legend swatch")
        XCTAssertGreaterThan(count(.orange), 200, "the validation curve and its legend swatch")
        XCTAssertGreaterThan(count(RGBColor(red: 40, green: 40, blue: 40)), 1000, "axes, ticks and text")
    }
}
