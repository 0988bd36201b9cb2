/// Another process of a data-parallel run stopped with an error (it printed it); this one stopped with it, at
/// the same batch.
public struct PeerStopped: Error, Sendable, CustomStringConvertible {
    /// The rank of the first process that failed.
    public let rank: Int
    /// The 1-based epoch under way.
    public let epoch: Int

    public var description: String {
        "process \(rank) of the run stopped with an error in epoch \(epoch); every process stopped with it"
    }
}

extension ProcessGroup {
    /// Lets the processes of a run agree that all go on or all stop (collective; one small gather).
    ///
    /// Each process passes what it got — the next batch, or an error (``TrainingInterrupted`` for Ctrl-C). When
    /// every process succeeded, returns the value; otherwise every process throws at this same point: its own
    /// error if it had one, else ``PeerStopped`` when any process failed, else ``TrainingInterrupted``. So no
    /// process is left waiting in an exchange that the others will never join.
    func agree<T>(_ local: Result<T, any Error>, epoch: Int, completedEpochs: Int) throws -> T {
        let status: Int
        switch local {
        case .success: status = 0
        case .failure(let error): status = error is TrainingInterrupted ? 1 : 2
        }
        let statuses = allGather(status)
        if case .failure(let error) = local { throw error }
        guard statuses.allSatisfy({ $0 == 0 }) else {
            if let failed = statuses.firstIndex(of: 2) { throw PeerStopped(rank: failed, epoch: epoch) }
            throw TrainingInterrupted(epoch: epoch, completedEpochs: completedEpochs)
        }
        return try local.get()
    }
}
