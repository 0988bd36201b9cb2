import Foundation
import XCTest

@testable import FoveaNN

final class BatchShareTests: XCTestCase {
    func testSharesAreWholeGroupsInProcessOrderCoveringTheBatch() {
        // 21 samples = groups of 8, 8, 5. Two processes: ⌊0·3/2⌋..<⌊1·3/2⌋ = group 0, then groups 1 and 2.
        XCTAssertEqual(BatchShare(process: 0, of: 2).samples(batchSize: 21), 0..<8)
        XCTAssertEqual(BatchShare(process: 1, of: 2).samples(batchSize: 21), 8..<21)
        // Three processes, one group each; four processes: process 0 holds none (⌊0⌋..<⌊3/4⌋).
        XCTAssertEqual((0..<3).map { BatchShare(process: $0, of: 3).samples(batchSize: 21) }, [0..<8, 8..<16, 16..<21])
        XCTAssertEqual(
            (0..<4).map { BatchShare(process: $0, of: 4).samples(batchSize: 21) }, [0..<0, 0..<8, 8..<16, 16..<21])
        // A short last batch of 5 samples (one group) over 3 processes: only the last holds it.
        XCTAssertEqual((0..<3).map { BatchShare(process: $0, of: 3).samples(batchSize: 5) }, [0..<0, 0..<0, 0..<5])
        for processes in 1...5 {
            for batch in [1, 7, 8, 9, 64, 100] {
                let shares = (0..<processes).map { BatchShare(process: $0, of: processes).samples(batchSize: batch) }
                XCTAssertEqual(shares.first?.lowerBound, 0)
                XCTAssertEqual(shares.last?.upperBound, batch)
                for (a, b) in zip(shares, shares.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
                for share in shares where share.upperBound < batch { XCTAssertEqual(share.upperBound % 8, 0) }
            }
        }
    }

    /// The headline promise at the trainer's level: processes that each train on their share of every batch end
    /// with the single process's weights, bit for bit, for every layer with a batch reduction (BatchNorm in
    /// conv and dense form, PReLU, residual, dropout) and a short last batch some processes hold nothing of.
    func testSharedStepsGiveTheSingleProcessWeightsBitForBit() throws {
        let batches = [21, 21, 5]
        @Sendable func batch(_ step: Int) -> (Tensor, [Int]) {
            let size = batches[step]
            return (randomTensor([size, 2, 8, 8], seed: UInt64(step)), (0..<size).map { ($0 * 7 + step) % 3 })
        }
        func makeTrainer() throws -> Trainer {
            let model = try Model(name: "test", layers: TrainerTests.layers, inputShape: [2, 8, 8], seed: 42)
            return Trainer(model: model, optimizer: Optimizer(Adam(), learningRate: 0.01), threads: 1)
        }
        let alone = try makeTrainer()
        var losses: [Double] = []
        var correct: [Int] = []
        for step in batches.indices {
            let (inputs, labels) = batch(step)
            let result = try alone.trainStep(inputs: inputs, labels: labels)
            losses.append(result.loss)
            correct.append(result.correct)
        }
        let expected = alone.model.parameters.map(\.tensor)

        for processes in 1...4 {
            let group = ThreadProcessGroup.make(size: processes)
            let trainers = try (0..<processes).map { _ in try makeTrainer() }
            let results = ResultBox(count: processes)
            runConcurrently(processes) { rank in
                let trainer = trainers[rank]
                trainer.processes = group[rank]
                results.set(rank) {
                    try batches.indices.map { step -> StepResult in
                        let (inputs, labels) = batch(step)
                        let share = BatchShare(process: rank, of: processes).samples(batchSize: batches[step])
                        let size = inputs.count / batches[step]
                        let part = try Tensor(
                            shape: [share.count, 2, 8, 8],
                            scalars: Array(inputs.scalars[share.lowerBound * size..<share.upperBound * size]))
                        return try trainer.trainStep(
                            inputs: part, labels: Array(labels[share]), wholeBatch: batches[step])
                    }
                }
            }
            for rank in 0..<processes {
                let steps = try XCTUnwrap(try results.get(rank))
                XCTAssertEqual(steps.map(\.loss), losses, "\(processes) processes, rank \(rank): losses")
                XCTAssertEqual(steps.map(\.correct), correct, "\(processes) processes, rank \(rank): correct counts")
                XCTAssertEqual(steps.map(\.batchSize), batches)
                XCTAssertEqual(
                    trainers[rank].model.parameters.map(\.tensor), expected,
                    "\(processes) processes, rank \(rank): weights differ from a single process's")
            }
        }
    }

    func testSharedEvaluationGivesTheWholeBatchLossAndCount() throws {
        let model = try Model(name: "test", layers: TrainerTests.layers, inputShape: [2, 8, 8], seed: 7)
        let inputs = randomTensor([21, 2, 8, 8], seed: 3)
        let labels = (0..<21).map { $0 % 3 }
        let whole = try Trainer(model: model, optimizer: Optimizer(Adam(), learningRate: 0.01), threads: 1)
            .evaluate(inputs: inputs, labels: labels)
        let group = ThreadProcessGroup.make(size: 2)
        let results = ResultBox(count: 2)
        runConcurrently(2) { rank in
            results.set(rank) {
                // Each process holds its own copy of the model (a Model runs one pass at a time), with the same
                // seed and so the same weights.
                let copy = try Model(name: "test", layers: TrainerTests.layers, inputShape: [2, 8, 8], seed: 7)
                let trainer = Trainer(model: copy, optimizer: Optimizer(Adam(), learningRate: 0.01), threads: 1)
                trainer.processes = group[rank]
                let share = BatchShare(process: rank, of: 2).samples(batchSize: 21)
                let part = try Tensor(
                    shape: [share.count, 2, 8, 8],
                    scalars: Array(inputs.scalars[share.lowerBound * 128..<share.upperBound * 128]))
                let result = try trainer.evaluate(inputs: part, labels: Array(labels[share]), wholeBatch: 21)
                return [StepResult(loss: result.loss, correct: result.correct, batchSize: result.logits.shape[0])]
            }
        }
        for rank in 0..<2 {
            let result = try XCTUnwrap(try results.get(rank)?.first)
            XCTAssertEqual(result.loss, whole.loss)
            XCTAssertEqual(result.correct, whole.correct)
        }
    }

    func testBroadcastAndIntegerGatherCarryEveryProcessesValues() {
        let group = ThreadProcessGroup.make(size: 3)
        let seen = ResultBox(count: 3)
        runConcurrently(3) { rank in
            seen.set(rank) {
                let values = group[rank].allGather(10 * rank + 1)
                let bytes = group[rank].broadcast(rank == 0 ? [1, 2, 3] : [9], from: 0)
                return [StepResult(loss: Double(values.reduce(0, +)), correct: bytes.count, batchSize: Int(bytes[2]))]
            }
        }
        for rank in 0..<3 {
            XCTAssertEqual(try seen.get(rank)?.first, StepResult(loss: 33, correct: 3, batchSize: 3))
        }
    }
}

/// Runs `body(rank)` on `count` threads of their own at once (Dispatch's concurrentPerform runs no more at once
/// than there are cores, and ranks waiting for each other need to run together), and joins them.
func runConcurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchGroup()
    for rank in 0..<count {
        done.enter()
        let thread = Thread {
            body(rank)
            done.leave()
        }
        thread.start()
    }
    done.wait()
}

