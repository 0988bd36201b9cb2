import CFoveaKernels

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
    let key = RandomStream(seed: seed).key
    let total = image.samples.count / ch * color
    // The normals in storage order, drawn a block at a time into a buffer (the state stays in registers), then
    // added in one flat loop per block. 4092 is even (both normals of a pair in one block) and a multiple of 3
    // (whole pixels when alpha is skipped).
    let block = 4092
    withUnsafeTemporaryAllocation(of: Float.self, capacity: block) { z in
        guard let z = z.baseAddress else { return }
        image.withUnsafeMutableBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return }
            var counter: UInt64 = 0
            var done = 0
            while done < total {
                let n = min(block, total - done)
                // Even blocks, so each pair's two normals land in one block.
                for j in stride(from: 0, to: n, by: 2) {
                    counter &+= 1
                    let (cosine, sine) = normalPair(key: key, counter: counter)
                    z[j] = cosine
                    if j + 1 < n { z[j + 1] = sine }
                }
                if color == ch {
                    if T.self == UInt8.self && ColorSIMD.available {
                        let bytes = UnsafeMutableRawPointer(p).assumingMemoryBound(to: UInt8.self)
                        fovea_color_add_noise_u8(bytes, n, z, sigma)
                    } else {
                        for i in 0..<n { p[i] = T(warpValue: min(max(p[i].warpValue + sigma * z[i], 0), T.top)) }
                    }
                    p += n
                } else {
                    var i = 0
                    while i < n {
                        for k in 0..<color {
                            p[k] = T(warpValue: min(max(p[k].warpValue + sigma * z[i + k], 0), T.top))
                        }
                        i += color
                        p += ch
                    }
                }
                done += n
            }
        }
    }
}

/// Two standard normals from value `counter` of the stream with `key` (see ``addGaussianNoise``): the cosine
/// one first.
@inline(__always)
private func normalPair(key: UInt64, counter: UInt64) -> (Float, Float) {
    let x = RandomStream.mix(key &+ counter &* 0x9E37_79B9_7F4A_7C15)
    let u1 = Float((x >> 40) + 1) * 0x1.0p-24
    let u2 = Float((x >> 16) & 0xFF_FFFF) * 0x1.0p-24
    let radius = (-2 * logf(u1)).squareRoot()
    let angle = 2 * Float.pi * u2
    return (radius * cosf(angle), radius * sinf(angle))
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
