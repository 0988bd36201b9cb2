extension Image {
    /// This image plus independent Gaussian noise of standard deviation `standardDeviation` (normalised
    /// units: 0.02 is about 5 levels of a UInt8 image) on every colour sample, alpha untouched. The noise is
    /// the counter-based stream `RandomStream(seed: seed)` read in storage order, so it is reproducible.
    /// Results are clamped to the sample range (Float to 0…1) and integer results round to nearest.
    public func addingGaussianNoise(standardDeviation: Double, seed: UInt64) -> Image<Sample> {
        var copy = self
        copy.addNoise(standardDeviation: standardDeviation, seed: seed)
        return copy
    }

    /// In-place form of ``addingGaussianNoise(standardDeviation:seed:)``.
    mutating func addNoise(standardDeviation: Double, seed: UInt64) {
        switch Sample.sampleType {
        case .uint8:
            var typed = unsafeBitCast(self, to: Image<UInt8>.self)
            addGaussianNoise(to: &typed, standardDeviation: standardDeviation, seed: seed)
            self = unsafeBitCast(typed, to: Image<Sample>.self)
        case .uint16:
            var typed = unsafeBitCast(self, to: Image<UInt16>.self)
            addGaussianNoise(to: &typed, standardDeviation: standardDeviation, seed: seed)
            self = unsafeBitCast(typed, to: Image<Sample>.self)
        case .float32:
            var typed = unsafeBitCast(self, to: Image<Float>.self)
            addGaussianNoise(to: &typed, standardDeviation: standardDeviation, seed: seed)
            self = unsafeBitCast(typed, to: Image<Sample>.self)
        }
    }
}

/// Adds `max · standardDeviation · z` to every colour sample, in storage order. The normals come in pairs
/// from one 64-bit value `x` of `RandomStream(seed: seed)` by the Box–Muller transform in Float:
/// `u₁ = (⌊x / 2⁴⁰⌋ + 1) / 2²⁴ ∈ (0, 1]`, `u₂ = (⌊x / 2¹⁶⌋ mod 2²⁴) / 2²⁴`,
/// `z = √(−2 ln u₁)·(cos 2πu₂, sin 2πu₂)` (|z| ≤ 5.77: the tail beyond has probability 8·10⁻⁹).
private func addGaussianNoise<T: ColorSample>(to image: inout Image<T>, standardDeviation: Double, seed: UInt64) {
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    let sigma = Float(standardDeviation) * T.top
    var normals = NormalPairs(key: RandomStream(seed: seed).key)
    image.withUnsafeMutableBufferPointer { buffer in
        guard var p = buffer.baseAddress else { return }
        for _ in 0..<(buffer.count / ch) {
            for k in 0..<color { p[k] = T(warpValue: min(max(p[k].warpValue + sigma * normals.next(), 0), T.top)) }
            p += ch
        }
    }
}

/// Standard normals two at a time from the values of one counter-based stream (see ``addGaussianNoise``).
private struct NormalPairs {
    let key: UInt64
    var counter: UInt64 = 0
    var spare: Float = 0
    var hasSpare = false

    init(key: UInt64) { self.key = key }

    @inline(__always)
    mutating func next() -> Float {
        if hasSpare {
            hasSpare = false
            return spare
        }
        counter &+= 1
        let x = RandomStream.mix(key &+ counter &* 0x9E37_79B9_7F4A_7C15)
        let u1 = Float((x >> 40) + 1) * 0x1.0p-24
        let u2 = Float((x >> 16) & 0xFF_FFFF) * 0x1.0p-24
        let radius = (-2 * logf(u1)).squareRoot()
        let angle = 2 * Float.pi * u2
        spare = radius * sinf(angle)
        hasSpare = true
        return radius * cosf(angle)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
