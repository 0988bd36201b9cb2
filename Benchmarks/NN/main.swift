// NNBenchmark: training and inference throughput of FoveaNN, printed as one JSON line per figure in the
// format of ../shared/bench/peers.py (area, tool, op, threads, value, unit).
//
//   swift run -c release NNBenchmark [--threads 1,2] [--epochs 15] [--models lenet5,resnet-small]
//       [--steps 20] [--inference-only] [--peak-gflops X]
//
// LeNet-5 is trained exactly as the JAX peer (`peers.py cnn`): MNIST 4k from Fixtures/mnist, the first 3500
// images for training and the last 500 for validation, batch 64, SGD with momentum 0.9, learning rate 0.05,
// He-normal weights, 15 epochs; samples/s is the median epoch after the first. Inference is 200 forward
// passes of one batch of 64. The small ResNet runs on seeded random 32×32×3 batches of 64.
//
// Like the JAX peer, each training step's batch is gathered from the shuffled order inside the timed loop.
// Next to samples/s each figure is printed as GFLOP/s (2 × multiply-adds of the convolutions and dense
// layers, see `flopsPerSample`; a training step counts 3 × the forward pass: forward, input gradient,
// weight gradient) and as a share of the measured FP32 peak of the threads used: threads × the one-core peak
// of a short FMA probe run at start-up (`fovea_fma_peak_gflops`, CFoveaKernels' peak.c: 12 independent FMA
// chains on the widest vectors the CPU has, best of 10 runs timed on the thread's CPU clock), printed first as
// "fma-peak-1core-N-lanes" in GFLOP/s (the share assumes one thread per physical core). `--peak-gflops X`
// sets the one-core peak instead of probing.
import BenchmarkSupport
import CFoveaKernels
import CZlib
import Foundation
import FoveaNN

/// Prints `message` to standard error and exits with status 2 (a bad argument or a missing file, not a crash).
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("NNBenchmark: \(message)\n".utf8))
    exit(2)
}

func readIDX(_ path: String) -> (dimensions: [Int], bytes: [UInt8]) {
    guard let file = gzopen(path, "rb") else { fail("cannot open \(path)") }
    defer { gzclose(file) }
    var data = [UInt8]()
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
        if read <= 0 { break }
        data += chunk[0..<Int(read)]
    }
    let rank = Int(data[3])
    let dimensions = (0..<rank).map { axis in
        (0..<4).reduce(0) { $0 << 8 | Int(data[4 + 4 * axis + $1]) }
    }
    return (dimensions, Array(data[(4 + 4 * rank)...]))
}

func emit(_ op: String, threads: Int, value: Double, unit: String) {
    printFigure(area: "cnn", op: op, threads: threads, value: value, decimals: unit == "fraction" ? 4 : 0, unit: unit)
}

/// Forward FLOPs per sample (2 per multiply-add; biases, BatchNorm, pooling and activations not counted).
/// LeNet-5: conv 6@5×5 on 28² (6·784·25), conv 16@5×5 → 10² (16·100·150), dense 400·120, 120·84, 84·10.
/// ResNet-small: stem 16·1024·27; block 1: 2 × 16·1024·144; block 2: 32·256·144 + 32·256·288 + 1×1
/// projection 32·256·16; block 3: 64·64·288 + 64·64·576 + 64·64·32; dense 64·10.
let flopsPerSample: [String: Double] = [
    "lenet5": 2 * Double(6 * 784 * 25 + 16 * 100 * 150 + 400 * 120 + 120 * 84 + 84 * 10),
    "resnet-small": 2
        * Double(
            16 * 1024 * 27 + 2 * 16 * 1024 * 144 + 32 * 256 * 144 + 32 * 256 * 288 + 32 * 256 * 16 + 64 * 64 * 288
                + 64 * 64 * 576 + 64 * 64 * 32 + 64 * 10),
]

