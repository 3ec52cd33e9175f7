internal import CSuiteSparse

/// The CHOLMOD engine: every product reads `W`'s CSR arrays in place as `A = Wᵀ` (CSC).
enum Cholmod {
    /// `Y ← α·W·X + β·Y` (`transposed == false`, `cholmod_sdmult` with `A'`) or
    /// `Y ← α·Wᵀ·X + β·Y` (`transposed == true`, `cholmod_sdmult` with `A`), where `A = Wᵀ`
    /// is the zero-copy view of `W`. No second matrix is ever formed.
    ///
    /// `x` is `inRows × k` and `y` is `outRows × k`, column-major, both wrapped without copying.
    /// Shapes are checked by the caller; `W` has at least one entry and `k > 0`.
    ///
    /// - Complexity: O(nnz·k + outRows·k).
    static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double
    ) throws {
        try apply(w, transposed: transposed, x, columns: k, into: y, alpha: alpha, beta: beta, rows: nil)
    }

    /// `Y[rows, :] ← α·W[rows, :]·X + β·Y[rows, :]`: the rows `rows` of `W·X` only (`y` is the
    /// whole `rowCount × k` output; the other rows are not touched), so threads can share one
    /// pass over `W` instead of each reading all of it.
    static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, rows: Range<Int>,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double
    ) throws {
        try apply(w, transposed: false, x, columns: k, into: y, alpha: alpha, beta: beta, rows: rows)
    }

    private static func apply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double, rows: Range<Int>?
    ) throws {
        let common = try CholmodCommon(Index.width)
        let inRows = transposed ? w.rowCount : w.columnCount
        let outRows = transposed ? w.columnCount : w.rowCount
        let part = rows ?? 0..<outRows
        var xd = cholmodDense(UnsafeMutablePointer(mutating: x.baseAddress!), rows: inRows, columns: k)
        var yd = cholmodDense(y.baseAddress! + part.lowerBound, rows: part.count, columns: k, leadingDimension: outRows)
        var alphaPair = [alpha, 0]
        var betaPair = [beta, 0]
        // W·X = Aᵀ·X  → transpose = 1;   Wᵀ·Y = A·Y → transpose = 0.
        let ok = w.withCholmodTransposeView(common.api, rows: rows) { a in
            common.api.sdmult(a, transposed ? 0 : 1, &alphaPair, &betaPair, &xd, &yd, common.pointer)
        }
        try common.check("sdmult", succeeded: ok != 0)
    }
}
