internal import CSuiteSparse

extension CXSparse {
    /// `C = L·R` for CSR `L` (`m × n`) and `R` (`n × p`) by `cs_multiply`.
    ///
    /// CSR(`L`) is CSC(`Lᵀ`), so `cs_multiply(Rᵀ, Lᵀ)` on the raw arrays is CSC(`Cᵀ`) = CSR(`C`).
    /// `cs_multiply` leaves columns unsorted, so two `cs_transpose` sort them (CSparse's own
    /// idiom). The structural pattern of the product is kept: cancelled values stay as 0.
    /// Both operands have at least one entry (checked by the caller).
    ///
    /// - Complexity: O(flops + nnz(C) + m + p), plus 2·O(nnz(C) + m + p) for the sort.
    static func product<Index: SparseIndex>(_ left: CSRMatrix<Index>, _ right: CSRMatrix<Index>) throws -> CSRMatrix<Index> {
        try product(flavor(Index.self), left, right)
    }

    private static func product<F: CXSparseFlavor, Index: SparseIndex>(
        _: F.Type, _ left: CSRMatrix<Index>, _ right: CSRMatrix<Index>
    ) throws -> CSRMatrix<Index> {
        let unsorted = try right.withCXSparseTransposeView(F.self) { rt in
            try left.withCXSparseTransposeView(F.self) { lt in
                try CXSparseMatrix<F>("multiply") { F.multiply(rt, lt) }
            }
        }
        let c = try CXSparseMatrix<F>("transpose") { F.transpose(unsorted.pointer) }
        let cTransposed = try CXSparseMatrix<F>("transpose") { F.transpose(c.pointer) }
        return cTransposed.transposedCSR()
    }

    /// `Wᵀ` as CSR by `cs_transpose` of the view `A = Wᵀ`: `Aᵀ = W` comes back as CSC, which
    /// is CSR(`Wᵀ`), sorted.
    ///
    /// - Complexity: O(rows + columns + nnz).
    static func transpose<Index: SparseIndex>(_ w: CSRMatrix<Index>) throws -> CSRMatrix<Index> {
        try transpose(flavor(Index.self), w)
    }

    private static func transpose<F: CXSparseFlavor, Index: SparseIndex>(_: F.Type, _ w: CSRMatrix<Index>) throws -> CSRMatrix<Index> {
        let wCSC = try w.withCXSparseTransposeView(F.self) { a in
            try CXSparseMatrix<F>("transpose") { F.transpose(a) }
        }
        return wCSC.transposedCSR()
    }
}
