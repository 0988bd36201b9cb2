/// An RGB drawing surface for the chart and grid renderers: solid rectangles, lines and bitmap text.
/// Coordinates are pixels, origin top-left, y down; anything outside the canvas is clipped.
struct Canvas {
    /// An RGB colour, 0–255 per channel.
    typealias Color = (r: UInt8, g: UInt8, b: UInt8)

    let width: Int
    let height: Int
    private(set) var pixels: [UInt8]

    init(width: Int, height: Int, background: Color = (255, 255, 255)) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fill(x: 0, y: 0, width: width, height: height, color: background)
    }

    var image: Image<UInt8> { .assumingValid(width: width, height: height, layout: .rgb, samples: pixels) }

    mutating func set(_ x: Int, _ y: Int, _ color: Color) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = (y * width + x) * 3
        pixels[i] = color.r
        pixels[i + 1] = color.g
        pixels[i + 2] = color.b
    }

    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
        let x0 = max(0, x)
        let y0 = max(0, y)
        let x1 = min(width, x + w)
        let y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for row in y0..<y1 {
            for column in x0..<x1 { set(column, row, color) }
        }
    }

    /// A straight line from (x0, y0) to (x1, y1) (Bresenham), `thickness` pixels wide (a square pen).
    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: Color, thickness: Int = 1) {
        var x = x0
        var y = y0
        let dx = abs(x1 - x0)
        let dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1
        let sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        let half = (thickness - 1) / 2
        while true {
            fill(x: x - half, y: y - half, width: thickness, height: thickness, color: color)
            if x == x1 && y == y1 { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += sx
            }
            if doubled <= dx {
                error += dx
                y += sy
            }
        }
    }

    /// `text` with its top-left corner at (x, y), each font pixel drawn as a `scale × scale` block.
    /// With `vertical`, the text runs bottom to top (rotated 90° counter-clockwise), starting at (x, y) as its
    /// bottom-left corner.
    mutating func text(_ text: String, x: Int, y: Int, scale: Int, color: Color, vertical: Bool = false) {
        for (index, character) in text.enumerated() {
            let rows = BitmapFont.glyph(character)
            let offset = index * BitmapFont.advance * scale
            for (row, bits) in rows.enumerated() {
                for column in 0..<BitmapFont.glyphWidth where bits & (0b10000 >> UInt8(column)) != 0 {
                    if vertical {
                        fill(
                            x: x + row * scale, y: y - offset - (column + 1) * scale, width: scale, height: scale,
                            color: color)
                    } else {
                        fill(
                            x: x + offset + column * scale, y: y + row * scale, width: scale, height: scale,
                            color: color)
                    }
                }
            }
        }
    }
}
