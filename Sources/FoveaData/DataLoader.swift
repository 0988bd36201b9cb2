import Foundation

/// Transforms one prepared sample (random augmentation). It receives the sample's own random stream,
/// `RandomStream(seed: loaderSeed, epoch, sampleIndex)`, and must return an image of the same size and layout.
public typealias SampleTransform = @Sendable (Image<Float>, inout RandomStream) throws -> Image<Float>

/// Streams a dataset as N×C×H×W batches, decoding and augmenting samples on background worker threads.
///
/// - Order: with `shuffle`, epoch *e* visits samples in ``EpochOrder/shuffled(count:seed:epoch:)`` order;
///   otherwise in index order. Batch *k* holds positions `k·batchSize ..< (k+1)·batchSize` (the last batch may
///   be smaller).
/// - Determinism: sample *i* (dataset index) of epoch *e* is transformed with `RandomStream(seed: seed, e, i)`,
///   and batches are delivered in order, so every batch is bit-identical whatever the number of workers.
/// - Memory: at most `prefetch` batches exist at any time (ready or being built), however big the dataset.
/// - Per sample: ``InputFormat/prepare(_:)`` → `transform` → ``Normalization`` → written channel-planar; then
///   per batch, with `mixing`, MixUp/CutMix from the batch's own stream (``BatchMixing/mixed(_:classes:seed:epoch:)``).
public struct DataLoader: Sendable {
    /// The samples.
    public let dataset: any Dataset
    /// The model's input shape.
    public let format: InputFormat
    /// Samples per batch (the last batch of an epoch may hold fewer).
    public let batchSize: Int
    /// Whether each epoch visits samples in a fresh seeded order.
    public let shuffle: Bool
    /// Seed of the epoch orders and per-sample random streams.
    public let seed: UInt64
    /// Random augmentation applied to each prepared sample, or `nil`.
    public let transform: SampleTransform?
    /// Standardisation applied after the transform, or `nil` to keep [0, 1].
    public let normalization: Normalization?
    /// Number of background threads that build batches.
    public let workers: Int
    /// Maximum number of batches built ahead of the consumer (at least `workers`).
    public let prefetch: Int
    /// Data-parallel training: this process builds only its share of every batch (whole groups of 8 samples,
    /// `FoveaNN.BatchShare`), the same samples with the same random streams as in the whole batch; `nil`
    /// builds whole batches.
    public var share: BatchShare? = nil
    /// MixUp/CutMix applied to each whole batch (soft targets over `dataset.classCount` classes), or `nil`.
    public let mixing: BatchMixing?

    /// A loader over `dataset`.
    ///
    /// - Parameters:
    ///   - dataset: The samples to load.
    ///   - format: The model's input format every image is prepared to.
    ///   - batchSize: Samples per batch (> 0); the last batch of an epoch may be smaller.
    ///   - shuffle: Whether each epoch visits the samples in a seeded random order (else in index order).
    ///   - seed: Seed of the epoch orders and per-sample random streams.
    ///   - transform: Random augmentation applied to each prepared sample, or `nil`.
    ///   - normalization: Standardisation applied after the transform, or `nil` to keep [0, 1].
    ///   - workers: Background threads (≥ 1).
    ///   - prefetch: Batches built ahead; `nil` means `2 × workers`. Raised to `workers` if smaller.
    ///   - mixing: MixUp/CutMix of every batch, keyed by (seed, epoch, batch), or `nil`.
    public init(
        dataset: any Dataset, format: InputFormat, batchSize: Int, shuffle: Bool, seed: UInt64,
        transform: SampleTransform? = nil, normalization: Normalization? = nil, workers: Int = 2, prefetch: Int? = nil,
        mixing: BatchMixing? = nil
    ) {
        precondition(batchSize > 0, "batch size must be positive, not \(batchSize)")
        precondition(workers > 0, "worker count must be positive, not \(workers)")
        if let normalization {
            precondition(
                normalization.mean.count == format.channels,
                "normalisation has \(normalization.mean.count) channels, the format \(format.channels)")
        }
        self.dataset = dataset
        self.format = format
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.transform = transform
        self.normalization = normalization
        self.workers = workers
        self.prefetch = max(workers, prefetch ?? Self.defaultPrefetch(workers: workers))
        self.mixing = mixing
    }

