/// A sparse matrix in compressed sparse row form with `Double` values.
///
/// Row `r` holds the entries `rowPointers[r] ..< rowPointers[r+1]` of `columnIndices` and
/// `values`. Within a row the columns are strictly increasing (sorted, no duplicates).
///
/// The same three arrays, read as compressed *columns*, are the CSC form of `Aᵀ`: this is how
/// the SuiteSparse bridge applies both `A·X` and `Aᵀ·Y` without forming a second matrix.
///
/// The invariants hold by construction: the public initialiser checks them and throws, the
/// arrays are read-only from outside, and ``replaceValues(_:)`` keeps the structure.
public struct CSRMatrix<Index: SparseIndex>: Sendable, Equatable {
    public let rowCount: Int
    public let columnCount: Int
    public private(set) var rowPointers: [Index]
    public private(set) var columnIndices: [Index]
    public private(set) var values: [Double]

    /// Wraps existing arrays after checking every CSR rule (``checkInvariants()``).
    ///
    /// - Throws: ``ConvMatrixError`` naming the array and the rule it breaks: negative
    ///   dimensions; `rowPointers.count ≠ rowCount + 1`; `values.count ≠ columnIndices.count`;
    ///   `rowPointers[0] ≠ 0`; `rowPointers[rowCount] ≠ nnz`; a decreasing row pointer; a column
    ///   outside `0 ..< columnCount`; columns of a row not strictly increasing (unsorted or
    ///   duplicate).
    /// - Complexity: O(rows + nnz).
    public init(rowCount: Int, columnCount: Int, rowPointers: [Index], columnIndices: [Index], values: [Double]) throws {
        self.init(unchecked: rowCount, columnCount: columnCount, rowPointers: rowPointers,
                  columnIndices: columnIndices, values: values, verified: true)
        try checkInvariants()
    }

    /// Wraps arrays that are correct by construction (compiler, engine results); the
    /// invariants are asserted in debug builds only.
    ///
    /// - Precondition: the arrays satisfy ``checkInvariants()``.
    /// - Complexity: O(1) in release, O(rows + nnz) in debug builds.
    init(unchecked rowCount: Int, columnCount: Int, rowPointers: [Index], columnIndices: [Index], values: [Double],
         verified: Bool = false) {
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
        if !verified { assertInvariants("CSRMatrix(unchecked:)") }
    }

    /// Number of stored entries.
    public var nonzeroCount: Int { columnIndices.count }

    /// Replaces the stored values, keeping the structure.
    ///
    /// - Throws: `.shapeMismatch` naming `values.count` when it is not ``nonzeroCount``.
    /// - Complexity: O(1) (the array is taken, not copied).
    public mutating func replaceValues(_ newValues: [Double]) throws {
        guard newValues.count == nonzeroCount else {
            throw ConvMatrixError.mismatch("values.count", newValues.count, "must equal the stored entries nnz = \(nonzeroCount)")
        }
        values = newValues
    }
}
