// Writes the interop fixtures for Tests/interop/check_scipy_interop.py into $CONVMAT_INTEROP_DIR.
import ConvMatrix
import ConvMatrixIO
import Foundation
import Testing

/// The CI interop step runs this test with `CONVMAT_INTEROP_DIR` set, then lets SciPy and NumPy
/// load every file (`python3 Tests/interop/check_scipy_interop.py "$CONVMAT_INTEROP_DIR"`).
/// Without the variable the test is skipped.
@Suite struct InteropExportTests {
    static let directory = ProcessInfo.processInfo.environment["CONVMAT_INTEROP_DIR"]

    /// A banded 3000 × 2000 matrix the Python side rebuilds: row r stores columns
    /// (2r + k) mod 2000 for k = 0, 1, 2 (sorted) with value (3r + k) / 8.
    static func banded() -> CSRMatrix<Int32> {
        var rows = [[(Int, Double)]]()
        for r in 0..<3000 {
            rows.append((0..<3).map { k in ((2 * r + k) % 2000, Double(3 * r + k) / 8) }.sorted { $0.0 < $1.0 })
        }
        return csr(2000, rows)
    }

    @Test(.enabled(if: directory != nil, "set CONVMAT_INTEROP_DIR to write the interop files"))
    func writeInteropFiles() throws {
        let dir = try #require(Self.directory)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func path(_ name: String) -> String { dir + "/" + name }

        let r32 = Reference.r(Int32.self), r64 = Reference.r(Int64.self)
        try MatrixMarket.write(r32, to: path("R.mtx"), comments: ["layer: R (reference)", "shape: 5 x 6, row 2 empty"])
        try SciPySparseNPZ.write(r32, to: path("R.npz"))
        try SciPySparseNPZ.write(r32, to: path("R_deflated.npz"), compression: .deflated())
        try SciPySparseNPZ.write(r32, to: path("R_zip64.npz"), compression: .deflated(), zip64: .always)
        try SciPySparseNPZ.write(r64, to: path("R_int64.npz"), zip64: .always)
        try SciPySparseNPZ.write(r32, to: path("R_array.npz"), sparseArray: true)
        let empty = try CSRMatrix<Int32>(rowCount: 3, columnCount: 4, rowPointers: [0, 0, 0, 0], columnIndices: [], values: [])
        try MatrixMarket.write(empty, to: path("empty.mtx"))
        try SciPySparseNPZ.write(empty, to: path("empty.npz"))

        let big = Self.banded()
        try MatrixMarket.write(big, to: path("banded.mtx"))
        try SciPySparseNPZ.write(big, to: path("banded.npz"), compression: .deflated())
        let bigPlot = try SpyPlot(big, options: SpyPlotOptions(title: "banded 3000 × 2000", rowBlockSize: 500,
                                                               columnBlockSize: 400, colorByValue: true))
        try bigPlot.writeSVG(to: path("banded.svg"))
        try bigPlot.writePNG(to: path("banded.png"))
        let plot = try SpyPlot(r32, options: SpyPlotOptions(title: "R", rowBlockSize: 2, columnBlockSize: 3))
        try plot.writeSVG(to: path("R.svg"))
        try plot.writePNG(to: path("R.png"))

        try NumPyArray(shape: [2, 3], storage: .float64([1, -2, 0.5, 1e-300, .infinity, -0.0])).write(to: path("f8_2x3.npy"))
        try NumPyArray(shape: [2, 3, 4], storage: .float32((0..<24).map { Float($0) / 4 })).write(to: path("f4_2x3x4.npy"))
        try NumPyArray([Int32.min, -1, 0, Int32.max]).write(to: path("i4.npy"))
        try NumPyArray(shape: [], storage: .int64([-9_007_199_254_740_993])).write(to: path("i8_0d.npy"))
        try NumPyArray(shape: [0, 3], storage: .float64([])).write(to: path("f8_0x3.npy"))
        try NumPyArray(shape: [3], storage: .bool([true, false, true])).write(to: path("bool.npy"))
        try NumPyArray(shape: [], storage: .bytes(["csr"])).write(to: path("S3_0d.npy"))
        try NumPyArray(shape: [2], storage: .unicode(["Wᵀ·y", "a"])).write(to: path("U4.npy"))
        let named: [(String, NumPyArray)] = [("x", NumPyArray([1.0, 2.0])),
                                             ("n", try NumPyArray(shape: [2, 2], storage: .int32([1, 2, 3, 4])))]
        try NumPyArchive.write(named, to: path("arrays.npz"))
        try NumPyArchive.write(named, to: path("arrays_deflated.npz"), compression: .deflated())
        try NumPyArchive.write(named, to: path("arrays_zip64.npz"), zip64: .always)
    }
}
