internal import CSuiteSparse

/// Owns a `cholmod_sparse` that CHOLMOD allocated; `cholmod_free_sparse` in `deinit`.
final class CholmodSparse {
    let common: CholmodCommon
    private var pointer: UnsafeMutablePointer<cholmod_sparse>?

    /// Runs `make` (one CHOLMOD call returning a new matrix) and takes ownership of the result.
    /// Throws ``ConvMatrixError/Kind/engine`` naming the function when it returns NULL or
    /// sets a negative status.
    init(_ common: CholmodCommon, _ verb: String, _ make: () -> UnsafeMutablePointer<cholmod_sparse>?) throws {
        self.common = common
        pointer = make()
        try common.check(verb, succeeded: pointer != nil)
    }

    deinit {
        if pointer != nil { _ = common.api.freeSparse(&pointer, common.pointer) }
    }

    /// The CSC arrays of this `r × c` matrix, read as the CSR arrays of its `c × r` transpose:
    /// `rowCount` is `ncol`. Copies `p`, `i`, `x` into Swift arrays (one copy of the result).
    ///
    /// - Complexity: O(ncol + nnz).
    func transposedCSR<Index: SparseIndex>(as _: Index.Type = Index.self) -> CSRMatrix<Index> {
        let a = pointer!.pointee
        precondition(a.packed != 0 && a.xtype == CHOLMOD_REAL && a.itype == common.api.itype,
                     "CHOLMOD returned an unexpected matrix form")
        let rows = Int(a.ncol)
        let nnz = Int(a.p.load(fromByteOffset: rows * MemoryLayout<Index>.stride, as: Index.self))
        return CSRMatrix(unchecked: rows, columnCount: Int(a.nrow),
                         rowPointers: copyArray(from: a.p, count: rows + 1),
                         columnIndices: copyArray(from: a.i, count: nnz),
                         values: copyArray(from: a.x, count: nnz))
    }
}

/// `count` elements of `T` copied out of C memory, byte for byte (the C type has the same
/// size as `T`: `int`/`Int32`, `SuiteSparse_long`/`Int64`, `double`/`Double`).
func copyArray<T>(from source: UnsafeRawPointer?, count: Int) -> [T] {
    guard count > 0, let source else { return [] }
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: count * MemoryLayout<T>.stride)
        initialized = count
    }
}
