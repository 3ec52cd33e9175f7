internal import CSuiteSparse

extension Cholmod {
    /// `C = L·R` for CSR `L` (`m × n`) and `R` (`n × p`) by `cholmod_ssmult`.
    ///
    /// CSR(`L`) is CSC(`Lᵀ`), so `ssmult(Rᵀ, Lᵀ)` on the raw arrays returns CSC(`Cᵀ`), which
    /// *is* CSR(`C`). `sorted = TRUE` makes columns of `Cᵀ` (rows of `C`) sorted. The result
    /// has the structural pattern of the product: entries whose values cancel to 0 are kept.
    /// Both operands have at least one entry (checked by the caller).
    ///
    /// - Complexity: O(flops + nnz(C) + m + p), one copy of `C` into Swift arrays.
    static func product<Index: SparseIndex>(_ left: CSRMatrix<Index>, _ right: CSRMatrix<Index>) throws -> CSRMatrix<Index> {
        let common = try CholmodCommon(Index.width)
        let cTransposed = try right.withCholmodTransposeView(common.api) { rt in
            try left.withCholmodTransposeView(common.api) { lt in
                try CholmodSparse(common, "ssmult") {
                    common.api.ssmult(rt, lt, 0, 1, 1, common.pointer)
                }
            }
        }
        return cTransposed.transposedCSR()
    }

    /// `Wᵀ` as CSR by `cholmod_transpose` of the view `A = Wᵀ`: `Aᵀ = W` comes back as CSC,
    /// which is CSR(`Wᵀ`), with sorted columns.
    ///
    /// - Complexity: O(rows + columns + nnz).
    static func transpose<Index: SparseIndex>(_ w: CSRMatrix<Index>) throws -> CSRMatrix<Index> {
        let common = try CholmodCommon(Index.width)
        let wCSC = try w.withCholmodTransposeView(common.api) { a in
            try CholmodSparse(common, "transpose") { common.api.transpose(a, 1, common.pointer) }
        }
        return wCSC.transposedCSR()
    }
}
