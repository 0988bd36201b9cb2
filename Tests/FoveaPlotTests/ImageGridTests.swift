import XCTest

@testable import FoveaPlot

final class ImageGridTests: XCTestCase {
    func testKernelGridStretchesEachFilterToItsOwnRange() {
        // Two 1-channel 2×2 filters: [0 1; 2 3] → 0, 85, 170, 255; a constant filter → mid-gray 128.
        // ⌈√2⌉ = 2 columns, scale 1, 1-pixel gray borders: a 7×4 image.
        let grid = ImageGrid.kernelGrid(weights: [0, 1, 2, 3, 5, 5, 5, 5], shape: [2, 1, 2, 2], scale: 1)
        XCTAssertEqual([grid.width, grid.height], [7, 4])
        XCTAssertEqual(grid.layout, .rgb)
        XCTAssertEqual([grid[x: 1, y: 1], grid[x: 2, y: 1], grid[x: 1, y: 2], grid[x: 2, y: 2]], [0, 85, 170, 255])
        XCTAssertEqual([grid[x: 4, y: 1], grid[x: 5, y: 2]], [128, 128])
        XCTAssertEqual(grid[x: 0, y: 0], 128)
    }

    func testImageGridMagnifiesTilesByReplication() {
        let tile = Image<Float>.assumingValid(width: 1, height: 1, layout: .gray, samples: [1])
        let grid = ImageGrid.tile([tile, tile, tile], columns: 2, scale: 3, spacing: 1)
        XCTAssertEqual([grid.width, grid.height], [1 + 2 * 4, 1 + 2 * 4])
        XCTAssertEqual(grid[x: 1, y: 1, channel: 1], 255)
        XCTAssertEqual(grid[x: 3, y: 3, channel: 2], 255)
        XCTAssertEqual(grid[x: 5, y: 5], 128, "no fourth tile")
    }
}
