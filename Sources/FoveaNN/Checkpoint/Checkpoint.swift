import Foundation
import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A saved model: architecture, weights, optimizer state and free-form trainer metadata.
///
/// ## File format (version 1, all integers and floats little-endian)
/// | offset | size | content |
/// |---|---|---|
/// | 0 | 8 | magic `FOVEANN` followed by a zero byte |
/// | 8 | 4 | format version, UInt32 (1) |
/// | 12 | 4 | header length H in bytes, UInt32 |
/// | 16 | H | header, UTF-8 JSON: architecture name, input shape, seed, the layer specs (`LayerSpec` as JSON), the tensor table (name, shape, role, in payload order), the optimizer (rule, hyper-parameters, step) and `metadata` |
/// | 16 + H | 4·Σ counts | payload: every tensor of the table as Float32, row-major, in table order — model tensors first, then optimizer state named `optimizer/<parameter>/<slot>` |
/// | end − 4 | 4 | CRC-32 (IEEE 802.3, zlib's polynomial) of every preceding byte, UInt32 |
///
/// Readers reject a wrong magic (`NNError.notACheckpoint`), a newer version, a file shorter or longer than
/// its header declares (`NNError.truncatedCheckpoint` / `corruptCheckpoint`) and a checksum mismatch before
/// trusting any content. Files are written atomically: a temporary file in the same directory is written,
/// flushed with `fsync`, then renamed over the destination, so a crash never leaves a half-written checkpoint.
public struct Checkpoint: Sendable {
    /// The current format version.
    public static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("FOVEANN".utf8) + [0]

    /// The architecture name of the saved model.
    public let architecture: String
    /// The per-sample input shape of the saved model.
    public let inputShape: [Int]
    /// The layer specs of the saved model.
    public let layers: [LayerSpec]
    /// The seed the saved model was initialised from.
    public let seed: UInt64
    /// The model's tensors by name (weights, biases, BatchNorm statistics), in model order.
    public let tensors: [(name: String, tensor: Tensor)]
    /// The trainer's free-form key–value pairs (epoch, RNG counters, history...).
    public let metadata: [String: String]
    /// The saved optimizer, if any.
    let optimizer: OptimizerRecord?
    /// The optimizer state tensors by parameter name.
    let optimizerState: [String: [Tensor]]

    /// What `restore(into:partial:)` loaded.
    public struct RestoreReport: Sendable, Equatable {
        /// Top-level layers whose tensors were all loaded.
        public let loadedLayers: [String]
        /// Top-level layers left as they were (absent from the checkpoint or of another shape).
        public let skippedLayers: [String]
    }

    // MARK: Saving

    /// Writes `model` (and `optimizer`, when given) with `metadata` to `path`, atomically.
    ///
    /// - Throws: `FileError` (FoveaCore) when the file cannot be written.
    public static func save(
        model: Model, optimizer: Optimizer? = nil, metadata: [String: String] = [:], to path: String
    ) throws {
        var entries: [TensorEntry] = []
        var payload: [[Float]] = []
        for parameter in model.parameters {
            entries.append(TensorEntry(name: parameter.name, shape: parameter.shape, role: parameter.role.rawValue))
            payload.append(parameter.value.array())
        }
        var record: OptimizerRecord? = nil
        if let optimizer {
            record = try OptimizerRecord(optimizer)
            for parameter in model.parameters {
                guard let buffers = optimizer.state[parameter.name] else { continue }
                for (slot, buffer) in buffers.enumerated() {
                    entries.append(
                        TensorEntry(
                            name: "optimizer/\(parameter.name)/\(slot)", shape: parameter.shape, role: "optimizer"))
                    payload.append(buffer.array())
                }
            }
        }
        let header = Header(
            architecture: model.architecture, inputShape: model.inputShape, seed: model.seed, layers: model.specs,
            tensors: entries, optimizer: record, metadata: metadata)
        let headerBytes = try CheckpointJSON.encoder().encode(header)
        var bytes = [UInt8]()
        bytes.reserveCapacity(20 + headerBytes.count + payload.reduce(0) { $0 + 4 * $1.count })
        bytes += magic
        appendLittleEndian(formatVersion, to: &bytes)
        appendLittleEndian(UInt32(headerBytes.count), to: &bytes)
        bytes += headerBytes
        for values in payload {
            for value in values { appendLittleEndian(value.bitPattern, to: &bytes) }
        }
        appendLittleEndian(CRC32.checksum(bytes), to: &bytes)
        try AtomicFile.write(bytes, to: path)
    }

