import Foundation

/// The samples of a dataset that cannot be read, found by decoding every sample once.
///
/// The check decodes on `threads` threads, each a contiguous index range, and reports failures in index
/// order, so the result is the same for any thread count.
public struct SampleCheck: Sendable {
    /// One sample that could not be read.
    public struct Failure: Sendable, Equatable {
        /// Its index in the dataset.
        public let index: Int
        /// Where it comes from (a file path, or `file[index]`).
        public let source: String
        /// Why it could not be read (the decoder's message).
        public let reason: String
    }

    /// Every unreadable sample, by increasing index.
    public let failures: [Failure]

    /// Decodes every sample of `dataset` once on up to `threads` threads.
    public init(_ dataset: any Dataset, threads: Int) {
        let count = dataset.count
        var reasons = [String?](repeating: nil, count: count)
        reasons.withUnsafeMutableBufferPointer { buffer in
            let slots = UncheckedSendable(buffer)
            Parallel.forEachChunk(of: count, threads: threads, minimumChunk: 16) { range in
                for index in range {
                    do { _ = try dataset.image(at: index) } catch {
                        if case .unreadableImage(_, let reason) = error as? DataError {
                            slots.value[index] = reason
                        } else {
                            slots.value[index] = "\(error)"
                        }
                    }
                }
            }
        }
        failures = reasons.enumerated().compactMap { index, reason in
            reason.map { Failure(index: index, source: dataset.sourceDescription(at: index), reason: $0) }
        }
    }

    /// The dataset without the unreadable samples (the dataset itself when every sample is readable).
    public func readable(_ dataset: any Dataset) -> any Dataset {
        guard !failures.isEmpty else { return dataset }
        let bad = Set(failures.map(\.index))
        return DatasetSubset(dataset, indices: (0..<dataset.count).filter { !bad.contains($0) })
    }
}
