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

    /// Entries of `M` per block of ``gaxpyColumns(_:_:columns:into:alpha:beta:)``: 384 KiB of
    /// `Int32` indices and `Double` values (512 KiB with `Int64`), so that a block read for the
    /// first column of `X` is still in a 512 KiB L2 cache for the others.
    static let blockEntries = 32_768

    /// `Y ← α·Mᵀ·X + β·Y` through `cs_gaxpy` on zero-copy views of `M`, cache-blocked: `M`'s
    /// rows are cut into blocks of about ``blockEntries`` entries, and each block runs
    /// `cs_gaxpy` for every column of `X` before the next block is read. `cs_gaxpy` takes one
    /// column per pass over its matrix, so unblocked, `M` would stream from memory once per
    /// column. Each output entry receives its terms in the same order as one `cs_gaxpy` over
    /// the whole `M` adds them, so the result is the same to the bit.
    ///
    /// `cs_gaxpy` only accumulates (`y += A·x`), so `β` is applied first and, when `α ≠ 1`, the
    /// product goes through one scratch matrix the size of `Y`. `x` is `M.rowCount × k`, `y` is
    /// `M.columnCount × k`, column-major; shapes are checked by the caller, `M` has at least one
    /// entry and `k > 0`.
    ///
    /// - Complexity: O(nnz·k + outRows·k) time; `M` is read from memory about once.
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
        scaleColumns(y, by: beta)
        if alpha == 1 { return try accumulate(F.self, m, x.baseAddress!, columns: k, into: y.baseAddress!) }
        // The sum goes to a scratch output first (the system's refusal is `.overBudget`, not a trap).
        var scratch = try uninitializedLargeArray(Double.self, count: y.count, hugePages: false)
        try scratch.withUnsafeMutableBufferPointer { scratch in
            scratch.update(repeating: 0)
            try accumulate(F.self, m, x.baseAddress!, columns: k, into: scratch.baseAddress!)
            for index in 0..<y.count { y[index] += alpha * scratch[index] }
        }
    }

    /// `Y += Mᵀ·X`, block of `M`'s rows by block, every column of `X` per block.
    private static func accumulate<F: CXSparseFlavor, Index: SparseIndex>(
        _: F.Type, _ m: CSRMatrix<Index>, _ x: UnsafePointer<Double>, columns k: Int, into y: UnsafeMutablePointer<Double>
    ) throws {
        let inRows = m.rowCount, outRows = m.columnCount
        var first = 0
        while first < inRows {
            // Up to the first row whose entries begin at or after this block's share (at least one row).
            let end = m.firstRow(beginningAtOrAfter: Int(m.rowPointers[first]) + blockEntries, in: (first + 1)..<inRows)
            let block = first..<end
            try m.withCXSparseTransposeView(F.self, rows: block) { a in
                for j in 0..<k {
                    guard F.gaxpy(a, x + j * inRows + block.lowerBound, y + j * outRows) else {
                        throw ConvMatrixError.cxsparse(F.name("gaxpy"), returned: "0")
                    }
                }
            }
            first = end
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
