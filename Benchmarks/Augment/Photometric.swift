import BenchmarkSupport
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
    (
        "brightness-contrast",
        [AugmentationStep(.brightness(.uniform(0.8, 1.2))), AugmentationStep(.contrast(.uniform(0.8, 1.2)))]
    ),
    ("saturation", [AugmentationStep(.saturation(.uniform(0.6, 1.4)))]),
    ("hue", [AugmentationStep(.hue(.uniform(-0.1, 0.1)))]),
    (
        "hue-saturation",
        [AugmentationStep(.hue(.uniform(-0.056, 0.056))), AugmentationStep(.saturation(.uniform(0.7, 1.3)))]
    ),
    (
        "colorjitter",
        [
            AugmentationStep(.brightness(.uniform(0.6, 1.4))), AugmentationStep(.contrast(.uniform(0.6, 1.4))),
            AugmentationStep(.saturation(.uniform(0.6, 1.4))), AugmentationStep(.hue(.uniform(-0.1, 0.1))),
        ]
    ),
    ("gamma", [AugmentationStep(.gamma(.uniform(0.8, 1.2)))]),
    ("grayscale", [AugmentationStep(.grayscale)]),
    ("gaussian-blur", [AugmentationStep(.gaussianBlur(sigma: .uniform(0.8, 1.4)))]),
    ("gauss-noise", [AugmentationStep(.gaussianNoise(standardDeviation: .uniform(0.2, 0.44)))]),
    ("jpeg-quality", [AugmentationStep(.jpegQuality(.uniform(50, 90)))]),
    ("erasing", [AugmentationStep(.erasing(RandomErasing()))]),
    // Geometric rows with Albumentations' defaults: RandomResizedCrop((224, 224)) (scale 0.08–1, ratio 3/4–4/3),
    // Perspective(scale 0.05–0.1: corners moved by about 0.1–0.2 of the half-size, so distortion 0.2 here),
    // ElasticTransform(alpha 1, sigma 50).
    ("random-resized-crop-224", [AugmentationStep(.resizedCrop(RandomResizedCrop(width: 224, height: 224)))]),
    ("perspective", [AugmentationStep(.perspective(distortion: 0.2))]),
    ("elastic", [AugmentationStep(.elastic(ElasticDistortion(alpha: 1, sigma: 50)))]),
    ("randaugment", AugmentationPolicy.randAugment.steps),
    ("trivialaugment", AugmentationPolicy.trivialAugment.steps),
]

func runPhotometric(image: Image<UInt8>, threadCounts: [Int], count: Int = 1000) {
    var sink = [UInt8](repeating: 0, count: count)
    let only = argument("--only")
    for (name, steps) in photometricRows where only == nil || only == name {
        let policy = AugmentationPolicy(steps: steps)
        // The elastic row (σ = 50: a 401-tap blur of two 224×224 fields per image) runs 100 images, not 1000.
        let count = name == "elastic" ? min(count, 100) : count
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
            let rate = Double(count) / seconds
            printFigure(
                area: "photometric", op: "\(name)-224x224x3", threads: threads, value: rate, decimals: 0,
                unit: "images/s")
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
