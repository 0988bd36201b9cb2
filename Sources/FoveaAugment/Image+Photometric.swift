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
    // The normals in storage order, drawn a block at a time into a buffer, then added in one flat loop per
    // block. 4092 is even (both normals of a pair in one block) and a multiple of 3 (whole pixels when alpha is
    // skipped). Each stage of the draw runs over the whole block before the next (u₁ and the angle, logf,
    // the square root, then sin and cos), so the libm calls are independent of one another and the arithmetic
    // between them vectorises. Every value is the one the formulas above give, computed in the same order
    // (ImagePhotometricTests restates them one pair at a time).
    let block = 4092
    let half = block / 2
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * block) { scratch in
        guard let z = scratch.baseAddress else { return }
        let radius = z + block
        let angle = radius + half
        image.withUnsafeMutableBufferPointer { buffer in
            guard var p = buffer.baseAddress else { return }
            var counter: UInt64 = 0
            var done = 0
            while done < total {
                let n = min(block, total - done)
                // Even blocks, so each pair's two normals land in one block.
                let pairs = (n + 1) / 2
                let vectored = fovea_noise_uniforms(key, counter &+ 1, pairs, 2 * Float.pi, radius, angle)
                for j in vectored..<pairs {
                    let (u1, u2) = uniformPair(key: key, counter: counter &+ UInt64(j) &+ 1)
                    radius[j] = u1
                    angle[j] = 2 * Float.pi * u2
                }
                counter &+= UInt64(pairs)
                for j in 0..<pairs { radius[j] = logf(radius[j]) }
                for j in 0..<pairs { radius[j] = (-2 * radius[j]).squareRoot() }
                fovea_noise_polar(radius, angle, pairs, n, z)
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

/// The two uniforms of value `counter` of the stream with `key` (see ``addGaussianNoise``): `u₁ ∈ (0, 1]` for
/// the radius, `u₂ ∈ [0, 1)` for the angle.
@inline(__always)
private func uniformPair(key: UInt64, counter: UInt64) -> (Float, Float) {
    let x = RandomStream.mix(key &+ counter &* 0x9E37_79B9_7F4A_7C15)
    return (Float((x >> 40) + 1) * 0x1.0p-24, Float((x >> 16) & 0xFF_FFFF) * 0x1.0p-24)
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
