import Foundation
import XCTest

import FoveaCodecs

/// Small datasets cut from the bundled digits, written as a user would have them.
enum TrainingFixtures {
    static let mnist = CLIRunner.repositoryRoot.appendingPathComponent("Fixtures/mnist")

    /// The first `count` bundled digits and their labels.
    static func digits(_ count: Int) throws -> (images: [Image<UInt8>], labels: [UInt8]) {
        let images = try IDX.readImages(mnist.appendingPathComponent("mnist4k-images-idx3-ubyte.gz").path)
        let labels = try IDX.readLabels(mnist.appendingPathComponent("mnist4k-labels-idx1-ubyte.gz").path)
        return (Array(images.prefix(count)), Array(labels.prefix(count)))
    }

    /// The first `count` digits as an IDX pair `NAME-images-idx3-ubyte` / `NAME-labels-idx1-ubyte` in `directory`;
    /// returns the image file's path.
    @discardableResult
    static func idx(_ count: Int, name: String = "small", in directory: URL) throws -> String {
        let (images, labels) = try digits(count)
        let path = directory.appendingPathComponent("\(name)-images-idx3-ubyte").path
        try IDX.writeImages(images, to: path)
        try IDX.writeLabels(labels, to: directory.appendingPathComponent("\(name)-labels-idx1-ubyte").path)
        return path
    }

    /// Class folders `root/<digit>/<n>.png` of the digits among the first `count` whose label is in `classes`.
    /// Returns how many images each class got.
    @discardableResult
    static func folders(_ root: URL, classes: Set<UInt8>, from count: Int = 200) throws -> [UInt8: Int] {
        let (images, labels) = try digits(count)
        var written: [UInt8: Int] = [:]
        for (index, (image, label)) in zip(images, labels).enumerated() where classes.contains(label) {
            let folder = root.appendingPathComponent(String(label))
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try ImageFile.write(AnyImage(image), to: folder.appendingPathComponent("\(index).png").path)
            written[label, default: 0] += 1
        }
        return written
    }

    /// Trains a one-epoch MLP on the first 120 digits into `directory/name`; returns its path.
    static func model(in directory: URL, name: String = "m.fovea", extra: [String] = []) throws -> String {
        let data = try idx(120, name: "train", in: directory)
        let result = try CLIRunner.run(
            [
                "train", "--data", data, "--model", "mlp", "--epochs", "1", "--batch-size", "16", "--out", name,
                "--threads", "1",
            ] + extra,
            in: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        return directory.appendingPathComponent(name).path
    }
}
