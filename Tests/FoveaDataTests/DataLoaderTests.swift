import Foundation
import XCTest

@testable import FoveaData

final class DataLoaderTests: XCTestCase {
    /// 23 gray 3×2 images; sample i has pixel values i, i+1, … (÷ 255 after preparation); label i % 4.
    private func rampDataset() throws -> InMemoryDataset {
        let images = (0..<23).map { i in
            AnyImage(
                Image<UInt8>.assumingValid(
                    width: 3, height: 2, layout: .gray, samples: (0..<6).map { UInt8(i + $0) }))
        }
        return try InMemoryDataset(images: images, labels: (0..<23).map { $0 % 4 }, source: "ramp")
    }

    /// Adds a random offset drawn from the sample's stream to every pixel.
    private let jitter: SampleTransform = { image, rng in
        let offset = Float(rng.uniform(-1, 1))
        return Image.assumingValid(
            width: image.width, height: image.height, layout: image.layout, samples: image.samples.map { $0 + offset })
    }

    private func allBatches(_ loader: DataLoader, epoch: Int) throws -> [Batch] {
        let batches = loader.batches(epoch: epoch)
        var result: [Batch] = []
        while let batch = try batches.next() { result.append(batch) }
        return result
    }

    func testBatchesAreBitIdenticalForOneAndThreeWorkers() throws {
        let dataset = try rampDataset()
        for epoch in 0..<3 {
            let one = DataLoader(
                dataset: dataset, format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 5, shuffle: true,
                seed: 42, transform: jitter, workers: 1)
            let three = DataLoader(
                dataset: dataset, format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 5, shuffle: true,
                seed: 42, transform: jitter, workers: 3, prefetch: 3)
            let a = try allBatches(one, epoch: epoch)
            let b = try allBatches(three, epoch: epoch)
            XCTAssertEqual(a.count, 5)
            XCTAssertEqual(a, b)
            XCTAssertEqual(a.map(\.index), [0, 1, 2, 3, 4])
            XCTAssertEqual(a.last?.count, 3)
            XCTAssertEqual(a.flatMap(\.sampleIndices).sorted(), Array(0..<23))
        }
        XCTAssertEqual(EpochBatches.liveWorkerThreads, 0)
    }

    func testMixedBatchesAreBitIdenticalForOneAndThreeWorkersAndKeyedByEpochAndBatch() throws {
        let dataset = try rampDataset()
        let mixing = BatchMixing(mixupAlpha: 0.4, cutmixAlpha: 1)
        func loader(workers: Int) -> DataLoader {
            DataLoader(
                dataset: dataset, format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 5, shuffle: true,
                seed: 42, transform: jitter, workers: workers, mixing: mixing)
        }
        for epoch in 0..<2 {
            let one = try allBatches(loader(workers: 1), epoch: epoch)
            XCTAssertEqual(one, try allBatches(loader(workers: 3), epoch: epoch))
            let plain = DataLoader(
                dataset: dataset, format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 5, shuffle: true,
                seed: 42, transform: jitter, workers: 2)
            for (mixed, batch) in zip(one, try allBatches(plain, epoch: epoch)) {
                XCTAssertEqual(mixed, mixing.mixed(batch, classes: 4, seed: 42, epoch: epoch))
                XCTAssertEqual(mixed.softTargets?.count, batch.count * 4)
            }
        }
    }

    /// Data-parallel shares: each process's batches are its slice (whole groups of 8) of the whole batch, with
    /// the same augmentation, and with MixUp/CutMix the slice of the whole mixed batch (partners on other
    /// processes are loaded too), so the shares put together are the single process's batch.
    func testSharesAreSlicesOfTheWholeBatchAlsoWhenBatchesAreMixed() throws {
        let dataset = try rampDataset()
        for mixing in [nil, BatchMixing(mixupAlpha: 0.4, cutmixAlpha: 1)] {
            func loader(_ share: BatchShare?) -> DataLoader {
                var loader = DataLoader(
                    dataset: dataset, format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 20,
                    shuffle: true,
                    seed: 42, transform: jitter, workers: 2, mixing: mixing)
                loader.share = share
                return loader
            }
            let whole = try allBatches(loader(nil), epoch: 1)
            XCTAssertEqual(whole.map(\.count), [20, 3])
            for processes in 1...3 {
                let shares = try (0..<processes).map {
                    try allBatches(loader(BatchShare(process: $0, of: processes)), epoch: 1)
                }
                for (b, batch) in whole.enumerated() {
                    let parts = shares.map { $0[b] }
                    XCTAssertEqual(parts.map(\.wholeCount), Array(repeating: batch.count, count: processes))
                    XCTAssertEqual(parts.flatMap(\.inputs), batch.inputs, "\(processes) processes, batch \(b)")
                    XCTAssertEqual(parts.flatMap(\.labels), batch.labels)
                    XCTAssertEqual(parts.flatMap(\.sampleIndices), batch.sampleIndices)
                    XCTAssertEqual(parts.compactMap(\.softTargets).flatMap { $0 }, batch.softTargets ?? [])
                    for (p, part) in parts.enumerated() {
                        XCTAssertEqual(
                            part.count, BatchShare(process: p, of: processes).samples(batchSize: batch.count).count)
                    }
                }
            }
        }
    }

