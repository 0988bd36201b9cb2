import Foundation

/// One folder of reference fixtures under Fixtures/augment, made by the Python script kept in it: a JSON index
/// (`cases.json`), every expected output back to back (`expected.bin`) and raw interleaved inputs.
struct AugmentFixtureFolder {
    /// The folder, found from this source file's place in the repository.
    let directory: URL

    /// Fixtures/augment/`name`.
    init(_ name: String) {
        directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/augment").appendingPathComponent(name)
    }

    /// `cases.json` decoded as `type`.
    func index<Index: Decodable>(_ type: Index.Type) throws -> Index {
        try JSONDecoder().decode(type, from: Data(contentsOf: directory.appendingPathComponent("cases.json")))
    }

    /// The bytes of the file `name` in the folder (`expected.bin`, `input_rgb_u8.raw` …).
    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
