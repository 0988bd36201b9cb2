/// JSON form: `{"mode": "reflect101"}`; a constant border adds its value and, in sample units, says so:
/// `{"mode": "constant", "value": 0.5}` (normalised) or `{"mode": "constant", "units": "sample", "value": 7}`.
///
/// A constant without `units` is normalised, so augmentation manifests and replay files written before
/// ``BorderValue`` existed decode unchanged (their constants were normalised); a missing `value` is 0.
extension BorderMode: Codable {
    private enum CodingKeys: String, CodingKey { case mode, units, value }

    /// Decodes `{"mode": …, "units": …, "value": …}`; `units` (`normalized`, the default, or `sample`) and `value`
    /// are read for `constant` only.
    /// - Throws: `DecodingError.dataCorrupted` for an unknown mode or units name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try container.decode(String.self, forKey: .mode)
        switch mode {
        case "constant":
            let value = try container.decodeIfPresent(Double.self, forKey: .value) ?? 0
            switch try container.decodeIfPresent(String.self, forKey: .units) ?? "normalized" {
            case "normalized": self = .constant(.normalized(value))
            case "sample": self = .constant(.sample(value))
            case let units:
                throw DecodingError.dataCorruptedError(
                    forKey: .units, in: container,
                    debugDescription: "unknown border value units '\(units)'; expected normalized or sample")
            }
        case "replicate": self = .replicate
        case "reflect": self = .reflect
        case "reflect101": self = .reflect101
        case "wrap": self = .wrap
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .mode, in: container,
                debugDescription:
                    "unknown border mode '\(mode)'; expected constant, replicate, reflect, reflect101 or wrap")
        }
    }

    /// Encodes `{"mode": name}`, plus `"value"` for `constant` and `"units": "sample"` when the value is in
    /// sample units (normalised values are written without `units`, as before).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .mode)
        switch self {
        case .constant(.normalized(let value)):
            try container.encode(value, forKey: .value)
        case .constant(.sample(let value)):
            try container.encode("sample", forKey: .units)
            try container.encode(value, forKey: .value)
        case .replicate, .reflect, .reflect101, .wrap:
            break
        }
    }
}
