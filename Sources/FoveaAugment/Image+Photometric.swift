extension Image {
    /// This image plus independent Gaussian noise of standard deviation `standardDeviation` (normalised
    /// units: 0.02 is about 5 levels of a UInt8 image) on every colour sample, alpha untouched. The noise is
    /// the counter-based stream `RandomStream(seed: seed)` read in storage order, so it is reproducible.
    /// Integer results round to nearest and clamp.
    public func addingGaussianNoise(standardDeviation: Double, seed: UInt64) -> Image<Sample> {
        var copy = self
        copy.addNoise(standardDeviation: standardDeviation, seed: seed)
        return copy
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
