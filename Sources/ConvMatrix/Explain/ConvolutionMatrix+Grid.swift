/// A block of `W` (or `Wᵀ`) printed as a labelled grid: any rows and columns, with full labels
/// (`x[c=0, 1, 2]` over every column) or compact ones (the coordinates of each column stacked
/// in a few header lines, so a column is only as wide as its values).
extension ConvolutionMatrix {
    /// How the columns of a grid are labelled.
    public enum GridLabels: Sendable {
        /// `x[c=0, 0, 1]` over every column; each column is as wide as its label.
        case full
        /// One header line per coordinate (`c`, then the spatial axes `i`, `j`, `k`), so each
        /// column is as wide as its widest value or coordinate.
        case compact
    }

    /// Lines `lines` and cells `cells` of `W` — of `Wᵀ` when `transposed` — as a grid: one text
    /// line per grid line, labelled with its element (`y[c=0, 1, 2]`), `.` for structural zeros.
    ///
    /// ```
    ///            c  0  0  0  0        (compact)
    ///            i  0  0  0  1
    ///            j  0  1  2  0
    /// y[c=0, 0, 0]  5  6  .  .
    /// ```
    ///
    /// - Precondition: `lines` and `cells` lie within the grid's line and cell counts
    ///   (`rowCount`, `columnCount`, swapped when `transposed`).
    /// - Complexity: O(nnz + lines · cells).
    public func grid(lines: Range<Int>, cells: Range<Int>, transposed: Bool = false, labels: GridLabels = .full) -> String {
        let (lineCount, cellCount) = transposed ? (columnCount, rowCount) : (rowCount, columnCount)
        precondition(lines.lowerBound >= 0 && lines.upperBound <= lineCount, "grid lines \(lines) outside 0..<\(lineCount)")
        precondition(cells.lowerBound >= 0 && cells.upperBound <= cellCount, "grid cells \(cells) outside 0..<\(cellCount)")
        var table = [[String]](repeating: [String](repeating: ".", count: cells.count), count: lines.count)
        let csr = csr64
        let storedRows = transposed ? cells : lines
        for r in storedRows {
            for e in Int(csr.rowPointers[r])..<Int(csr.rowPointers[r + 1]) {
                let c = Int(csr.columnIndices[e])
                let (line, cell) = transposed ? (c, r) : (r, c)
                guard lines.contains(line), cells.contains(cell) else { continue }
                table[line - lines.lowerBound][cell - cells.lowerBound] = compactNumber(csr.values[e])
            }
        }
        let lineLabels = lines.map { transposed ? geometry.columnLabel($0) : geometry.rowLabel($0) }
        let labelWidth = lineLabels.map(\.count).max() ?? 0
        let valueWidth = table.joined().map(\.count).max() ?? 1
        var header = [String]()
        let cellWidth: Int, separator: String
        switch labels {
        case .full:
            let cellLabels = cells.map { transposed ? geometry.rowLabel($0) : geometry.columnLabel($0) }
            cellWidth = max(valueWidth, cellLabels.map(\.count).max() ?? 0)
            separator = "  "
            header = [gridPad("", labelWidth) + cellLabels.map { separator + gridPad($0, cellWidth) }.joined()]
        case .compact:
            let coordinates = cells.map { transposed ? geometry.outputCoordinates(row: $0) : geometry.inputCoordinates(column: $0) }
            let names = ["c"] + ["i", "j", "k", "l", "m", "n"].prefix(max(0, (coordinates.first?.count ?? 1) - 1))
            cellWidth = max(valueWidth, coordinates.joined().map { String($0).count }.max() ?? 1)
            separator = " "
            header = names.enumerated().map { axis, name in
                gridPad(name, labelWidth) + coordinates.map { separator + gridPad(String($0[axis]), cellWidth) }.joined()
            }
        }
        var text = header
        for (label, line) in zip(lineLabels, table) {
            text.append(gridPad(label, labelWidth, left: true) + line.map { separator + gridPad($0, cellWidth) }.joined())
        }
        return text.joined(separator: "\n")
    }
}

/// `s` padded with spaces to `width`: on the left (right-aligned) unless `left`.
private func gridPad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}
