import Dispatch
import Foundation
import FoveaTraining

/// Ctrl-C (SIGINT) handling for long commands: the first interrupt raises a ``CancellationFlag`` so the job
/// stops at its next safe point (training: between batches, never inside a checkpoint write); a second one
/// exits at once with status 130.
enum Interruption {
    /// The exit status of a command stopped by SIGINT (128 + 2, as shells report it).
    static let exitStatus: Int32 = 130

    /// Installs the handler and returns the flag it raises. Keep the returned source alive while the job runs.
    static func install() -> (flag: CancellationFlag, source: any DispatchSourceSignal) {
        let flag = CancellationFlag()
        signal(SIGINT, SIG_IGN)  // delivered to the dispatch source instead
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if flag.isRaised {
                FileHandle.standardError.write(Data("\ninterrupted again: exiting now\n".utf8))
                _exit(exitStatus)
            }
            flag.raise()
            FileHandle.standardError.write(
                Data("\ninterrupt: stopping after the current batch (Ctrl-C again to quit at once)\n".utf8))
        }
        source.resume()
        return (flag, source)
    }

    /// For commands that write nothing (or write only at their end, atomically): Ctrl-C exits at once with
    /// status 130, as a shell expects, instead of the default signal death.
    static func exitOnInterrupt() {
        signal(SIGINT) { _ in _exit(Interruption.exitStatus) }
    }
}