    func testEachSampleIsTransformedFromItsOwnSeedEpochIndexStream() throws {
        let dataset = try rampDataset()
        let loader = DataLoader(
            dataset: dataset, format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 4, shuffle: true,
            seed: 5, transform: jitter, workers: 2)
        let batch = try XCTUnwrap(try allBatches(loader, epoch: 2).first)
        for (position, sample) in batch.sampleIndices.enumerated() {
            var rng = RandomStream(seed: 5, 2, UInt64(sample))
            let offset = Float(rng.uniform(-1, 1))
            let expected = (0..<6).map { Float(sample + $0) / 255 + offset }
            XCTAssertEqual(Array(batch.inputs[(position * 6)..<(position * 6 + 6)]), expected)
            XCTAssertEqual(batch.labels[position], sample % 4)
        }
    }

    func testInputsAreChannelPlanarAndNormalized() throws {
        // One 2×1 RGB pixel pair: interleaved (r0 g0 b0 r1 g1 b1) must come out as (r0 r1 g0 g1 b0 b1).
        let image = AnyImage(
            Image<Float>.assumingValid(
                width: 2, height: 1, layout: .rgb, samples: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]))
        let dataset = try InMemoryDataset(images: [image], labels: [0], source: "rgb")
        let loader = DataLoader(
            dataset: dataset, format: InputFormat(channels: 3, width: 2, height: 1), batchSize: 1, shuffle: false,
            seed: 0, normalization: Normalization(mean: [0.1, 0, 0], std: [0.5, 1, 2]))
        let batch = try XCTUnwrap(try allBatches(loader, epoch: 0).first)
        XCTAssertEqual(batch.shape, [1, 3, 1, 2])
        XCTAssertEqual(try batch.inputTensor().shape, [1, 3, 1, 2])
        let expected: [Float] = [0, (0.4 - 0.1) / 0.5, 0.2, 0.5, 0.3 / 2, 0.6 / 2]
        for (actual, wanted) in zip(batch.inputs, expected) { XCTAssertEqual(actual, wanted, accuracy: 1e-6) }
    }

    func testWorkersStayWithinThePrefetchWindow() throws {
        let dataset = try rampDataset()
        let built = LockedCounter()
        let counting: SampleTransform = { image, _ in
            built.add(1)
            return image
        }
        let loader = DataLoader(
            dataset: dataset, format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 2, shuffle: false,
            seed: 0, transform: counting, workers: 2, prefetch: 3)
        let batches = loader.batches(epoch: 0)
        waitUntil { built.value >= 6 }
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(built.value, 6, "3 batches of 2 may be built ahead, no more")
        _ = try batches.next()
        waitUntil { built.value >= 8 }
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(built.value, 8)
        batches.cancel()
        XCTAssertEqual(EpochBatches.liveWorkerThreads, 0)
        XCTAssertNil(try batches.next())
    }

    /// Polls `condition` every 5 ms for up to 10 s (workers may be slow on a loaded machine).
    private func waitUntil(_ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(10)
        while !condition() && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
    }

    func testAWorkerErrorReachesTheConsumerAndStopsEveryWorker() throws {
        let failing: SampleTransform = { image, _ in
            if image.samples[0] == Float(7) / 255 { throw DataError.unreadableImage(path: "sample7", reason: "test") }
            return image
        }
        let loader = DataLoader(
            dataset: try rampDataset(), format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 2,
            shuffle: false, seed: 0, transform: failing, workers: 3)
        XCTAssertThrowsError(try allBatches(loader, epoch: 0)) {
            XCTAssertEqual($0 as? DataError, .unreadableImage(path: "sample7", reason: "test"))
        }
        XCTAssertEqual(EpochBatches.liveWorkerThreads, 0)
    }

    func testTheBatchesBeforeAFailingOneArriveFirstWhateverTheWorkerCount() throws {
        // Sample 7 is in batch 3 (batches of 2, no shuffle); batch 2 is slow, so with several workers batch 3
        // fails before batch 2 is ready. The consumer must still get batches 0, 1, 2 and then the error of
        // batch 3, as with one worker.
        let failing: SampleTransform = { image, _ in
            let first = Int((image.samples[0] * 255).rounded())
            if first == 7 { throw DataError.unreadableImage(path: "sample7", reason: "test") }
            if first == 4 || first == 5 { Thread.sleep(forTimeInterval: 0.05) }  // batch 2 is slow
            return image
        }
        for workers in [1, 2, 4] {
            let loader = DataLoader(
                dataset: try rampDataset(), format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 2,
                shuffle: false, seed: 0, transform: failing, workers: workers)
            let batches = loader.batches(epoch: 0)
            var delivered = 0
            XCTAssertThrowsError(try { while try batches.next() != nil { delivered += 1 } }()) {
                XCTAssertEqual($0 as? DataError, .unreadableImage(path: "sample7", reason: "test"))
            }
            XCTAssertEqual(delivered, 3, "\(workers) workers")
        }
        XCTAssertEqual(EpochBatches.liveWorkerThreads, 0)
    }

    func testDroppingTheIteratorEarlyJoinsItsWorkers() throws {
        let loader = DataLoader(
            dataset: try rampDataset(), format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 1,
            shuffle: true, seed: 1, workers: 3)
        do {
            let batches = loader.batches(epoch: 0)
            _ = try batches.next()
        }
        XCTAssertEqual(EpochBatches.liveWorkerThreads, 0)
    }

    func testTimeSpentWaitingForSlowWorkersIsMeasured() throws {
        let slow: SampleTransform = { image, _ in
            Thread.sleep(forTimeInterval: 0.02)
            return image
        }
        let loader = DataLoader(
            dataset: try rampDataset(), format: InputFormat(channels: 1, width: 3, height: 2), batchSize: 23,
            shuffle: false, seed: 0, transform: slow, workers: 1)
        let batches = loader.batches(epoch: 0)
        XCTAssertNotNil(try batches.next())
        XCTAssertGreaterThan(batches.waitSeconds, 0.3, "23 samples × 20 ms were waited for")
    }
}
