import CZlib
@_spi(Testing) import FoveaCodecs
import FoveaFilters
import FoveaNN
import FoveaTraining
import Foundation

/// The parsers a fuzzer may drive. Each takes arbitrary bytes and must either succeed or throw a typed error;
/// a crash, hang, trap or sanitizer report is a bug. Successful decodes are also checked for internal
/// consistency (sample count) and, for lossless formats, for an exact encode → decode round trip.
enum FuzzTarget: String, CaseIterable {
    case png, jpeg, pnm, idx, npy, webp, tiff, bmp, gif, any, kernel, checkpoint

    /// The pixel limit used while fuzzing: small, so a lying header cannot make the fuzzer allocate gigabytes.
    static let options = DecodingOptions(pixelLimit: 1 << 22)

    func run(_ bytes: [UInt8]) {
        switch self {
        case .png:
            // The whole-stream path (libdeflate, in place) must agree with the row-by-row zlib path: the same image
            // and warnings, or the same error.
            let whole = Result { try PNG.decode(bytes, options: Self.options, path: .fastest) }
            let rows = Result { try PNG.decode(bytes, options: Self.options, path: .rowByRow) }
            switch (whole, rows) {
            case (.success(let a), .success(let b)):
                precondition(
                    a.image == b.image && a.warnings == b.warnings, "PNG whole-stream and row-by-row decodes differ")
            case (.failure(let a), .failure(let b)):
                precondition(
                    String(describing: a) == String(describing: b), "PNG whole-stream and row-by-row errors differ")
            default:
                preconditionFailure("PNG whole-stream and row-by-row decodes disagree on success: \(whole) vs \(rows)")
            }
            roundTrip(try? whole.get().image, as: .png)
        case .jpeg: check(try? JPEG.decode(bytes, options: Self.options))
        case .pnm: roundTrip(try? PNM.decode(bytes, options: Self.options), as: .pnm)
        case .idx:
            if let images = try? IDX.decodeImages(bytes, options: Self.options) {
                for image in images { check(.uint8(image)) }
            }
            _ = try? IDX.decodeLabels(bytes, options: Self.options)
        case .npy:
            if let array = try? NPY.decode(bytes, options: Self.options) {
                // Compare encodings, not values: NaN != NaN, but its bits must survive.
                let encoded = NPY.encode(array)
                let again = try? NPY.decode(encoded, options: Self.options)
                precondition(again.map(NPY.encode) == encoded, "NPY round trip changed the array")
            }
        case .webp:
            // Lossy decodes are checked for consistency; re-encoding losslessly must then round-trip exactly.
            _ = try? WebP.info(bytes)
            if let image = try? WebP.decode(bytes, options: Self.options) {
                check(image)
                if case .uint8(let pixels) = image, let encoded = try? WebP.encode(pixels, lossless: true) {
                    // libwebp leaves out an alpha channel that is opaque everywhere: such an RGBA image comes
                    // back RGB, with the same colours.
                    let opaque =
                        pixels.layout == .rgba
                        && stride(from: 3, to: pixels.samples.count, by: 4).allSatisfy { pixels.samples[$0] == 255 }
                    let expected = opaque ? AnyImage.uint8(pixels.converted(to: .rgb)) : image
                    precondition(
                        (try? WebP.decode(encoded, options: Self.options)) == expected,
                        "WebP lossless round trip changed the pixels")
                }
            }
        case .tiff:
            _ = try? TIFF.info(bytes)
            roundTrip(try? TIFF.decode(bytes, options: Self.options), as: .tiff)
        case .bmp:
            _ = try? BMP.info(bytes)
            if let image = try? BMP.decode(bytes, options: Self.options) {
                check(image)
                // 24-bit BMP holds RGB: gray and RGB images round-trip (gray comes back as RGB).
                if !image.layout.hasAlpha, case .uint8(let pixels) = image, let encoded = try? BMP.encode(pixels) {
                    precondition(
                        (try? BMP.decode(encoded, options: Self.options)) == .uint8(pixels.converted(to: .rgb)),
                        "BMP round trip changed the pixels")
                }
            }
        case .gif:
            _ = try? GIF.info(bytes)
            check(try? GIF.decode(bytes, options: Self.options))
        case .any:
            check(try? ImageFile.decode(bytes, options: Self.options))
            _ = try? ImageFile.info(of: bytes)
        case .kernel:
            _ = try? Kernel(parsing: String(decoding: bytes, as: UTF8.self))
        case .checkpoint:
            // The input is a checkpoint without its trailing CRC-32; the harness appends the right one, so the
            // fuzzer gets past the checksum into the header, the layer specs and the model they build.
            var file = bytes
            let crc = Self.crc32(bytes)
            for shift in stride(from: 0, to: 32, by: 8) { file.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
            let path = Self.scratchFile
            guard FileManager.default.createFile(atPath: path, contents: Data(file)) else { return }
            if let checkpoint = try? Checkpoint.load(from: path) {
                _ = try? checkpoint.makeModel()
                _ = try? checkpoint.makeOptimizer()
                Self.useTrainingState(of: checkpoint, at: path)
            }
        }
    }

    /// What `eval`, `predict` and `train --resume` do with a checkpoint's training state: load it as a trained
    /// model, then prepare a resumed session over a two-sample dataset with the state's classes and advance the
    /// schedule once. Every out-of-range value must be a thrown error before it reaches a `precondition`.
    static func useTrainingState(of checkpoint: Checkpoint, at path: String) {
        guard let trained = try? TrainedModel(contentsOf: path), let state = trained.state else { return }
        let format = trained.format
        guard state.classNames.count <= 256, format.width * format.height <= 1 << 16 else { return }
        let pixels = [UInt8](repeating: 128, count: format.width * format.height)
        let image = AnyImage(
            Image<UInt8>.assumingValid(width: format.width, height: format.height, layout: .gray, samples: pixels))
        guard
            let dataset = try? InMemoryDataset(
                images: [image, image], labels: [0, state.classNames.count - 1], classNames: state.classNames,
                source: "fuzz"),
            let session = try? TrainingSession(
                options: state.options, dataset: dataset, threads: 1, workers: 1, resumingFrom: checkpoint)
        else { return }
        var schedule = session.state.schedule
        _ = schedule.update(epoch: session.state.completedEpochs + 1, validationMetric: 0.5)
    }

    /// Writes a small valid checkpoint with a training state (without its CRC) to seed the corpus: 3 classes,
    /// one epoch of a step schedule, input normalisation.
    static func writeTrainingSeed(to path: String) throws {
        let model = try Model(
            name: "fuzz-seed", layers: [.flatten, .dense(outputs: 4), .activation(.relu), .dense(outputs: 3)],
            inputShape: [1, 4, 4], seed: 1)
        let options = TrainingOptions(
            architecture: "mlp", epochs: 3, batchSize: 4, schedule: .step, validationFraction: 0.5, seed: 2,
            normalize: true)
        func object<T: Encodable>(_ value: T) throws -> Any {
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(value))
        }
        let record: [String: Any] = [
            "epoch": 1, "trainLoss": 1.0, "trainAccuracy": 0.5, "validationLoss": 1.0, "validationAccuracy": 0.5,
            "learningRate": 0.001,
        ]
        let fields: [String: Any] = [
            "options": try object(options), "completedEpochs": 1, "trainerStep": 1,
            "schedule": try object(options.schedule.makeSchedule(learningRate: options.learningRate, epochs: 3)),
            "history": [record], "bestEpoch": 1, "classNames": ["a", "b", "c"],
            "normalization": ["mean": [0.5], "std": [0.25]],
        ]
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        guard let state = try TrainingState(metadata: [TrainingState.metadataKey: json]) else { return }
        let full = NSTemporaryDirectory() + "/fovea-fuzz-training-seed-\(getpid()).fovea"
        try Checkpoint.save(
            model: model, optimizer: options.optimizer.makeOptimizer(learningRate: 0.001, weightDecay: 0),
            metadata: try state.metadata(), to: full)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
        try? FileManager.default.removeItem(atPath: full)
        try Data(bytes.dropLast(4)).write(to: URL(fileURLWithPath: path))
    }

