/// What every engine call assumes of a ``CSRMatrix``, checked before C code reads its arrays.
extension CSRMatrix {
    /// Array lengths agree with the dimensions (always, O(1)); the full
    /// ``checkInvariants()`` holds (debug builds, O(rows + nnz)); the dimensions fit the index
    /// type (throws).
    func checkOperand() throws {
        precondition(rowPointers.count == rowCount + 1 && Int(rowPointers[rowCount]) == nonzeroCount
                     && values.count == nonzeroCount, "CSRMatrix arrays disagree with its dimensions")
        assert(checkInvariants() == nil, "CSRMatrix invariant: \(checkInvariants() ?? "")")
        try checkIndexRange()
    }

    /// With `Int32` indices both dimensions must fit `int`, the C index type.
    func checkIndexRange() throws {
        guard Index.width == .int32 else { return }
        for (name, value) in [("rowCount", rowCount), ("columnCount", columnCount)] where value > Int(Int32.max) {
            throw ConvMatrixError.unsupported(name, value, "exceeds Int32.max; use Int64 indices")
        }
    }
}
