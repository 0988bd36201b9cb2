import CFoveaKernels
import XCTest

@testable import FoveaAugment

final class ImagePhotometricTests: XCTestCase {
    func testGaussianNoiseHasTheRequestedSpreadAndIsReproducible() throws {
        let image = try Image<Float>(width: 64, height: 64, layout: .grayAlpha, repeating: 0.5)
        let noisy = image.addingGaussianNoise(standardDeviation: 0.05, seed: 9)
        XCTAssertEqual(noisy, image.addingGaussianNoise(standardDeviation: 0.05, seed: 9))
        XCTAssertNotEqual(noisy, image.addingGaussianNoise(standardDeviation: 0.05, seed: 10))
        let gray = stride(from: 0, to: noisy.samples.count, by: 2).map { Double(noisy.samples[$0]) - 0.5 }
        let alpha = stride(from: 1, to: noisy.samples.count, by: 2).map { noisy.samples[$0] }
        XCTAssertTrue(alpha.allSatisfy { $0 == 0.5 })
        let mean = gray.reduce(0, +) / Double(gray.count)
        let sd = (gray.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(gray.count)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.005)  // σ of the mean: 0.05/64 = 0.0008
        XCTAssertEqual(sd, 0.05, accuracy: 0.003)
    }

    /// The noise restated one pair at a time, as the formulas on `addGaussianNoise` read (Box–Muller in Float with
    /// `logf`, `cosf`, `sinf`), for every sample type, layout and SIMD level, across block boundaries (4092
    /// values a block) and with an odd number of values.
    func testGaussianNoiseIsTheBoxMullerFormulaPairByPair() throws {
        let shapes: [(Int, Int, ChannelLayout)] = [
            (1, 1, .rgb), (3, 1, .gray), (31, 47, .rgb), (29, 41, .rgba), (45, 47, .gray), (33, 37, .grayAlpha),
        ]
        for (width, height, layout) in shapes {
            let count = width * height * layout.channelCount
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let input = try Image<UInt8>(width: width, height: height, layout: layout, samples: bytes)
            for (sd, seed) in [(0.3, UInt64(5)), (0.02, UInt64(6))] {
                let expected8 = referenceNoise(input, standardDeviation: sd, seed: seed)
                let floats = input.converted(to: Float.self)
                let expectedF = referenceNoise(floats, standardDeviation: sd, seed: seed)
                let words = input.converted(to: UInt16.self)
                let expected16 = referenceNoise(words, standardDeviation: sd, seed: seed)
                for level in 0...2 {
                    guard ColorSIMD.cap(at: level) == level else { continue }
                    let label = "σ \(sd) on \(width)×\(height) \(layout) at level \(level)"
                    XCTAssertEqual(input.addingGaussianNoise(standardDeviation: sd, seed: seed), expected8, label)
                    XCTAssertEqual(floats.addingGaussianNoise(standardDeviation: sd, seed: seed), expectedF, label)
                    XCTAssertEqual(words.addingGaussianNoise(standardDeviation: sd, seed: seed), expected16, label)
                }
                ColorSIMD.cap(at: 2)
            }
        }
    }

    /// glibc's `sincosf` (which fovea_noise_polar calls) gives the bits of `sinf` and `cosf` on the angles the
    /// noise draws, `2π·k/2²⁴`; every 61st k here (all 2²⁴ were checked once in C).
    func testSincosGivesTheBitsOfSineAndCosine() {
        let count = (1 << 24) / 61 + 1
        let radius = [Float](repeating: 1, count: count)
        let angle = (0..<count).map { 2 * Float.pi * (Float($0 * 61) * 0x1.0p-24) }
        var z = [Float](repeating: 0, count: 2 * count)
        fovea_noise_polar(radius, angle, count, 2 * count, &z)
        for j in 0..<count where z[2 * j] != cosf(angle[j]) || z[2 * j + 1] != sinf(angle[j]) {
            XCTFail("angle \(angle[j]): \(z[2 * j]), \(z[2 * j + 1]) against \(cosf(angle[j])), \(sinf(angle[j]))")
            break
        }
    }
}

/// `image` plus noise as the doc comment of `addGaussianNoise` states it, one pair of normals at a time.
private func referenceNoise<T: ColorSample>(_ image: Image<T>, standardDeviation: Double, seed: UInt64) -> Image<T> {
    let key = RandomStream(seed: seed).key
    let sigma = Float(standardDeviation) * T.top
    let ch = image.channelCount
    let color = image.layout.colorChannelCount
    var normals: [Float] = []
    var counter: UInt64 = 0
    while normals.count < image.pixelCount * color {
        counter += 1
        let x = RandomStream.mix(key &+ counter &* 0x9E37_79B9_7F4A_7C15)
        let u1 = Float((x >> 40) + 1) * 0x1.0p-24
        let u2 = Float((x >> 16) & 0xFF_FFFF) * 0x1.0p-24
        let radius = (-2 * logf(u1)).squareRoot()
        let angle = 2 * Float.pi * u2
        normals.append(radius * cosf(angle))
        normals.append(radius * sinf(angle))
    }
    var samples = image.samples
    var next = 0
    for i in 0..<image.pixelCount {
        for k in 0..<color {
            let v = samples[i * ch + k].warpValue + sigma * normals[next]
            samples[i * ch + k] = T(warpValue: min(max(v, 0), T.top))
            next += 1
        }
    }
    return Image.assumingValid(width: image.width, height: image.height, layout: image.layout, samples: samples)
}