    /// A per-process scratch file for the path-based checkpoint loader (on tmpfs when there is one).
    static let scratchFile: String = {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(directory)/fovea-fuzz-\(getpid()).fovea"
    }()

    /// CRC-32 (IEEE) from zlib, not from the checkpoint code the harness checks.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }

    /// Writes a small valid checkpoint (without its CRC, as the `checkpoint` harness expects) to seed the corpus.
    static func writeCheckpointSeed(to path: String) throws {
        let model = try Model(
            name: "fuzz-seed",
            layers: [
                .conv2D(outputChannels: 2, kernelSize: 3, padding: 1), .activation(.relu),
                .maxPool2D(size: 2, stride: 2), .flatten, .dense(outputs: 3),
            ],
            inputShape: [1, 4, 4], seed: 1)
        let full = NSTemporaryDirectory() + "/fovea-fuzz-seed-\(getpid()).fovea"
        try Checkpoint.save(
            model: model, optimizer: Optimizer(Adam(), learningRate: 0.01), metadata: ["epoch": "1"], to: full)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
        try? FileManager.default.removeItem(atPath: full)
        try Data(bytes.dropLast(4)).write(to: URL(fileURLWithPath: path))
    }

    private func check(_ image: AnyImage?) {
        guard let image else { return }
        let count: Int =
            switch image {
            case .uint8(let i): i.samples.count
            case .uint16(let i): i.samples.count
            case .float32(let i): i.samples.count
            }
        precondition(count == image.width * image.height * image.layout.channelCount, "sample count mismatch")
    }

