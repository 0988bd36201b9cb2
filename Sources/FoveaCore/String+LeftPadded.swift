extension String {
    /// This string with `pad` repeated in front until it is `width` characters long (unchanged when it is
    /// already that long or longer): `"7".leftPadded(to: 3, with: "0")` is `"007"`. For Fovea's own messages
    /// and progress lines (`package`: not part of the public API).
    package func leftPadded(to width: Int, with pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
