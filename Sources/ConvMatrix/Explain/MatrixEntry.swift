/// One stored entry of `W` with everything needed to explain it: where it sits, its value, and
/// the weight elements (taps) it is made of.
public struct MatrixEntry: Hashable, Sendable {
    public let row: Int
    public let column: Int
    public let value: Double
    /// Flat indices into the weight tensor (PyTorch layout); several with reflect, replicate or
    /// circular padding.
    public let taps: [Int]
}

extension ConvolutionMatrix {
    /// The entries of row `row`: the input elements output `row` reads, and through which taps.
    ///
    /// The first call builds the pattern's tap map (``PatternArrays/tapMap()``).
    ///
    /// - Complexity: O(entries of the row) once the tap map is built.
    public func entries(inRow row: Int) throws -> [MatrixEntry] {
        guard row >= 0, row < rowCount else {
            throw ConvMatrixError.invalid("row", row, "must be in 0..<\(rowCount)")
        }
        return try pattern.open(EntryLister(values: values, rows: row..<(row + 1), column: nil))
    }

    /// The entries of column `column`: the output elements input `column` feeds (the rows of
    /// `Wᵀ`'s row `column`, i.e. the transposed convolution's view).
    ///
    /// The first call builds the pattern's tap map (``PatternArrays/tapMap()``).
    ///
    /// - Complexity: O(nnz).
    public func entries(inColumn column: Int) throws -> [MatrixEntry] {
        guard column >= 0, column < columnCount else {
            throw ConvMatrixError.invalid("column", column, "must be in 0..<\(columnCount)")
        }
        return try pattern.open(EntryLister(values: values, rows: 0..<rowCount, column: column))
    }
}

/// The stored entries of `rows`, only those in `column` when given.
private struct EntryLister: PatternArraysVisitor {
    let values: [Double]
    let rows: Range<Int>
    let column: Int?

    func visit<Index: SparseIndex>(_ p: PatternArrays<Index>) throws -> [MatrixEntry] {
        let map = try p.tapMap()
        var found = [MatrixEntry]()
        for r in rows {
            for e in Int(p.rowPointers[r])..<Int(p.rowPointers[r + 1]) {
                let c = Int(p.columnIndices[e])
                if let column, c != column { continue }
                found.append(MatrixEntry(row: r, column: c, value: values[e], taps: map.taps(ofEntry: e)))
            }
        }
        return found
    }
}
