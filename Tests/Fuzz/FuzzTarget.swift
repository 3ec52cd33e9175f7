// The fuzz targets: one reader or front end each, chosen by CONVMAT_FUZZ_TARGET.
import ConvMatrix
import ConvMatrixConformance
import ConvMatrixIO
import Foundation

/// What one fuzz run exercises.
enum FuzzTarget: String, CaseIterable {
    /// `LayerExpression(parsing:)` on the first line; a valid layer on the input shape of the
    /// second line (`1x1x5x5`) is compiled under a small budget and cross-checked.
    case layerString = "layer-string"
    /// `.npy` bytes through `NumPyArray(npy:)`.
    case npy
    /// `.npz` bytes through `NumPyArchive.read(bytes:)` and `SciPySparseNPZ.read(bytes:)` (the
    /// ZIP reader, inflate, and `.npy` inside ZIP).
    case npz
    /// Matrix Market bytes through `MatrixMarket.parse(bytes:)`, 32- and 64-bit indices.
    case matrixMarket = "matrix-market"
    /// A conformance case (JSON) through `ConformanceCase.parse`, then its layer compiled.
    case conformanceJSON = "conformance-json"
    /// Random PyTorch and ONNX parameters (drawn from the bytes, including sizes near 2³¹ and
    /// 2⁶³) through the front ends, then a compile of `W` under a small budget and, when `W` is
    /// small, sparse `W·x` against the dense direct convolution.
    case frontEnds = "front-ends"

    /// The target named by `CONVMAT_FUZZ_TARGET`; an unknown or missing name stops the run with
    /// the list of names.
    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["CONVMAT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("CONVMAT_FUZZ_TARGET must be one of: \(names) (got '\(name)')\n".utf8))
            exit(2)
        }
        return target
    }()

    /// The memory budget of every compile (and Matrix Market read) under fuzzing: 16 MB.
    static let budget = 16 << 20

    func run(_ bytes: [UInt8]) {
        switch self {
        case .layerString: FuzzLayerString.run(bytes)
        case .npy: _ = try? NumPyArray(npy: bytes, source: "fuzz.npy")
        case .npz:
            _ = try? NumPyArchive.read(bytes: bytes, source: "fuzz.npz")
            _ = try? SciPySparseNPZ.read(bytes: bytes, source: "fuzz.npz", as: Int32.self)
            _ = try? SciPySparseNPZ.read(bytes: bytes, source: "fuzz.npz", as: Int64.self)
        case .matrixMarket:
            // The reader's budget is the compile's: a 70-byte file may declare a billion rows.
            _ = try? MatrixMarket.parse(bytes: bytes, source: "fuzz.mtx", as: Int32.self, memoryBudget: Self.budget)
            _ = try? MatrixMarket.parse(bytes: bytes, source: "fuzz.mtx", as: Int64.self, memoryBudget: Self.budget)
        case .conformanceJSON:
            guard case .success(let testCase) = ConformanceCase.parse(Data(bytes), origin: "fuzz.json"),
                  let convolution = try? testCase.layer() else { return }
            FuzzCheck.compileAndCompare(convolution)
        case .frontEnds: FuzzFrontEnds.run(bytes)
        }
    }
}
