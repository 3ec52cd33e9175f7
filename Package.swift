// swift-tools-version:6.0
// ConvMatrix — every convolution compiled into an explicit sparse matrix W.
import PackageDescription

let package = Package(
    name: "ConvMatrix",
    products: [
        .library(name: "ConvMatrix", targets: ["ConvMatrix"]),
        .library(name: "ConvMatrixIO", targets: ["ConvMatrixIO"]),
        .library(name: "ConvMatrixConformance", targets: ["ConvMatrixConformance"]),
        .library(name: "ConvMatrixModels", targets: ["ConvMatrixModels"]),
        .executable(name: "convmat", targets: ["convmat"]),
        .executable(name: "convmat-bench", targets: ["convmat-bench"]),
        .executable(name: "notebook-transposed-convolution", targets: ["notebook-transposed-convolution"]),
        .executable(name: "notebook-verify-your-kernel", targets: ["notebook-verify-your-kernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Decodes ONNX model files (protobuf). The Swift code is generated once from onnx.proto and
        // committed (Sources/ConvMatrixModels/Generated/REGENERATE.md): no build plugin.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // SuiteSparse (CHOLMOD + CXSparse) from Debian's libsuitesparse-dev; no pkg-config files
        // exist, so the module map links the libraries itself.
        .systemLibrary(
            name: "CSuiteSparse",
            path: "Sources/CSuiteSparse",
            providers: [.apt(["libsuitesparse-dev"])]
        ),
        // zlib for PNG (deflate) and .npz (CRC-32); Debian's zlib1g-dev.
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The dense direct-convolution kernels: portable C plus AVX2/AVX-512 variants chosen at
        // run time, so a plain `swift build -c release` is fast on any x86-64. No unsafe flags
        // (SwiftPM refuses them in a dependency): the SIMD variants take their instruction sets
        // from per-function target attributes, and SwiftPM's own -O2 (release) gives the same
        // inner loops as -O3 did; see CONTRIBUTING.md.
        .target(
            name: "CConvKernels",
            path: "Sources/CConvKernels"
        ),
        .target(
            name: "ConvMatrix",
            dependencies: ["CSuiteSparse", "CConvKernels"],
            path: "Sources/ConvMatrix"
        ),
        .target(
            name: "ConvMatrixIO",
            dependencies: ["ConvMatrix", "CZlib"],
            path: "Sources/ConvMatrixIO"
        ),
        // The conformance runner: reads cases (SCHEMA.md) and drives both the sparse path (W through
        // CHOLMOD and CXSparse) and the dense path. It is neither the library nor file IO.
        .target(
            name: "ConvMatrixConformance",
            dependencies: ["ConvMatrix"],
            path: "Sources/ConvMatrixConformance"
        ),
        // Layers from model files: ONNX models (the generated onnx.pb.swift, its .proto and
        // license beside it, excluded from the build).
        .target(
            name: "ConvMatrixModels",
            dependencies: ["ConvMatrix", "ConvMatrixIO", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/ConvMatrixModels",
            exclude: ["Generated/onnx.proto", "Generated/LICENSE-ONNX", "Generated/REGENERATE.md"]
        ),
        .executableTarget(
            name: "convmat",
            dependencies: [
                "ConvMatrix", "ConvMatrixIO", "ConvMatrixConformance", "ConvMatrixModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/convmat"
        ),
        .executableTarget(
            name: "convmat-bench",
            dependencies: ["ConvMatrix"],
            path: "Sources/convmat-bench"
        ),
        // The README's "As a library" program, compiled and run by ConvMatrixCLITests, which also
        // check that the README shows this file and its output verbatim.
        .executableTarget(
            name: "library-example",
            dependencies: ["ConvMatrix"],
            path: "Sources/library-example"
        ),
        // Literate notebooks: one executable each, rendered output committed beside it (README.md)
        // and checked by ConvMatrixCLITests.
        .executableTarget(
            name: "notebook-verify-your-kernel",
            dependencies: ["ConvMatrix"],
            path: "Notebooks-as-text/VerifyYourKernel",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "notebook-transposed-convolution",
            dependencies: ["ConvMatrix"],
            path: "Notebooks-as-text/TransposedConvolution",
            exclude: ["README.md"]
        ),
        // Helpers every test target shares (scratch directories, fixture folders, random data,
        // approximate comparison); public API of the library only, no Swift Testing.
        .target(
            name: "ConvMatrixTestSupport",
            dependencies: ["ConvMatrix"],
            path: "Tests/ConvMatrixTestSupport"
        ),
        .testTarget(
            name: "ConvMatrixTests",
            dependencies: ["ConvMatrix", "ConvMatrixIO", "ConvMatrixConformance", "ConvMatrixTestSupport"],
            path: "Tests/ConvMatrixTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ConvMatrixIOTests",
            dependencies: ["ConvMatrix", "ConvMatrixIO", "ConvMatrixTestSupport"],
            path: "Tests/ConvMatrixIOTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ConvMatrixModelsTests",
            dependencies: ["ConvMatrix", "ConvMatrixIO", "ConvMatrixModels", "ConvMatrixTestSupport",
                           .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Tests/ConvMatrixModelsTests",
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ConvMatrixCLITests",
            dependencies: ["convmat", "notebook-transposed-convolution", "notebook-verify-your-kernel", "library-example", "ConvMatrix", "ConvMatrixIO",
                           "ConvMatrixTestSupport"],
            path: "Tests/ConvMatrixCLITests"
        ),
    ]
)
