import Foundation
import Synchronization

/// A fixed set of threads, created on first use and kept for the life of the process, that run the chunks of
/// one ``Parallel/forEachChunk(of:threads:minimumChunk:_:)`` call at a time.
///
/// Why: a 1024² filter takes 0.1–0.5 ms, and waking a sleeping thread on a virtual machine (futex plus an
/// inter-processor interrupt to a halted vCPU) costs tens of microseconds, paid on every call by
/// `DispatchQueue.concurrentPerform`. Workers here spin for ``spinSeconds`` after each job before they
/// sleep, so back-to-back calls (a pipeline, a benchmark) find them awake.
///
/// Protocol, per worker, one atomic state: the caller writes the job, then sets every worker to *posted*;
/// a worker that sees *posted* moves it to *running* (compare-exchange), claims chunk indices from a shared
/// counter until none is left, and sets *idle*. After its own chunks the caller waits until every chunk has
/// finished, takes back (*posted* → *idle*) the workers that never started, and waits for the running ones
/// to reach *idle*; only then may the next job be written. Which thread runs a chunk varies; the chunk
/// boundaries do not, so results are the same for any thread count.
@available(macOS 15.0, *)
final class WorkerPool: @unchecked Sendable {
    /// The pool every ``Parallel`` call uses: one worker fewer than the active processors (the caller is the
    /// last one).
    static let shared = WorkerPool(workers: Parallel.defaultThreadCount - 1)

    /// How long an idle worker keeps polling for the next job before it sleeps.
    static let spinSeconds = 0.000_5

    private final class Worker: Sendable {
        static let idle = 0, posted = 1, running = 2
        let state = Atomic<Int>(Worker.idle)
    }

    private let workers: [Worker]
    /// Held by the one caller whose job is in the pool; others fall back (see ``run(chunks:_:)``).
    private let entry = NSLock()
    private let sleep = NSCondition()
    /// Workers blocked on `sleep` (guarded by `sleep`).
    private var sleepers = 0
    private var started = false
    // The current job: written by the caller only while every worker is idle.
    private var job: ((Int) -> Void)?
    private var chunks = 0
    private let nextChunk = Atomic<Int>(0)
    private let finishedChunks = Atomic<Int>(0)

    init(workers count: Int) {
        workers = (0..<Swift.max(0, count)).map { _ in Worker() }
    }

    /// Runs `chunk(0) … chunk(chunks − 1)` on the pool and the calling thread, returning when all have
    /// finished; returns `false` without running anything if the pool is busy or has no workers.
    func run(chunks count: Int, _ chunk: (Int) -> Void) -> Bool {
        guard !workers.isEmpty, entry.try() else { return false }
        defer { entry.unlock() }
        startThreadsIfNeeded()
        withoutActuallyEscaping(chunk) { chunk in
            job = chunk
            chunks = count
            nextChunk.store(0, ordering: .relaxed)
            finishedChunks.store(0, ordering: .relaxed)
            let helpers = Swift.min(workers.count, count - 1)
            for w in workers.prefix(helpers) { w.state.store(Worker.posted, ordering: .releasing) }
            sleep.lock()
            if sleepers > 0 { sleep.broadcast() }
            sleep.unlock()
            runChunks()
            var polls = 0
            while finishedChunks.load(ordering: .acquiring) < count {
                polls += 1
                if polls & 1023 == 0 { sched_yield() }  // a preempted worker holds a chunk: let it run
            }
            for w in workers.prefix(helpers) {
                if w.state.compareExchange(expected: Worker.posted, desired: Worker.idle, ordering: .acquiring).exchanged {
                    continue
                }
                while w.state.load(ordering: .acquiring) != Worker.idle { sched_yield() }
            }
            job = nil
        }
        return true
    }

    /// Claims and runs chunks of the current job until none is left.
    private func runChunks() {
        guard let job else { return }
        while true {
            let index = nextChunk.add(1, ordering: .relaxed).oldValue
            guard index < chunks else { return }
            job(index)
            finishedChunks.add(1, ordering: .releasing)
        }
    }

    private func startThreadsIfNeeded() {
        guard !started else { return }
        started = true
        for w in workers {
            let thread = Thread { [self] in self.serve(w) }
            thread.name = "fovea-worker"
            thread.start()
        }
    }

    private func serve(_ worker: Worker) {
        while true {
            waitForPost(worker)
            guard
                worker.state.compareExchange(expected: Worker.posted, desired: Worker.running, ordering: .acquiring)
                    .exchanged
            else { continue }
            runChunks()
            worker.state.store(Worker.idle, ordering: .releasing)
        }
    }

    /// Returns once `worker` has been posted: polls for ``spinSeconds``, then sleeps on the condition.
    private func waitForPost(_ worker: Worker) {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(Self.spinSeconds * 1e9)
        var polls = 0
        while worker.state.load(ordering: .acquiring) != Worker.posted {
            polls += 1
            if polls & 255 == 0 && DispatchTime.now().uptimeNanoseconds > deadline {
                sleep.lock()
                sleepers += 1
                while worker.state.load(ordering: .acquiring) != Worker.posted { sleep.wait() }
                sleepers -= 1
                sleep.unlock()
                return
            }
        }
    }
}
