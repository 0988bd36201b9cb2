/// JSON form: `{"constant": 90}`, `{"uniform": [-10, 10]}`, `{"logUniform": [0.625, 1.6]}`.
extension Distribution: Codable {
    private enum CodingKeys: String, CodingKey { case constant, uniform, logUniform }

    /// Decodes one of the three forms.
    /// - Throws: `DecodingError.dataCorrupted` when none (or a bound list not of length 2) is present.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let value = try container.decodeIfPresent(Double.self, forKey: .constant) {
            self = .constant(value)
            return
        }
        for key in [CodingKeys.uniform, .logUniform] {
            guard let bounds = try container.decodeIfPresent([Double].self, forKey: key) else { continue }
            guard bounds.count == 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "expected [lower, upper], got \(bounds.count) numbers"
                )
            }
            self = key == .uniform ? .uniform(bounds[0], bounds[1]) : .logUniform(bounds[0], bounds[1])
            return
        }
        throw DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected one of constant, uniform, logUniform"))
    }

    /// Encodes the form for this case.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .constant(let value): try container.encode(value, forKey: .constant)
        case .uniform(let a, let b): try container.encode([a, b], forKey: .uniform)
        case .logUniform(let a, let b): try container.encode([a, b], forKey: .logUniform)
        }
    }
}
