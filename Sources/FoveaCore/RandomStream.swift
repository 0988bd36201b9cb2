/// A counter-based pseudo-random generator: value *n* of the stream is a pure function of (key, n).
///
/// The key is derived by hashing a seed together with any number of stream coordinates
/// (for example `(seed, epoch, sampleIndex)`), so the random numbers a sample sees depend only on those
/// coordinates — never on which thread drew them or in what order. The mixing function is SplitMix64's
/// finaliser (Steele, Lea & Flood 2014), which passes BigCrush when used this way.
///
/// ```swift
/// var rng = RandomStream(seed: 42, 3, 1_000)   // seed 42, epoch 3, sample 1000
/// let angle = rng.uniform(0, 360)
/// ```
public struct RandomStream: RandomNumberGenerator, Sendable, Hashable, Codable {
    /// The stream's key, derived from the seed and coordinates.
    public let key: UInt64
    /// How many 64-bit values have been drawn so far.
    public private(set) var counter: UInt64

    /// Creates the stream for `seed` at the given coordinates, positioned at its first value.
    public init(seed: UInt64, _ coordinates: UInt64...) {
        self.init(seed: seed, coordinates: coordinates)
    }

    /// Creates the stream for `seed` at the given coordinates, positioned at its first value.
    public init(seed: UInt64, coordinates: [UInt64]) {
        var key = RandomStream.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        for coordinate in coordinates {
            key = RandomStream.mix(key ^ RandomStream.mix(coordinate &+ 0xD1B5_4A32_D192_ED03))
        }
        self.key = key
        self.counter = 0
    }

    /// A child stream whose key also depends on `coordinate`; the parent is not advanced.
    public func substream(_ coordinate: UInt64) -> RandomStream {
        RandomStream(seed: key, coordinates: [coordinate])
    }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        counter &+= 1
        return RandomStream.mix(key &+ counter &* 0x9E37_79B9_7F4A_7C15)
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Double` in [`lower`, `upper`).
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextUnit()
    }

    /// `true` with probability `p` (a Bernoulli draw); `p` ≤ 0 never, `p` ≥ 1 always (one value is drawn either way).
    public mutating func bernoulli(_ p: Double) -> Bool {
        nextUnit() < p
    }

    /// A standard normal draw (mean 0, standard deviation 1) by the Box–Muller transform; uses two values.
    public mutating func normal() -> Double {
        let u1 = 1.0 - nextUnit()  // (0, 1]: log is finite
        let u2 = nextUnit()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }

    /// SplitMix64's 64-bit finaliser.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
