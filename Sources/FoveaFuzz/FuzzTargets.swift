import CZlib
import FoveaCodecs
import FoveaFilters
import FoveaNN
import Foundation

/// The parsers a fuzzer may drive. Each takes arbitrary bytes and must either succeed or throw a typed error;
/// a crash, hang, trap or sanitizer report is a bug. Successful decodes are also checked for internal
/// consistency (sample count) and, for lossless formats, for an exact encode → decode round trip.
enum FuzzTarget: String, CaseIterable {
    case png, jpeg, pnm, idx, npy, webp, any, kernel, checkpoint

    /// The pixel limit used while fuzzing: small, so a lying header cannot make the fuzzer allocate gigabytes.
    static let options = DecodingOptions(pixelLimit: 1 << 22)

    func run(_ bytes: [UInt8]) {
        switch self {
        case .png: roundTrip(try? PNG.decode(bytes, options: Self.options), as: .png)
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
                    precondition((try? WebP.decode(encoded, options: Self.options)) == image, "WebP lossless round trip changed the pixels")
                }
            }
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
            }
        }
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
            layers: [.conv2D(outputChannels: 2, kernelSize: 3, padding: 1), .activation(.relu),
                     .maxPool2D(size: 2, stride: 2), .flatten, .dense(outputs: 3)],
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
            exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
                let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
                selectedTarget?.run(bytes)
                return 0
            })
        #else
            let arguments = CommandLine.arguments.dropFirst()
            if arguments.first == "write-checkpoint-seed", let path = arguments.dropFirst().first {
                do { try FuzzTarget.writeCheckpointSeed(to: path) } catch {
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
