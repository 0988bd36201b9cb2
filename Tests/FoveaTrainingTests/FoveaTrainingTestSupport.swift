import Foundation
import XCTest

@testable import FoveaTraining

/// A gray UInt8 image whose pixels are all `value`.
func constantImage(_ value: UInt8, width: Int = 4, height: Int = 4) -> AnyImage {
    AnyImage(
        Image<UInt8>.assumingValid(
            width: width, height: height, layout: .gray, samples: [UInt8](repeating: value, count: width * height)))
}

/// A fresh empty temporary directory, removed when the test ends.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("fovea-training-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// The repository root (Tests/FoveaTrainingTests/File.swift minus three components).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
