// FiltersBenchmark: megapixels per second of FoveaFilters on the 1024×1024 gray photo the peers use.
//
//     /tmp/fovea-peers/bin/python Benchmarks/Filters/dump_astronaut.py /tmp/fovea-astronaut-1024.gray
//     swift run -c release FiltersBenchmark [/tmp/fovea-astronaut-1024.gray] [--threads 1,2] [--only NAME]
//
// Prints one JSON line per figure, like ../shared/bench/peers.py: area, tool, op, threads, value, unit.
// Each figure is the median of 7 timed runs after 2 warm-up runs (peers.py's `bench`).
import BenchmarkSupport
import CFoveaKernels
import Dispatch
import Foundation
import FoveaCore
import FoveaFilters

struct Options {
    var path = "/tmp/fovea-astronaut-1024.gray"
    var threadCounts = [1, 2]
    var only: String?
    /// Time with the calling thread's CPU clock instead of the wall clock (development aid on a busy
    /// machine; meaningful with 1 thread only). The published tables use the wall clock, like peers.py.
    var cpuClock = false
    /// Timed runs per figure (median reported); more runs help profiling.
    var runs = 7
    /// Report the fastest run instead of the median (development aid for A/B comparisons on a busy machine:
    /// interference only ever slows a run down).
    var best = false

    init(_ args: [String]) {
        var arguments = args.makeIterator()
        while let a = arguments.next() {
            switch a {
            case "--threads": threadCounts = (arguments.next() ?? "1").split(separator: ",").compactMap { Int($0) }
            case "--only": only = arguments.next()
            case "--cpu": cpuClock = true
            case "--runs": runs = Int(arguments.next() ?? "7") ?? 7
            case "--best": best = true
            default: path = a
            }
        }
    }
}
let options = Options(Array(CommandLine.arguments.dropFirst()))
let path = options.path
let threadCounts = options.threadCounts
let only = options.only
let cpuClock = options.cpuClock
let runs = options.runs
let best = options.best
guard let data = FileManager.default.contents(atPath: path), data.count == 1024 * 1024 else {
    FileHandle.standardError.write(
        Data("need \(path): 1024×1024 raw gray bytes (run Benchmarks/Filters/dump_astronaut.py)\n".utf8))
    exit(1)
}
let gray8 = Image<UInt8>.assumingValid(width: 1024, height: 1024, layout: .gray, samples: [UInt8](data))
let gray32 = Image<Float>.assumingValid(
    width: 1024, height: 1024, layout: .gray, samples: gray8.samples.map { Float($0) })
let megapixels = 1.048576

let clock: BenchmarkClock = cpuClock ? .threadCPU : .wall
func now() -> Double { clock.now }

func seconds(_ body: () -> Void) -> Double {
    timedRuns(runs, warmups: 2, statistic: best ? .best : .median, on: clock, body)
}

func emit(_ op: String, _ threads: Int, _ body: () -> Void) {
    if let only, !op.contains(only) { return }
    printFigure(area: "filters", op: op, threads: threads, value: megapixels / seconds(body), decimals: 1, unit: "MP/s")
}

/// Keeps results alive so the optimizer cannot drop the work.
nonisolated(unsafe) var sink = 0

