import Synchronization

/// A shared, thread-safe box holding `Wᵀ` (as CSR) once an engine has needed it.
///
/// CXSparse has no transposed product: `cs_gaxpy` reads the CSR arrays of `W` as the CSC
/// matrix `Wᵀ` and so computes `Wᵀ·x` only. `W·x` needs the CSC arrays of `W`, i.e. the CSR
/// arrays of `Wᵀ`, built once by `cs_transpose` and kept here so repeated products do not
/// rebuild them. The CHOLMOD engine never fills it.
///
/// Validity without observers: the entry keeps the three source arrays themselves (sharing
/// their storage, no copy) and is used only while `W`'s arrays are still *that* storage. Any
/// write to a shared array copies it first (copy-on-write), so a changed `W` never matches a
/// stale entry, and the check is O(1). In-place writes stay in place: only the first write to
/// each array after the cache was filled pays one copy of that array.
///
/// Memory: the cached `Wᵀ` costs as much as `W`, `(columnCount + 1 + nnz)·indexBytes + 8·nnz`
/// bytes. After `W`'s arrays change, the stale entry also keeps the old arrays alive (up to
/// two more `W`s) until the next CXSparse `W·X` on this matrix or a copy replaces it, or the
/// last copy sharing the box is gone.
final class TransposeCache<Index: SparseIndex>: Sendable {
    private struct Entry: Sendable {
        let rowPointers: [Index]
        let columnIndices: [Index]
        let values: [Double]
        let transpose: CSRMatrix<Index>

        /// `w`'s arrays are the very storage this entry was made from.
        func matches(_ w: CSRMatrix<Index>) -> Bool {
            sameStorage(rowPointers, w.rowPointers) && sameStorage(columnIndices, w.columnIndices)
                && sameStorage(values, w.values)
                && transpose.rowCount == w.columnCount && transpose.columnCount == w.rowCount
        }
    }

    private let stored = Mutex<Entry?>(nil)

    init() {}

    /// `Wᵀ` for `w`: the cached one when it was made from `w`'s current arrays, otherwise made by
    /// `make` under the lock (concurrent callers wait for one computation instead of repeating it).
    ///
    /// - Complexity: O(1) on a hit; the cost of `make` on a miss.
    func transpose(of w: CSRMatrix<Index>, orMake make: () throws -> CSRMatrix<Index>) throws -> CSRMatrix<Index> {
        try stored.withLock { entry in
            if let hit = entry, hit.matches(w) { return hit.transpose }
            entry = nil  // release a stale entry before building the new one
            let made = try make()
            entry = Entry(rowPointers: w.rowPointers, columnIndices: w.columnIndices, values: w.values, transpose: made)
            return made
        }
    }
}

/// Whether two arrays are one and the same storage (not merely equal contents).
private func sameStorage<T>(_ a: [T], _ b: [T]) -> Bool {
    a.count == b.count && a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
}
