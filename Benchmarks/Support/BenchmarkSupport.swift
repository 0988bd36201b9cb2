// What every benchmark executable under Benchmarks/ shares: the clocks, the timed-runs loop with its median (or
// best) figure, command-line lookup, and the JSON line each figure is printed as (the format of
// ../shared/bench/peers.py, which Benchmarks/table.py and ratios.py read).
import Foundation

/// Which clock a figure is taken on.
public enum BenchmarkClock: Sendable {
    /// Wall time (`CLOCK_MONOTONIC`), as peers.py measures; what the published tables use.
    case wall
    /// CPU time of the calling thread: steadier than wall time on a shared machine, meaningful for 1 thread only.
    case threadCPU
    /// CPU time of the whole process, every thread.
    case processCPU

    /// The clock's reading now, in seconds.
    public var now: Double {
        var time = timespec()
        switch self {
        case .wall: clock_gettime(CLOCK_MONOTONIC, &time)
        case .threadCPU: clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        case .processCPU: clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        }
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

/// Which of several timed runs is the figure.
public enum RunStatistic: Sendable {
    /// The median run, as peers.py's `bench` reports.
    case median
    /// The fastest run: the one least disturbed by other processes on a shared machine.
    case best
}

/// Seconds one run of `body` takes on `clock`.
public func seconds(on clock: BenchmarkClock = .wall, _ body: () throws -> Void) rethrows -> Double {
    let start = clock.now
    try body()
    return clock.now - start
}

/// Seconds per run of `body`: `warmups` untimed runs, then the `statistic` of `runs` timed ones on `clock`.
public func timedRuns(
    _ runs: Int, warmups: Int, statistic: RunStatistic = .median, on clock: BenchmarkClock = .wall,
    _ body: () throws -> Void
) rethrows -> Double {
    precondition(runs > 0, "timedRuns needs at least one timed run, got \(runs)")
    for _ in 0..<warmups { try body() }
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(on: clock, body)) }
    switch statistic {
    case .median: return median(times)
    case .best: return times.min() ?? 0
    }
}

/// The middle value of `values` (the upper middle for an even count), as peers.py takes it.
public func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty, "median of no values")
    return values.sorted()[values.count / 2]
}

/// The word after `name` on the command line (`--threads 1,2` → `"1,2"`), or nil.
public func argument(_ name: String) -> String? {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[i + 1]
}

/// Prints one figure as a JSON line in peers.py's format and flushes, so a pipe sees it at once:
/// `{"area": …, "tool": …, "op": …, ["workers": …,] ["threads": …,] "value": …, "unit": …}`, the value with
/// `decimals` digits after the point.
public func printFigure(
    area: String, tool: String = "fovea", op: String, workers: Int? = nil, threads: Int?, value: Double,
    decimals: Int, unit: String
) {
    var fields = [#""area": "\#(area)""#, #""tool": "\#(tool)""#, #""op": "\#(op)""#]
    if let workers { fields.append(#""workers": \#(workers)"#) }
    if let threads { fields.append(#""threads": \#(threads)"#) }
    let figure = String(format: "%.\(decimals)f", value)
    fields.append(#""value": \#(figure)"#)
    fields.append(#""unit": "\#(unit)""#)
    print("{" + fields.joined(separator: ", ") + "}")
    fflush(nil)
}
