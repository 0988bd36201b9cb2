import Foundation

/// The JSON coders for checkpoint headers and the metadata stored in them.
///
/// Keys are sorted, so equal checkpoints are equal files (Swift randomises dictionary order per process), and
/// non-finite numbers — a diverged loss, an infinite "best so far" — are written as the strings `"inf"`,
/// `"-inf"` and `"nan"` instead of making the encoder throw and the epoch's checkpoint go unwritten.
public enum CheckpointJSON {
    /// An encoder with sorted keys and the non-finite number strings.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The matching decoder.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
