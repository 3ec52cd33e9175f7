/// A sparse matrix in compressed sparse row form with `Double` values.
///
/// Row `r` holds the entries `rowPointers[r] ..< rowPointers[r+1]` of `columnIndices` and
/// `values`. Within a row the columns are strictly increasing (sorted, no duplicates).
///
/// The same three arrays, read as compressed *columns*, are the CSC form of `Aᵀ`: this is how
/// the SuiteSparse bridge applies both `A·X` and `Aᵀ·Y` without forming a second matrix.
public struct CSRMatrix<Index: SparseIndex>: Sendable, Equatable {
    public let rowCount: Int
    public let columnCount: Int
    public var rowPointers: [Index]
    public var columnIndices: [Index]
    public var values: [Double]

    /// `Wᵀ`, computed on first need (CXSparse `W·X`) and checked against the arrays on every
    /// use; not part of the value. See ``TransposeCache``.
    let transposeCache = TransposeCache<Index>()

    /// Wraps existing arrays. The structure must satisfy ``checkInvariants()``; this is a
    /// programmer contract, verified in debug builds.
    public init(rowCount: Int, columnCount: Int, rowPointers: [Index], columnIndices: [Index], values: [Double]) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
        assert(rowPointers.count == rowCount + 1 && columnIndices.count == values.count)
    }

    /// Equal when dimensions and the three arrays are equal; the transpose cache is ignored.
    public static func == (lhs: CSRMatrix, rhs: CSRMatrix) -> Bool {
        lhs.rowCount == rhs.rowCount && lhs.columnCount == rhs.columnCount
            && lhs.rowPointers == rhs.rowPointers && lhs.columnIndices == rhs.columnIndices
            && lhs.values == rhs.values
    }

    /// Number of stored entries.
    public var nonzeroCount: Int { columnIndices.count }

    /// Checks the CSR invariants: `rowPointers` starts at 0, never decreases and ends at nnz;
    /// columns within each row are strictly increasing and inside `0 ..< columnCount`.
    /// Returns a description of the first violation, or `nil`.
    ///
    /// - Complexity: O(rows + nnz).
    public func checkInvariants() -> String? {
        guard rowPointers.count == rowCount + 1 else { return "rowPointers has \(rowPointers.count) entries, expected \(rowCount + 1)" }
        guard rowPointers.first == 0 else { return "rowPointers[0] = \(rowPointers[0]), expected 0" }
        guard Int(rowPointers[rowCount]) == columnIndices.count, columnIndices.count == values.count else {
            return "rowPointers[\(rowCount)] = \(rowPointers[rowCount]) but \(columnIndices.count) columns and \(values.count) values are stored"
        }
        for r in 0..<rowCount {
            let start = Int(rowPointers[r]), end = Int(rowPointers[r + 1])
            guard start <= end else { return "rowPointers decreases at row \(r)" }
            var previous = -1
            for e in start..<end {
                let c = Int(columnIndices[e])
                guard c >= 0, c < columnCount else { return "row \(r): column \(c) outside 0..<\(columnCount)" }
                guard c > previous else { return "row \(r): column \(c) after \(previous) (unsorted or duplicate)" }
                previous = c
            }
        }
        return nil
    }
}