    private func roundTrip(_ image: AnyImage?, as format: ImageFormat) {
        guard let image else { return }
        check(image)
        guard image.width > 0, image.height > 0 else { return }
        // PNM has no alpha; skip layouts the format cannot hold.
        if format == .pnm && image.layout.hasAlpha { return }
        guard let encoded = try? ImageFile.encode(image, as: format) else { return }
        let decoded = try? ImageFile.decode(encoded, options: Self.options)
        if case .float32(let before) = image, case .float32(let after)? = decoded {
            // Compare bits, not values: NaN != NaN, but its bits must survive.
            precondition(
                before.samples.map(\.bitPattern) == after.samples.map(\.bitPattern) && before.layout == after.layout,
                "\(format) round trip changed the float samples")
            return
        }
        precondition(decoded == image, "\(format) round trip changed the pixels")
    }
}

/// The harness chosen by the FOVEA_FUZZ_TARGET environment variable (libFuzzer mode).
let selectedTarget: FuzzTarget? = FuzzTarget(rawValue: ProcessInfo.processInfo.environment["FOVEA_FUZZ_TARGET"] ?? "")

#if FOVEA_FUZZ
    /// libFuzzer's driver, linked in by `-sanitize=fuzzer`.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32
#endif

/// `FOVEA_FUZZ_TARGET=png fovea-fuzz CORPUS -max_total_time=60` when built by `make fuzz` (libFuzzer);
/// `fovea-fuzz TARGET FILE...` replays files through a harness in a plain build (regression checks).
@main
struct FuzzMain {
    static func main() {
        #if FOVEA_FUZZ
            guard selectedTarget != nil else {
                print("set FOVEA_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))")
                exit(2)
            }
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(
                LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
                    selectedTarget?.run(bytes)
                    return 0
                })
        #else
            let arguments = CommandLine.arguments.dropFirst()
            if arguments.first == "write-checkpoint-seed" || arguments.first == "write-training-seed",
                let path = arguments.dropFirst().first
            {
                do {
                    if arguments.first == "write-training-seed" {
                        try FuzzTarget.writeTrainingSeed(to: path)
                    } else {
                        try FuzzTarget.writeCheckpointSeed(to: path)
                    }
                } catch {
                    print("cannot write the seed: \(error)")
                    exit(1)
                }
                return
            }
            guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
                print("usage: fovea-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("cannot read \(path)")
                    exit(1)
                }
                target.run([UInt8](data))
            }
            print("replayed \(arguments.count - 1) file(s) through \(name): no crash")
        #endif
    }
}