    // MARK: Loading

    /// Reads and verifies a checkpoint.
    ///
    /// - Throws: `NNError.notACheckpoint`, `.unsupportedCheckpointVersion`, `.truncatedCheckpoint`,
    ///   `.checksumMismatch`, `.corruptCheckpoint` or `.fileSystem`.
    public static func load(from path: String) throws -> Checkpoint {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            // Foundation reports Cocoa codes, not errno: take the POSIX error underneath when there is one.
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let code: Int32 =
                if let underlying, underlying.domain == NSPOSIXErrorDomain { Int32(underlying.code) } else if !exists {
                    ENOENT
                } else if isDirectory.boolValue { EISDIR } else { EACCES }
            throw NNError.fileSystem(path: path, operation: "reading", errno: code)
        }
        guard bytes.count >= 8, Array(bytes[0..<8]) == magic else { throw NNError.notACheckpoint(path: path) }
        guard bytes.count >= 16 else {
            throw NNError.truncatedCheckpoint(path: path, expectedBytes: 20, actualBytes: bytes.count)
        }
        let version = readLittleEndian(bytes, at: 8)
        guard version <= formatVersion, version >= 1 else {
            throw NNError.unsupportedCheckpointVersion(version, supported: formatVersion)
        }
        let headerLength = Int(readLittleEndian(bytes, at: 12))
        guard bytes.count >= 16 + headerLength + 4 else {
            throw NNError.truncatedCheckpoint(
                path: path, expectedBytes: 16 + headerLength + 4, actualBytes: bytes.count)
        }
        let header: Header
        do {
            header = try CheckpointJSON.decoder().decode(Header.self, from: Data(bytes[16..<16 + headerLength]))
        } catch {
            let stored = readLittleEndian(bytes, at: bytes.count - 4)
            let computed = CRC32.checksum(bytes[0..<bytes.count - 4])
            if stored != computed { throw NNError.checksumMismatch(path: path, stored: stored, computed: computed) }
            throw NNError.corruptCheckpoint(path: path, reason: "unreadable header (\(error))")
        }
        // Sizes come from the file: check them for negative extents and overflow before using them.
        var payloadCount = 0
        for entry in header.tensors {
            var count = 1
            for extent in entry.shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                guard extent >= 0, !overflow, product <= bytes.count else {
                    throw NNError.corruptCheckpoint(
                        path: path, reason: "tensor \(entry.name) has an impossible shape \(entry.shape)")
                }
                count = product
            }
            payloadCount += count
            guard payloadCount <= bytes.count else {
                throw NNError.truncatedCheckpoint(
                    path: path, expectedBytes: 16 + headerLength + 4 * payloadCount + 4, actualBytes: bytes.count)
            }
        }
        let expected = 16 + headerLength + 4 * payloadCount + 4
        guard bytes.count >= expected else {
            throw NNError.truncatedCheckpoint(path: path, expectedBytes: expected, actualBytes: bytes.count)
        }
        guard bytes.count == expected else {
            throw NNError.corruptCheckpoint(
                path: path, reason: "\(bytes.count - expected) unexpected bytes after the payload")
        }
        let stored = readLittleEndian(bytes, at: expected - 4)
        let computed = CRC32.checksum(bytes[0..<expected - 4])
        guard stored == computed else { throw NNError.checksumMismatch(path: path, stored: stored, computed: computed) }

        var offset = 16 + headerLength
        var tensors: [(name: String, tensor: Tensor)] = []
        var optimizerState: [String: [Tensor]] = [:]
        for entry in header.tensors {
            let count = entry.shape.elementCount
            var scalars = [Float](repeating: 0, count: count)
            for i in 0..<count { scalars[i] = Float(bitPattern: readLittleEndian(bytes, at: offset + 4 * i)) }
            offset += 4 * count
            let tensor = Tensor(uncheckedShape: entry.shape, scalars: scalars)
            if entry.role == "optimizer" {
                let parts = entry.name.split(separator: "/")
                guard parts.count == 3 else {
                    throw NNError.corruptCheckpoint(path: path, reason: "bad optimizer tensor name \(entry.name)")
                }
                optimizerState[String(parts[1]), default: []].append(tensor)
            } else {
                tensors.append((entry.name, tensor))
            }
        }
        return Checkpoint(
            architecture: header.architecture, inputShape: header.inputShape, layers: header.layers, seed: header.seed,
            tensors: tensors, metadata: header.metadata, optimizer: header.optimizer, optimizerState: optimizerState)
    }

    // MARK: Restoring

    /// Builds the saved model with its weights.
    public func makeModel() throws -> Model {
        try validateArchitecture()
        let model = try Model(name: architecture, layers: layers, inputShape: inputShape, seed: seed)
        _ = try restore(into: model)
        return model
    }

    /// Builds the saved optimizer with its state and step count, or `nil` when none was saved.
    public func makeOptimizer() throws -> Optimizer? {
        guard let optimizer else { return nil }
        try optimizer.validate()
        let result = Optimizer(
            try optimizer.makeRule(), learningRate: optimizer.learningRate, weightDecay: optimizer.weightDecay,
            clipping: optimizer.clipping)
        try restore(into: result)
        return result
    }

    /// Copies the saved optimizer's step count, learning rate and state buffers into `optimizer`.
    public func restore(into optimizer: Optimizer) throws {
        guard let record = self.optimizer else { return }
        optimizer.step = record.step
        optimizer.learningRate = record.learningRate
        optimizer.state = optimizerState.mapValues { tensors in
            tensors.map { tensor in
                let buffer = FloatBuffer(count: tensor.count)
                tensor.withUnsafeBufferPointer {
                    if let base = $0.baseAddress { buffer.pointer.update(from: base, count: tensor.count) }
                }
                return buffer
            }
        }
    }

    /// Loads the saved tensors into `model`.
    ///
    /// - Parameters:
    ///   - model: The model whose parameters are overwritten.
    ///   - partial: `false` (default) requires the same input shape and layers, and throws
    ///     `NNError.architectureMismatch` naming the first layer that differs. `true` loads every top-level
    ///     layer whose tensors all exist in the checkpoint with the same shapes and skips the others (for
    ///     fine-tuning: load a backbone, keep a new head, then freeze the loaded layers with `Model.setFrozen`).
    /// - Returns: Which layers were loaded and which were skipped.
    @discardableResult
    public func restore(into model: Model, partial: Bool = false) throws -> RestoreReport {
        if !partial {
            if model.inputShape != inputShape {
                throw NNError.architectureMismatch(
                    layer: "input", checkpoint: describeShape(inputShape), model: describeShape(model.inputShape))
            }
            for index in 0..<max(layers.count, model.specs.count) {
                let saved = index < layers.count ? layers[index] : nil
                let current = index < model.specs.count ? model.specs[index] : nil
                guard saved != current else { continue }
                let name = index < model.layers.count ? model.layers[index].name : "layer \(index + 1)"
                throw NNError.architectureMismatch(
                    layer: "\(name) (layer \(index + 1))", checkpoint: saved?.summary ?? "no such layer",
                    model: current?.summary ?? "no such layer")
            }
        }
        let saved = Dictionary(tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { first, _ in first })
        var loaded: [String] = []
        var skipped: [String] = []
        for layer in model.layers {
            let matches = layer.parameters.allSatisfy { saved[$0.name]?.shape == $0.shape }
            guard matches else {
                if !partial {
                    let bad = layer.parameters.first { saved[$0.name]?.shape != $0.shape }
                    throw NNError.architectureMismatch(
                        layer: layer.name,
                        checkpoint: saved[bad?.name ?? ""].map { "tensor of shape \($0.shape)" }
                            ?? "no tensor \(bad?.name ?? "")",
                        model: "shape \(bad?.shape ?? [])")
                }
                skipped.append(layer.name)
                continue
            }
            for parameter in layer.parameters {
                if let tensor = saved[parameter.name] { try parameter.setValues(tensor.scalars) }
            }
            loaded.append(layer.name)
        }
        return RestoreReport(loadedLayers: loaded, skippedLayers: skipped)
    }
}