/// Results written by concurrent ranks, read after they joined.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[StepResult], any Error>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ rank: Int, _ body: () throws -> [StepResult]) {
        let result = Result { try body() }
        lock.withLock { results[rank] = result }
    }
    func get(_ rank: Int) throws -> [StepResult]? { try lock.withLock { results[rank] }?.get() }
}

/// A ``ProcessGroup`` of threads in one process, for tests: a gather copies each block into a shared staging
/// area, waits for every member, copies the whole area out, and waits again.
final class ThreadProcessGroup: ProcessGroup, @unchecked Sendable {
    let rank: Int
    let size: Int
    private let shared: Rendezvous

    private init(rank: Int, size: Int, shared: Rendezvous) {
        self.rank = rank
        self.size = size
        self.shared = shared
    }

    /// The `size` members of one group, indexed by rank.
    static func make(size: Int) -> [ThreadProcessGroup] {
        let shared = Rendezvous(size: size)
        return (0..<size).map { ThreadProcessGroup(rank: $0, size: size, shared: shared) }
    }

    func allGather(_ local: UnsafeRawBufferPointer, counts: [Int], into all: UnsafeMutableRawBufferPointer) {
        precondition(counts.count == size && local.count == counts[rank] && all.count == counts.reduce(0, +))
        let offset = counts[..<rank].reduce(0, +)
        shared.lock.withLock {
            if shared.staging.count < all.count {
                shared.staging += [UInt8](repeating: 0, count: all.count - shared.staging.count)
            }
            shared.staging.withUnsafeMutableBytes { staging in
                if let source = local.baseAddress, let base = staging.baseAddress {
                    (base + offset).copyMemory(from: source, byteCount: local.count)
                }
            }
        }
        shared.barrier()
        shared.lock.withLock {
            shared.staging.withUnsafeBytes { staging in
                if let destination = all.baseAddress, let base = staging.baseAddress {
                    destination.copyMemory(from: base, byteCount: all.count)
                }
            }
        }
        shared.barrier()
    }
}

private final class Rendezvous: @unchecked Sendable {
    let lock = NSCondition()
    var staging: [UInt8] = []
    private let size: Int
    private var arrived = 0
    private var generation = 0

    init(size: Int) { self.size = size }

    func barrier() {
        lock.lock()
        let mine = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            lock.broadcast()
        } else {
            while generation == mine { lock.wait() }
        }
        lock.unlock()
    }
}
