// Helpers of the ConvMatrixIO tests only: the reference matrix R and exact CSR comparison
// (temporary directories and fixture paths come from ConvMatrixTestSupport).
@testable import ConvMatrix
import Foundation
import Testing

/// The reference matrix R (5 × 6, row 2 empty), written out by hand; `make_fixtures.py` and
/// `Tests/interop/check_scipy_interop.py` spell out the same entries.
///
/// ```
/// row 0: (0, 1.5) (3, -2)
/// row 1: (1, 0.1) (5, 1e-300)
/// row 2: —
/// row 3: (2, 5e-324) (4, 0.3333333333333333)
/// row 4: (0, 1.7976931348623157e308) (1, -0.0) (5, 3.141592653589793)
/// ```
enum Reference {
    static let rowPointers = [0, 2, 4, 4, 6, 9]
    static let columnIndices = [0, 3, 1, 5, 2, 4, 0, 1, 5]
    static let values: [Double] = [1.5, -2, 0.1, 1e-300, .leastNonzeroMagnitude /* 5e-324 */, 0.3333333333333333, 1.7976931348623157e308, -0.0, 3.141592653589793]

    static func r<Index: SparseIndex>(_: Index.Type = Index.self) -> CSRMatrix<Index> {
        try! CSRMatrix(rowCount: 5, columnCount: 6, rowPointers: rowPointers.map { Index($0) },
                  columnIndices: columnIndices.map { Index($0) }, values: values)
    }
}

/// Bit patterns, so that `-0.0 ≠ 0.0` and NaNs compare: exact round trips.
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

/// Expects `matrix` to equal `expected` exactly: structure and value bits.
func expectIdentical<A: SparseIndex, B: SparseIndex>(_ matrix: CSRMatrix<A>, _ expected: CSRMatrix<B>,
                                                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(matrix.rowCount == expected.rowCount, sourceLocation: sourceLocation)
    #expect(matrix.columnCount == expected.columnCount, sourceLocation: sourceLocation)
    #expect(matrix.rowPointers.map(Int.init) == expected.rowPointers.map(Int.init), sourceLocation: sourceLocation)
    #expect(matrix.columnIndices.map(Int.init) == expected.columnIndices.map(Int.init), sourceLocation: sourceLocation)
    #expect(bits(matrix.values) == bits(expected.values), sourceLocation: sourceLocation)
    #expect(throws: Never.self, sourceLocation: sourceLocation) { try matrix.checkInvariants() }
}

/// A CSR matrix from hand-written rows of (column, value).
func csr(_ columnCount: Int, _ rows: [[(Int, Double)]]) -> CSRMatrix<Int32> {
    var pointers: [Int32] = [0], columns: [Int32] = [], values: [Double] = []
    for row in rows {
        for (c, v) in row { columns.append(Int32(c)); values.append(v) }
        pointers.append(Int32(columns.count))
    }
    return try! CSRMatrix(rowCount: rows.count, columnCount: columnCount, rowPointers: pointers, columnIndices: columns, values: values)
}
