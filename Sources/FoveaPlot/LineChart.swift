import Foundation

/// An RGB colour for rendered charts, 0–255 per channel.
public struct RGBColor: Sendable, Hashable {
    /// Red, green and blue intensities.
    public var red, green, blue: UInt8
    /// The colour (red, green, blue).
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }
    /// Blue (matplotlib's first default colour).
    public static let blue = RGBColor(red: 31, green: 119, blue: 180)
    /// Orange (matplotlib's second default colour).
    public static let orange = RGBColor(red: 255, green: 127, blue: 14)
    /// Green (matplotlib's third default colour).
    public static let green = RGBColor(red: 44, green: 160, blue: 44)
    /// Red (matplotlib's fourth default colour).
    public static let red = RGBColor(red: 214, green: 39, blue: 40)

    var canvasColor: Canvas.Color { (red, green, blue) }
}

/// A line chart with axes, tick labels, axis labels, a title and a legend, rendered to an RGB image without
/// any image library (text uses a built-in 5×7 bitmap font, drawn at twice its size).
///
/// ```swift
/// let loss = LineChart(title: "Loss", xLabel: "epoch", yLabel: "loss",
///                      series: [.init(name: "train", x: [1, 2, 3], y: [0.9, 0.4, 0.3], color: .blue)])
/// let image = LineChart.renderSideBySide([loss, accuracy], width: 1000, height: 400)
/// ```
public struct LineChart: Sendable {
    /// One curve: points (x[i], y[i]) joined in order; non-finite points are skipped.
    public struct Series: Sendable {
        /// Name shown in the legend.
        public var name: String
        /// Horizontal coordinates (for example epochs).
        public var x: [Double]
        /// Vertical coordinates, as many as `x`.
        public var y: [Double]
        /// Line colour.
        public var color: RGBColor

        /// A curve through (x[i], y[i]).
        public init(name: String, x: [Double], y: [Double], color: RGBColor) {
            precondition(x.count == y.count, "series \(name): \(x.count) x values but \(y.count) y values")
            self.name = name
            self.x = x
            self.y = y
            self.color = color
        }
    }

    /// Text above the plot area.
    public var title: String
    /// Label under the horizontal axis.
    public var xLabel: String
    /// Label left of the vertical axis (drawn bottom to top).
    public var yLabel: String
    /// The curves, drawn in order and listed in the legend.
    public var series: [Series]
    /// Fixed vertical range, or `nil` to fit the data (with a little headroom).
    public var yRange: ClosedRange<Double>?

