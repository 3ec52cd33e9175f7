/// `W` printed as a labelled dense grid, for small layers: one line per row, one column per
/// input element, `.` for structural zeros (entries `W` does not store).
extension ConvolutionMatrix {
    /// The grid; `nil` when it would have more than `maxRows` rows or `maxColumns` columns.
    /// `transposed` prints `Wᵀ` instead: one line per input element, one column per output.
    ///
    /// ```
    ///               x[c=0, 0, 0]  x[c=0, 0, 1]  …
    /// y[c=0, 0, 0]             1             2  …
    /// ```
    ///
    /// - Complexity: O(rows · columns).
    public func denseDescription(maxRows: Int = 64, maxColumns: Int = 64, transposed: Bool = false) -> String? {
        let (lineCount, cellCount) = transposed ? (columnCount, rowCount) : (rowCount, columnCount)
        guard lineCount <= maxRows, cellCount <= maxColumns else { return nil }
        let csr = csr64
        var cells = [[String]](repeating: [String](repeating: ".", count: cellCount), count: lineCount)
        for r in 0..<rowCount {
            for e in Int(csr.rowPointers[r])..<Int(csr.rowPointers[r + 1]) {
                let c = Int(csr.columnIndices[e])
                if transposed { cells[c][r] = compactNumber(csr.values[e]) } else { cells[r][c] = compactNumber(csr.values[e]) }
            }
        }
        let rowLabels = (0..<rowCount).map(geometry.rowLabel), columnLabels = (0..<columnCount).map(geometry.columnLabel)
        let (lineLabels, cellLabels) = transposed ? (columnLabels, rowLabels) : (rowLabels, columnLabels)
        let labelWidth = lineLabels.map(\.count).max() ?? 0
        let cellWidth = max(cellLabels.map(\.count).max() ?? 0, cells.joined().map(\.count).max() ?? 0)
        var lines = [pad("", labelWidth) + cellLabels.map { "  " + pad($0, cellWidth) }.joined()]
        for (label, line) in zip(lineLabels, cells) {
            lines.append(pad(label, labelWidth, left: true) + line.map { "  " + pad($0, cellWidth) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// `W: 4 × 9, nnz 16, density 44.4%, int32 indices` (or `Wᵀ: 9 × 4, …` when `transposed`).
    public func summary(transposed: Bool) -> String {
        let shape = transposed ? "Wᵀ: \(columnCount) × \(rowCount)" : "W: \(rowCount) × \(columnCount)"
        return "\(shape), nnz \(nonzeroCount), density \(percent(density)), \(indexWidth.rawValue) indices"
    }

    /// `W: 4 × 9, nnz 16, density 44.4%, int32 indices`.
    public var summary: String { summary(transposed: false) }
}

/// `3`, `-0.5`, `0.1235`: integers without a decimal point, others with 4 significant digits.
public func compactNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    let magnitude = abs(v)
    var digits = 4, scale = 1.0
    var m = magnitude
    while m >= 10, digits > 0 { m /= 10; digits -= 1 }
    while m < 1, m > 0, digits < 12 { m *= 10; digits += 1 }
    for _ in 0..<digits { scale *= 10 }
    let rounded = (v * scale).rounded() / scale
    return "\(rounded)"
}

/// `44.4%`, or two significant digits below 1% (`0.0028%`), so sparse layers do not read `0.0%`.
func percent(_ fraction: Double) -> String {
    let p = fraction * 100
    guard p > 0, p < 1 else { return "\((p * 10).rounded() / 10)%" }
    var scale = 1.0
    while p * scale < 10 { scale *= 10 }
    return "\((p * scale).rounded() / scale)%"
}

private func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}
