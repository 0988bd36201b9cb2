/// The processes of a data-parallel training run, seen as a transport of byte blocks.
///
/// FoveaDistributed implements it over MPI (`MPIProcessGroup`); tests implement it with threads. Every call is
/// collective: each process of the group makes the same calls in the same order, with the same `counts`.
/// The transport only moves bytes — it never adds numbers — so the arithmetic of a data-parallel step stays
/// the single-process arithmetic whatever the transport's reduction order would have been (see ``BatchShare``).
public protocol ProcessGroup: AnyObject, Sendable {
    /// This process's index, `0 ..< size` (MPI's rank).
    var rank: Int { get }
    /// The number of processes (at least 1).
    var size: Int { get }
    /// Gathers one block of bytes from every process into every process.
    ///
    /// On return `all` holds the blocks of processes 0, 1, …, `size − 1`, one after another. `counts[p]` is
    /// process p's block length in bytes (the same array on every process); `local.count == counts[rank]` and
    /// `all.count == counts.reduce(0, +)`. A block may be empty.
    func allGather(_ local: UnsafeRawBufferPointer, counts: [Int], into all: UnsafeMutableRawBufferPointer)
}

extension ProcessGroup {
    /// Every process's `value`, indexed by rank (collective).
    public func allGather(_ value: Int) -> [Int] {
        var local = Int64(value)
        var all = [Int64](repeating: 0, count: size)
        withUnsafeBytes(of: &local) { source in
            all.withUnsafeMutableBytes { destination in
                allGather(source, counts: Array(repeating: 8, count: size), into: destination)
            }
        }
        return all.map { Int($0) }
    }

    /// Process `root`'s bytes, on every process (collective; the other processes' `bytes` are ignored).
    public func broadcast(_ bytes: [UInt8], from root: Int = 0) -> [UInt8] {
        let lengths = allGather(rank == root ? bytes.count : 0)
        var counts = [Int](repeating: 0, count: size)
        counts[root] = lengths[root]
        var result = [UInt8](repeating: 0, count: lengths[root])
        let sent = rank == root ? bytes : []
        sent.withUnsafeBytes { source in
            result.withUnsafeMutableBytes { destination in allGather(source, counts: counts, into: destination) }
        }
        return result
    }
}
