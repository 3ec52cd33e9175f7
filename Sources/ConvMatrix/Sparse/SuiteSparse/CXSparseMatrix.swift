internal import CSuiteSparse

/// Owns a `cs` that CXSparse allocated; `cs_spfree` in `deinit`.
final class CXSparseMatrix<F: CXSparseFlavor> {
    let pointer: UnsafeMutablePointer<F.Matrix>

    /// Runs `make` (one CXSparse call returning a new matrix) and takes ownership of the
    /// result; NULL becomes ``ConvMatrixError/Kind/engine`` naming the function.
    init(_ verb: String, _ make: () -> UnsafeMutablePointer<F.Matrix>?) throws {
        guard let made = make() else { throw ConvMatrixError.cxsparse(F.name(verb), returned: "NULL") }
        pointer = made
    }

    deinit { F.free(pointer) }

    /// The CSC arrays of this `r × c` matrix read as the CSR arrays of its `c × r` transpose,
    /// copied into Swift arrays.
    ///
    /// - Complexity: O(c + nnz).
    func transposedCSR<Index: SparseIndex>(as _: Index.Type = Index.self) -> CSRMatrix<Index> {
        precondition(MemoryLayout<F.CIndex>.stride == MemoryLayout<Index>.stride)
        let (rows, columns, p, i, x) = F.parts(pointer)
        let nnz = Int(p.load(fromByteOffset: columns * MemoryLayout<Index>.stride, as: Index.self))
        return CSRMatrix(unchecked: columns, columnCount: rows,
                         rowPointers: copyArray(from: p, count: columns + 1),
                         columnIndices: copyArray(from: i, count: nnz),
                         values: copyArray(from: x, count: nnz))
    }
}

extension CSRMatrix {
    /// Calls `body` with `A = Wᵀ` as a CXSparse compressed-column matrix over this matrix's own
    /// arrays (`m = columnCount`, `n = rowCount`, `p = rowPointers`, `i = columnIndices`,
    /// `x = values`, `nz = -1`). Nothing is copied; CXSparse must only read `A`.
    ///
    /// Requires `nonzeroCount > 0` and the index width of `F` to match `Index`.
    /// With `rows`, `A` is the transpose of those rows of `W` only (`n = rows.count`, `p` starting
    /// at `rowPointers[rows.lowerBound]`; `i` and `x` are the whole arrays, which `p` indexes).
    func withCXSparseTransposeView<F: CXSparseFlavor, R>(_: F.Type, rows: Range<Int>? = nil,
                                                        _ body: (UnsafePointer<F.Matrix>) throws -> R) rethrows -> R {
        precondition(nonzeroCount > 0, "CXSparse views need at least one stored entry")
        let rows = rows ?? 0..<rowCount
        precondition(MemoryLayout<F.CIndex>.stride == MemoryLayout<Index>.stride)
        return try rowPointers.withUnsafeBufferPointer { p in
            try columnIndices.withUnsafeBufferPointer { i in
                try values.withUnsafeBufferPointer { x in
                    try p.withMemoryRebound(to: F.CIndex.self) { p in
                        try i.withMemoryRebound(to: F.CIndex.self) { i in
                            var a = F.compressedColumn(
                                rows: columnCount, columns: rows.count, nzmax: nonzeroCount,
                                p: UnsafeMutablePointer(mutating: p.baseAddress! + rows.lowerBound),
                                i: UnsafeMutablePointer(mutating: i.baseAddress!),
                                x: UnsafeMutablePointer(mutating: x.baseAddress!))
                            return try withUnsafePointer(to: &a, body)
                        }
                    }
                }
            }
        }
    }
}
