import Synchronization

/// A shared, thread-safe box holding `Wᵀ` (as CSR) once some engine has needed it.
///
/// CXSparse has no transposed product: `cs_gaxpy` reads the CSR arrays of `W` as the CSC
/// matrix `Wᵀ` and so computes `Wᵀ·x` only. `W·x` needs the CSC arrays of `W`, that is the
/// CSR arrays of `Wᵀ`, built once by `cs_transpose` and kept here so repeated products do
/// not rebuild them.
///
/// Memory: the cached `Wᵀ` costs as much as `W` itself,
/// `(columnCount + 1 + nnz) · indexBytes + 8 · nnz` bytes, and lives as long as any copy of
/// the matrix that shares this box. The CHOLMOD engine never fills it.
///
/// Value semantics are kept by ``CSRMatrix``: any mutation of its arrays empties or replaces
/// the box (see `invalidateDerived()`), so a cache never outlives the arrays it came from.
final class TransposeCache<Index: SparseIndex>: Sendable {
    private let stored = Mutex<CSRMatrix<Index>?>(nil)

    init() {}

    /// The cached `Wᵀ`, computing it with `make` under the lock on first use; concurrent
    /// callers wait for the one computation instead of repeating it.
    func value(orMake make: () throws -> CSRMatrix<Index>) rethrows -> CSRMatrix<Index> {
        try stored.withLock { cached in
            if let cached { return cached }
            let made = try make()
            cached = made
            return made
        }
    }

    /// Drops the cached `Wᵀ`.
    func clear() {
        stored.withLock { $0 = nil }
    }
}