/// The FP32 peak of one core in GFLOP/s (the probe's, or `--peak-gflops`), and the probe's vector width in lanes
/// (0 when set by hand).
nonisolated(unsafe) var corePeakGFLOPS: Double? = nil
nonisolated(unsafe) var peakLanes: Int32 = 0

/// Prints `samplesPerSecond` of `model` as samples/s, GFLOP/s and % of the FP32 peak of `threads` cores.
func emitThroughput(_ op: String, model: String, training: Bool, threads: Int, samplesPerSecond: Double) {
    emit(op, threads: threads, value: samplesPerSecond, unit: "samples/s")
    let flops = samplesPerSecond * (flopsPerSample[model] ?? 0) * (training ? 3 : 1)
    printFigure(area: "cnn", op: op, threads: threads, value: flops / 1e9, decimals: 1, unit: "GFLOP/s")
    guard let corePeakGFLOPS, corePeakGFLOPS > 0 else { return }
    let peak = Double(threads) * corePeakGFLOPS * 1e9
    printFigure(
        area: "cnn", op: op, threads: threads, value: flops / peak * 100, decimals: 1,
        unit: "% of measured FP32 peak")
}

func now() -> Double { BenchmarkClock.wall.now }

/// CPU seconds used by the whole process (all threads): on a shared machine, samples per CPU-second of a
/// one-thread run is a steadier measure of the work than wall time.
func cpuTime() -> Double { BenchmarkClock.processCPU.now }

var threadCounts = [1, 2]
var epochs = 15
var models: Set<String> = ["lenet5", "resnet-small"]
/// Development aid (profiling): skip ResNet-small's training figure.
var inferenceOnly = false
/// Timed ResNet-small steps (training and inference); more than the default 20 for profiling.
var steps = 20
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--threads": threadCounts = (arguments.next() ?? "1").split(separator: ",").compactMap { Int($0) }
    case "--epochs": epochs = Int(arguments.next() ?? "15") ?? 15
    case "--models": models = Set((arguments.next() ?? "").split(separator: ",").map(String.init))
    case "--inference-only": inferenceOnly = true
    case "--steps": steps = Int(arguments.next() ?? "20") ?? 20
    case "--peak-gflops": corePeakGFLOPS = Double(arguments.next() ?? "")
    default:
        fail(
            "unknown argument \(argument)\nusage: NNBenchmark [--threads 1,2] [--epochs N] [--models lenet5,resnet-small]"
                + " [--inference-only] [--steps N] [--peak-gflops G]")
    }
}

