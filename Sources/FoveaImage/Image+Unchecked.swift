extension Image {
    /// Builds an image from interleaved samples whose count the caller guarantees is
    /// `width × height × layout.channelCount` (checked only in debug builds). For module-internal fast paths
    /// in other Fovea modules that have just allocated the buffer themselves.
    public static func assumingValid(width: Int, height: Int, layout: ChannelLayout, samples: [Sample]) -> Image {
        precondition(
            samples.count == width * height * layout.channelCount,
            "\(samples.count) samples for a \(width)×\(height)×\(layout.channelCount) image")
        return Image(unchecked: width, height, layout, samples)
    }
}
