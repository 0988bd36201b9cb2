import FoveaAugment
import FoveaCodecs
import FoveaFilters
import FoveaNN
import XCTest

/// The library examples of README.md, compiled and run so they cannot rot. Keep the two in step:
/// each `// README:` block below is the text of one README example.
final class ReadmeExamplesTests: XCTestCase {
    func testImageCodecsAndFiltersExample() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-readme-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("photo.png").path
        let source = try Image<UInt8>(width: 64, height: 48, layout: .rgb) { x, y, c in
            UInt8((x * 3 + y * 5 + c * 40) % 256)
        }
        try ImageFile.write(.uint8(source), to: path)

        // README: codecs and filters
        let photo = try ImageFile.read(path).converted(to: UInt8.self)  // PNG, JPEG, PNM, IDX, NPY by magic bytes
        let gray = photo.converted(to: .gray)  // BT.601 luma
        let smooth = gray.gaussianBlurred(sigma: 1.5, border: .reflect101)  // OpenCV's GaussianBlur
        let dx = gray.correlated(with: .sobel(dx: 1, dy: 0), as: Float.self)  // signed, like cv2.Sobel(CV_32F)
        let edges = smooth.cannyEdges(low: 50, high: 150)  // cv2.Canny: 255 on edges
        try ImageFile.write(.uint8(edges), to: directory.appendingPathComponent("edges.png").path)

        XCTAssertEqual([smooth.width, smooth.height, dx.width, edges.height], [64, 48, 64, 48])
        XCTAssertEqual(gray.layout, .gray)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("edges.png").path))
    }

    func testAugmentationExample() throws {
        let digit = try Image<UInt8>(width: 28, height: 28, layout: .gray) { x, y, _ in UInt8((x * 9 + y) % 251) }

        // README: augmentation
        var rng = RandomStream(seed: 42, 0, 7)  // seed 42, epoch 0, sample 7
        let parameters = AugmentationPolicy.classic.sample(width: 28, height: 28, using: &rng)
        let augmented = parameters.apply(to: digit)  // one composed matrix, one resampling
        let replayed = try JSONDecoder().decode(
            AugmentationParameters.self, from: JSONEncoder().encode(parameters)
        ).apply(to: digit)
        let quarterTurn = try digit.warped(by: .rotation(degrees: 90, about: ImagePoint(x: 13.5, y: 13.5)))

        XCTAssertEqual(augmented, replayed)  // replay is bit-exact
        XCTAssertEqual(augmented, AugmentationPolicy.classic.augment(digit, seed: 42, epoch: 0, index: 7))
        // Counter-clockwise on screen (y down), as cv2.getRotationMatrix2D: source (x, y) lands on (y, 27 − x).
        for y in 0..<28 { for x in 0..<28 { XCTAssertEqual(quarterTurn[x: y, y: 27 - x], digit[x: x, y: y]) } }
    }

    func testNetworkExample() throws {
        // README: networks
        let model = try Model(architecture: .named("lenet5"), seed: 1)  // 1×28×28 → 10 classes
        let trainer = Trainer(model: model, optimizer: Optimizer(SGD(momentum: 0.9), learningRate: 0.05), threads: 2)
        let batch = Tensor(
            shape: [8, 1, 28, 28], generating: { index in Float((index[2] + index[3] + index[0]) % 7) / 7 })
        let step = try trainer.trainStep(inputs: batch, labels: [0, 1, 2, 3, 4, 5, 6, 7])
        print(model.summary().table)  // shapes and parameter counts

        XCTAssertEqual(step.batchSize, 8)
        XCTAssertTrue(step.loss.isFinite)
        XCTAssertEqual(model.summary().totalParameters, 61_706)
    }
}
