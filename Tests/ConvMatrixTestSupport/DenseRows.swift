// Sparse matrices written out dense, to compare with matrices printed in full.
import ConvMatrix

/// `W` as dense rows (`rowCount × columnCount`), read straight from its CSR arrays; a repeated
/// (row, column) entry adds up, as in `W·x`.
///
/// - Complexity: O(rowCount · columnCount + nnz).
public func denseRows<Index: SparseIndex>(_ w: CSRMatrix<Index>) -> [[Double]] {
    var rows = [[Double]](repeating: [Double](repeating: 0, count: w.columnCount), count: w.rowCount)
    for r in 0..<w.rowCount {
        for e in Int(w.rowPointers[r])..<Int(w.rowPointers[r + 1]) {
            rows[r][Int(w.columnIndices[e])] += w.values[e]
        }
    }
    return rows
}

/// A compiled convolution's `W` as dense rows.
///
/// - Complexity: O(rowCount · columnCount + nnz).
public func denseRows(_ w: ConvolutionMatrix) -> [[Double]] { denseRows(w.csr64) }

/// Every multi-index of `shape` in row-major order (the last index fastest); `[[]]` for `[]`.
///
/// - Complexity: O(Π shape · shape.count).
public func allIndices(_ shape: [Int]) -> [[Int]] {
    shape.reduce([[]]) { prefixes, extent in prefixes.flatMap { prefix in (0..<extent).map { prefix + [$0] } } }
}
