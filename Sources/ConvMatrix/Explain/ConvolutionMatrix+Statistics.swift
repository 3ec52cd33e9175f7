/// `W` in numbers, for a matrix too large to look at: how many entries each row and column
/// stores, and what the CSR arrays weigh.
extension ConvolutionMatrix {
    /// Stored entries per row or per column: smallest, mean, largest.
    public struct EntryCounts: Equatable, Sendable {
        public let minimum: Int
        public let mean: Double
        public let maximum: Int
    }

    /// Entries per row and per column, and the bytes of the three CSR arrays.
    public struct Statistics: Equatable, Sendable {
        public let perRow: EntryCounts
        public let perColumn: EntryCounts
        /// `(rows + 1) · index bytes`.
        public let rowPointerBytes: Int
        /// `nnz · index bytes`.
        public let columnIndexBytes: Int
        /// `nnz · 8`.
        public let valueBytes: Int
        public var totalBytes: Int { rowPointerBytes + columnIndexBytes + valueBytes }
    }

    /// The statistics of `W`, read at its stored index width (no widened copy).
    ///
    /// - Complexity: O(rows + columns + nnz) time, O(columns) memory.
    public var statistics: Statistics {
        let (perRow, perColumn) = withCSR(EntryCounter())
        let index = indexWidth.byteCount
        return Statistics(perRow: perRow, perColumn: perColumn, rowPointerBytes: (rowCount + 1) * index,
                          columnIndexBytes: nonzeroCount * index, valueBytes: nonzeroCount * 8)
    }
}

/// Counts the entries of every row and column of a CSR matrix.
private struct EntryCounter: CSRVisitor {
    func visit<Index: SparseIndex>(_ a: CSRMatrix<Index>) -> (ConvolutionMatrix.EntryCounts, ConvolutionMatrix.EntryCounts) {
        var perColumn = [Int](repeating: 0, count: a.columnCount)
        for c in a.columnIndices { perColumn[Int(c)] += 1 }
        var lowest = Int.max, highest = 0
        for r in 0..<a.rowCount {
            let count = Int(a.rowPointers[r + 1] - a.rowPointers[r])
            lowest = min(lowest, count)
            highest = max(highest, count)
        }
        let rows = ConvolutionMatrix.EntryCounts(minimum: a.rowCount == 0 ? 0 : lowest,
                                                 mean: Double(a.nonzeroCount) / Double(max(a.rowCount, 1)),
                                                 maximum: highest)
        let columns = ConvolutionMatrix.EntryCounts(minimum: perColumn.min() ?? 0,
                                                    mean: Double(a.nonzeroCount) / Double(max(a.columnCount, 1)),
                                                    maximum: perColumn.max() ?? 0)
        return (rows, columns)
    }
}
