/// Sparse × dense products with `W` and, from the same arrays, with `Wᵀ`: `apply` and
/// `applyTransposed`.
///
/// Batches are column-major dense matrices, one sample per column, leading dimension = rows:
/// a batch tensor `(k, n)` in row-major memory is exactly the `n × k` column-major `X`.
extension CSRMatrix {
    /// `Y ← α·W·X + β·Y`.
    ///
    /// `x` is `columnCount × k` and `y` is `rowCount × k`, column-major, used in place (no copy).
    /// `β = 0` overwrites `y` without reading it; `α = 0` only scales `y`. With `threads > 1`,
    /// CHOLMOD splits the rows of `W` into `threads` blocks of about `nnz / threads` entries
    /// (each thread reads only its share of `W`); CXSparse splits the `k` columns into
    /// contiguous blocks. Each block is its own engine call (and CHOLMOD Common) on its own thread.
    ///
    /// - Throws: ``ConvMatrixError`` `.shapeMismatch` naming `x.count` or `y.count` when a
    ///   count is not the matrix dimension × `k`; `.invalidParameter` for `k < 0`, `threads < 1`
    ///   or `y` overlapping `x`; `.engine` when SuiteSparse fails.
    /// - Complexity: O((nnz + rowCount)·k / threads) per thread; `.cxsparse` adds, the first
    ///   time it meets these arrays, O(rows + columns + nnz) to form `Wᵀ` (its `cs_gaxpy`
    ///   computes only `Wᵀ·y`), which the bridge keeps for the two most recent matrices.
    public func apply(_ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
                      alpha: Double = 1, beta: Double = 0, engine: SparseEngine = .cholmod, threads: Int = 1) throws {
        try perform(transposed: false, x, columns: k, into: y, alpha: alpha, beta: beta, engine: engine, threads: threads)
    }

    /// `X ← α·Wᵀ·Y + β·X`, with the same arrays as ``apply(_:columns:into:alpha:beta:engine:threads:)``:
    /// no second matrix is formed (CHOLMOD `sdmult` without transpose and CXSparse `gaxpy`
    /// both read `W`'s CSR arrays as the CSC arrays of `Wᵀ`).
    ///
    /// `y` is `rowCount × k` and `x` is `columnCount × k`, column-major, used in place.
    ///
    /// - Throws: as ``apply(_:columns:into:alpha:beta:engine:threads:)``, naming `y.count` and `x.count`.
    /// - Complexity: O((nnz + columnCount)·k / threads) per thread.
    public func applyTransposed(_ y: UnsafeBufferPointer<Double>, columns k: Int, into x: UnsafeMutableBufferPointer<Double>,
                                alpha: Double = 1, beta: Double = 0, engine: SparseEngine = .cholmod, threads: Int = 1) throws {
        try perform(transposed: true, y, columns: k, into: x, alpha: alpha, beta: beta, engine: engine, threads: threads)
    }

    /// `W·X` as a new array (`rowCount × k`, column-major).
    ///
    /// - Throws: as ``apply(_:columns:into:alpha:beta:engine:threads:)``.
    /// - Complexity: O((nnz + rowCount)·k / threads) per thread.
    public func apply(_ x: [Double], columns k: Int, engine: SparseEngine = .cholmod, threads: Int = 1) throws -> [Double] {
        try performToArray(transposed: false, x, columns: k, engine: engine, threads: threads)
    }

    /// `Wᵀ·Y` as a new array (`columnCount × k`, column-major), from the same `W`.
    ///
    /// - Throws: as ``applyTransposed(_:columns:into:alpha:beta:engine:threads:)``.
    /// - Complexity: O((nnz + columnCount)·k / threads) per thread.
    public func applyTransposed(_ y: [Double], columns k: Int, engine: SparseEngine = .cholmod, threads: Int = 1) throws -> [Double] {
        try performToArray(transposed: true, y, columns: k, engine: engine, threads: threads)
    }

    private func performToArray(transposed: Bool, _ input: [Double], columns k: Int, engine: SparseEngine, threads: Int) throws -> [Double] {
        let outRows = transposed ? columnCount : rowCount
        let (count, overflow) = outRows.multipliedReportingOverflow(by: max(k, 0))
        guard !overflow else { throw ConvMatrixError.invalid("columns", k, "\(outRows) × \(k) overflows Int") }
        var output = [Double](repeating: 0, count: count)
        try input.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { output in
                try perform(transposed: transposed, input, columns: k, into: output,
                            alpha: 1, beta: 0, engine: engine, threads: threads)
            }
        }
        return output
    }
}
