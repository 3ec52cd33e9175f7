internal import CSuiteSparse

extension CSRMatrix {
    /// Calls `body` with `A = Wᵀ` as a `cholmod_sparse` built over this matrix's own arrays:
    /// the CSR arrays of the `m × n` matrix `W` are the CSC arrays of the `n × m` matrix `A`
    /// (packed, sorted, unsymmetric, real). Nothing is copied; `A` is valid only inside `body`
    /// and CHOLMOD must only read it.
    ///
    /// Requires `nonzeroCount > 0` (CHOLMOD rejects a real matrix without values).
    func withCholmodTransposeView<R>(_ api: CholmodAPI, _ body: (UnsafeMutablePointer<cholmod_sparse>) throws -> R) rethrows -> R {
        precondition(nonzeroCount > 0, "CHOLMOD views need at least one stored entry")
        return try rowPointers.withUnsafeBufferPointer { p in
            try columnIndices.withUnsafeBufferPointer { i in
                try values.withUnsafeBufferPointer { x in
                    var a = cholmod_sparse()
                    a.nrow = columnCount
                    a.ncol = rowCount
                    a.nzmax = nonzeroCount
                    a.p = UnsafeMutableRawPointer(mutating: p.baseAddress!)
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
func cholmodDense(_ base: UnsafeMutablePointer<Double>, rows: Int, columns: Int) -> cholmod_dense {
    var d = cholmod_dense()
    d.nrow = rows
    d.ncol = columns
    d.nzmax = rows * columns
    d.d = rows
    d.x = UnsafeMutableRawPointer(base)
    d.z = nil
    d.xtype = CHOLMOD_REAL
    d.dtype = CHOLMOD_DOUBLE
    return d
}
