// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "DNNPartition",
    products: [
        .library(name: "PartitionModel", targets: ["PartitionModel"]),
        .library(name: "PartitionSolvers", targets: ["PartitionSolvers"]),
        .library(name: "ModelZoo", targets: ["ModelZoo"]),
        .library(name: "PartitionONNX", targets: ["PartitionONNX"]),
        .executable(name: "dnnpart", targets: ["dnnpart"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-algorithms", from: "1.2.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // GLPK's C API. Only the ILP code in PartitionSolvers imports it.
        .systemLibrary(
            name: "CGLPK",
            path: "Sources/CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        // COIN-OR CBC's C interface: the second MILP backend (`--backend cbc`). Only the ILP code imports it.
        .systemLibrary(
            name: "CCBC",
            path: "Sources/CCBC",
            providers: [.apt(["coinor-libcbc-dev"])]
        ),
        // Runs GLPK calls so that an internal GLPK error returns instead of aborting the process.
        .target(
            name: "CGLPKGuard",
            dependencies: ["CGLPK"],
            path: "Sources/CGLPKGuard"
        ),
        // Graph, hardware, instances, plans, cost model, verifier, JSON I/O.
        .target(
            name: "PartitionModel",
            dependencies: [.product(name: "RealModule", package: "swift-numerics"), .product(name: "Algorithms", package: "swift-algorithms")]
        ),
        // Exact solvers and the published heuristics.
        .target(
            name: "PartitionSolvers",
            dependencies: ["PartitionModel", "CGLPK", "CGLPKGuard", "CCBC", .product(name: "RealModule", package: "swift-numerics")]
        ),
        // Real architectures, device and network presets, instance export.
        .target(
            name: "ModelZoo",
            dependencies: ["PartitionModel"]
        ),
        // ONNX models in (graph, shapes, MACs) and split ONNX parts out. The protobuf code in
        // Generated/ is made by scripts/generate-onnx-swift.sh and committed; the build never runs protoc.
        .target(
            name: "PartitionONNX",
            dependencies: ["PartitionModel", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        // The `dnnpart` command line.
        .executableTarget(
            name: "dnnpart",
            dependencies: [
                "PartitionModel",
                "PartitionSolvers",
                "ModelZoo",
                "PartitionONNX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Examples (built by `swift build`, run by the tests).
        .executableTarget(
            name: "EdgeCloudSplit",
            dependencies: ["PartitionModel", "PartitionSolvers"],
            path: "Examples/EdgeCloudSplit"
        ),
        .executableTarget(
            name: "TilesAcrossPhones",
            dependencies: ["PartitionModel", "PartitionSolvers", "ModelZoo"],
            path: "Examples/TilesAcrossPhones"
        ),
        .executableTarget(
            name: "SparseFCPartition",
            dependencies: ["PartitionModel", "PartitionSolvers", "ModelZoo"],
            path: "Examples/SparseFCPartition"
        ),
        .executableTarget(
            name: "BandwidthSweep",
            dependencies: ["PartitionModel", "PartitionSolvers", "ModelZoo"],
            path: "Examples/BandwidthSweep"
        ),
        // Helpers shared by the test targets: paths, brute force, a JSON Schema checker, the CLI runner.
        .target(
            name: "TestSupport",
            dependencies: ["PartitionModel", .product(name: "Numerics", package: "swift-numerics"),
                           .product(name: "Algorithms", package: "swift-algorithms")],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "PartitionModelTests",
            dependencies: ["PartitionModel", "TestSupport"]
        ),
        .testTarget(
            name: "PartitionSolversTests",
            dependencies: ["PartitionModel", "PartitionSolvers", "ModelZoo", "TestSupport"]
        ),
        .testTarget(
            name: "ModelZooTests",
            dependencies: ["ModelZoo", "PartitionModel", "PartitionSolvers", "TestSupport"]
        ),
        .testTarget(
            name: "PartitionONNXTests",
            dependencies: ["PartitionONNX", "PartitionModel", "PartitionSolvers", "ModelZoo", "TestSupport",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["dnnpart", "PartitionONNX", "EdgeCloudSplit", "TilesAcrossPhones", "SparseFCPartition", "BandwidthSweep", "PartitionModel", "ModelZoo", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
