/// Tiles images into one picture: the kernel grid (``kernelGrid(weights:shape:scale:)``) and augmentation
/// previews.
public enum ImageGrid {
    /// `tiles` (each gray or RGB, values in [0, 1], all the same size) laid out row by row in `columns`
    /// columns, each magnified `scale` times by pixel replication, separated and surrounded by `spacing`
    /// pixels of mid-gray. Returns an RGB image.
    public static func tile(_ tiles: [Image<Float>], columns: Int, scale: Int = 1, spacing: Int = 2) -> Image<UInt8> {
        precondition(columns > 0 && scale > 0 && spacing >= 0, "columns \(columns), scale \(scale), spacing \(spacing)")
        guard let first = tiles.first else {
            return .assumingValid(width: 0, height: 0, layout: .rgb, samples: [])
        }
        let rows = (tiles.count + columns - 1) / columns
        let columnCount = min(columns, tiles.count)
        let tileWidth = first.width * scale
        let tileHeight = first.height * scale
        var canvas = Canvas(
            width: spacing + columnCount * (tileWidth + spacing), height: spacing + rows * (tileHeight + spacing),
            background: (128, 128, 128))
        for (index, tile) in tiles.enumerated() {
            precondition(
                tile.width == first.width && tile.height == first.height,
                "tile \(index) is \(tile.width)×\(tile.height), the first \(first.width)×\(first.height)")
            let rgb = tile.layout == .rgb ? tile : tile.converted(to: .rgb)
            let left = spacing + (index % columns) * (tileWidth + spacing)
            let top = spacing + (index / columns) * (tileHeight + spacing)
            for y in 0..<tile.height {
                for x in 0..<tile.width {
                    let color: Canvas.Color = (
                        UInt8(normalized: rgb[x: x, y: y, channel: 0]),
                        UInt8(normalized: rgb[x: x, y: y, channel: 1]),
                        UInt8(normalized: rgb[x: x, y: y, channel: 2])
                    )
                    canvas.fill(x: left + x * scale, y: top + y * scale, width: scale, height: scale, color: color)
                }
            }
        }
        return canvas.image
    }

    /// The filters of a convolution layer as a grid of tiles — the picture CNN courses show of first-layer
    /// filters.
    ///
    /// - Parameters:
    ///   - weights: The layer's weights in [outputChannels, inputChannels, kernelHeight, kernelWidth] order.
    ///   - shape: Those four sizes.
    ///   - scale: Magnification of each kernel pixel.
    /// - Returns: One tile per output channel, ⌈√n⌉ per row. A 3-input-channel filter is an RGB tile; otherwise
    ///   the input channels are averaged into a gray tile. Each tile is stretched to [0, 1] by its own minimum
    ///   and maximum (a constant filter is mid-gray), so every filter's pattern is visible whatever its
    ///   magnitude.
    public static func kernelGrid(weights: [Float], shape: [Int], scale: Int = 8) -> Image<UInt8> {
        precondition(shape.count == 4, "kernel shape must be [out, in, height, width], not \(shape)")
        let (outputs, inputs, height, width) = (shape[0], shape[1], shape[2], shape[3])
        precondition(weights.count == outputs * inputs * height * width, "\(weights.count) weights for shape \(shape)")
        let plane = height * width
        var tiles: [Image<Float>] = []
        for o in 0..<outputs {
            let filter = weights[(o * inputs * plane)..<((o + 1) * inputs * plane)]
            let layout: ChannelLayout = inputs == 3 ? .rgb : .gray
            var samples = [Float](repeating: 0, count: plane * layout.channelCount)
            for p in 0..<plane {
                if inputs == 3 {
                    for c in 0..<3 { samples[p * 3 + c] = filter[filter.startIndex + c * plane + p] }
                } else {
                    var sum: Float = 0
                    for c in 0..<inputs { sum += filter[filter.startIndex + c * plane + p] }
                    samples[p] = sum / Float(max(1, inputs))
                }
            }
            let low = samples.min() ?? 0
            let high = samples.max() ?? 0
            let range = high - low
            samples = samples.map { range > 0 ? ($0 - low) / range : 0.5 }
            tiles.append(.assumingValid(width: width, height: height, layout: layout, samples: samples))
        }
        let columns = Int(Double(outputs).squareRoot().rounded(.up))
        return tile(tiles, columns: max(1, columns), scale: scale, spacing: max(1, scale / 2))
    }
}
