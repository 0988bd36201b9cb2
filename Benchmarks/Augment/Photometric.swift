import FoveaAugment
import FoveaCore
import FoveaData
import Foundation

// `AugmentBenchmark photometric [--threads 1,2]`: images/s of each photometric op (drawn and applied, one
// image per task) on the 224×224 RGB image of peers.py, printed as peers.py photometric prints its lines.
// The rows name the peer op they stand beside: Albumentations' defaults there, the matching ranges here.

/// The rows: peers.py's op name, then the Fovea steps with the ranges Albumentations' default draws from.
let photometricRows: [(String, [AugmentationStep])] = [
    ("brightness", [AugmentationStep(.brightness(.uniform(0.8, 1.2)))]),
    ("contrast", [AugmentationStep(.contrast(.uniform(0.8, 1.2)))]),
    ("brightness-contrast", [AugmentationStep(.brightness(.uniform(0.8, 1.2))), AugmentationStep(.contrast(.uniform(0.8, 1.2)))]),
    ("saturation", [AugmentationStep(.saturation(.uniform(0.6, 1.4)))]),
    ("hue", [AugmentationStep(.hue(.uniform(-0.1, 0.1)))]),
    ("hue-saturation", [AugmentationStep(.hue(.uniform(-0.056, 0.056))), AugmentationStep(.saturation(.uniform(0.7, 1.3)))]),
    ("colorjitter", [
        AugmentationStep(.brightness(.uniform(0.6, 1.4))), AugmentationStep(.contrast(.uniform(0.6, 1.4))),
        AugmentationStep(.saturation(.uniform(0.6, 1.4))), AugmentationStep(.hue(.uniform(-0.1, 0.1))),
    ]),
    ("gamma", [AugmentationStep(.gamma(.uniform(0.8, 1.2)))]),
    ("grayscale", [AugmentationStep(.grayscale)]),
    ("gaussian-blur", [AugmentationStep(.gaussianBlur(sigma: .uniform(0.8, 1.4)))]),
    ("gauss-noise", [AugmentationStep(.gaussianNoise(standardDeviation: .uniform(0.2, 0.44)))]),
    ("jpeg-quality", [AugmentationStep(.jpegQuality(.uniform(50, 90)))]),
    ("erasing", [AugmentationStep(.erasing(RandomErasing()))]),
    ("randaugment", AugmentationPolicy.randAugment.steps),
    ("trivialaugment", AugmentationPolicy.trivialAugment.steps),
]

func runPhotometric(image: Image<UInt8>, threadCounts: [Int], count: Int = 1000) {
    var sink = [UInt8](repeating: 0, count: count)
    let only = CommandLine.arguments.firstIndex(of: "--only").map { CommandLine.arguments[$0 + 1] }
    for (name, steps) in photometricRows where only == nil || only == name {
        let policy = AugmentationPolicy(steps: steps)
        for threads in threadCounts {
            let seconds = sink.withUnsafeMutableBufferPointer { buffer in
                let out = UncheckedSendable(buffer.nonEmptyBaseAddress)
                return time(runs: 3) {
                    Parallel.forEachChunk(of: count, threads: threads) { range in
                        for i in range {
                            var rng = RandomStream(seed: 0, 0, UInt64(i))
                            let p = policy.sample(width: image.width, height: image.height, using: &rng)
                            out.value[i] = p.apply(to: image, reencoder: JPEGArtifacts.reencoder).samples[i % 1000]
                        }
                    }
                }
            }
            print(#"{"area": "photometric", "tool": "fovea", "op": "\#(name)-224x224x3", "threads": \#(threads), "value": \#(Int((Double(count) / seconds).rounded())), "unit": "images/s"}"#)
            if threads == 1 && CommandLine.arguments.contains("--cpu-time") {
                let start = threadCPUSeconds()
                for i in 0..<count {
                    var rng = RandomStream(seed: 0, 0, UInt64(i))
                    let p = policy.sample(width: image.width, height: image.height, using: &rng)
                    sink[i] = p.apply(to: image, reencoder: JPEGArtifacts.reencoder).samples[i % 1000]
                }
                let rate = Int((Double(count) / (threadCPUSeconds() - start)).rounded())
                FileHandle.standardError.write(Data("\(name): \(rate) images per CPU-second\n".utf8))
            }
        }
    }
    FileHandle.standardError.write(Data("checksum \(sink.reduce(0) { $0 &+ Int($1) })\n".utf8))
}