    /// The batches built ahead when no `prefetch` is given: 2 × `workers`.
    public static func defaultPrefetch(workers: Int) -> Int { 2 * workers }

    /// Number of batches in one epoch: ⌈count / batchSize⌉.
    public var batchesPerEpoch: Int { (dataset.count + batchSize - 1) / batchSize }

    /// The order epoch `epoch` visits dataset indices in.
    public func order(epoch: Int) -> [Int] {
        shuffle ? EpochOrder.shuffled(count: dataset.count, seed: seed, epoch: epoch) : Array(0..<dataset.count)
    }

    /// Starts the worker threads for epoch `epoch`; read the batches with ``EpochBatches/next()``.
    public func batches(epoch: Int) -> EpochBatches {
        EpochBatches(loader: self, epoch: epoch, order: order(epoch: epoch))
    }

    /// Builds batch `batch` of epoch `epoch` on the calling thread (what each worker does).
    public func makeBatch(epoch: Int, batch: Int) throws -> Batch {
        try makeBatch(epoch: epoch, batch: batch, order: order(epoch: epoch))
    }

    func makeBatch(epoch: Int, batch: Int, order: [Int]) throws -> Batch {
        let first = batch * batchSize
        let count = min(first + batchSize, order.count) - first
        precondition(first >= 0 && count > 0, "batch \(batch) is outside the epoch's \(batchesPerEpoch) batches")
        let shared = share?.samples(batchSize: count) ?? 0..<count
        // MixUp/CutMix pair position i with count − 1 − i, which may be another process's: a share of a mixed batch
        // also loads its partners, mixes a whole-size batch (the positions nobody needs stay zero) and keeps its own.
        let buildsWhole = share != nil && mixing != nil
        let base = buildsWhole ? 0 : shared.lowerBound
        let slots = buildsWhole ? count : shared.count
        let loaded = buildsWhole ? Set(shared).union(shared.map { count - 1 - $0 }).sorted() : Array(shared)
        let indices = (0..<slots).map { order[first + base + $0] }
        let plane = format.width * format.height
        let channels = format.channels
        var inputs = [Float](repeating: 0, count: slots * format.sampleSize)
        let labels = indices.map { dataset.label(at: $0) }
        for slot in loaded.map({ $0 - base }) {
            let sampleIndex = indices[slot]
            var image = format.prepare(try dataset.image(at: sampleIndex))
            if let transform {
                var rng = RandomStream(seed: seed, UInt64(epoch), UInt64(sampleIndex))
                image = try transform(image, &rng)
                precondition(
                    image.width == format.width && image.height == format.height && image.layout == format.layout,
                    "the sample transform returned a \(image.width)×\(image.height) \(image.layout) image; "
                        + "expected \(format.width)×\(format.height) \(format.layout)")
            }
            let offset = slot * format.sampleSize
            image.withUnsafeBufferPointer { source in
                inputs.withUnsafeMutableBufferPointer { destination in
                    for c in 0..<channels {
                        let shift = normalization?.mean[c] ?? 0
                        let scale = 1 / (normalization?.std[c] ?? 1)
                        let base = offset + c * plane
                        for p in 0..<plane {
                            destination[base + p] = (source[p * channels + c] - shift) * scale
                        }
                    }
                }
            }
        }
        var result = Batch(
            index: batch, inputs: inputs, labels: labels, sampleIndices: indices,
            channels: channels, height: format.height, width: format.width)
        if let mixing { result = mixing.mixed(result, classes: dataset.classCount, seed: seed, epoch: epoch) }
        guard share != nil else { return result }
        if buildsWhole {
            let size = format.sampleSize
            let classes = dataset.classCount
            result = Batch(
                index: batch, inputs: Array(result.inputs[shared.lowerBound * size..<shared.upperBound * size]),
                labels: Array(result.labels[shared]), sampleIndices: Array(result.sampleIndices[shared]),
                channels: channels, height: format.height, width: format.width,
                softTargets: result.softTargets.map {
                    Array($0[shared.lowerBound * classes..<shared.upperBound * classes])
                })
        }
        result.sharedBatchCount = count
        return result
    }
}

/// The batches of one epoch, built ahead by worker threads and handed out in order.
///
/// Call ``next()`` until it returns `nil`. Stopping early (``cancel()``, an error, or dropping the object)
/// stops and joins every worker before returning, so no thread outlives the epoch.
public final class EpochBatches: @unchecked Sendable {
    private let state: LoaderState
    /// The epoch being read.
    public let epoch: Int
    /// Number of batches in this epoch.
    public let count: Int

