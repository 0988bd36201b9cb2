import Foundation

/// Errors thrown by FoveaNN for bad shapes, bad data and unreadable or mismatched checkpoints.
///
/// Each case carries what is needed to locate the problem; `description` says what is wrong and where.
public enum NNError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A shape is unusable (negative extent, wrong rank...).
    case invalidShape([Int], reason: String)
    /// `scalars.count` does not match the product of the shape.
    case elementCountMismatch(shape: [Int], expected: Int, actual: Int)
    /// A layer received an input whose per-sample shape it cannot take.
    case layerInputMismatch(layer: String, expected: String, actual: [Int])
    /// A layer's output would be empty (the kernel or window is larger than the padded input).
    case emptyOutput(layer: String, inputShape: [Int])
    /// A layer's configuration is invalid (for example channels not divisible by groups).
    case invalidLayerConfiguration(layer: String, reason: String)
    /// A batch and its labels disagree (count, or a label outside `0..<classes`).
    case labelMismatch(reason: String)
    /// An architecture name that Fovea does not define.
    case unknownArchitecture(String, known: [String])
    /// A checkpoint does not start with Fovea's magic bytes.
    case notACheckpoint(path: String)
    /// A checkpoint was written by a newer, unsupported format version.
    case unsupportedCheckpointVersion(UInt32, supported: UInt32)
    /// A checkpoint ends before its declared content (a truncated or partially copied file).
    case truncatedCheckpoint(path: String, expectedBytes: Int, actualBytes: Int)
    /// The checksum stored in a checkpoint does not match its content.
    case checksumMismatch(path: String, stored: UInt32, computed: UInt32)
    /// A checkpoint's header cannot be decoded.
    case corruptCheckpoint(path: String, reason: String)
    /// A checkpoint's layers do not match the model it is loaded into.
    case architectureMismatch(layer: String, checkpoint: String, model: String)
    /// Writing or reading a file failed at the system level.
    case fileSystem(path: String, operation: String, errno: Int32)

    /// What went wrong and where, in one sentence a user can act on.
    public var description: String {
        switch self {
        case .invalidShape(let shape, let reason):
            return "invalid shape \(shape): \(reason)"
        case .elementCountMismatch(let shape, let expected, let actual):
            return "shape \(shape) holds \(expected) elements but \(actual) were given"
        case .layerInputMismatch(let layer, let expected, let actual):
            return "layer \(layer) expects a per-sample input of \(expected) but got \(actual)"
        case .emptyOutput(let layer, let inputShape):
            return
                "layer \(layer) would produce an empty output from input \(inputShape): the window is larger than the padded input"
        case .invalidLayerConfiguration(let layer, let reason):
            return "layer \(layer) is misconfigured: \(reason)"
        case .labelMismatch(let reason):
            return "labels do not match the batch: \(reason)"
        case .unknownArchitecture(let name, let known):
            return "unknown architecture '\(name)'; known: \(known.joined(separator: ", "))"
        case .notACheckpoint(let path):
            return "\(path) is not a Fovea checkpoint (magic bytes FOVEANN missing)"
        case .unsupportedCheckpointVersion(let version, let supported):
            return "checkpoint format version \(version) is newer than the supported version \(supported); update Fovea"
        case .truncatedCheckpoint(let path, let expected, let actual):
            return "\(path) is truncated: \(actual) bytes where at least \(expected) were declared"
        case .checksumMismatch(let path, let stored, let computed):
            return
                "\(path) is corrupt: stored CRC32 \(String(stored, radix: 16)) but content gives \(String(computed, radix: 16))"
        case .corruptCheckpoint(let path, let reason):
            return "\(path) is corrupt: \(reason)"
        case .architectureMismatch(let layer, let checkpoint, let model):
            return "layer \(layer) differs: the checkpoint has \(checkpoint), the model has \(model)"
        case .fileSystem(let path, let operation, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        }
    }
}
