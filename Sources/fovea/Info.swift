import ArgumentParser
import Foundation
import FoveaCodecs

/// `fovea info FILE...`: what each file's header says, one line (or JSON object) per file.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the format, size, channels and bit depth of image files.",
        discussion: """
            Reads only the headers where the format allows. A folder stands for every regular, non-hidden file \
            below it (sorted by path). A file that cannot be read prints its error and the others are still \
            reported; the exit status is 1 if any file failed.
            """)

    @Argument(
        help: ArgumentHelp(
            "Image files or folders: PNG, JPEG, WebP, TIFF, BMP, GIF, PNM, IDX (plain or .gz) or NPY; the format "
                + "comes from the bytes."))
    var files: [String]

    @Flag(help: "Print one JSON object per file instead of a line of text.")
    var json = false
}

extension Info {
    func run() throws {
        var failed = false
        for path in try files.flatMap(Self.paths) {
            do {
                let info = try ImageFile.info(path)
                print(json ? Self.jsonLine(path: path, info: info) : Self.textLine(path: path, info: info))
            } catch {
                failed = true
                let message = Self.message(for: error, path: path)
                if json { print(Self.jsonObject(["path": path, "error": message])) }
                FileHandle.standardError.write(Data("error: \(path): \(message)\n".utf8))
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// The files an argument stands for: itself, or every file below a folder (``InputTree``'s order).
    static func paths(_ argument: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue
        else { return [argument] }
        let files = try InputTree(argument).files.map(\.path)
        if files.isEmpty { FileHandle.standardError.write(Data("note: \(argument): no files in this folder\n".utf8)) }
        return files
    }

    /// `PATH: PNG 13×11, 4 channels, 8-bit, progressive, orientation 6, 4000 images`.
    static func textLine(path: String, info: ImageInfo) -> String {
        var parts = [
            "\(info.format.rawValue.uppercased()) \(info.width)×\(info.height)",
            "\(info.channels) channel\(info.channels == 1 ? "" : "s")", "\(info.bitDepth)-bit",
        ]
        if info.progressive { parts.append(info.format == .png ? "interlaced" : "progressive") }
        if let orientation = info.orientation { parts.append("orientation \(orientation)") }
        if info.imageCount != 1 { parts.append("\(info.imageCount) images") }
        if let icc = info.iccProfile {
            parts.append("ICC profile \(icc.name.map { "\"\($0)\" " } ?? "")(\(icc.size) bytes)")
        }
        return "\(path): " + parts.joined(separator: ", ")
    }

    /// One JSON object with every ``ImageInfo`` field and the path; `orientation` and `iccProfile` are null when
    /// absent.
    static func jsonLine(path: String, info: ImageInfo) -> String {
        jsonObject([
            "path": path, "format": info.format.rawValue, "width": info.width, "height": info.height,
            "channels": info.channels, "bitDepth": info.bitDepth, "progressive": info.progressive,
            "orientation": info.orientation.map { $0 as Any } ?? NSNull(), "imageCount": info.imageCount,
            "iccProfile": info.iccProfile.map {
                ["size": $0.size, "name": $0.name.map { $0 as Any } ?? NSNull()] as Any
            }
                ?? NSNull(),
        ])
    }

    static func jsonObject(_ fields: [String: Any]) -> String {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The reason without the path prefix ``ImageFileError`` adds (the CLI prints the path itself).
    static func message(for error: any Error, path: String) -> String {
        if let wrapped = error as? ImageFileError { return String(describing: wrapped.reason) }
        return String(describing: error)
    }
}
