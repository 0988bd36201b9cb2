import ArgumentParser
import Foundation
import FoveaDistributed
import FoveaTraining

/// `mpirun -n R fovea train …`: one model trained by R processes, each loading, augmenting and computing its
/// share of every batch (FoveaNN's `BatchShare`), the model file bit-identical to a plain `fovea train`.
///
/// Rank 0 alone writes checkpoints, metrics and the plot and prints progress; the other ranks print only errors
/// of their own. A stop that every rank agreed on (Ctrl-C, a non-finite loss, another rank's failure) ends each
/// rank through `MPI_Finalize`; any other error ends the failing rank at once, and mpirun then ends the rest.
enum DataParallel {
    /// The MPI world when an MPI launcher started this process (MPI is initialised then), else `nil`.
    /// - Throws: `MPIError` when Open MPI cannot be loaded or started.
    static func join() throws -> MPIProcessGroup? {
        guard MPIProcessGroup.isLaunchedByMPI(environment: ProcessInfo.processInfo.environment) else { return nil }
        let group = try MPIProcessGroup.world()
        Terminal.isQuiet = group.rank != 0
        return group
    }

    /// Runs `body` on every rank of `group` (or alone without one), then finalises MPI when the ranks ended
    /// together.
    static func run(_ group: MPIProcessGroup?, _ body: () throws -> Void) throws {
        guard let group else { return try body() }
        do {
            try body()
            group.finalize()
        } catch let error as PeerStopped {
            group.finalize()
            if group.rank == 0 { throw error }
            throw ExitCode.failure  // the failing rank printed why
        } catch let error as ExitCode {  // Ctrl-C, agreed on by every rank
            group.finalize()
            throw error
        } catch let error as TrainingCommandError {
            if case .diverged = error {  // the loss is the whole batch's: every rank saw it at the same step
                group.finalize()
                if group.rank != 0 { throw ExitCode.failure }
            }
            throw error
        }
    }

    /// Refuses (exit 64) a run whose largest exchange — a layer's gradient partials of every group of a batch —
    /// exceeds what one MPI call can move.
    static func checkExchangeSize(_ session: TrainingSession) throws {
        let groups = (session.options.batchSize + BatchShare.groupSize - 1) / BatchShare.groupSize
        let largestLayer =
            session.model.layers.map { layer in
                layer.parameters.filter { $0.role == .trainable }.reduce(0) { $0 + $1.count }
            }.max() ?? 0
        let bytes = groups * largestLayer * MemoryLayout<Float>.stride
        guard bytes > MPIProcessGroup.maximumGatherBytes else { return }
        throw ValidationError(
            "under MPI every rank gathers each layer's gradient for all \(groups) groups of 8 samples of a batch: "
                + "\(describeBytes(bytes)) for the largest layer of \(session.options.architecture), more than one MPI "
                + "call carries (2 GiB); lower --batch-size to at most \(max(1, MPIProcessGroup.maximumGatherBytes / (largestLayer * 4)) * 8)"
        )
    }
}
