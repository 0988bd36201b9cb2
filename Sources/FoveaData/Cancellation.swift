import Foundation

/// A flag that another thread (a signal handler, a user interface) raises to ask a long job to stop at its
/// next safe point. Training checks it between batches: a checkpoint being written is always finished first.
public final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false

    /// A flag that is not raised.
    public init() {}

    /// Whether ``raise()`` has been called.
    public var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }

    /// Asks the job to stop. Safe to call from any thread, any number of times.
    public func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }
}
