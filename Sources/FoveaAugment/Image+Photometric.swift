extension Image {
    /// Brightness and contrast jitter of the colour channels (alpha is left alone), in normalised units:
    ///
    ///     v' = (v − 0.5)·contrast + 0.5 + brightness        (v in [0, 1]; 255 ↦ 1 for UInt8)
    ///
    /// so `contrast` scales about mid-grey and `brightness` is a fraction of full scale (0.1 adds 25.5 levels
    /// to a UInt8 image). Integer results round to nearest and clamp; Float results are not clamped.
    public func adjusted(brightness: Double = 0, contrast: Double = 1) -> Image<Sample> {
        var copy = self
        copy.adjust(brightness: brightness, contrast: contrast)
        return copy
    }

    /// This image plus independent Gaussian noise of standard deviation `standardDeviation` (normalised
    /// units: 0.02 is about 5 levels of a UInt8 image) on every colour sample, alpha untouched. The noise is
    /// the counter-based stream `RandomStream(seed: seed)` read in storage order, so it is reproducible.
    /// Integer results round to nearest and clamp.
    public func addingGaussianNoise(standardDeviation: Double, seed: UInt64) -> Image<Sample> {
        var copy = self
        copy.addNoise(standardDeviation: standardDeviation, seed: seed)
        return copy
    }

    /// In-place form of ``adjusted(brightness:contrast:)``.
    mutating func adjust(brightness: Double, contrast: Double) {
        let ch = channelCount
        let color = layout.colorChannelCount
        let scale = Float(contrast)
        let shift = Float(0.5 - 0.5 * contrast + brightness)
        switch Sample.sampleType {
        case .uint8:
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { table in
                for v in 0..<256 {
                    table[v] = UInt8(warpValue: ((Float(v) / 255) * scale + shift) * 255)
                }
                withUnsafeMutableBufferPointer { buffer in
                    buffer.withMemoryRebound(to: UInt8.self) { samples in
                        for i in 0..<samples.count where i % ch < color { samples[i] = table[Int(samples[i])] }
                    }
                }
            }
        case .uint16:
            withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt16.self) { samples in
                    for i in 0..<samples.count where i % ch < color {
                        samples[i] = UInt16(warpValue: ((Float(samples[i]) / 65535) * scale + shift) * 65535)
                    }
                }
            }
        case .float32:
            withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: Float.self) { samples in
                    for i in 0..<samples.count where i % ch < color { samples[i] = samples[i] * scale + shift }
                }
            }
        }
    }

    /// In-place form of ``addingGaussianNoise(standardDeviation:seed:)``.
    mutating func addNoise(standardDeviation: Double, seed: UInt64) {
        let ch = channelCount
        let color = layout.colorChannelCount
        var rng = RandomStream(seed: seed)
        let maximum = Float(Sample.sampleType == .float32 ? 1 : (Sample.sampleType == .uint8 ? 255 : 65535))
        let sigma = Float(standardDeviation) * maximum
        switch Sample.sampleType {
        case .uint8:
            withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt8.self) { samples in
                    for i in 0..<samples.count where i % ch < color {
                        samples[i] = UInt8(warpValue: Float(samples[i]) + sigma * Float(rng.normal()))
                    }
                }
            }
        case .uint16:
            withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: UInt16.self) { samples in
                    for i in 0..<samples.count where i % ch < color {
                        samples[i] = UInt16(warpValue: Float(samples[i]) + sigma * Float(rng.normal()))
                    }
                }
            }
        case .float32:
            withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: Float.self) { samples in
                    for i in 0..<samples.count where i % ch < color { samples[i] += sigma * Float(rng.normal()) }
                }
            }
        }
    }
}
