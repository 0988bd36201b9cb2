/// JSON form: `{"mode": "constant", "value": 0.5}`, `{"mode": "reflect101"}` (names as ``BorderMode/name``).
extension BorderMode: Codable {
    private enum CodingKeys: String, CodingKey { case mode, value }

    /// Decodes `{"mode": …, "value": …}`; `value` is read for `constant` only (default 0).
    /// - Throws: `DecodingError.dataCorrupted` for an unknown mode name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try container.decode(String.self, forKey: .mode)
        switch mode {
        case "constant": self = .constant(try container.decodeIfPresent(Double.self, forKey: .value) ?? 0)
        case "replicate": self = .replicate
        case "reflect": self = .reflect
        case "reflect101": self = .reflect101
        case "wrap": self = .wrap
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .mode, in: container,
                debugDescription: "unknown border mode '\(mode)'; expected constant, replicate, reflect, reflect101 or wrap")
        }
    }

    /// Encodes `{"mode": name}` plus `"value"` for `constant`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .mode)
        if case .constant(let value) = self { try container.encode(value, forKey: .value) }
    }
}
