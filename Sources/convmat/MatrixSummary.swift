import ConvMatrix

/// `W` in words and numbers when it is too large for a grid.
enum MatrixSummary {
    /// The numbers of a large `W`: entries per row and column, memory, and how to export it.
    ///
    /// - Complexity: O(rows + columns + nnz).
    static func large(_ matrix: ConvolutionMatrix, maxRows: Int, maxColumns: Int, exportArguments: String) -> String {
        let csr = matrix.csr64
        var perColumn = [Int](repeating: 0, count: matrix.columnCount)
        for c in csr.columnIndices { perColumn[Int(c)] += 1 }
        let perRow = (0..<matrix.rowCount).map { Int(csr.rowPointers[$0 + 1] - csr.rowPointers[$0]) }
        let index = matrix.indexWidth.byteCount
        let pointers = (matrix.rowCount + 1) * index, indices = matrix.nonzeroCount * index, values = matrix.nonzeroCount * 8
        return """
            W is too large for a grid (more than \(maxRows) rows or \(maxColumns) columns; see --max-rows, --max-columns). In numbers:
              density: \(precisePercent(matrix.density)) of the \(matrix.rowCount) × \(matrix.columnCount) entries are stored
              stored entries per row:    \(statistics(perRow))
              stored entries per column: \(statistics(perColumn))
              memory (CSR): \(bytes(pointers + indices + values)) = row pointers \(bytes(pointers)) + column indices \(bytes(indices)) + values \(bytes(values))
              take it away: convmat export \(exportArguments) --output W.mtx   (or W.npz, W.svg, W.png)
            """
    }

    /// `min 12, mean 25.89, max 27`.
    static func statistics(_ counts: [Int]) -> String {
        guard let low = counts.min(), let high = counts.max() else { return "none" }
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        return "min \(low), mean \(compactNumber((mean * 100).rounded() / 100)), max \(high)"
    }

    /// `0.8427%`: four significant digits.
    static func precisePercent(_ fraction: Double) -> String { compactNumber(fraction * 100) + "%" }

    /// `2.57 MB` (powers of 1000).
    static func bytes(_ count: Int) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count), unit = 0
        while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(count) B" : "\((value * 100).rounded() / 100) \(units[unit])"
    }
}