    /// A chart of `series`.
    public init(title: String, xLabel: String, yLabel: String, series: [Series], yRange: ClosedRange<Double>? = nil) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.yRange = yRange
    }

    /// The chart as a `width × height` RGB image on a white background.
    public func render(width: Int, height: Int) -> Image<UInt8> {
        var canvas = Canvas(width: width, height: height)
        draw(on: &canvas, x: 0, y: 0, width: width, height: height)
        return canvas.image
    }

    /// Several charts next to each other, each `width / charts.count` pixels wide, as one RGB image.
    public static func renderSideBySide(_ charts: [LineChart], width: Int, height: Int) -> Image<UInt8> {
        var canvas = Canvas(width: width, height: height)
        let panel = width / max(1, charts.count)
        for (index, chart) in charts.enumerated() {
            chart.draw(on: &canvas, x: index * panel, y: 0, width: panel, height: height)
        }
        return canvas.image
    }

    private static let scale = 2
    private static let ink: Canvas.Color = (40, 40, 40)
    private static let grid: Canvas.Color = (225, 225, 225)

    /// Draws the chart into the `width × height` box at (`left`, `top`) of `canvas`: grid and tick labels, axes,
    /// title and axis labels, the curves, then the legend where it hides fewest points.
    func draw(on canvas: inout Canvas, x left: Int, y top: Int, width: Int, height: Int) {
        let points = series.flatMap { s in zip(s.x, s.y).filter { $0.0.isFinite && $0.1.isFinite } }
        let axes = Axes(points: points, yRange: yRange)
        guard let frame = PlotFrame(axes: axes, left: left, top: top, width: width, height: height) else { return }
        drawGrid(on: &canvas, frame: frame, axes: axes)
        drawTitles(on: &canvas, frame: frame, left: left, top: top)
        drawCurves(on: &canvas, frame: frame)
        drawLegend(on: &canvas, frame: frame, points: points)
    }

    private static var glyphHeight: Int { BitmapFont.glyphHeight * scale }

    /// The tick values of both axes and the y tick labels (whose width sets the left margin).
    private struct Axes {
        var xTicks: (values: [Double], step: Double)
        var yTicks: (values: [Double], step: Double)
        var yLower: Double
        var yUpper: Double
        var yLabels: [String]

        init(points: [(Double, Double)], yRange: ClosedRange<Double>?) {
            let xs = points.map(\.0)
            let ys = points.map(\.1)
            xTicks = LineChart.ticks(lower: xs.min() ?? 0, upper: max(xs.max() ?? 1, (xs.min() ?? 0) + 1))
            yLower = yRange?.lowerBound ?? (ys.min() ?? 0)
            yUpper = yRange?.upperBound ?? (ys.max() ?? 1)
            if yUpper - yLower < 1e-9 {
                yLower -= 0.5
                yUpper += 0.5
            }
            yTicks =
                yRange == nil
                ? LineChart.ticks(lower: yLower, upper: yUpper)
                : LineChart.ticks(lower: yLower, upper: yUpper, clampTo: yLower...yUpper)
            let step = yTicks.step
            yLabels = yTicks.values.map { LineChart.format($0, step: step) }
        }
    }

    /// The plot area on the canvas (pixels) and the data ranges it shows, with the mapping between the two.
    private struct PlotFrame {
        var left: Int
        var right: Int
        var top: Int
        var bottom: Int
        var xMin: Double
        var xMax: Double
        var yMin: Double
        var yMax: Double

        /// `nil` when the box is too small to leave a plot area after the margins.
        init?(axes: Axes, left boxLeft: Int, top boxTop: Int, width: Int, height: Int) {
            let glyphHeight = LineChart.glyphHeight
            let yLabelWidth = axes.yLabels.map { BitmapFont.width(of: $0, scale: LineChart.scale) }.max() ?? 0
            left = boxLeft + 8 + glyphHeight + 10 + yLabelWidth + 8
            right = boxLeft + width - 20
            top = boxTop + 12 + glyphHeight + 12
            bottom = boxTop + height - (8 + glyphHeight + 10 + glyphHeight + 8)
            guard right > left + 10, bottom > top + 10 else { return nil }
            xMin = axes.xTicks.values.first ?? 0
            xMax = axes.xTicks.values.last ?? 1
            yMin = axes.yTicks.values.first ?? axes.yLower
            yMax = axes.yTicks.values.last ?? axes.yUpper
        }

        /// The canvas column of data value `x`.
        func px(_ x: Double) -> Int {
            left + Int(((x - xMin) / max(xMax - xMin, 1e-12) * Double(right - left)).rounded())
        }

        /// The canvas row of data value `y` (rows grow downwards).
        func py(_ y: Double) -> Int {
            bottom - Int(((y - yMin) / max(yMax - yMin, 1e-12) * Double(bottom - top)).rounded())
        }
    }

    /// Grid lines, tick marks and tick labels on both axes, then the two axes.
    private func drawGrid(on canvas: inout Canvas, frame: PlotFrame, axes: Axes) {
        let scale = Self.scale
        let glyphHeight = Self.glyphHeight
        for (value, label) in zip(axes.yTicks.values, axes.yLabels) {
            let y = frame.py(value)
            canvas.line(frame.left, y, frame.right, y, color: Self.grid)
            canvas.line(frame.left - 5, y, frame.left, y, color: Self.ink)
            let w = BitmapFont.width(of: label, scale: scale)
            canvas.text(label, x: frame.left - 8 - w, y: y - glyphHeight / 2, scale: scale, color: Self.ink)
        }
        for value in axes.xTicks.values {
            let x = frame.px(value)
            canvas.line(x, frame.top, x, frame.bottom, color: Self.grid)
            canvas.line(x, frame.bottom, x, frame.bottom + 5, color: Self.ink)
            let label = Self.format(value, step: axes.xTicks.step)
            let w = BitmapFont.width(of: label, scale: scale)
            canvas.text(label, x: x - w / 2, y: frame.bottom + 8, scale: scale, color: Self.ink)
        }
        canvas.line(frame.left, frame.top, frame.left, frame.bottom, color: Self.ink, thickness: 2)
        canvas.line(frame.left, frame.bottom, frame.right, frame.bottom, color: Self.ink, thickness: 2)
    }

    /// The title above the plot, the x label below it and the y label rotated along the left edge.
    private func drawTitles(on canvas: inout Canvas, frame: PlotFrame, left: Int, top: Int) {
        let scale = Self.scale
        let titleWidth = BitmapFont.width(of: title, scale: scale)
        canvas.text(title, x: (frame.left + frame.right - titleWidth) / 2, y: top + 12, scale: scale, color: Self.ink)
        let xLabelWidth = BitmapFont.width(of: xLabel, scale: scale)
        canvas.text(
            xLabel, x: (frame.left + frame.right - xLabelWidth) / 2, y: frame.bottom + 8 + Self.glyphHeight + 10,
            scale: scale, color: Self.ink)
        let yLabelLength = BitmapFont.width(of: yLabel, scale: scale)
        canvas.text(
            yLabel, x: left + 8, y: (frame.top + frame.bottom + yLabelLength) / 2, scale: scale, color: Self.ink,
            vertical: true)
    }

    /// Each series as a polyline with a small square marker on every point; non-finite values break the line.
    private func drawCurves(on canvas: inout Canvas, frame: PlotFrame) {
        for s in series {
            let color = s.color.canvasColor
            var previous: (Int, Int)?
            for (x, y) in zip(s.x, s.y) {
                guard x.isFinite, y.isFinite else {
                    previous = nil
                    continue
                }
                let point = (frame.px(x), frame.py(min(max(y, frame.yMin), frame.yMax)))
                if let previous { canvas.line(previous.0, previous.1, point.0, point.1, color: color, thickness: 2) }
                canvas.fill(x: point.0 - 2, y: point.1 - 2, width: 5, height: 5, color: color)
                previous = point
            }
        }
    }

    /// The legend inside the plot area on the right: top-right unless more of the curves' points fall inside it
    /// there than in the bottom-right corner.
    private func drawLegend(on canvas: inout Canvas, frame: PlotFrame, points: [(Double, Double)]) {
        let scale = Self.scale
        let glyphHeight = Self.glyphHeight
        let entryHeight = glyphHeight + 8
        let nameWidth = series.map { BitmapFont.width(of: $0.name, scale: scale) }.max() ?? 0
        let boxWidth = 10 + 24 + 8 + nameWidth + 10
        let boxHeight = 8 + series.count * entryHeight
        let boxLeft = frame.right - boxWidth - 8
        func pointsInside(top boxTop: Int) -> Int {
            points.filter { point in
                let (x, y) = (frame.px(point.0), frame.py(point.1))
                return x >= boxLeft - 4 && y >= boxTop - 4 && y <= boxTop + boxHeight + 4
            }.count
        }
        let bottomTop = frame.bottom - boxHeight - 8
        let boxTop = pointsInside(top: frame.top + 8) <= pointsInside(top: bottomTop) ? frame.top + 8 : bottomTop
        canvas.fill(x: boxLeft, y: boxTop, width: boxWidth, height: boxHeight, color: (255, 255, 255))
        canvas.line(boxLeft, boxTop, boxLeft + boxWidth, boxTop, color: Self.ink)
        canvas.line(boxLeft, boxTop + boxHeight, boxLeft + boxWidth, boxTop + boxHeight, color: Self.ink)
        canvas.line(boxLeft, boxTop, boxLeft, boxTop + boxHeight, color: Self.ink)
        canvas.line(boxLeft + boxWidth, boxTop, boxLeft + boxWidth, boxTop + boxHeight, color: Self.ink)
        for (index, s) in series.enumerated() {
            let y = boxTop + 8 + index * entryHeight
            canvas.fill(x: boxLeft + 10, y: y + glyphHeight / 2 - 1, width: 24, height: 3, color: s.color.canvasColor)
            canvas.text(s.name, x: boxLeft + 10 + 24 + 8, y: y, scale: scale, color: Self.ink)
        }
    }

    /// Round tick values covering [lower, upper]: a step of 1, 2 or 5 × 10ᵏ giving about five intervals,
    /// starting at or below `lower` and ending at or above `upper` (within `clampTo` when given).
    static func ticks(
        lower: Double, upper: Double, clampTo bounds: ClosedRange<Double>? = nil
    ) -> (values: [Double], step: Double) {
        let span = max(upper - lower, 1e-12)
        let rough = span / 5
        let magnitude = pow(10, floor(log10(rough)))
        let fraction = rough / magnitude
        let step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude
        var first = floor(lower / step + 1e-9) * step
        var last = ceil(upper / step - 1e-9) * step
        if let bounds {
            first = max(first, bounds.lowerBound)
            last = min(last, bounds.upperBound)
        }
        let count = Int(((last - first) / step).rounded())
        return ((0...max(0, count)).map { first + Double($0) * step }, step)
    }

    /// `value` with as many decimals as `step` needs (0.25 → 2, 5 → 0).
    static func format(_ value: Double, step: Double) -> String {
        let decimals = max(0, min(6, Int(ceil(-log10(step) - 1e-9))))
        let cleaned = abs(value) < step * 1e-6 ? 0 : value
        return String(format: "%.\(decimals)f", cleaned)
    }
}
