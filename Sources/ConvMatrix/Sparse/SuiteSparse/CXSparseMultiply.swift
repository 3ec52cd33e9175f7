internal import CSuiteSparse

/// The CXSparse engine: `cs_gaxpy` reads `W`'s CSR arrays in place as `A = Wᵀ` (CSC).
enum CXSparse {
    /// `Y ← α·W·X + β·Y` (`transposed == false`) or `Y ← α·Wᵀ·X + β·Y` (`transposed == true`).
    ///
    /// `Wᵀ·X` is `cs_gaxpy` on the zero-copy view of `W`. `W·X` is `cs_gaxpy` on the view of
    /// `Wᵀ`, built once by `cs_transpose` and cached with the matrix (one more `W` in memory,
    /// see ``TransposeCache``). `cs_gaxpy` only accumulates (`y += A·x`), so `β` is applied
    /// first and, when `α ≠ 1`, each column goes through one scratch vector of `outRows`.
    ///
    /// - Complexity: O(nnz·k + outRows·k), plus O(rows + columns + nnz) once for the cache.
    static func multiply<Index: SparseIndex>(
        _ w: CSRMatrix<Index>, transposed: Bool,
        _ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
        alpha: Double, beta: Double
    ) throws {
        // gaxpy(view of M) computes Mᵀ·x: M = W gives Wᵀ·x, M = Wᵀ gives W·x.
        let m = transposed ? w : try w.cxsparseTranspose()
        switch Index.width {
        case .int32: try gaxpyColumns(CXSparseInt32.self, m, x, columns: k, into: y, alpha: alpha, beta: beta)
        case .int64: try gaxpyColumns(CXSparseInt64.self, m, x, columns: k, into: y, alpha: alpha, beta: beta)
        }
    }

    /// `Y ← α·Mᵀ·X + β·Y`, one `cs_gaxpy` per column of `X`.
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
}

extension CSRMatrix {
    /// `Wᵀ` from the cache, made by `cs_transpose` when the cache is empty or was made from
    /// other arrays (CXSparse's `W·X` needs it).
    func cxsparseTranspose() throws -> CSRMatrix<Index> {
        try transposeCache.transpose(of: self) { try CXSparse.transpose(self) }
    }
}
