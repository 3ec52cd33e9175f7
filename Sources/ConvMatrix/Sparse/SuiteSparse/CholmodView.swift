internal import CSuiteSparse

extension CSRMatrix {
    /// Calls `body` with `A = Wᵀ` as a `cholmod_sparse` built over this matrix's own arrays:
    /// the CSR arrays of the `m × n` matrix `W` are the CSC arrays of the `n × m` matrix `A`
    /// (packed, sorted, unsymmetric, real). Nothing is copied; `A` is valid only inside `body`
    /// and CHOLMOD must only read it.
    ///
    /// Requires `nonzeroCount > 0` (CHOLMOD rejects a real matrix without values).
    ///
    /// With `rows`, `A` is only the columns `rows` of `Wᵀ` (those rows of `W`): its column
    /// pointers start at `rowPointers[rows.lowerBound]` and still index the whole arrays, which
    /// CHOLMOD's packed walk (`p[j] ..< p[j+1]`) reads as they are.
    func withCholmodTransposeView<R>(_ api: CholmodAPI, rows: Range<Int>? = nil,
                                     _ body: (UnsafeMutablePointer<cholmod_sparse>) throws -> R) rethrows -> R {
        precondition(nonzeroCount > 0, "CHOLMOD views need at least one stored entry")
        let rows = rows ?? 0..<rowCount
        return try rowPointers.withUnsafeBufferPointer { p in
            try columnIndices.withUnsafeBufferPointer { i in
                try values.withUnsafeBufferPointer { x in
                    var a = cholmod_sparse()
                    a.nrow = columnCount
                    a.ncol = rows.count
                    a.nzmax = nonzeroCount
                    a.p = UnsafeMutableRawPointer(mutating: p.baseAddress! + rows.lowerBound)
                    a.i = UnsafeMutableRawPointer(mutating: i.baseAddress!)
                    a.nz = nil
                    a.x = UnsafeMutableRawPointer(mutating: x.baseAddress!)
                    a.z = nil
                    a.stype = 0
                    a.itype = api.itype
                    a.xtype = CHOLMOD_REAL
                    a.dtype = CHOLMOD_DOUBLE
                    a.sorted = 1
                    a.packed = 1
                    return try withUnsafeMutablePointer(to: &a, body)
                }
            }
        }
    }
}

/// A `cholmod_dense` over caller memory: `rows × columns`, column-major, leading dimension
/// `rows` (a batch tensor with one sample per column). Nothing is copied.
/// With `leadingDimension` (≥ `rows`), the view is `rows` consecutive rows of a taller matrix.
func cholmodDense(_ base: UnsafeMutablePointer<Double>, rows: Int, columns: Int, leadingDimension: Int? = nil) -> cholmod_dense {
    var d = cholmod_dense()
    let ld = leadingDimension ?? rows
    d.nrow = rows
    d.ncol = columns
    d.nzmax = ld * columns
    d.d = ld
    d.x = UnsafeMutableRawPointer(base)
    d.z = nil
    d.xtype = CHOLMOD_REAL
    d.dtype = CHOLMOD_DOUBLE
    return d
}
