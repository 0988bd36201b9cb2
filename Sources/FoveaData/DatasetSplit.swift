/// A division of a dataset's sample indices into training and validation parts.
public struct DatasetSplit: Sendable, Hashable, Codable {
    /// Indices of the training samples, ascending.
    public var training: [Int]
    /// Indices of the validation samples, ascending.
    public var validation: [Int]

    /// A stratified, seeded split: each class gives `round(fraction × its count)` samples to validation,
    /// chosen by a seeded Fisher–Yates shuffle of that class's indices.
    ///
    /// Class *k*'s shuffle draws from `RandomStream(seed: seed, 0x5350_4C49_54, k)`, so the split depends
    /// only on the seed and the labels. A fraction of 0 puts everything in training.
    ///
    /// - Throws: ``DataError/invalidValidationFraction(_:)`` unless `0 ≤ fraction < 1` and at least one
    ///   training sample remains.
    public static func stratified(labels: [Int], validationFraction fraction: Double, seed: UInt64) throws
        -> DatasetSplit
    {
        guard fraction >= 0, fraction < 1 else { throw DataError.invalidValidationFraction(fraction) }
        var byClass: [Int: [Int]] = [:]
        for (index, label) in labels.enumerated() { byClass[label, default: []].append(index) }
        var training: [Int] = []
        var validation: [Int] = []
        for label in byClass.keys.sorted() {
            guard var members = byClass[label] else { continue }
            var rng = RandomStream(seed: seed, 0x5350_4C49_54, UInt64(bitPattern: Int64(label)))
            members.shuffleDeterministically(using: &rng)
            let take = Int((fraction * Double(members.count)).rounded())
            validation.append(contentsOf: members[..<take])
            training.append(contentsOf: members[take...])
        }
        guard !training.isEmpty else { throw DataError.invalidValidationFraction(fraction) }
        return DatasetSplit(training: training.sorted(), validation: validation.sorted())
    }
}

/// The order a loader visits samples in.
public enum EpochOrder {
    /// The indices `0..<count` in the order epoch `epoch` visits them: a Fisher–Yates shuffle drawn from
    /// `RandomStream(seed: seed, 0x5348_5546, epoch)`, so every epoch has its own order and it depends only
    /// on (seed, epoch).
    public static func shuffled(count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var order = Array(0..<count)
        var rng = RandomStream(seed: seed, 0x5348_5546, UInt64(epoch))
        order.shuffleDeterministically(using: &rng)
        return order
    }
}

extension Array {
    /// Fisher–Yates shuffle whose result depends only on the generator's output (element `i` from the end is
    /// swapped with a uniform index in `0...i`, drawn by rejection so there is no modulo bias).
    mutating func shuffleDeterministically(using rng: inout RandomStream) {
        guard count > 1 else { return }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let bound = UInt64(i + 1)
            let limit = UInt64.max - UInt64.max % bound
            var draw = rng.next()
            while draw >= limit { draw = rng.next() }
            swapAt(i, Int(draw % bound))
        }
    }
}
