// swift-tools-version:6.0
// ConvMatrix — every convolution compiled into an explicit sparse matrix W.
import PackageDescription

let package = Package(
    name: "ConvMatrix",
    products: [
        .library(name: "ConvMatrix", targets: ["ConvMatrix"]),
        .library(name: "ConvMatrixIO", targets: ["ConvMatrixIO"]),
        .library(name: "ConvMatrixConformance", targets: ["ConvMatrixConformance"]),
        .library(name: "ConvMatrixSpectrum", targets: ["ConvMatrixSpectrum"]),
        .library(name: "ConvMatrixModels", targets: ["ConvMatrixModels"]),
        .executable(name: "convmat", targets: ["convmat"]),
        .executable(name: "convmat-bench", targets: ["convmat-bench"]),
        .executable(name: "notebook-transposed-convolution", targets: ["notebook-transposed-convolution"]),
        .executable(name: "notebook-verify-your-kernel", targets: ["notebook-verify-your-kernel"]),
        .executable(name: "notebook-hybrid-stride", targets: ["notebook-hybrid-stride"]),
        .executable(name: "notebook-channels-last", targets: ["notebook-channels-last"]),
        .executable(name: "notebook-grouped-3d-transposed", targets: ["notebook-grouped-3d-transposed"]),
        .executable(name: "notebook-checkerboard", targets: ["notebook-checkerboard"]),
        .executable(name: "notebook-padding-modes", targets: ["notebook-padding-modes"]),
        .executable(name: "notebook-not-the-inverse", targets: ["notebook-not-the-inverse"]),
        .executable(name: "notebook-singular-values", targets: ["notebook-singular-values"]),
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
        // cairo (Debian's libcairo2-dev) draws the spy plots: PNG, SVG and PDF with real text from
        // one drawing routine. Only ConvMatrixIO's CairoCanvas.swift imports it.
        .systemLibrary(
            name: "CCairo",
            path: "Sources/CCairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // LAPACK (dgesdd, zgesdd) from Debian's liblapack-dev (reference, or OpenBLAS's through
        // update-alternatives); it ships no C header, so the shim declares the Fortran symbols.
        .systemLibrary(
            name: "CLAPACK",
            path: "Sources/CLAPACK",
            providers: [.apt(["liblapack-dev"])]
        ),
        // ARPACK (arpack-ng's ISO C bindings dsaupd_c/dseupd_c) from Debian's libarpack2-dev.
        .systemLibrary(
            name: "CARPACK",
            path: "Sources/CARPACK",
            providers: [.apt(["libarpack2-dev"])]
        ),
        // FFTW 3 (double precision) from Debian's libfftw3-dev.
        .systemLibrary(
            name: "CFFTW",
            path: "Sources/CFFTW",
            providers: [.apt(["libfftw3-dev"])]
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
        // Temporary files that SIGINT/SIGTERM/SIGHUP remove: a signal handler must call only
        // async-signal-safe functions, which is C's job, not Swift's.
        .target(
            name: "CTemporaryFiles",
            path: "Sources/CTemporaryFiles"
        ),
        .target(
            name: "ConvMatrixIO",
            dependencies: ["ConvMatrix", "CZlib", "CCairo", "CTemporaryFiles"],
            path: "Sources/ConvMatrixIO"
        ),
        // The conformance runner: reads cases (SCHEMA.md) and drives both the sparse path (W through
        // CHOLMOD and CXSparse) and the dense path. It is neither the library nor file IO.
        .target(
            name: "ConvMatrixConformance",
            dependencies: ["ConvMatrix", "ConvMatrixIO"],
            path: "Sources/ConvMatrixConformance"
        ),
        // Singular values of W (dense SVD, Lanczos through the sparse engines, the FFT closed form
        // of circular stride-1 layers). Its own target, so that the core library keeps needing
        // only SuiteSparse: LAPACK, ARPACK and FFTW are linked only by those who ask for spectra.
        .target(
            name: "ConvMatrixSpectrum",
            dependencies: ["ConvMatrix", "CLAPACK", "CARPACK", "CFFTW"],
            path: "Sources/ConvMatrixSpectrum"
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
                "ConvMatrix", "ConvMatrixIO", "ConvMatrixConformance", "ConvMatrixSpectrum", "ConvMatrixModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/convmat"
        ),
        .executableTarget(
            name: "convmat-bench",
            dependencies: ["ConvMatrix", .product(name: "ArgumentParser", package: "swift-argument-parser")],
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
        // What the notebooks share: integer test data, exact differences, printing of matrices.
        .target(
            name: "NotebookSupport",
            dependencies: ["ConvMatrix"],
            path: "Notebooks-as-text/Support"
        ),
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
        // libFuzzer targets (readers, layer strings, front ends), one executable chosen by
        // CONVMAT_FUZZ_TARGET; Scripts/fuzz.sh builds it with --sanitize=fuzzer. A plain build
        // links it as a program that does nothing.
        .executableTarget(
            name: "convmat-fuzz",
            dependencies: ["ConvMatrix", "ConvMatrixIO", "ConvMatrixConformance"],
            path: "Tests/Fuzz",
            exclude: ["Corpus", "README.md"]
        ),
        .executableTarget(
            name: "notebook-hybrid-stride",
            dependencies: ["ConvMatrix", "NotebookSupport"],
            path: "Notebooks-as-text/HybridStride",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "notebook-channels-last",
            dependencies: ["ConvMatrix", "NotebookSupport"],
            path: "Notebooks-as-text/ChannelsLast",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "notebook-grouped-3d-transposed",
            dependencies: ["ConvMatrix", "NotebookSupport"],
            path: "Notebooks-as-text/GroupedAnd3DTransposed",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "notebook-checkerboard",
            dependencies: ["ConvMatrix", "NotebookSupport"],
            path: "Notebooks-as-text/Checkerboard",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "notebook-padding-modes",
            dependencies: ["ConvMatrix", "NotebookSupport"],
            path: "Notebooks-as-text/PaddingModes",
            exclude: ["README.md"]
        ),
        // Its pictures (PNG) and the .npy files `convmat solve --help` uses are committed beside it,
        // written by the notebook when given the folder; ConvMatrixIO writes them.
        .executableTarget(
            name: "notebook-not-the-inverse",
            dependencies: ["ConvMatrix", "ConvMatrixIO"],
            path: "Notebooks-as-text/NotTheInverse",
            exclude: ["README.md", "picture.png", "blurred.png", "transposed.png", "least-squares-clean.png",
                      "least-squares.png", "tikhonov-0.0001.png", "tikhonov-0.001.png", "tikhonov-0.01.png",
                      "tikhonov-0.1.png", "kernel.npy", "blurred.npy", "strided.npy"]
        ),
        .executableTarget(
            name: "notebook-singular-values",
            dependencies: ["ConvMatrix", "ConvMatrixSpectrum"],
            path: "Notebooks-as-text/SingularValues",
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
        // The spectrum against its independent truth: dense Jacobians of the direct convolution,
        // decomposed with LAPACK in the test (the only test target that links CLAPACK).
        .testTarget(
            name: "ConvMatrixSpectrumTests",
            dependencies: ["ConvMatrix", "ConvMatrixSpectrum", "CLAPACK", "ConvMatrixTestSupport"],
            path: "Tests/ConvMatrixSpectrumTests"
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
            dependencies: ["convmat", "notebook-transposed-convolution", "notebook-verify-your-kernel", "notebook-hybrid-stride",
                           "notebook-channels-last", "notebook-grouped-3d-transposed",
                           "notebook-checkerboard", "notebook-padding-modes", "notebook-not-the-inverse", "notebook-singular-values", "library-example", "convmat-bench", "ConvMatrix", "ConvMatrixIO", "ConvMatrixTestSupport"],
            path: "Tests/ConvMatrixCLITests",
            exclude: ["Golden"]
        ),
    ]
)
