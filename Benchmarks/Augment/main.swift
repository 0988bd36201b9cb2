// AugmentBenchmark: images/s of the classic policy on the images peers.py augment uses, printed as JSON lines
// in peers.py's format. Run next to the peer (see Benchmarks/RESULTS-augment.md):
//   /tmp/fovea-peers/bin/python Benchmarks/Augment/dump_images.py
//   swift run -c release AugmentBenchmark [--threads 1,2]
//   swift run -c release AugmentBenchmark photometric [--threads 1,2]   (colour ops; Photometric.swift)
import BenchmarkSupport
import FoveaAugment
import FoveaCore
import Foundation

/// Reads a raw interleaved UInt8 image written by dump_images.py.
func load(size: Int, channels: Int) -> Image<UInt8> {
    let path = "/tmp/fovea-augment-\(size)x\(size)x\(channels).raw"
    guard let data = FileManager.default.contents(atPath: path), data.count == size * size * channels,
        let layout = ChannelLayout(channelCount: channels),
        let image = try? Image<UInt8>(width: size, height: size, layout: layout, samples: [UInt8](data))
    else {
        FileHandle.standardError.write(Data("missing \(path): run Benchmarks/Augment/dump_images.py first\n".utf8))
        exit(1)
    }
    return image
}

/// Seconds taken by `body`: the best of `runs` runs after one warm-up (the machine is shared, so the minimum
/// is the figure least disturbed by other processes).
func time(runs: Int = 5, _ body: () -> Void) -> Double { timedRuns(runs, warmups: 1, statistic: .best, body) }

/// CPU seconds used by the calling thread (steadier than wall time on a loaded machine; single-thread runs only).
func threadCPUSeconds() -> Double { BenchmarkClock.threadCPU.now }

func emit(_ tool: String, _ op: String, threads: Int, _ value: Double) {
    printFigure(area: "augment", tool: tool, op: op, threads: threads, value: value, decimals: 0, unit: "images/s")
}

let threadCounts = argument("--threads").map { $0.split(separator: ",").compactMap { Int($0) } } ?? [1, 2]

if CommandLine.arguments.contains("photometric") {
    runPhotometric(image: load(size: 224, channels: 3), threadCounts: threadCounts)
    exit(0)
}

let policy = AugmentationPolicy.classic
for (size, channels, count) in [(224, 3, 2000), (28, 1, 20000)] {
    let image = load(size: size, channels: channels)
    let op = "classic-\(size)x\(size)x\(channels)"
    // Parameters drawn up front, so "warp only" times the same work as the peer's warpAffine loop.
    let parameters = (0..<count).map { i in
        var rng = RandomStream(seed: 0, 0, UInt64(i))
        return policy.sample(width: size, height: size, using: &rng)
    }
    var sink = [UInt8](repeating: 0, count: count)
    for threads in threadCounts {
        sink.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer.nonEmptyBaseAddress)
            let warp = time {
                Parallel.forEachChunk(of: count, threads: threads) { range in
                    for i in range { out.value[i] = parameters[i].apply(to: image).samples[size * size / 2] }
                }
            }
            emit("fovea-warp", op, threads: threads, Double(count) / warp)
            if threads == 1 {
                let start = threadCPUSeconds()
                for i in 0..<count { out.value[i] = parameters[i].apply(to: image).samples[size * size / 2] }
                let cpu = Int((Double(count) / (threadCPUSeconds() - start)).rounded())
                FileHandle.standardError.write(Data("\(op) warp, 1 thread: \(cpu) images per CPU-second\n".utf8))
                let start2 = threadCPUSeconds()
                for i in 0..<count {
                    out.value[i] = policy.augment(image, seed: 0, epoch: 0, index: i).samples[size * size / 2]
                }
                let cpu2 = Int((Double(count) / (threadCPUSeconds() - start2)).rounded())
                FileHandle.standardError.write(
                    Data("\(op) sample+warp, 1 thread: \(cpu2) images per CPU-second\n".utf8))
            }
            let full = time {
                Parallel.forEachChunk(of: count, threads: threads) { range in
                    for i in range {
                        out.value[i] = policy.augment(image, seed: 0, epoch: 0, index: i).samples[size * size / 2]
                    }
                }
            }
            emit("fovea-sample+warp", op, threads: threads, Double(count) / full)
        }
    }
    FileHandle.standardError.write(Data("checksum \(sink.reduce(0) { $0 &+ Int($1) })\n".utf8))
}

// Other paths, Fovea only, single thread (CPU time): Float samples, bicubic, nearest.
if CommandLine.arguments.contains("--other-paths") {
    for (size, channels, count) in [(224, 3, 500), (28, 1, 20000)] {
        let bytes = load(size: size, channels: channels)
        let floats = bytes.converted(to: Float.self)
        for (name, interpolation) in [
            ("bilinear", Interpolation.bilinear), ("bicubic", .bicubic), ("nearest", .nearest),
        ] {
            var variant = policy
            variant.interpolation = interpolation
            let parameters = (0..<count).map { i in
                var rng = RandomStream(seed: 0, 0, UInt64(i))
                return variant.sample(width: size, height: size, using: &rng)
            }
            var sum: Float = 0
            var start = threadCPUSeconds()
            for p in parameters { sum += Float(p.apply(to: bytes).samples[size * size / 2]) }
            let u8 = Double(count) / (threadCPUSeconds() - start)
            start = threadCPUSeconds()
            for p in parameters { sum += p.apply(to: floats).samples[size * size / 2] }
            let f32 = Double(count) / (threadCPUSeconds() - start)
            print(
                "\(size)x\(size)x\(channels) \(name): UInt8 \(Int(u8)), Float \(Int(f32)) images per CPU-second (\(sum > 0))"
            )
        }
    }
}
