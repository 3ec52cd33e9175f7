internal import CSuiteSparse

/// The CHOLMOD entry points for one index width: `cholmod_*` with `int` indices,
/// `cholmod_l_*` with `SuiteSparse_long` (64-bit) indices. Signatures are identical, so the
/// rest of the bridge is written once against this table.
struct CholmodAPI {
    typealias Common = UnsafeMutablePointer<cholmod_common>?
    typealias Sparse = UnsafeMutablePointer<cholmod_sparse>?
    typealias Dense = UnsafeMutablePointer<cholmod_dense>?

    /// `CHOLMOD_INT` or `CHOLMOD_LONG`, the `itype` of every matrix handed to this table.
    let itype: Int32
    /// `"cholmod"` or `"cholmod_l"`, for naming the function in errors.
    let prefix: String
    let start: (Common) -> Int32
    let finish: (Common) -> Int32
    let sdmult: (Sparse, Int32, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, Dense, Dense, Common) -> Int32
    let ssmult: (Sparse, Sparse, Int32, Int32, Int32, Common) -> Sparse
    let transpose: (Sparse, Int32, Common) -> Sparse
    let freeSparse: (UnsafeMutablePointer<UnsafeMutablePointer<cholmod_sparse>?>?, Common) -> Int32

    init(_ width: IndexWidth) {
        switch width {
        case .int32:
            itype = CHOLMOD_INT
            prefix = "cholmod"
            start = cholmod_start
            finish = cholmod_finish
            sdmult = cholmod_sdmult
            ssmult = cholmod_ssmult
            transpose = cholmod_transpose
            freeSparse = cholmod_free_sparse
        case .int64:
            // SuiteSparse_long is `long`, 64-bit on LP64 Linux: byte-identical to Int64.
            precondition(MemoryLayout<CLong>.size == MemoryLayout<Int64>.size,
                         "SuiteSparse_long must be 64 bits for Int64 indices")
            itype = CHOLMOD_LONG
            prefix = "cholmod_l"
            start = cholmod_l_start
            finish = cholmod_l_finish
            sdmult = cholmod_l_sdmult
            ssmult = cholmod_l_ssmult
            transpose = cholmod_l_transpose
            freeSparse = cholmod_l_free_sparse
        }
    }

    /// `cholmod_sdmult` or `cholmod_l_sdmult`, …
    func name(_ verb: String) -> String { "\(prefix)_\(verb)" }
}
