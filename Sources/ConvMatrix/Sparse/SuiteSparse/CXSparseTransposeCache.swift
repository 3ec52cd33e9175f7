import Synchronization

/// The bridge's memory of `Wᵀ` for CXSparse `W·X` (`cs_gaxpy` computes only `Wᵀ·x`, so `W·x`
/// runs on the CSC arrays of `W`, i.e. CSR(`Wᵀ`), formed by `cs_transpose`).
///
/// Entries are keyed by the *identity* of `W`'s three array buffers, not their contents: an
/// entry keeps those arrays (sharing their storage, no copy), so while it exists the buffers
/// cannot be freed and their addresses cannot be reused by another matrix. ``CSRMatrix`` has
/// no mutating path that writes its arrays in place (``CSRMatrix/replaceValues(_:)`` swaps in a
/// new buffer), so a matching identity means matching contents, and the lookup is O(1).
///
/// Memory: at most ``capacity`` entries, least recently used first out; each holds one `W`'s
/// arrays (shared with the caller while it lives) and one `Wᵀ` of the same size, until evicted.
enum CXSparseTransposeCache {
    /// Entries kept: two, so that a layer and its neighbour (or `W` and a refilled `W`) alternate
    /// without rebuilding.
    static let capacity = 2

    private struct Entry: @unchecked Sendable {
        /// The three buffers' addresses and lengths, the index type and the shape.
        let key: [Int]
        /// `W`'s arrays, held so the addresses in `key` stay theirs.
        let source: Any
        /// `Wᵀ` as `CSRMatrix<Index>`.
        let transpose: Any
    }

    private static let entries = Mutex<[Entry]>([])

    /// `Wᵀ` for `w`: the remembered one when `w`'s arrays are the buffers it was made from,
    /// otherwise made by `make` and remembered (evicting the least recently used entry).
    ///
    /// - Complexity: O(capacity) on a hit; the cost of `make` on a miss.
    static func transpose<Index: SparseIndex>(of w: CSRMatrix<Index>,
                                              orMake make: () throws -> CSRMatrix<Index>) throws -> CSRMatrix<Index> {
        let key = identity(w)
        if let hit = entries.withLock({ list -> CSRMatrix<Index>? in
            guard let i = list.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = list.remove(at: i)
            list.append(entry)
            return entry.transpose as? CSRMatrix<Index>
        }) {
            return hit
        }
        let made = try make()
        entries.withLock { list in
            list.removeAll { $0.key == key }
            if list.count >= capacity { list.removeFirst(list.count - capacity + 1) }
            list.append(Entry(key: key, source: (w.rowPointers, w.columnIndices, w.values), transpose: made))
        }
        return made
    }

    private static func identity<Index: SparseIndex>(_ w: CSRMatrix<Index>) -> [Int] {
        func address<T>(_ a: [T]) -> Int { a.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) } }
        return [address(w.rowPointers), address(w.columnIndices), address(w.values), w.nonzeroCount,
                w.rowCount, w.columnCount, Index.width.byteCount]
    }
}
