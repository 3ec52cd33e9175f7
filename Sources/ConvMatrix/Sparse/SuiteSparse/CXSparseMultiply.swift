internal import CSuiteSparse

/// The CXSparse engine: `cs_gaxpy` reads a CSR matrix's arrays in place as its transpose (CSC).
enum CXSparse {
    /// The matrix `M` whose `cs_gaxpy` computes `op(W)·x` (`gaxpy` on the view of `M` is
    /// `Mᵀ·x`): `W` itself for `Wᵀ·x` (zero copy), `Wᵀ` by `cs_transpose` for `W·x`, remembered
    /// by ``CXSparseTransposeCache`` while `W`'s arrays are the same buffers.
    ///
    /// - Complexity: O(1) for `transposed` or a remembered `Wᵀ`, else O(rows + columns + nnz)
    ///   time and one more `W` in memory.
    static func gaxpyMatrix<Index: SparseIndex>(_ w: CSRMatrix<Index>, transposed: Bool) throws -> CSRMatrix<Index> {
        guard !transposed, w.nonzeroCount > 0 else { return w }
        return try CXSparseTransposeCache.transpose(of: w) { try transpose(w) }
    }

    /// `Y ← α·Mᵀ·X + β·Y`, one `cs_gaxpy` per column of `X`, on the zero-copy view of `M`.
    ///
    /// `cs_gaxpy` only accumulates (`y += A·x`), so `β` is applied first and, when `α ≠ 1`,
    /// each column goes through one scratch vector of `outRows`. `x` is `M.rowCount × k`, `y` is
    /// `M.columnCount × k`, column-major; shapes are checked by the caller, `M` has at least one
    /// entry and `k > 0`.
    ///
    /// - Complexity: O(nnz·k + outRows·k).
    static func gaxpyColumns<Index: SparseIndex>(
        _ m: CSRMatrix<Index>,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double
    ) throws {
        try gaxpyColumns(flavor(Index.self), m, x, columns: k, into: y, alpha: alpha, beta: beta)
    }

    private static func gaxpyColumns<F: CXSparseFlavor, Index: SparseIndex>(
        _: F.Type, _ m: CSRMatrix<Index>,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double
    ) throws {
        let inRows = m.rowCount, outRows = m.columnCount
        scaleColumns(y, by: beta)
        let xBase = x.baseAddress!, yBase = y.baseAddress!
        try m.withCXSparseTransposeView(F.self) { a in
            if alpha == 1 {
                for j in 0..<k {
                    guard F.gaxpy(a, xBase + j * inRows, yBase + j * outRows) else {
                        throw ConvMatrixError.cxsparse(F.name("gaxpy"), returned: "0")
                    }
                }
                return
            }
            let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: outRows)
            defer { scratch.deallocate() }
            for j in 0..<k {
                scratch.update(repeating: 0)
                guard F.gaxpy(a, xBase + j * inRows, scratch.baseAddress!) else {
                    throw ConvMatrixError.cxsparse(F.name("gaxpy"), returned: "0")
                }
                let column = yBase + j * outRows
                for r in 0..<outRows { column[r] += alpha * scratch[r] }
            }
        }
    }

    /// The CXSparse flavour of an index type: `cs_di` for `Int32`, `cs_dl` for `Int64` — the one
    /// place the bridge turns the index width into C entry points.
    static func flavor<Index: SparseIndex>(_: Index.Type) -> any CXSparseFlavor.Type {
        switch Index.width {
        case .int32: return CXSparseInt32.self
        case .int64: return CXSparseInt64.self
        }
    }
}
