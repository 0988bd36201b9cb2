import ArgumentParser
import FoveaCodecs

/// The value of `--to` on `convert` and `filter`: an extension Fovea writes (``ImageFormat/outputExtensions``),
/// lowercased. One type, so both commands accept the same formats and name them the same way in help and errors.
struct OutputExtension: ExpressibleByArgument, Equatable, Sendable {
    /// The extension without its dot: `png`, `jpg`, … `npy`.
    let name: String

    init?(argument: String) {
        let name = argument.lowercased()
        guard ImageFormat.outputExtensions.contains(name) else { return nil }
        self.name = name
    }

    static var allValueStrings: [String] { ImageFormat.outputExtensions }
}
