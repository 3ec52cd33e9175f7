/// Sparse × sparse products and the explicit transpose.
extension CSRMatrix {
    /// `C = W·B` as one sparse matrix (CHOLMOD `ssmult` or CXSparse `cs_multiply`), rows sorted,
    /// no duplicates.
    ///
    /// `C` has the *structural* pattern of the product: `(i, j)` is stored whenever some `k`
    /// has `W[i,k]` and `B[k,j]` both stored, even if the sum cancels to 0 (both engines keep
    /// such explicit zeros, so their patterns agree and stay independent of the values). The
    /// raw arrays go to the engine as `Bᵀ·Wᵀ` (CSR of a matrix = CSC of its transpose), whose
    /// CSC result is the CSR of `C`; nothing is copied on the way in.
    ///
    /// - Throws: `.shapeMismatch` naming `other.rowCount` when `B.rowCount ≠ W.columnCount`;
    ///   `.engine` when SuiteSparse fails (e.g. `CHOLMOD_TOO_LARGE` when nnz(C) overflows `Int32`).
    /// - Complexity: O(flops + nnz(C) + rows + other.columns), where flops =
    ///   Σ over stored `W[i,k]` of the entries in row `k` of `B`.
    public func multiplied(by other: CSRMatrix<Index>, engine: SparseEngine = .cholmod) throws -> CSRMatrix<Index> {
        guard other.rowCount == columnCount else {
            throw ConvMatrixError.mismatch("other.rowCount", other.rowCount,
                                           "must equal columnCount = \(columnCount) (W is \(rowCount) × \(columnCount), other is \(other.rowCount) × \(other.columnCount))")
        }
        try checkOperand()
        try other.checkOperand()
        guard nonzeroCount > 0, other.nonzeroCount > 0 else {
            return .empty(rowCount: rowCount, columnCount: other.columnCount)
        }
        let c: CSRMatrix<Index>
        switch engine {
        case .cholmod: c = try Cholmod.product(self, other)
        case .cxsparse: c = try CXSparse.product(self, other)
        }
        return c
    }

    /// `Wᵀ` as CSR (`columnCount × rowCount`), rows sorted: CSR(`Wᵀ`) is CSC(`W`).
    ///
    /// - Complexity: O(rows + columns + nnz) time, one new matrix of the size of `W`.
    public func transposed(engine: SparseEngine = .cxsparse) throws -> CSRMatrix<Index> {
        try checkOperand()
        guard nonzeroCount > 0 else { return .empty(rowCount: columnCount, columnCount: rowCount) }
        let t: CSRMatrix<Index>
        switch engine {
        case .cholmod: t = try Cholmod.transpose(self)
        case .cxsparse: t = try CXSparse.transpose(self)
        }
        return t
    }

    /// The `rows × columns` matrix with no stored entries.
    static func empty(rowCount: Int, columnCount: Int) -> CSRMatrix {
        CSRMatrix(unchecked: rowCount, columnCount: columnCount,
                  rowPointers: [Index](repeating: 0, count: rowCount + 1), columnIndices: [], values: [])
    }
}
