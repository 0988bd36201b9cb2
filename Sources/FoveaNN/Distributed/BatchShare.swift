/// One process's share of every batch in data-parallel training: whole groups of the fixed batch partition.
///
/// The trainer already splits each batch into groups of 8 consecutive samples and adds every sum over the batch
/// (weight gradients, BatchNorm statistics, the loss) as one partial per group, in group order. A data-parallel
/// run gives each process whole groups — with G groups and P processes, process p holds groups
/// ⌊p·G/P⌋ ..< ⌊(p+1)·G/P⌋, so process 0 holds the first ones — and every process gathers all groups' partials
/// (``ProcessGroup/allGather(_:counts:into:)``) before adding them in group order. The weights after each step
/// are therefore bit-identical to a single process's, for any process count. A process holds no samples when
/// G < P (a short last batch); it still takes part in every exchange.
public struct BatchShare: Sendable, Hashable {
    /// This process's index, `0 ..< processes`.
    public let process: Int
    /// The number of processes sharing each batch.
    public let processes: Int

    /// Samples per group of the fixed batch partition (the unit a batch is shared in).
    public static var groupSize: Int { BatchPartition.groupSize }

    /// The share of process `process` among `processes`.
    public init(process: Int, of processes: Int) {
        precondition(processes >= 1 && (0..<processes).contains(process), "no process \(process) of \(processes)")
        self.process = process
        self.processes = processes
    }

    /// The groups this process holds of a batch of `batchSize` samples.
    public func groups(batchSize: Int) -> Range<Int> {
        let groups = BatchPartition.groupCount(batchSize)
        return process * groups / processes..<(process + 1) * groups / processes
    }

    /// The positions within a batch of `batchSize` samples that this process holds (consecutive).
    public func samples(batchSize: Int) -> Range<Int> {
        let groups = self.groups(batchSize: batchSize)
        return Swift.min(
            batchSize, groups.lowerBound * Self.groupSize)..<Swift.min(batchSize, groups.upperBound * Self.groupSize)
    }
}

/// A pass over one process's share of a batch: what layers need to make their sums over the whole batch.
struct SharedBatch: @unchecked Sendable {
    /// The processes sharing the batch.
    let processes: any ProcessGroup
    /// Samples in the whole batch.
    let batchSize: Int
    /// Scratch for gathered blocks, owned by the trainer (one gather is used before the next starts).
    let scratch: ExchangeScratch

    private var shares: [BatchShare] { (0..<processes.size).map { BatchShare(process: $0, of: processes.size) } }

    /// The first sample of this process's share within the whole batch.
    var firstSample: Int {
        BatchShare(process: processes.rank, of: processes.size).samples(batchSize: batchSize).lowerBound
    }

    /// Every group's partials in group order, from this process's `local` ones (`stride` elements per group).
    /// The result is valid until the next gather.
    func allGroups<T: BitwiseCopyable>(_ local: UnsafePointer<T>, stride: Int) -> (
        pointer: UnsafePointer<T>, groups: Int
    ) {
        let counts = shares.map { $0.groups(batchSize: batchSize).count * stride * MemoryLayout<T>.stride }
        let all = gather(UnsafeRawPointer(local), counts: counts, as: T.self)
        return (all, BatchPartition.groupCount(batchSize))
    }

    /// Every sample's values in sample order, from this process's `local` ones (`width` elements per sample).
    func allSamples<T: BitwiseCopyable>(_ local: UnsafePointer<T>, width: Int) -> UnsafePointer<T> {
        let counts = shares.map { $0.samples(batchSize: batchSize).count * width * MemoryLayout<T>.stride }
        return gather(UnsafeRawPointer(local), counts: counts, as: T.self)
    }

    /// Σ over processes of `value` (integers: the order does not matter).
    func sum(_ value: Int) -> Int { processes.allGather(value).reduce(0, +) }

    private func gather<T>(_ local: UnsafeRawPointer, counts: [Int], as: T.Type) -> UnsafePointer<T> {
        let total = counts.reduce(0, +)
        scratch.reserve(total)
        processes.allGather(
            UnsafeRawBufferPointer(start: local, count: counts[processes.rank]), counts: counts,
            into: UnsafeMutableRawBufferPointer(start: scratch.pointer, count: total))
        return UnsafePointer(scratch.pointer.assumingMemoryBound(to: T.self))
    }
}

/// A growable, 16-byte-aligned byte buffer for gathered partials.
final class ExchangeScratch: @unchecked Sendable {
    private(set) var pointer = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
    private var capacity = 16

    func reserve(_ bytes: Int) {
        guard bytes > capacity else { return }
        pointer.deallocate()
        pointer = .allocate(byteCount: bytes, alignment: 16)
        capacity = bytes
    }

    deinit { pointer.deallocate() }
}

extension PassContext {
    /// Samples in the whole batch of a pass over `batchSize` local samples (more when the batch is shared).
    func wholeBatchSize(_ batchSize: Int) -> Int { sharing?.batchSize ?? batchSize }

    /// The index within the whole batch of this pass's sample 0.
    var firstSample: Int { sharing?.firstSample ?? 0 }

    /// The partials of every group of the whole batch, in group order: `local` itself (the groups of
    /// `batchSize` samples) for a batch of its own, else gathered from every process.
    func allGroups<T: BitwiseCopyable>(_ local: UnsafePointer<T>, stride: Int, batchSize: Int) -> (
        pointer: UnsafePointer<T>, groups: Int
    ) {
        guard let sharing else { return (local, BatchPartition.groupCount(batchSize)) }
        return sharing.allGroups(local, stride: stride)
    }
}
