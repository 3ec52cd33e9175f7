// A sparse matrix as a dense 2-d NumPy array, for small W that users want as a plain ndarray.
import ConvMatrix

extension NumPyArray {
    /// The dense `float64` array `D` of shape `(rows, columns)` with `D[r, c]` the stored value of
    /// `matrix` at `(r, c)` and 0 elsewhere — what `scipy.sparse.load_npz(p).toarray()` gives.
    ///
    /// - Throws: `.overBudget` when `rows × columns` exceeds `maxElements` (default 2²⁶, 512 MiB),
    ///   checked before allocating.
    /// - Complexity: O(rows · columns + nnz) time and memory.
    public init<Index: SparseIndex>(dense matrix: CSRMatrix<Index>, maxElements: Int = 1 << 26) throws {
        let (elements, overflow) = matrix.rowCount.multipliedReportingOverflow(by: matrix.columnCount)
        guard !overflow, elements <= maxElements else {
            throw ConvMatrixError(.overBudget, parameter: "rows × columns",
                                  value: "\(matrix.rowCount) × \(matrix.columnCount)",
                                  rule: "a dense array is limited to maxElements = \(maxElements) elements")
        }
        var values = [Double](repeating: 0, count: elements)
        for r in 0..<matrix.rowCount {
            for e in Int(matrix.rowPointers[r])..<Int(matrix.rowPointers[r + 1]) {
                values[r * matrix.columnCount + Int(matrix.columnIndices[e])] = matrix.values[e]
            }
        }
        try self.init(shape: [matrix.rowCount, matrix.columnCount], storage: .float64(values))
    }
}
