// Codec throughput: PNG and JPEG decode and encode of 1024×1024 RGB and gray images, megapixels per second,
// on the files `peers.py codecs` times (written by make_images.py). Not a test: run it in release mode,
// next to the peer, on a quiet machine.
//
//   swift build -c release --product CodecsBenchmark
//   /tmp/fovea-peers/bin/python Benchmarks/Codecs/make_images.py
//   .build/release/CodecsBenchmark [DIR] [--threads N] [--only OP-PREFIX] [--cpu-time]
//
// --cpu-time times with the thread's CPU clock instead of the wall clock (1 thread only), which other agents'
// load disturbs far less; Benchmarks/Codecs/pillow_cpu.py measures Pillow the same way.
import BenchmarkSupport
import Foundation
import FoveaCodecs

/// Seconds on a clock: wall time, or with `--cpu-time` this thread's CPU time (robust on a shared machine).
nonisolated(unsafe) var useCPUTime = false

/// Median seconds of `runs` timed calls after `warmup` untimed ones.
func median(runs: Int = 7, warmup: Int = 2, _ body: () throws -> Void) rethrows -> Double {
    try timedRuns(runs, warmups: warmup, on: useCPUTime ? .threadCPU : .wall, body)
}

/// The first error thrown by any worker thread.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var error: (any Error)?
    func record(_ error: any Error) {
        lock.lock()
        if self.error == nil { self.error = error }
        lock.unlock()
    }
}

/// Median wall time of `threads` threads each running `body` at once, so `threads × work / time` is the
/// aggregate throughput (each codec call itself is single-threaded).
func concurrently(threads: Int, _ body: @escaping @Sendable () throws -> Void) throws -> Double {
    try median {
        let first = FirstError()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            do { try body() } catch { first.record(error) }
        }
        if let error = first.error { throw error }
    }
}

/// Times `body` and prints one JSON line, unless `--only` excludes `op`.
func measure(
    _ op: String, megapixels: Double, threads: Int, only: String, _ body: @escaping @Sendable () throws -> Void
) throws {
    guard op.hasPrefix(only) else { return }
    precondition(!useCPUTime || threads == 1, "--cpu-time measures one thread")
    emit(op, threads: threads, megapixels: megapixels, seconds: try concurrently(threads: threads, body))
}

/// Whether `--only` can select an op of this format (so its inputs are worth preparing).
func wanted(_ format: String, only: String) -> Bool { format.hasPrefix(only) || only.hasPrefix(format) }

/// Prints the size of a file the benchmark wrote, as one JSON line.
func emitSize(_ op: String, bytes: Int) {
    printFigure(area: "codecs", op: op, threads: 1, value: Double(bytes), decimals: 0, unit: "bytes")
}

func emit(_ op: String, threads: Int, megapixels: Double, seconds: Double) {
    let value = megapixels * Double(threads) / seconds
    let unit = useCPUTime ? "MP/s (CPU time)" : "MP/s"
    printFigure(area: "codecs", op: op, threads: threads, value: value, decimals: 1, unit: unit)
}

var directory = "/tmp/fovea-bench-codecs"
var threads = 1
var only = ""
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--threads": threads = arguments.next().flatMap(Int.init) ?? 1
    case "--only": only = arguments.next() ?? ""
    case "--cpu-time": useCPUTime = true
    default: directory = argument
    }
}

do {
    for name in ["rgb", "gray"] {
        let png = try AtomicFile.read("\(directory)/\(name)-1024.png")
        let jpeg = try AtomicFile.read("\(directory)/\(name)-1024.jpg")
        let image = try PNG.decode(png)
        let megapixels = Double(image.width * image.height) / 1e6
        let pixels = image.converted(to: UInt8.self)
        try measure("png-decode-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
            _ = try PNG.decode(png)
        }
        try measure("jpeg-decode-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
            _ = try JPEG.decode(jpeg)
        }
        for compression in PNGCompression.allCases {
            let op = "png-encode-\(compression)-\(name)-1024"
            try measure(op, megapixels: megapixels, threads: threads, only: only) {
                _ = try PNG.encode(pixels, compression: compression)
            }
            if op.hasPrefix(only) { emitSize(op, bytes: try PNG.encode(pixels, compression: compression).count) }
        }
        if wanted("webp", only: only) {
            let webp = try WebP.encode(pixels, quality: 90)
            try measure("webp-decode-q90-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = try WebP.decode(webp)
            }
            try measure("webp-encode-q90-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = try WebP.encode(pixels, quality: 90)
            }
            try measure("webp-encode-lossless-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = try WebP.encode(pixels, lossless: true)
            }
        }
        if wanted("tiff", only: only) {
            let tiff = try TIFF.encode(pixels)
            try measure("tiff-decode-deflate-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = try TIFF.decode(tiff)
            }
            try measure("tiff-encode-deflate-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = try TIFF.encode(pixels)
            }
        }
        if wanted("bmp", only: only) {
            let bmp = try BMP.encode(pixels)
            try measure("bmp-decode-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = try BMP.decode(bmp)
            }
            try measure("bmp-encode-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = try BMP.encode(pixels)
            }
        }
        if wanted("npy", only: only) {
            let floats = NPYArray(AnyImage.float32(pixels.converted(to: Float.self)))
            try measure("npy-encode-f32-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
                _ = NPY.encode(floats)
            }
        }
        try measure("jpeg-encode-q90-\(name)-1024", megapixels: megapixels, threads: threads, only: only) {
            _ = try JPEG.encode(pixels, quality: 90)
        }
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\nrun Benchmarks/Codecs/make_images.py first\n".utf8))
    exit(1)
}
