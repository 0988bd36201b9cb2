import ArgumentParser
import Foundation
import FoveaCodecs

/// The `fovea` command: dataset preprocessing, filtering, augmentation and CNN training.
@main
struct Fovea: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fovea",
        abstract: "Image codecs, augmentation, classic filters and CNN training.",
        version: "0.2.0",  // the newest "## X.Y.Z" of CHANGELOG.md (a test checks)
        subcommands: [
            // One line per subcommand; each lives in its own file. Dataset tools first, then training.
            Info.self,
            Convert.self,
            Filter.self,
            Augment.self,
            Shards.self,
            Train.self,
            Eval.self,
            Predict.self,
            Summary.self,
            Kernels.self,
            Export.self,
            Demo.self,
            Version.self,
        ]
    )

    /// Parses and runs the subcommand. A usage error found while parsing prints the subcommand's usage (exit
    /// 64); one found later, while planning the work (an output that is an input, two inputs writing one
    /// file), prints just its message, with the same exit status 64.
    static func main() {
        // Ctrl-C in a command with no safe point of its own (train installs one) stops it at once with status
        // 130 and a message; outputs are atomic, so nothing half-written is left under a final name.
        signal(SIGINT) { _ in
            let message: StaticString = "\ninterrupted\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(130)
        }
        // `fovea help NAME` for a NAME that is no subcommand: argument-parser would print the top-level help and
        // exit 0, so a typo in a script would pass unnoticed.
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "help", let name = arguments.dropFirst().first, !name.hasPrefix("-"),
            !configuration.subcommands.contains(where: { $0._commandName == name })
        {
            let names = configuration.subcommands.map { $0._commandName }.joined(separator: ", ")
            FileHandle.standardError.write(
                Data("Error: unknown subcommand '\(name)'; the subcommands are \(names)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        var command: any ParsableCommand
        do { command = try parseAsRoot() } catch {
            // A misspelt option is the error to show, even when the command's validation failed first.
            if let unknown = UnknownOptions.first(in: Array(arguments), root: Fovea.self) {
                let hint = unknown.suggestion.map { " Did you mean '\($0)'?" } ?? ""
                FileHandle.standardError.write(
                    Data(
                        ("Error: Unknown option '\(unknown.name)'.\(hint)\n"
                            + "Usage: \(usageString(for: unknown.command))\n"
                            + "  See 'fovea \(unknown.path) --help' for more information.\n").utf8))
                Foundation.exit(ExitCode.validationFailure.rawValue)
            }
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            FileHandle.standardError.write(Data("Error: \(error.message)\n".utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}

/// `fovea version`: the Fovea version and the C libraries it was built against.
struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Fovea's version and its libraries' versions.")

    func run() throws {
        print("fovea \(Fovea.configuration.version)")
        print("libpng \(CodecLibraries.libpng), libjpeg API \(CodecLibraries.libjpegAPI), zlib \(CodecLibraries.zlib)")
    }
}
