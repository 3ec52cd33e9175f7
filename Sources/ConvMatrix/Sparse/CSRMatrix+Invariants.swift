/// The CSR rules, checked in one place (CSparse's `cs_ok`, swift-collections' `_checkInvariants`).
extension CSRMatrix {
    /// Throws unless every CSR rule holds: dimensions ≥ 0; `rowPointers` has `rowCount + 1`
    /// entries, starts at 0, never decreases and ends at nnz; `values` has one value per column
    /// index; the columns of each row are strictly increasing and inside `0 ..< columnCount`.
    ///
    /// - Throws: ``ConvMatrixError`` (`.shapeMismatch` for lengths, `.invalidParameter` for the
    ///   rest) naming the array and index at fault and the rule.
    /// - Complexity: O(rows + nnz).
    func checkInvariants() throws {
        guard rowCount >= 0 else { throw ConvMatrixError.invalid("rowCount", rowCount, "must be ≥ 0") }
        guard columnCount >= 0 else { throw ConvMatrixError.invalid("columnCount", columnCount, "must be ≥ 0") }
        guard rowPointers.count == rowCount + 1 else {
            throw ConvMatrixError.mismatch("rowPointers.count", rowPointers.count, "must be rowCount + 1 = \(rowCount + 1)")
        }
        guard values.count == columnIndices.count else {
            throw ConvMatrixError.mismatch("values.count", values.count,
                                           "must equal columnIndices.count = \(columnIndices.count), one value per stored entry")
        }
        guard rowPointers[0] == 0 else { throw ConvMatrixError.invalid("rowPointers[0]", rowPointers[0], "must be 0") }
        guard Int(rowPointers[rowCount]) == columnIndices.count else {
            throw ConvMatrixError.mismatch("rowPointers[\(rowCount)]", rowPointers[rowCount],
                                           "must equal the stored entries nnz = columnIndices.count = \(columnIndices.count)")
        }
        // Pointers first: non-decreasing from 0 to nnz keeps every row inside the arrays.
        for r in 0..<rowCount where rowPointers[r] > rowPointers[r + 1] {
            throw ConvMatrixError.invalid("rowPointers[\(r + 1)]", rowPointers[r + 1],
                                          "must be ≥ rowPointers[\(r)] = \(rowPointers[r]) (row pointers never decrease)")
        }
        for r in 0..<rowCount {
            let start = Int(rowPointers[r]), end = Int(rowPointers[r + 1])
            var previous = -1
            for e in start..<end {
                let c = Int(columnIndices[e])
                guard c >= 0, c < columnCount else {
                    throw ConvMatrixError.invalid("columnIndices[\(e)]", c, "must be in 0..<\(columnCount) (row \(r))")
                }
                guard c > previous else {
                    throw ConvMatrixError.invalid("columnIndices[\(e)]", c,
                                                  "must be > \(previous), the column before it in row \(r) (sorted, no duplicates)")
                }
                previous = c
            }
        }
    }

    /// `assert`s ``checkInvariants()`` (debug builds only; nothing runs in release).
    func assertInvariants(_ place: @autoclosure () -> String) {
        assert({
            do { try checkInvariants() } catch { assertionFailure("\(place()): \(error)") }
            return true
        }())
    }
}
