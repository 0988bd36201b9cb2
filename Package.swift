// swift-tools-version: 6.1
// Fovea: image codecs, augmentation, classic filters and CNN training in Swift.
import PackageDescription

// Warnings are fatal in the project's own builds through the Makefile (`-Xswiftc -warnings-as-errors`), not
// here: SwiftPM refuses a versioned dependency whose targets carry unsafe (raw compiler) flags.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Fovea",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fovea", targets: ["fovea"]),
        .library(name: "FoveaImage", targets: ["FoveaImage"]),
        .library(name: "FoveaCodecs", targets: ["FoveaCodecs"]),
        .library(name: "FoveaFilters", targets: ["FoveaFilters"]),
        .library(name: "FoveaAugment", targets: ["FoveaAugment"]),
        .library(name: "FoveaNN", targets: ["FoveaNN"]),
        .library(name: "FoveaData", targets: ["FoveaData"]),
        .library(name: "FoveaPlot", targets: ["FoveaPlot"]),
        .library(name: "FoveaTraining", targets: ["FoveaTraining"]),
        .library(name: "FoveaExport", targets: ["FoveaExport"]),
        .library(name: "FoveaDistributed", targets: ["FoveaDistributed"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // MARK: - System libraries and C shims
        .systemLibrary(
            name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
        .systemLibrary(
            name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"]), .brew(["jpeg-turbo"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CMinizip", path: "Sources/CMinizip", pkgConfig: "minizip",
            providers: [.apt(["libminizip-dev"]), .brew(["minizip"])]),
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(
            name: "CWebP", path: "Sources/CWebP", pkgConfig: "libwebp libwebpmux",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]),
        .systemLibrary(
            name: "CTIFF", path: "Sources/CTIFF", pkgConfig: "libtiff-4",
            providers: [.apt(["libtiff-dev"]), .brew(["libtiff"])]),
        .systemLibrary(
            name: "CGIF", path: "Sources/CGIF", pkgConfig: "libgif",
            providers: [.apt(["libgif-dev"]), .brew(["giflib"])]),
        .systemLibrary(
            name: "CDeflate", path: "Sources/CDeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"]), .brew(["libdeflate"])]),
        .systemLibrary(name: "CSTB", path: "Sources/CSTB", pkgConfig: "stb", providers: [.apt(["libstb-dev"])]),
        /// Every C codec library's error handling (libpng/libjpeg setjmp, libtiff handlers, giflib and libwebp status
        /// codes) kept inside C, so no longjmp or exit() crosses Swift frames.
        .target(
            name: "CFoveaShim", dependencies: ["CPNG", "CJPEG", "CZlib", "CWebP", "CTIFF", "CGIF", "CDeflate", "CSTB"],
            path: "Sources/CFoveaShim"),
        /// Open MPI's few calls for data-parallel training, reached through dlopen (no build-time MPI dependency).
        .target(
            name: "CFoveaMPI", path: "Sources/CFoveaMPI",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),

        /// FoveaFilters' innermost row loops compiled for AVX2 and chosen at run time (no build flags).
        .target(name: "CFoveaKernels", path: "Sources/CFoveaKernels"),

        // MARK: - Library modules (dependencies point one way)
        .target(
            name: "FoveaCore", dependencies: ["CFoveaKernels"], path: "Sources/FoveaCore", swiftSettings: strict),
        .target(
            name: "FoveaImage", dependencies: ["FoveaCore", "CFoveaKernels"], path: "Sources/FoveaImage",
            swiftSettings: strict),
        .target(
            name: "FoveaCodecs", dependencies: ["FoveaImage", "CFoveaShim", "CZlib"],
            path: "Sources/FoveaCodecs", swiftSettings: strict),
        .target(
            name: "FoveaFilters", dependencies: ["FoveaImage", "CFoveaKernels"], path: "Sources/FoveaFilters",
            swiftSettings: strict),
        .target(
            name: "FoveaAugment", dependencies: ["FoveaImage", "FoveaFilters", "CFoveaKernels"],
            path: "Sources/FoveaAugment", swiftSettings: strict),
        .target(
            name: "FoveaNN",
            dependencies: [
                "FoveaCore", "CZlib", "CFoveaKernels", .target(name: "CBLAS", condition: .when(platforms: [.linux])),
            ],
            path: "Sources/FoveaNN", swiftSettings: strict),
        .target(
            name: "FoveaData", dependencies: ["FoveaCodecs", "FoveaAugment", "FoveaNN"],
            path: "Sources/FoveaData", swiftSettings: strict),
        .target(name: "FoveaPlot", dependencies: ["FoveaImage"], path: "Sources/FoveaPlot", swiftSettings: strict),
        .target(
            name: "FoveaTraining", dependencies: ["FoveaData", "FoveaNN", "FoveaPlot"],
            path: "Sources/FoveaTraining", swiftSettings: strict),
        /// ONNX (swift-protobuf messages generated from ONNX/onnx.proto by ONNX/generate.sh) and .npz export.
        .target(
            name: "FoveaExport",
            dependencies: [
                "FoveaCore", "FoveaNN", "FoveaTraining", "FoveaCodecs",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                "CMinizip",
            ],
            path: "Sources/FoveaExport", exclude: ["ONNX/onnx.proto", "ONNX/generate.sh", "ONNX/LICENSE-onnx"],
            swiftSettings: strict),
        /// Data-parallel training over MPI: `MPIProcessGroup`, FoveaNN's `ProcessGroup` on MPI_COMM_WORLD.
        .target(
            name: "FoveaDistributed", dependencies: ["FoveaNN", "CFoveaMPI"], path: "Sources/FoveaDistributed",
            swiftSettings: strict),

        // MARK: - Command-line tool
        .executableTarget(
            name: "fovea",
            dependencies: [
                "FoveaCodecs", "FoveaFilters", "FoveaAugment", "FoveaNN", "FoveaData", "FoveaPlot", "FoveaTraining",
                "FoveaExport", "FoveaDistributed", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/fovea", swiftSettings: strict),

        // MARK: - Fuzzing (make fuzz builds it with -sanitize=fuzzer; a plain build replays files)
        .executableTarget(
            name: "FoveaFuzz", dependencies: ["CZlib", "FoveaCodecs", "FoveaFilters", "FoveaNN", "FoveaTraining"],
            path: "Sources/FoveaFuzz",
            swiftSettings: strict),

        // MARK: - Benchmarks (release executables that print figures; results in Benchmarks/RESULTS-*.md)
        /// Clocks, timed runs and the JSON figure line every benchmark shares.
        .target(name: "BenchmarkSupport", path: "Benchmarks/Support"),
        .executableTarget(
            name: "CodecsBenchmark", dependencies: ["BenchmarkSupport", "FoveaCodecs"], path: "Benchmarks/Codecs",
            exclude: ["make_images.py", "pillow_cpu.py"], swiftSettings: strict),
        .executableTarget(
            name: "FiltersBenchmark", dependencies: ["BenchmarkSupport", "FoveaFilters", "CFoveaKernels"],
            path: "Benchmarks/Filters",
            exclude: ["dump_astronaut.py", "opencv_cpu.py"], swiftSettings: strict),
        .executableTarget(
            name: "NNBenchmark", dependencies: ["BenchmarkSupport", "FoveaNN", "CZlib", "CFoveaKernels"],
            path: "Benchmarks/NN",
            exclude: ["resnet_peer.py"],
            swiftSettings: strict),
        .executableTarget(
            name: "AugmentBenchmark", dependencies: ["BenchmarkSupport", "FoveaAugment", "FoveaData"],
            path: "Benchmarks/Augment",
            exclude: [
                "dump_images.py", "peers_cpu_time.py", "photometric_table.py", "photometric-2026-12-01.jsonl",
                "photometric-2026-12-02.jsonl", "photometric-simd-2026-12-02.jsonl",
                "photometric-simd-attempt-2026-12-01.jsonl",
            ], swiftSettings: strict),
        .executableTarget(
            name: "ResizeBenchmark", dependencies: ["BenchmarkSupport", "FoveaImage"], path: "Benchmarks/Resize",
            exclude: ["dump_images.py", "folder_job.py"], swiftSettings: strict),
        .executableTarget(
            name: "DataBenchmark", dependencies: ["BenchmarkSupport", "FoveaTraining"], path: "Benchmarks/Data",
            swiftSettings: strict),

        // MARK: - Tests (one target per module)
        .testTarget(name: "FoveaCoreTests", dependencies: ["FoveaCore"], swiftSettings: strict),
        .testTarget(name: "FoveaImageTests", dependencies: ["FoveaImage"], swiftSettings: strict),
        .testTarget(name: "FoveaCodecsTests", dependencies: ["FoveaCodecs"], swiftSettings: strict),
        .testTarget(name: "FoveaFiltersTests", dependencies: ["FoveaFilters", "FoveaCodecs"], swiftSettings: strict),
        .testTarget(name: "FoveaAugmentTests", dependencies: ["FoveaAugment"], swiftSettings: strict),
        .testTarget(name: "FoveaNNTests", dependencies: ["FoveaNN"], swiftSettings: strict),
        .testTarget(name: "FoveaDataTests", dependencies: ["FoveaData"], swiftSettings: strict),
        .testTarget(name: "FoveaPlotTests", dependencies: ["FoveaPlot"], swiftSettings: strict),
        .testTarget(name: "FoveaTrainingTests", dependencies: ["FoveaTraining"], swiftSettings: strict),
        .testTarget(
            name: "FoveaExportTests", dependencies: ["FoveaExport", "CMinizip"],
            exclude: ["check_onnx.py"],
            swiftSettings: strict),
        .testTarget(name: "FoveaDistributedTests", dependencies: ["FoveaDistributed"], swiftSettings: strict),
        .testTarget(
            name: "ExamplesTests", dependencies: ["FoveaCodecs", "FoveaFilters", "FoveaAugment", "FoveaNN"],
            swiftSettings: strict),
        .testTarget(
            name: "FoveaCLITests", dependencies: ["fovea", "FoveaCodecs", "CZlib", "FoveaTraining"],
            swiftSettings: strict),
    ]
)

// MARK: - Documentation (make docs): the DocC plugin only when asked for, so packages that depend on Fovea do not
// resolve a documentation tool they never run.
if Context.environment["FOVEA_DOCS"] != nil {
    package.dependencies.append(.package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"))
}
