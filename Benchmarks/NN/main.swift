// NNBenchmark: training and inference throughput of FoveaNN, printed as one JSON line per figure in the
// format of ../shared/bench/peers.py (area, tool, op, threads, value, unit).
//
//   swift run -c release NNBenchmark [--threads 1,2] [--epochs 15] [--models lenet5,resnet-small]
//
// LeNet-5 is trained exactly as the JAX peer (`peers.py cnn`): MNIST 4k from Fixtures/mnist, the first 3500
// images for training and the last 500 for validation, batch 64, SGD with momentum 0.9, learning rate 0.05,
// He-normal weights, 15 epochs; samples/s is the median epoch after the first. Inference is 200 forward
// passes of one batch of 64. The small ResNet runs on seeded random 32×32×3 batches of 64.
import CZlib
import Foundation
import FoveaNN

func readIDX(_ path: String) -> (dimensions: [Int], bytes: [UInt8]) {
    guard let file = gzopen(path, "rb") else { fatalError("cannot open \(path)") }
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
    let formatted = unit == "fraction" ? String(format: "%.4f", value) : String(Int(value.rounded()))
    print(
        "{\"area\": \"cnn\", \"tool\": \"fovea\", \"op\": \"\(op)\", \"threads\": \(threads), \"value\": \(formatted), \"unit\": \"\(unit)\"}"
    )
    fflush(nil)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// CPU seconds used by the whole process (all threads): on a shared machine, samples per CPU-second of a
/// one-thread run is a steadier measure of the work than wall time.
func cpuTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

var threadCounts = [1, 2]
var epochs = 15
var models: Set<String> = ["lenet5", "resnet-small"]
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--threads": threadCounts = (arguments.next() ?? "1").split(separator: ",").compactMap { Int($0) }
    case "--epochs": epochs = Int(arguments.next() ?? "15") ?? 15
    case "--models": models = Set((arguments.next() ?? "").split(separator: ",").map(String.init))
    default: fatalError("unknown argument \(argument)")
    }
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
        let batches = try stride(from: 0, through: trainingCount - batchSize, by: batchSize).map {
            try batch(order[$0..<$0 + batchSize])
        }
        let (start, cpuStart) = (now(), cpuTime())
        for (inputs, targets) in batches { _ = try trainer.trainStep(inputs: inputs, labels: targets) }
        times.append(now() - start)
        cpuTimes.append(cpuTime() - cpuStart)
    }
    let steady = times.dropFirst().sorted()
    let median = steady.isEmpty ? times[0] : steady[steady.count / 2]
    let steadyCPU = cpuTimes.dropFirst().sorted()
    let medianCPU = steadyCPU.isEmpty ? cpuTimes[0] : steadyCPU[steadyCPU.count / 2]
    let samples = Double(trainingCount / batchSize * batchSize)
    emit("lenet5-train-b64-sgdm", threads: threads, value: samples / median, unit: "samples/s")
    emit("lenet5-train-b64-sgdm", threads: threads, value: samples / medianCPU, unit: "samples/cpu-s")
    let (inputs, _) = try batch(ArraySlice(0..<batchSize))
    _ = try model(inputs, threads: threads)
    let start = now()
    for _ in 0..<200 { _ = try model(inputs, threads: threads) }
    emit("lenet5-infer-b64", threads: threads, value: Double(200 * batchSize) / (now() - start), unit: "samples/s")
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
    for _ in 0..<2 { _ = try trainer.trainStep(inputs: inputs, labels: targets) }
    let steps = 20
    var start = now()
    for _ in 0..<steps { _ = try trainer.trainStep(inputs: inputs, labels: targets) }
    emit(
        "resnet-small-train-b64-sgdm", threads: threads, value: Double(steps * batchSize) / (now() - start),
        unit: "samples/s")
    _ = try model(inputs, threads: threads)
    start = now()
    for _ in 0..<steps { _ = try model(inputs, threads: threads) }
    emit(
        "resnet-small-infer-b64", threads: threads, value: Double(steps * batchSize) / (now() - start),
        unit: "samples/s")
}