    init(loader: DataLoader, epoch: Int, order: [Int]) {
        self.epoch = epoch
        self.count = (order.count + loader.batchSize - 1) / loader.batchSize
        let state = LoaderState(total: count, capacity: loader.prefetch)
        self.state = state
        for worker in 0..<min(loader.workers, count) {
            state.workerStarted()
            let thread = Thread {
                state.work { batch in try loader.makeBatch(epoch: epoch, batch: batch, order: order) }
            }
            thread.name = "fovea.loader.\(worker)"
            thread.start()
        }
    }

    deinit { state.cancel() }

    /// The next batch in order, waiting for a worker if it is not ready; `nil` after the last batch.
    /// - Throws: the first error a worker hit (for example ``DataError/unreadableImage(path:reason:)``);
    ///   the workers are stopped and joined before it is thrown.
    public func next() throws -> Batch? {
        try state.take()
    }

    /// Stops the workers and waits for them to exit. Later calls to ``next()`` return `nil`.
    public func cancel() { state.cancel() }

    /// Total time, in seconds, that ``next()`` spent waiting for a batch that was not ready yet.
    public var waitSeconds: Double { state.waitSeconds }

    /// Number of loader worker threads currently running in the process (for tests and diagnostics).
    public static var liveWorkerThreads: Int { LoaderState.live.value }
}

/// Shared state of one epoch's workers and its consumer, guarded by one condition variable.
private final class LoaderState: @unchecked Sendable {
    static let live = LockedCounter()

    private let condition = NSCondition()
    private let total: Int
    private let capacity: Int
    private var nextToClaim = 0
    private var consumed = 0
    private var ready: [Int: Batch] = [:]
    /// The lowest-numbered batch that failed, and why. Batches below it were all claimed before it (claims
    /// go in order) and are still delivered first, so the consumer sees the same batches, then the same error,
    /// whatever the number of workers.
    private var failure: (batch: Int, error: any Error)?
    private var stopped = false
    private var running = 0
    private var waited: Double = 0

    init(total: Int, capacity: Int) {
        self.total = total
        self.capacity = capacity
    }

    func workerStarted() {
        condition.lock()
        running += 1
        condition.unlock()
        Self.live.add(1)
    }

    /// A worker's loop: claim the next batch number inside the prefetch window, build it, publish it.
    func work(_ build: (Int) throws -> Batch) {
        condition.lock()
        while true {
            while !stopped && failure == nil && nextToClaim < total && nextToClaim >= consumed + capacity {
                condition.wait()
            }
            if stopped || failure != nil || nextToClaim >= total { break }
            let batch = nextToClaim
            nextToClaim += 1
            condition.unlock()
            let result = Result { try build(batch) }
            condition.lock()
            switch result {
            case .success(let value): if !stopped { ready[batch] = value }
            case .failure(let error):
                if failure.map({ batch < $0.batch }) ?? true { failure = (batch, error) }
            }
            condition.broadcast()
        }
        running -= 1
        Self.live.add(-1)
        condition.broadcast()
        condition.unlock()
    }

    func take() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        if stopped || consumed >= total {
            joinLocked()
            return nil
        }
        if ready[consumed] == nil && failure?.batch != consumed {
            let start = DispatchTime.now().uptimeNanoseconds
            while ready[consumed] == nil && failure?.batch != consumed { condition.wait() }
            waited += Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        }
        if let batch = ready.removeValue(forKey: consumed) {
            consumed += 1
            condition.broadcast()
            if consumed >= total { joinLocked() }
            return batch
        }
        let error = failure?.error
        stopped = true
        ready.removeAll()
        condition.broadcast()
        joinLocked()
        if let error { throw error }
        return nil
    }

    func cancel() {
        condition.lock()
        stopped = true
        ready.removeAll()
        condition.broadcast()
        joinLocked()
        condition.unlock()
    }

    var waitSeconds: Double {
        condition.lock()
        defer { condition.unlock() }
        return waited
    }

    /// Waits (holding the lock between waits) until every worker has left its loop.
    private func joinLocked() {
        while running > 0 { condition.wait() }
    }
}

/// An integer shared across threads behind a lock.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ delta: Int) {
        lock.lock()
        count += delta
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
