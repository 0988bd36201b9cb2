// DataBenchmark: how fast the loader feeds batches, and how long training waits for it.
//
//   swift build -c release --product DataBenchmark
//   .build/release/DataBenchmark [path/to/mnist4k-images-idx3-ubyte.gz]
//
// Prints one JSON line per figure (area, tool, op, threads/workers, value, unit), as peers.py does.
import BenchmarkSupport
import Foundation
import FoveaTraining

func emit(_ op: String, workers: Int, threads: Int? = nil, value: Double, unit: String) {
    let decimals = value < 10 ? 3 : 0
    printFigure(area: "data", op: op, workers: workers, threads: threads, value: value, decimals: decimals, unit: unit)
}

let path = CommandLine.arguments.dropFirst().first ?? "Fixtures/mnist/mnist4k-images-idx3-ubyte.gz"
let all = try DatasetSource.open(path)
// The peers' split: the first 3,500 digits train, the last 500 validate.
let training = DatasetSubset(all, indices: Array(0..<3500))
let format = InputFormat(channels: 1, width: 28, height: 28)

func transform(_ policy: AugmentationPolicy) -> SampleTransform {
    { @Sendable image, rng in policy.sample(width: image.width, height: image.height, using: &rng).apply(to: image) }
}

// 1. The loader alone: drain every batch of an epoch (prepare, augment, NCHW batch of 64), median of 5 epochs.
for (name, policy) in [("digits", AugmentationPolicy.digits), ("classic", AugmentationPolicy.classic)] {
    for workers in [1, 2] {
        let loader = DataLoader(
            dataset: training, format: format, batchSize: 64, shuffle: true, seed: 1, transform: transform(policy),
            workers: workers)
        var times: [Double] = []
        for epoch in 0..<6 {
            let time = try seconds {
                let batches = loader.batches(epoch: epoch)
                while try batches.next() != nil {}
            }
            if epoch > 0 { times.append(time) }
        }
        emit("loader-idx-\(name)-28x28-b64", workers: workers, value: 3500 / median(times), unit: "samples/s")
    }
}

// 2. Decoding on the workers: the same digits as PNG files in class folders.
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-data-bench-\(getpid())")
defer { try? FileManager.default.removeItem(at: folder) }
for index in 0..<3500 {
    let directory = folder.appendingPathComponent(all.classNames[all.label(at: index)])
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try ImageFile.write(
        try all.image(at: index), to: directory.appendingPathComponent(String(format: "%05d.png", index)).path)
}
let pngs = try DatasetSource.open(folder.path)
for workers in [1, 2] {
    let loader = DataLoader(
        dataset: pngs, format: format, batchSize: 64, shuffle: true, seed: 1, transform: transform(.digits),
        workers: workers)
    var times: [Double] = []
    for epoch in 0..<4 {
        let time = try seconds {
            let batches = loader.batches(epoch: epoch)
            while try batches.next() != nil {}
        }
        if epoch > 0 { times.append(time) }
    }
    emit(
        "loader-png-folder-digits-28x28-b64", workers: workers, value: Double(pngs.count) / median(times),
        unit: "samples/s")
}

// 3. Training LeNet-5 (batch 64, SGD momentum 0.9, lr 0.05 — the peers' settings) with the digits preset:
//    samples/s and the share of each epoch the trainer spent waiting for the loader; median of epochs 2–5.
for threads in [1, 2] {
    for workers in [1, 2] {
        let model = try Model(architecture: .lenet5, seed: 1)
        let trainer = Trainer(
            model: model, optimizer: Optimizer(SGD(momentum: 0.9), learningRate: 0.05), threads: threads)
        let target = NetworkTrainingTarget(trainer: trainer, schedule: .constant)
        let loop = TrainingLoop(
            training: DataLoader(
                dataset: training, format: format, batchSize: 64, shuffle: true, seed: 1, transform: transform(.digits),
                workers: workers),
            validation: nil)
        var rates: [Double] = []
        var waits: [Double] = []
        var waitSeconds: [Double] = []
        try loop.run(
            target, epochs: 0..<5,
            onEpoch: { _, timing in
                rates.append(timing.samplesPerSecond)
                waits.append(100 * timing.dataWaitSeconds / timing.seconds)
                waitSeconds.append(timing.dataWaitSeconds)
            })
        emit(
            "train-lenet5-b64-sgdm-digits", workers: workers, threads: threads, value: median(Array(rates.dropFirst())),
            unit: "samples/s")
        emit(
            "train-lenet5-data-wait", workers: workers, threads: threads, value: median(Array(waits.dropFirst())),
            unit: "% of epoch")
        emit(
            "train-lenet5-data-wait-seconds", workers: workers, threads: threads,
            value: median(Array(waitSeconds.dropFirst())), unit: "s per epoch")
    }
}