if corePeakGFLOPS == nil { corePeakGFLOPS = fovea_fma_peak_gflops(200, &peakLanes) }
if let corePeakGFLOPS {
    let width = peakLanes > 0 ? "-\(peakLanes)-lanes" : "-given"
    printFigure(
        area: "cnn", op: "fma-peak-1core" + width, threads: 1, value: corePeakGFLOPS, decimals: 1, unit: "GFLOP/s")
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let images = readIDX(root.appendingPathComponent("Fixtures/mnist/mnist4k-images-idx3-ubyte.gz").path)
let labels = readIDX(root.appendingPathComponent("Fixtures/mnist/mnist4k-labels-idx1-ubyte.gz").path).bytes.map(
    Int.init)
let pixels = images.bytes.map { Float($0) / 255 }
let trainingCount = 3500
let batchSize = 64

func batch(_ indices: ArraySlice<Int>) throws -> (Tensor, [Int]) {
    var scalars = [Float]()
    scalars.reserveCapacity(indices.count * 784)
    for i in indices { scalars += pixels[i * 784..<(i + 1) * 784] }
    return (try Tensor(shape: [indices.count, 1, 28, 28], scalars: scalars), indices.map { labels[$0] })
}

for threads in threadCounts where models.contains("lenet5") {
    let model = try Model(architecture: .lenet5, seed: 0)
    let trainer = Trainer(model: model, optimizer: Optimizer(SGD(momentum: 0.9), learningRate: 0.05), threads: threads)
    var times: [Double] = []
    var cpuTimes: [Double] = []
    var order = Array(0..<trainingCount)
    for epoch in 0..<epochs {
        var random = RandomStream(seed: 0, UInt64(epoch))
        order.shuffle(using: &random)
        let (start, cpuStart) = (now(), cpuTime())
        for first in stride(from: 0, through: trainingCount - batchSize, by: batchSize) {
            let (inputs, targets) = try batch(order[first..<first + batchSize])  // timed, as JAX's Xtr[b]
            _ = try trainer.trainStep(inputs: inputs, labels: targets)
        }
        times.append(now() - start)
        cpuTimes.append(cpuTime() - cpuStart)
    }
    let steady = times.dropFirst().sorted()
    let median = steady.isEmpty ? times[0] : steady[steady.count / 2]
    let steadyCPU = cpuTimes.dropFirst().sorted()
    let medianCPU = steadyCPU.isEmpty ? cpuTimes[0] : steadyCPU[steadyCPU.count / 2]
    let samples = Double(trainingCount / batchSize * batchSize)
    emitThroughput(
        "lenet5-train-b64-sgdm", model: "lenet5", training: true, threads: threads, samplesPerSecond: samples / median)
    emit("lenet5-train-b64-sgdm", threads: threads, value: samples / medianCPU, unit: "samples/cpu-s")
    let (inputs, _) = try batch(ArraySlice(0..<batchSize))
    _ = try model(inputs, threads: threads)
    let start = now()
    for _ in 0..<200 { _ = try model(inputs, threads: threads) }
    emitThroughput(
        "lenet5-infer-b64", model: "lenet5", training: false, threads: threads,
        samplesPerSecond: Double(200 * batchSize) / (now() - start))
    // FNV-1a over the bit patterns of every trained tensor: equal across thread counts when training is
    // bit-reproducible.
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for parameter in model.parameters {
        for value in parameter.tensor.scalars {
            hash = (hash ^ UInt64(value.bitPattern)) &* 0x100_0000_01B3
        }
    }
    print(
        "{\"area\": \"cnn\", \"tool\": \"fovea\", \"op\": \"lenet5-weights-fnv1a\", \"threads\": \(threads), \"value\": \"\(String(hash, radix: 16))\"}"
    )
    let (validation, validationLabels) = try batch(ArraySlice(trainingCount..<labels.count))
    let accuracy = Metrics.accuracy(outputs: try model(validation, threads: threads), labels: validationLabels)
    emit("lenet5-\(epochs)ep-val500-accuracy", threads: threads, value: accuracy, unit: "fraction")
}

for threads in threadCounts where models.contains("resnet-small") {
    let model = try Model(architecture: .resnetSmall, seed: 0)
    let trainer = Trainer(model: model, optimizer: Optimizer(SGD(momentum: 0.9), learningRate: 0.05), threads: threads)
    var random = RandomStream(seed: 1)
    let inputs = Tensor(shape: [batchSize, 3, 32, 32]) { _ in Float(random.nextUnit()) }
    let targets = (0..<batchSize).map { $0 % 10 }
    var start = now()
    if !inferenceOnly {
        for _ in 0..<2 { _ = try trainer.trainStep(inputs: inputs, labels: targets) }
        start = now()
        for _ in 0..<steps { _ = try trainer.trainStep(inputs: inputs, labels: targets) }
        emitThroughput(
            "resnet-small-train-b64-sgdm", model: "resnet-small", training: true, threads: threads,
            samplesPerSecond: Double(steps * batchSize) / (now() - start))
    }
    _ = try model(inputs, threads: threads)
    start = now()
    for _ in 0..<steps { _ = try model(inputs, threads: threads) }
    emitThroughput(
        "resnet-small-infer-b64", model: "resnet-small", training: false, threads: threads,
        samplesPerSecond: Double(steps * batchSize) / (now() - start))
}
