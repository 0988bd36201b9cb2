/// A growable scratch buffer owned by a layer or an optimizer, reused across training steps.
///
/// A class because its storage is shared mutable state: layers write it from several threads, each thread on
/// a disjoint range chosen by the fixed batch partition (see `BatchPartition`).
final class Buffer<Element: ExpressibleByIntegerLiteral & BitwiseCopyable>: @unchecked Sendable {
    /// The first element; valid for `count` elements until the buffer is deallocated.
    private(set) var pointer: UnsafeMutablePointer<Element>
    /// The number of elements.
    private(set) var count: Int

    /// Allocates `count` zeros.
    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: Swift.max(1, count))
        pointer.initialize(repeating: 0, count: Swift.max(1, count))
    }

    /// Makes room for at least `count` elements; the content is unspecified after growing.
    func reserve(_ needed: Int) {
        guard needed > count else { return }
        pointer.deallocate()
        pointer = .allocate(capacity: needed)
        pointer.initialize(repeating: 0, count: needed)
        count = needed
    }

    /// Sets every element to zero.
    func zero() { pointer.update(repeating: 0, count: count) }

    /// A copy of the first `count` elements.
    func array(count: Int? = nil) -> [Element] {
        Array(UnsafeBufferPointer(start: pointer, count: count ?? self.count))
    }

    deinit { pointer.deallocate() }
}

/// A Float32 scratch buffer.
typealias FloatBuffer = Buffer<Float>

/// A learnable tensor of a layer (a weight or a bias), or a state tensor (BatchNorm running statistics).
///
/// Holds the current value and the gradient of the last backward pass, both flat in row-major order of
/// `shape`. Trainable, unfrozen parameters are what optimizers update; state tensors are saved in
/// checkpoints but never receive gradients.
public final class Parameter: @unchecked Sendable {
    /// Whether an optimizer updates a tensor.
    public enum Role: String, Sendable, Codable {
        /// Learned by gradient descent (weights, biases, BatchNorm scale and shift, PReLU slopes).
        case trainable
        /// Tracked state saved with the model but not learned (BatchNorm running mean and variance).
        case state
    }

    /// The dotted path of the tensor in the model, for example `conv1.weight` or `res2.main.bn1.gamma`.
    public internal(set) var name: String
    /// The tensor's shape, for example `[outputChannels, inputChannels / groups, kernelHeight, kernelWidth]`.
    public let shape: [Int]
    /// Whether optimizers update this tensor.
    public let role: Role
    /// When `true`, optimizers leave the tensor unchanged (fine-tuning with frozen layers).
    public var isFrozen = false
    /// Current value.
    let value: FloatBuffer
    /// Gradient of the loss with respect to the value, from the last backward pass.
    let gradient: FloatBuffer

    /// Creates a zero-filled tensor.
    init(name: String, shape: [Int], role: Role = .trainable) {
        self.name = name
        self.shape = shape
        self.role = role
        let count = shape.reduce(1, *)
        value = FloatBuffer(count: count)
        gradient = FloatBuffer(count: role == .trainable ? count : 0)
    }

    /// The number of elements.
    public var count: Int { value.count }

    /// The current value as a tensor of `shape` (a copy).
    public var tensor: Tensor { Tensor(uncheckedShape: shape, scalars: value.array()) }

    /// The gradient of the last backward pass as a tensor of `shape` (a copy; zeros for state tensors).
    public var gradientTensor: Tensor {
        role == .trainable ? Tensor(uncheckedShape: shape, scalars: gradient.array()) : Tensor(shape: shape)
    }

    /// Replaces the value.
    ///
    /// - Throws: `NNError.elementCountMismatch` when `scalars` does not hold `count` elements.
    public func setValues(_ scalars: [Float]) throws {
        guard scalars.count == count else {
            throw NNError.elementCountMismatch(shape: shape, expected: count, actual: scalars.count)
        }
        scalars.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { value.pointer.update(from: base, count: count) }
        }
    }
}

/// The fixed partition of a batch into groups of `BatchPartition.groupSize` consecutive samples.
///
/// Threads receive whole groups; any sum over the batch (weight gradients, BatchNorm statistics, the loss) is
/// computed as one partial per group and the partials are added in group order. The partition depends only on
/// the batch size, so results are bit-identical for every thread count.
enum BatchPartition {
    /// Samples per group.
    static let groupSize = 8

    /// The number of groups for a batch of `batchSize` samples.
    @inline(__always)
    static func groupCount(_ batchSize: Int) -> Int { (batchSize + groupSize - 1) / groupSize }

    /// The samples of group `group`.
    @inline(__always)
    static func samples(ofGroup group: Int, batchSize: Int) -> Range<Int> {
        group * groupSize..<Swift.min(batchSize, (group + 1) * groupSize)
    }

    /// Work below this many units (floats touched or multiply-adds) per chunk is not worth waking a thread.
    /// Tests set it to 1 to drive every layer through its multi-threaded path.
    nonisolated(unsafe) static var minimumParallelWork = 32_768

    /// Runs `body(group, samples)` for every group, spread over up to `threads` threads.
    ///
    /// `workPerSample` (floats touched or multiply-adds per sample) keeps small layers on fewer threads: every
    /// parallel region is a barrier, costly on a busy machine. Results never depend on the chunking, which
    /// only decides which thread runs which whole groups.
    @inline(__always)
    static func forEachGroup(batchSize: Int, threads: Int, workPerSample: Int = .max, _ body: (Int, Range<Int>) -> Void)
    {
        let groupWork = Swift.max(1, workPerSample.multipliedReportingOverflow(by: groupSize).partialValue)
        let minimumGroups = workPerSample == .max ? 1 : Swift.max(1, minimumParallelWork / groupWork)
        Parallel.forEachChunk(of: groupCount(batchSize), threads: threads, minimumChunk: minimumGroups) { groups in
            for group in groups { body(group, samples(ofGroup: group, batchSize: batchSize)) }
        }
    }

    /// Writes `destination[i] = Σ_g partials[g·stride + i]` for `i < count`, adding groups in index order.
    static func sumPartials(
        _ partials: UnsafePointer<Float>, groups: Int, stride: Int, count: Int,
        into destination: UnsafeMutablePointer<Float>, threads: Int
    ) {
        let source = UncheckedSendable(partials)
        let target = UncheckedSendable(destination)
        Parallel.forEachChunk(of: count, threads: threads, minimumChunk: 16_384) { range in
            let p = source.value
            let d = target.value
            for i in range { d[i] = p[i] }
            var g = 1
            while g < groups {
                let row = p + g * stride
                for i in range { d[i] += row[i] }
                g += 1
            }
        }
    }
}
