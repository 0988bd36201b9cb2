import XCTest

@testable import FoveaNN

final class CheckpointTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-nn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func batch(_ step: Int) -> (Tensor, [Int]) {
        (randomTensor([10, 2, 8, 8], seed: UInt64(100 + step)), (0..<10).map { ($0 + step) % 3 })
    }

    private func smallModel(classes: Int = 3) throws -> Model {
        try Model(
            name: "small",
            layers: [
                .conv2D(outputChannels: 3, kernelSize: 3), .batchNorm(), .activation(.relu),
                .maxPool2D(size: 2, stride: 2),
                .flatten, .dense(outputs: 8), .activation(.relu), .dense(outputs: classes),
            ], inputShape: [2, 8, 8], seed: 9)
    }

    func testResumingFromACheckpointContinuesBitForBit() throws {
        // Uninterrupted: 4 steps. Interrupted: 2 steps, save, load everything, 2 more steps.
        let reference = try smallModel()
        let referenceTrainer = Trainer(model: reference, optimizer: Optimizer(Adam(), learningRate: 0.01), threads: 1)
        for step in 0..<4 { _ = try referenceTrainer.trainStep(inputs: batch(step).0, labels: batch(step).1) }

        let model = try smallModel()
        let trainer = Trainer(model: model, optimizer: Optimizer(Adam(), learningRate: 0.01), threads: 2)
        for step in 0..<2 { _ = try trainer.trainStep(inputs: batch(step).0, labels: batch(step).1) }
        try Checkpoint.save(
            model: model, optimizer: trainer.optimizer, metadata: ["epoch": "2", "step": "2"], to: path("a.fnn"))

        let checkpoint = try Checkpoint.load(from: path("a.fnn"))
        XCTAssertEqual(checkpoint.metadata, ["epoch": "2", "step": "2"])
        XCTAssertEqual(checkpoint.architecture, "small")
        let restored = try checkpoint.makeModel()
        let optimizer = try XCTUnwrap(try checkpoint.makeOptimizer())
        XCTAssertEqual(optimizer.step, 2)
        let resumed = Trainer(model: restored, optimizer: optimizer, threads: 1)
        resumed.step = 2
        for step in 2..<4 { _ = try resumed.trainStep(inputs: batch(step).0, labels: batch(step).1) }
        XCTAssertEqual(restored.parameters.map(\.tensor), reference.parameters.map(\.tensor))
    }

    func testTruncatedFileIsATypedError() throws {
        try Checkpoint.save(model: try smallModel(), to: path("b.fnn"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path("b.fnn")))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: path("cut.fnn")))
        XCTAssertThrowsError(try Checkpoint.load(from: path("cut.fnn"))) { error in
            guard case .truncatedCheckpoint(_, let expected, let actual)? = error as? NNError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(expected - actual, 10)
        }
    }

    func testForeignAndCorruptFilesAreTypedErrors() throws {
        try Data("\u{89}PNG\r\n\u{1a}\n and more".utf8).write(to: URL(fileURLWithPath: path("image.png")))
        XCTAssertThrowsError(try Checkpoint.load(from: path("image.png"))) { error in
            XCTAssertEqual(error as? NNError, .notACheckpoint(path: self.path("image.png")))
        }
        try Checkpoint.save(model: try smallModel(), to: path("c.fnn"))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("c.fnn"))))
        bytes[bytes.count - 100] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path("flipped.fnn")))
        XCTAssertThrowsError(try Checkpoint.load(from: path("flipped.fnn"))) { error in
            guard case .checksumMismatch? = error as? NNError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try Checkpoint.load(from: path("missing.fnn"))) { error in
            guard case .fileSystem? = error as? NNError else { return XCTFail("\(error)") }
        }
    }

    func testLoadingIntoAnotherArchitectureNamesTheDifferingLayer() throws {
        try Checkpoint.save(model: try smallModel(), to: path("d.fnn"))
        let other = try Model(
            name: "small",
            layers: [
                .conv2D(outputChannels: 3, kernelSize: 3), .batchNorm(), .activation(.relu),
                .maxPool2D(size: 2, stride: 2),
                .flatten, .dense(outputs: 16), .activation(.relu), .dense(outputs: 3),
            ], inputShape: [2, 8, 8])
        XCTAssertThrowsError(try Checkpoint.load(from: path("d.fnn")).restore(into: other)) { error in
            XCTAssertEqual(
                error as? NNError,
                .architectureMismatch(layer: "dense1 (layer 6)", checkpoint: "dense 8", model: "dense 16"))
        }
    }

    func testPartialLoadKeepsANewHeadForFineTuning() throws {
        let source = try smallModel(classes: 3)
        try Checkpoint.save(model: source, to: path("e.fnn"))
        let target = try smallModel(classes: 5)
        let report = try Checkpoint.load(from: path("e.fnn")).restore(into: target, partial: true)
        XCTAssertEqual(report.skippedLayers, ["dense2"])
        XCTAssertEqual(report.loadedLayers, ["conv1", "bn1", "relu1", "maxpool1", "flatten1", "dense1", "relu2"])
        XCTAssertEqual(target.parameters[0].tensor, source.parameters[0].tensor)
        target.setFrozen(true, layers: Set(report.loadedLayers))
        let frozenBefore = target.parameters[0].tensor
        let trainer = Trainer(model: target, optimizer: Optimizer(SGD(), learningRate: 0.1), threads: 1)
        _ = try trainer.trainStep(inputs: randomTensor([4, 2, 8, 8], seed: 1), labels: [0, 4, 2, 1])
        XCTAssertEqual(target.parameters[0].tensor, frozenBefore)
    }

    func testHeaderStartsWithMagicAndVersion() throws {
        try Checkpoint.save(model: try smallModel(), to: path("f.fnn"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("f.fnn"))))
        XCTAssertEqual(Array(bytes[0..<12]), Array("FOVEANN".utf8) + [0, 1, 0, 0, 0])
        XCTAssertFalse(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).contains { $0.contains(".tmp-") })
    }

    func testImpossibleShapeInAValidlyChecksummedHeaderIsRejected() throws {
        try Checkpoint.save(model: try smallModel(), to: path("g.fnn"))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path("g.fnn"))))
        let headerLength = Int(readLittleEndian(bytes, at: 12))
        var header = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(bytes[16..<16 + headerLength])) as? [String: Any])
        var tensors = try XCTUnwrap(header["tensors"] as? [[String: Any]])
        tensors[0]["shape"] = [Int.max / 2, 4]
        header["tensors"] = tensors
        let newHeader = [UInt8](try JSONSerialization.data(withJSONObject: header))
        var forged = Array(bytes[0..<12])
        appendLittleEndian(UInt32(newHeader.count), to: &forged)
        forged += newHeader + bytes[(16 + headerLength)..<(bytes.count - 4)]
        appendLittleEndian(CRC32.checksum(forged), to: &forged)
        try Data(forged).write(to: URL(fileURLWithPath: path("forged.fnn")))
        XCTAssertThrowsError(try Checkpoint.load(from: path("forged.fnn"))) { error in
            guard case .corruptCheckpoint(_, let reason)? = error as? NNError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("impossible shape"), reason)
        }
    }

    func testCRC32MatchesTheStandardCheckValue() {
        // The CRC-32 check value of "123456789" is CBF43926 (IEEE 802.3).
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
    }

    func testSavingOverAPlantedSymlinkReplacesTheLinkAndLeavesNoTemporary() throws {
        // Fovea 0.1's checkpoint writer opened a fixed temporary name with O_TRUNC: a symlink planted under that
        // name redirected the write. The one atomic writer creates its temporary with O_EXCL.
        try Data([7, 7, 7]).write(to: URL(fileURLWithPath: path("victim")))
        try FileManager.default.createSymbolicLink(atPath: path("m.fovea"), withDestinationPath: path("victim"))
        try FileManager.default.createSymbolicLink(
            atPath: path(".m.fovea.tmp-\(getpid())"), withDestinationPath: path("victim"))
        try Checkpoint.save(model: try smallModel(), to: path("m.fovea"))
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path("victim")))), [7, 7, 7])
        XCTAssertNoThrow(try Checkpoint.load(from: path("m.fovea")))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.contains("fovea-tmp") }
        XCTAssertEqual(leftovers, [])
    }
}
