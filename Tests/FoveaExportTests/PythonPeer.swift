import Foundation
import XCTest

/// The Python that runs `check_onnx.py` (onnxruntime + numpy), named by `FOVEA_PYTHON`.
///
/// Without it a developer's run skips the onnxruntime comparisons; under CI (`CI=true`) a missing
/// `FOVEA_PYTHON` fails them, so the comparison can never silently stop running there.
enum PythonPeer {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "CI=true but FOVEA_PYTHON is not set: .ci/run must create the onnxruntime venv and export FOVEA_PYTHON"
        }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The checker script beside this file.
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "check_onnx.py")

    /// The interpreter; throws `XCTSkip` locally and `Missing` under CI when `FOVEA_PYTHON` is unset.
    static func interpreter() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let python = environment["FOVEA_PYTHON"], !python.isEmpty { return python }
        if environment["CI"] == "true" { throw Missing() }
        throw XCTSkip("set FOVEA_PYTHON to a Python with onnxruntime and numpy to compare with onnxruntime")
    }

    /// Runs `check_onnx.py arguments…`.
    static func check(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try interpreter())
        process.arguments = [checker.path] + arguments
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // stdout first (it can be large); the script writes only a few lines to stderr.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The JSON object `check_onnx.py` printed on its last line.
    static func json(_ result: Result) throws -> [String: Any] {
        let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        return try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            "check_onnx.py printed no JSON object: \(result.stdout) \(result.stderr)")
    }
}
