/// The SuiteSparse library that carries out a sparse product.
///
/// Both engines read the CSR arrays of `W` in place as the CSC arrays of `A = Wᵀ`:
///
/// | job | ``cholmod`` | ``cxsparse`` |
/// |---|---|---|
/// | `W·X` | `cholmod_sdmult(A, transpose = 1)`, no copy; with threads, one call per block of `A`'s columns (rows of `W`) | `cs_gaxpy` on `cs_transpose(A)`, remembered by the bridge for the last two `W`s (one more `W` in memory each) |
/// | `Wᵀ·Y` | `cholmod_sdmult(A, transpose = 0)`, no copy | `cs_gaxpy(A)`, no copy |
/// | `A·B` | `cholmod_ssmult`, sorted output | `cs_multiply`, sorted by a double `cs_transpose` |
/// | `Wᵀ` | `cholmod_transpose` | `cs_transpose` |
///
/// Licences: CHOLMOD's MatrixOps module (`sdmult`, `ssmult`) is GPL-2.0-or-later;
/// CXSparse is LGPL-2.1-or-later. Linking CHOLMOD makes a distributed binary GPL.
public enum SparseEngine: String, CaseIterable, Sendable {
    /// CHOLMOD (SuiteSparse), `int` or `SuiteSparse_long` indices. CHOLMOD 3.x (Debian 12)
    /// is double precision only, matching ``CSRMatrix``'s `Double` values.
    case cholmod
    /// CXSparse (SuiteSparse), `cs_di_*` for `Int32` and `cs_dl_*` for `Int64` indices.
    case cxsparse
}
