// swift-tools-version: 6.1
// A package that uses Fovea the way any other package would: by git URL and version, importing every library
// product. The URL is Fovea's canonical one (README, "Using Fovea from another package"); check.sh mirrors it to a
// bare clone of this repository tagged with the version below, builds and runs this package.
import PackageDescription

let package = Package(
    name: "Downstream",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/fovea-authors/fovea.git", .upToNextMinor(from: "0.2.0"))
    ],
    targets: [
        .executableTarget(
            name: "Downstream",
            dependencies: [
                .product(name: "FoveaImage", package: "fovea"),
                .product(name: "FoveaCodecs", package: "fovea"),
                .product(name: "FoveaFilters", package: "fovea"),
                .product(name: "FoveaAugment", package: "fovea"),
                .product(name: "FoveaNN", package: "fovea"),
                .product(name: "FoveaData", package: "fovea"),
                .product(name: "FoveaPlot", package: "fovea"),
                .product(name: "FoveaTraining", package: "fovea"),
                .product(name: "FoveaExport", package: "fovea"),
            ])
    ]
)
