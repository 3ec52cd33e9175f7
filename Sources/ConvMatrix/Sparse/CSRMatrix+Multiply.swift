/// Sparse × dense products with `W` and, from the same arrays, with `Wᵀ`.
///
/// Batches are column-major dense matrices, one sample per column, leading dimension = rows:
/// a batch tensor `(k, n)` in row-major memory is exactly the `n × k` column-major `X`.
extension CSRMatrix {
    /// `Y ← α·W·X + β·Y`.
    ///
    /// `x` is `columnCount × k` and `y` is `rowCount × k`, column-major, used in place (no copy).
    /// `β = 0` overwrites `y` without reading it; `α = 0` only scales `y`.
    ///
    /// - Throws: ``ConvMatrixError`` `.shapeMismatch` naming `x.count` or `y.count` when a
    ///   count is not the matrix dimension × `k`; `.invalidParameter` for `k < 0` or `y`
    ///   overlapping `x`; `.engine` when SuiteSparse fails.
    /// - Complexity: O(nnz·k + rowCount·k); `.cxsparse` adds, on first use, O(rows + columns + nnz)
    ///   time and one more copy of `W` in memory (the cached `Wᵀ`).
    public func multiply(_ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
                         alpha: Double = 1, beta: Double = 0, engine: SparseEngine = .cholmod) throws {
        try apply(transposed: false, x, columns: k, into: y, alpha: alpha, beta: beta, engine: engine, threads: 1)
    }

    /// `Y ← α·W·X + β·Y` with the `k` columns split into `threads` contiguous blocks, each
    /// applied by its own engine call (and its own CHOLMOD Common) on its own thread.
    ///
    /// - Throws: as ``multiply(_:columns:into:alpha:beta:engine:)``; `.invalidParameter` for `threads < 1`.
    /// - Complexity: O((nnz + rowCount)·k / threads) per thread.
    public func multiply(_ x: UnsafeBufferPointer<Double>, columns k: Int, into y: UnsafeMutableBufferPointer<Double>,
                         alpha: Double = 1, beta: Double = 0, engine: SparseEngine = .cholmod, threads: Int) throws {
        try apply(transposed: false, x, columns: k, into: y, alpha: alpha, beta: beta, engine: engine, threads: threads)
    }

    /// `X ← α·Wᵀ·Y + β·X`, with the same arrays as ``multiply(_:columns:into:alpha:beta:engine:)``:
    /// no second matrix is formed (CHOLMOD `sdmult` without transpose and CXSparse `gaxpy`
    /// both read `W`'s CSR arrays as the CSC arrays of `Wᵀ`).
    ///
    /// `y` is `rowCount × k` and `x` is `columnCount × k`, column-major, used in place.
    ///
    /// - Throws: as ``multiply(_:columns:into:alpha:beta:engine:)``, naming `y.count` and `x.count`.
    /// - Complexity: O(nnz·k + columnCount·k).
    public func multiplyTransposed(_ y: UnsafeBufferPointer<Double>, columns k: Int, into x: UnsafeMutableBufferPointer<Double>,
                                   alpha: Double = 1, beta: Double = 0, engine: SparseEngine = .cholmod) throws {
        try apply(transposed: true, y, columns: k, into: x, alpha: alpha, beta: beta, engine: engine, threads: 1)
    }

    /// `X ← α·Wᵀ·Y + β·X` with the `k` columns split across `threads`, as
    /// ``multiply(_:columns:into:alpha:beta:engine:threads:)``.
    ///
    /// - Complexity: O((nnz + columnCount)·k / threads) per thread.
    public func multiplyTransposed(_ y: UnsafeBufferPointer<Double>, columns k: Int, into x: UnsafeMutableBufferPointer<Double>,
                                   alpha: Double = 1, beta: Double = 0, engine: SparseEngine = .cholmod, threads: Int) throws {
        try apply(transposed: true, y, columns: k, into: x, alpha: alpha, beta: beta, engine: engine, threads: threads)
    }

    /// `W·X` as a new array (`rowCount × k`, column-major).
    ///
    /// - Complexity: O(nnz·k + rowCount·k).
    public func multiply(_ x: [Double], columns k: Int, engine: SparseEngine = .cholmod) throws -> [Double] {
        try multiplyToArray(transposed: false, x, columns: k, engine: engine, threads: 1)
    }

    /// `W·X` as a new array, the columns split across `threads`.
    public func multiply(_ x: [Double], columns k: Int, engine: SparseEngine = .cholmod, threads: Int) throws -> [Double] {
        try multiplyToArray(transposed: false, x, columns: k, engine: engine, threads: threads)
    }

    /// `Wᵀ·Y` as a new array (`columnCount × k`, column-major), from the same `W`.
    ///
    /// - Complexity: O(nnz·k + columnCount·k).
    public func multiplyTransposed(_ y: [Double], columns k: Int, engine: SparseEngine = .cholmod) throws -> [Double] {
        try multiplyToArray(transposed: true, y, columns: k, engine: engine, threads: 1)
    }

    /// `Wᵀ·Y` as a new array, the columns split across `threads`.
    public func multiplyTransposed(_ y: [Double], columns k: Int, engine: SparseEngine = .cholmod, threads: Int) throws -> [Double] {
        try multiplyToArray(transposed: true, y, columns: k, engine: engine, threads: threads)
    }

    private func multiplyToArray(transposed: Bool, _ input: [Double], columns k: Int, engine: SparseEngine, threads: Int) throws -> [Double] {
        let outRows = transposed ? columnCount : rowCount
        let (count, overflow) = outRows.multipliedReportingOverflow(by: max(k, 0))
        guard !overflow else { throw ConvMatrixError.invalid("columns", k, "\(outRows) × \(k) overflows Int") }
        var output = [Double](repeating: 0, count: count)
        try input.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { output in
                try apply(transposed: transposed, input, columns: k, into: output,
                          alpha: 1, beta: 0, engine: engine, threads: threads)
            }
        }
        return output
    }
}
