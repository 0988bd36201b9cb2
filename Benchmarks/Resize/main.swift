// ResizeBenchmark: images/s of FoveaImage's resizer on the images peers.py resize uses, printed as JSON lines in
// peers.py's format, with the same op names where the work is the same. Run next to the peer (Benchmarks/run.sh
// resize; figures in Benchmarks/RESULTS-resize.md):
//   /tmp/fovea-peers/bin/python Benchmarks/Resize/dump_images.py
//   swift run -c release ResizeBenchmark [--threads 1,2] [--only SUBSTRING-OF-OP] [--runs 20]
import BenchmarkSupport
import FoveaImage
import Foundation

/// Reads a raw interleaved RGB UInt8 image written by dump_images.py.
func load(size: Int) -> Image<UInt8> {
    let path = "/tmp/fovea-resize-\(size)x\(size)x3.raw"
    guard let data = FileManager.default.contents(atPath: path), data.count == size * size * 3,
        let image = try? Image<UInt8>(width: size, height: size, layout: .rgb, samples: [UInt8](data))
    else {
        FileHandle.standardError.write(Data("missing \(path): run Benchmarks/Resize/dump_images.py first\n".utf8))
        exit(1)
    }
    return image
}

/// Median seconds of `runs` runs after two warm-ups (as peers.py's `bench`).
func median(runs: Int = Int(argument("--runs") ?? "") ?? 20, _ body: () -> Void) -> Double {
    timedRuns(runs, warmups: 2, body)
}

let threadCounts = argument("--threads")?.split(separator: ",").compactMap { Int($0) } ?? [1, 2]
let big = load(size: 1024)
let small = load(size: 224)
let cases: [(op: String, image: Image<UInt8>, size: Int, filter: ResampleFilter, antialias: Bool)] = [
    ("resize-1024-224-bilinear", big, 224, .bilinear, true),
    ("resize-1024-224-bicubic", big, 224, .bicubic, true),
    ("resize-224-512-bicubic", small, 512, .bicubic, true),
    ("resize-1024-224-linear-noaa", big, 224, .bilinear, false),
    ("resize-1024-224-area", big, 224, .area, false),
    ("resize-224-512-bicubic-noaa", small, 512, .bicubic, false),
]
var checksum = 0
for threads in threadCounts {
    for c in cases where argument("--only").map({ c.op.contains($0) }) ?? true {
        let seconds = median {
            let out = try? c.image.resized(
                width: c.size, height: c.size, filter: c.filter, antialias: c.antialias, threads: threads)
            checksum &+= Int(out?.samples[0] ?? 0)
        }
        printFigure(area: "resize", op: c.op, threads: threads, value: 1 / seconds, decimals: 0, unit: "images/s")
    }
}
if checksum == -1 { print(checksum) }  // keeps the results observable
