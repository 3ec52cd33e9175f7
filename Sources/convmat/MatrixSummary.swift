import ConvMatrix

/// `W` in words and numbers when it is too large for a grid.
enum MatrixSummary {
    /// The numbers of a large `W`: entries per row and column, memory, and how to export it.
    ///
    /// - Complexity: O(rows + columns + nnz).
    /// With zeros padding every stored entry is one tap, so for a `Conv` the row counts are the
    /// taps reaching each output (`show --overlap`), and for a `ConvTranspose` (`transposedLayer`)
    /// the column counts are: the overlap on its output grid, uneven in a checkerboard when the
    /// kernel is not a multiple of the stride.
    static func large(_ matrix: ConvolutionMatrix, maxRows: Int, maxColumns: Int, exportArguments: String,
                      transposedLayer: Bool = false) -> String {
        let s = matrix.statistics
        let overlap = "   (taps reaching each output of the layer: its overlap, see --overlap)"
        return """
            W is too large for a grid (more than \(maxRows) rows or \(maxColumns) columns; see --max-rows, --max-columns, or --rows a:b --cols c:d for a block). In numbers:
              density: \(precisePercent(matrix.density)) of the \(matrix.rowCount) × \(matrix.columnCount) entries are stored
              stored entries per row:    \(counts(s.perRow))\(transposedLayer ? "" : overlap)
              stored entries per column: \(counts(s.perColumn))\(transposedLayer ? overlap : "")
              memory (CSR): \(bytes(s.totalBytes)) = row pointers \(bytes(s.rowPointerBytes)) + column indices \(bytes(s.columnIndexBytes)) + values \(bytes(s.valueBytes))
              take it away: convmat export \(exportArguments) --output W.mtx   (or W.npz, W.svg, W.png)
            """
    }

    /// `min 12, mean 25.89, max 27`.
    static func counts(_ c: ConvolutionMatrix.EntryCounts) -> String {
        "min \(c.minimum), mean \(compactNumber((c.mean * 100).rounded() / 100)), max \(c.maximum)"
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