let edge3x3 = Kernel(rows: [[1, 0, -1], [1, 0, -1], [1, 0, -1]])  // dense, as peers.py passes it to filter2D
/// Times `op` at every thread count back to back, so each row's 1- and 2-thread figures see the same machine
/// (on a shared host, memory bandwidth left by the neighbours drifts over tens of seconds, and a 2-thread figure
/// taken half a minute after its 1-thread figure measured that drift as much as the scaling).
func emitEach(_ op: String, _ body: (Int) -> Void) {
    for t in threadCounts { emit(op, t) { body(t) } }
}
func suite<S: FilterSample & PixelSample & SIMDScalar>(_ image: Image<S>, _ dt: String) {
    emitEach("gaussian-s1-7x7-\(dt)-1024") { t in sink &+= image.gaussianBlurred(sigma: 1, size: 7, threads: t).width }
    emitEach("sobel-x-\(dt)-1024") { t in
        sink &+= image.correlated(with: .sobel(dx: 1, dy: 0), threads: t, as: Float.self).width
    }
    emitEach("sobel-magnitude-\(dt)-1024") { t in sink &+= image.gradientMagnitude(threads: t).width }
    emitEach("filter2d-3x3-\(dt)-1024") { t in
        sink &+= image.correlated(with: edge3x3, threads: t, as: Float.self).width
    }
    emitEach("laplacian-\(dt)-1024") { t in sink &+= image.laplacian(size: 1, threads: t).width }
}
suite(gray8, "u8")
suite(gray32, "f32")
emitEach("median-3-u8-1024") { t in sink &+= gray8.medianFiltered(size: 3, threads: t).width }
emitEach("median-5-u8-1024") { t in sink &+= gray8.medianFiltered(size: 5, threads: t).width }
emitEach("canny-50-150-u8-1024") { t in sink &+= gray8.cannyEdges(low: 50, high: 150, threads: t).width }
// Float rows have no peer figure (peers.py times median and Canny on UInt8 only).
emitEach("median-3-f32-1024") { t in sink &+= gray32.medianFiltered(size: 3, threads: t).width }
emitEach("median-5-f32-1024") { t in sink &+= gray32.medianFiltered(size: 5, threads: t).width }
emitEach("canny-50-150-f32-1024") { t in sink &+= gray32.cannyEdges(low: 50, high: 150, threads: t).width }
// Why rows scale or not at 2 threads (diagnostics, printed with --only diagnostics or with no --only):
// - the cost of one parallel call with no work, and with two chunks of ~100 µs of arithmetic each (ideal:
//   100 µs; 200 µs means the second chunk waited for the first, i.e. no second core or a slow wake-up),
//   for Parallel.forEachChunk and for a bare DispatchQueue.concurrentPerform;
// - how fast 4 MB of Floats (a 1024² Float output) can be written at all, and copied from a 1024² Float image:
//   the ceilings for rows with Float output, and for 3×3 Float rows, in MP/s.
@Sendable func spin(_ iterations: Int) -> Int {
    var x = 1
    for i in 0..<iterations { x = x &* 6_364_136_223_846_793_005 &+ i }
    return x
}
func perCall(_ body: () -> Void) -> Double { seconds { for _ in 0..<200 { body() } } / 200 * 1e6 }
func emitDiagnostic(_ op: String, _ threads: Int, _ value: Double, _ unit: String) {
    printFigure(area: "filters", op: op, threads: threads, value: value, decimals: 1, unit: unit)
}
if only == nil || only == "diagnostics" {
    let spinFor100us: Int = {
        let start = now()
        sink &+= spin(1_000_000)
        return Int(1_000_000 * 100e-6 / Swift.max(now() - start, 1e-9))
    }()
    // The hand-off cost of one call (issue 18): two chunks of N µs of arithmetic at 1 and 2 threads, called back
    // to back and after 100 µs of serial work on the caller (as a filter's passes are). Ideal: 2N µs at 1
    // thread, N µs at 2; the excess over N at 2 threads is the hand-off, printed as "overhead".
    let pairResults = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    defer { pairResults.deallocate() }
    let pairs = UncheckedSendable(pairResults)
    for micros in [0, 20, 100, 500] {
        let work = spinFor100us * micros / 100
        for gap in [0, 100] {
            let serial = spinFor100us * gap / 100
            let label = gap == 0 ? "" : "-after-\(gap)us-serial"
            var perThreads: [Int: Double] = [:]
            for t in threadCounts {
                let total = perCall {
                    if serial > 0 { pairs.value[32] = spin(serial) }
                    Parallel.forEachChunk(of: 2, threads: t) { r in
                        for i in r { pairs.value[8 * i] = spin(work) }
                    }
                }
                perThreads[t] = total - Double(gap)
                emitDiagnostic("2-chunks-of-\(micros)us\(label)-foreachchunk", t, total, "us")
            }
            var counts = [0, 0, 0]
            fovea_pool_counts(&counts)
            print(
                "pool counts after \(micros) us\(label): seen \(counts[0]), parked \(counts[1]), backoffs \(counts[2])")
            if let two = perThreads[2] {
                emitDiagnostic(
                    "2-chunks-of-\(micros)us\(label)-overhead", 2, two - Double(micros), "us")
            }
        }
    }
    let results = UnsafeMutablePointer<Int>.allocate(capacity: 64)
    defer { results.deallocate() }
    for t in threadCounts {
        emitDiagnostic("one-chunk-of-100us-call", t, perCall { results[0] = spin(spinFor100us) }, "us")
        guard t > 1 else { continue }
        let empty = perCall { Parallel.forEachChunk(of: t, threads: t) { _ in } }
        emitDiagnostic("empty-call-foreachchunk", t, empty, "us")
        let emptyDispatch = perCall { DispatchQueue.concurrentPerform(iterations: t) { _ in } }
        emitDiagnostic("empty-call-concurrent-perform", t, emptyDispatch, "us")
        let shared = UncheckedSendable(results)
        let chunks = perCall {
            Parallel.forEachChunk(of: t, threads: t) { r in shared.value[8 * r.lowerBound] = spin(spinFor100us) }
        }
        emitDiagnostic("\(t)-chunks-of-100us-call-foreachchunk", t, chunks, "us")
        let chunksDispatch = perCall {
            DispatchQueue.concurrentPerform(iterations: t) { i in shared.value[8 * i] = spin(spinFor100us) }
        }
        emitDiagnostic("\(t)-chunks-of-100us-call-concurrent-perform", t, chunksDispatch, "us")
    }
    for t in threadCounts {
        let write = seconds {
            let out = [Float](unsafeUninitializedCapacity: 1 << 20) { buffer, initialized in
                let p = UncheckedSendable(buffer.nonEmptyBaseAddress)
                Parallel.forEachChunk(of: 1024, threads: t, minimumChunk: 8) { rows in
                    (p.value + rows.lowerBound * 1024).update(repeating: 1, count: rows.count * 1024)
                }
                initialized = 1 << 20
            }
            sink &+= out.count
        }
        emitDiagnostic("write-only-f32-1024", t, megapixels / write, "MP/s")
        // Read one 1024² Float image and write another, in row bands: the memory traffic of a 3×3 Float filter
        // without its arithmetic, i.e. the ceiling (and the 2-thread scaling) of a memory-bound row.
        let copy = seconds {
            let out = [Float](unsafeUninitializedCapacity: 1 << 20) { buffer, initialized in
                let p = UncheckedSendable(buffer.nonEmptyBaseAddress)
                gray32.withUnsafeBufferPointer { source in
                    let s = UncheckedSendable(source.nonEmptyBaseAddress)
                    Parallel.forEachChunk(of: 1024, threads: t, minimumChunk: 8) { rows in
                        (p.value + rows.lowerBound * 1024).update(
                            from: s.value + rows.lowerBound * 1024, count: rows.count * 1024)
                    }
                }
                initialized = 1 << 20
            }
            sink &+= out.count
        }
        emitDiagnostic("copy-f32-1024", t, megapixels / copy, "MP/s")
    }
}
if sink == 42 { print("") }
