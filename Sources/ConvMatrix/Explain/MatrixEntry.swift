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
    /// - Complexity: O(entries of the row).
    public func entries(inRow row: Int) throws -> [MatrixEntry] {
        guard row >= 0, row < rowCount else {
            throw ConvMatrixError.invalid("row", row, "must be in 0..<\(rowCount)")
        }
        switch pattern.storage {
        case .int32(let p): return entries(p, rows: row..<(row + 1), column: nil)
        case .int64(let p): return entries(p, rows: row..<(row + 1), column: nil)
        }
    }

    /// The entries of column `column`: the output elements input `column` feeds (the rows of
    /// `Wᵀ`'s row `column`, i.e. the transposed convolution's view).
    ///
    /// - Complexity: O(nnz).
    public func entries(inColumn column: Int) throws -> [MatrixEntry] {
        guard column >= 0, column < columnCount else {
            throw ConvMatrixError.invalid("column", column, "must be in 0..<\(columnCount)")
        }
        switch pattern.storage {
        case .int32(let p): return entries(p, rows: 0..<rowCount, column: column)
        case .int64(let p): return entries(p, rows: 0..<rowCount, column: column)
        }
    }

    private func entries<Index>(_ p: PatternArrays<Index>, rows: Range<Int>, column: Int?) -> [MatrixEntry] {
        let values = self.values
        var found = [MatrixEntry]()
        for r in rows {
            for e in Int(p.rowPointers[r])..<Int(p.rowPointers[r + 1]) {
                let c = Int(p.columnIndices[e])
                if let column, c != column { continue }
                let taps = p.tapPointers.map { tp in (Int(tp[e])..<Int(tp[e + 1])).map { Int(p.taps[$0]) } } ?? [Int(p.taps[e])]
                found.append(MatrixEntry(row: r, column: c, value: values[e], taps: taps))
            }
        }
        return found
    }
}