/// The JSON header of a checkpoint file.
struct Header: Codable {
    var architecture: String
    var inputShape: [Int]
    var seed: UInt64
    var layers: [LayerSpec]
    var tensors: [TensorEntry]
    var optimizer: OptimizerRecord?
    var metadata: [String: String]
}

/// One tensor of the payload.
struct TensorEntry: Codable {
    var name: String
    var shape: [Int]
    /// `trainable`, `state` or `optimizer`.
    var role: String
}

/// An optimizer's settings in a checkpoint header.
struct OptimizerRecord: Codable, Sendable {
    var rule: String
    /// The rule's own settings, as the JSON its `Codable` conformance writes.
    var settings: String
    var learningRate: Float
    var weightDecay: Float
    var clipping: GradientClipping?
    var step: Int

    init(_ optimizer: Optimizer) throws {
        rule = type(of: optimizer.rule).identifier
        // Sorted keys (see CheckpointJSON): Swift randomises dictionary order per process.
        settings = String(decoding: try CheckpointJSON.encoder().encode(optimizer.rule), as: UTF8.self)
        learningRate = optimizer.learningRate
        weightDecay = optimizer.weightDecay
        clipping = optimizer.clipping
        step = optimizer.step
    }

    /// Throws `NNError.corruptCheckpoint` for settings an optimizer cannot take: a learning rate or weight
    /// decay that is negative or not finite, a negative step count, a clipping bound that is not positive.
    func validate() throws {
        func fail(_ reason: String) -> NNError {
            .corruptCheckpoint(path: "", reason: "optimizer \(reason) is out of range")
        }
        guard learningRate.isFinite, learningRate >= 0 else { throw fail("learning rate \(learningRate)") }
        guard weightDecay.isFinite, weightDecay >= 0 else { throw fail("weight decay \(weightDecay)") }
        guard step >= 0 else { throw fail("step \(step)") }
        switch clipping {
        case .norm(let bound)?, .value(let bound)?:
            guard bound.isFinite, bound > 0 else { throw fail("clipping bound \(bound)") }
        case nil: break
        }
    }

