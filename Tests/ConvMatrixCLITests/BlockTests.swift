import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

/// `convmat export` and `apply` over the memory budget, and `--rows`: a W of 322 624 entries
/// (`nn.Conv2d(4, 4, 3, padding=1)` on 4 × 48 × 48, ≈ 5.2 MB) under a 3 MB budget is written
/// and applied in row blocks, saying so on standard error, with the same results as with the
/// default budget.
@Suite struct BlockTests {
    static let layer = ["nn.Conv2d(4, 4, 3, padding=1)", "--fill", "random"]

    @Test func exportOverBudgetStreamsTheSameFile() throws {
        let dir = TemporaryDirectory()
        let small = try CLI.run(["export"] + Self.layer + ["--input", "1x4x48x48", "--memory-budget", "3MB", "--output", dir.path("s.mtx")])
        #expect(small.status == 0, "\(small)")
        #expect(small.stderr.hasPrefix("note: memory = ") && small.stderr.contains("that exceeds the memory budget of 3.0 MB; writing W block by block"), "\(small)")
        // nnz by hand: 48 outputs per axis read 3 inputs each but the first and last read 2:
        // 142 per axis, times 4 · 4 channels: 4 · 4 · 142 · 142 = 322 624.
        #expect(small.stdout.contains("W 9216 × 9216, nnz 322624 (Matrix Market, streamed in row blocks of at most"), "\(small)")
        let large = try CLI.run(["export"] + Self.layer + ["--input", "1x4x48x48", "--output", dir.path("l.mtx")])
        #expect(large.status == 0 && large.stderr.isEmpty, "\(large)")
        #expect(dir.bytes("s.mtx") == dir.bytes("l.mtx"))
        for format in ["npz", "petsc"] {
            let run = try CLI.run(["export"] + Self.layer + ["--input", "1x4x48x48", "--memory-budget", "3MB", "--output", dir.path("s.\(format)")])
            #expect(run.status == 0, "\(run)")
        }
        let matrix = try SciPySparseNPZ.read(dir.path("s.npz"), as: Int64.self)
        let reference = try MatrixMarket.read(dir.path("l.mtx"), as: Int64.self)
        #expect(matrix == reference)
    }

    @Test func applyOverBudgetEqualsTheWholeProduct() throws {
        let dir = TemporaryDirectory()
        let x = try NumPyArray(shape: [2, 4, 48, 48], storage: .float64(randomValues(2 * 4 * 48 * 48, seed: 3)))
        try x.write(to: dir.path("x.npy"))
        let small = try CLI.run(["apply"] + Self.layer + ["--input", dir.path("x.npy"), "--output", dir.path("s.npy"), "--memory-budget", "3MB"])
        #expect(small.status == 0, "\(small)")
        #expect(small.stderr.contains("exceeds the memory budget of 3.0 MB; computing W·x in row blocks"), "\(small)")
        let large = try CLI.run(["apply"] + Self.layer + ["--input", dir.path("x.npy"), "--output", dir.path("l.npy")])
        #expect(large.status == 0, "\(large)")
        // The row blocks hold W's rows in the caller's numbering; the whole product runs with W
        // numbered channels innermost, so each row sums its terms in another order.
        let s = try NumPyArray(contentsOf: dir.path("s.npy")), l = try NumPyArray(contentsOf: dir.path("l.npy"))
        let (sv, lv) = (try s.doubles(), try l.doubles())
        #expect(s.shape == l.shape && relativeError(sv, lv) <= 1e-13)
        let back = ["apply", "nn.Conv2d(4, 4, 3, padding=1)", "--fill", "random", "--transposed", "--input", dir.path("l.npy")]
        let smallBack = try CLI.run(back + ["--output", dir.path("sb.npy"), "--memory-budget", "3MB"])
        let largeBack = try CLI.run(back + ["--output", dir.path("lb.npy")])
        #expect(smallBack.status == 0 && largeBack.status == 0, "\(smallBack)\(largeBack)")
        let a = try NumPyArray(contentsOf: dir.path("sb.npy")).doubles(), b = try NumPyArray(contentsOf: dir.path("lb.npy")).doubles()
        #expect(relativeError(a, b) <= 1e-13)
    }

    @Test func rowsOfExportAndApply() throws {
        let dir = TemporaryDirectory()
        let layer = ["nn.Conv2d(2, 3, 3, padding=1, padding_mode='circular')", "--fill", "random"]
        let part = try CLI.run(["export"] + layer + ["--input", "1x2x5x4", "--rows", "10:25", "--output", dir.path("p.npz")])
        #expect(part.status == 0, "\(part)")
        #expect(part.stdout.contains("rows 10:25 of W: 15 × 40, nnz 270"), "\(part)")  // 15 rows × 2 channels × 9 taps
        let whole = try CLI.run(["export"] + layer + ["--input", "1x2x5x4", "--output", dir.path("w.npz")])
        #expect(whole.status == 0, "\(whole)")
        let p = try SciPySparseNPZ.read(dir.path("p.npz"), as: Int64.self), w = try SciPySparseNPZ.read(dir.path("w.npz"), as: Int64.self)
        let start = Int(w.rowPointers[10])
        #expect(p.rowPointers == w.rowPointers[10...25].map { $0 - Int64(start) })
        #expect(p.columnIndices == Array(w.columnIndices[start..<Int(w.rowPointers[25])]))

        let x = try NumPyArray(shape: [1, 2, 5, 4], storage: .float64(randomValues(40, seed: 1)))
        try x.write(to: dir.path("x.npy"))
        let rows = try CLI.run(["apply"] + layer + ["--input", dir.path("x.npy"), "--rows", "10:25", "--output", dir.path("r.npy")])
        let all = try CLI.run(["apply"] + layer + ["--input", dir.path("x.npy"), "--output", dir.path("a.npy")])
        #expect(rows.status == 0 && all.status == 0, "\(rows)\(all)")
        let r = try NumPyArray(contentsOf: dir.path("r.npy")), a = try NumPyArray(contentsOf: dir.path("a.npy")).doubles()
        let rowValues = try r.doubles()
        // (Rows of W in the caller's numbering against the channels-innermost product: the same
        // terms summed in another order.)
        #expect(r.shape == [1, 15] && relativeError(rowValues, Array(a[10..<25])) <= 1e-13)
    }

    @Test(arguments: [
        (["--rows", "5"], "error: --rows = 5: write r0:r1 with integers, e.g. 0:4096"),
        (["--rows", "9:3"], "error: --rows = 9:3: must satisfy 0 ≤ r0 ≤ r1"),
        (["--rows", "0:1000"], "error: --rows = 0:1000: must lie within 0:60, the rows of W"),
        (["--memory-budget", "lots"], "error: --memory-budget = lots: must be a positive size such as 256MB, 4GB or 1.5GiB"),
        (["--petsc-int64"], "Error: --petsc-int64 applies to --format petsc (or an --output ending in .petsc)"),
        (["--format", "svg", "--streaming"], "error: --format = svg: a picture or page needs all of W in memory; --streaming and --rows write mtx, npz or petsc"),
    ])
    func badOptionsAreNamed(extra: [String], message: String) throws {
        let dir = TemporaryDirectory()
        let run = try CLI.run(["export", "nn.Conv2d(2, 3, 3, padding=1)", "--input", "1x2x5x4", "--output", dir.path("W.mtx")] + extra)
        #expect(run.status != 0 && run.stderr.hasPrefix(message), "\(run)")
        #expect(dir.contents.isEmpty)
    }
}
