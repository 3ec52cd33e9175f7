/// What every engine call assumes of a ``CSRMatrix``, checked cheaply before C code reads its
/// arrays (the bridge door).
extension CSRMatrix {
    /// Array lengths agree with the dimensions, the last row pointer is nnz, and rows, columns
    /// and nnz fit the C index type of `Index` (`int` for `Int32`). The full
    /// ``checkInvariants()`` is asserted in debug builds; construction already guarantees it.
    ///
    /// - Throws: `.shapeMismatch` naming the array whose length is wrong; `.unsupported` naming
    ///   the dimension that does not fit `Index`.
    /// - Complexity: O(1) in release, O(rows + nnz) in debug builds.
    func checkOperand() throws {
        guard rowPointers.count == rowCount + 1 else {
            throw ConvMatrixError.mismatch("rowPointers.count", rowPointers.count, "must be rowCount + 1 = \(rowCount + 1)")
        }
        guard values.count == nonzeroCount, Int(rowPointers[rowCount]) == nonzeroCount else {
            throw ConvMatrixError.mismatch("rowPointers[\(rowCount)]", rowPointers[rowCount],
                                           "must equal columnIndices.count = \(nonzeroCount) = values.count = \(values.count)")
        }
        let limit = Int(Index.max)
        for (name, value) in [("rowCount", rowCount), ("columnCount", columnCount), ("nonzeroCount", nonzeroCount)]
        where value > limit {
            throw ConvMatrixError.unsupported(name, value, "exceeds \(Index.self).max = \(limit); use Int64 indices")
        }
        assertInvariants("engine operand")
    }
}