    func makeRule() throws -> any UpdateRule {
        let data = Data(settings.utf8)
        func unit(_ value: Float) -> Bool { value >= 0 && value < 1 }
        func fail() -> NNError { .corruptCheckpoint(path: "", reason: "optimizer settings out of range: \(settings)") }
        switch rule {
        case SGD.identifier:
            let sgd = try CheckpointJSON.decoder().decode(SGD.self, from: data)
            guard unit(sgd.momentum) else { throw fail() }
            return sgd
        case RMSprop.identifier:
            let rms = try CheckpointJSON.decoder().decode(RMSprop.self, from: data)
            guard unit(rms.rho), rms.epsilon.isFinite, rms.epsilon > 0 else { throw fail() }
            return rms
        case Adam.identifier:
            let adam = try CheckpointJSON.decoder().decode(Adam.self, from: data)
            guard unit(adam.beta1), unit(adam.beta2), adam.epsilon.isFinite, adam.epsilon > 0 else { throw fail() }
            return adam
        default: throw NNError.corruptCheckpoint(path: "", reason: "unknown optimizer '\(rule)'")
        }
    }
}

/// CRC-32 with the IEEE 802.3 polynomial (reflected 0xEDB88320), as in PNG and gzip: zlib's `crc32`.
enum CRC32 {
    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable(checksum) { return crc }
        return Array(bytes).withUnsafeBufferPointer(checksum)
    }

    private static func checksum(_ buffer: UnsafeBufferPointer<UInt8>) -> UInt32 {
        // zlib takes a 32-bit length; checkpoints are fed in slices of at most 1 GiB.
        var crc = CZlib.crc32(0, nil, 0)
        var offset = 0
        while offset < buffer.count {
            let length = min(buffer.count - offset, 1 << 30)
            crc = CZlib.crc32(crc, buffer.baseAddress.map { $0 + offset }, uInt(length))
            offset += length
        }
        return UInt32(crc)
    }
}

@inline(__always)
func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes.append(UInt8(truncatingIfNeeded: value))
    bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    bytes.append(UInt8(truncatingIfNeeded: value >> 16))
    bytes.append(UInt8(truncatingIfNeeded: value >> 24))
}

@inline(__always)
func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3])
        << 24
}
