/// `W` printed as a labelled dense grid, for small layers: one line per row, one column per
/// input element, `.` for structural zeros (entries `W` does not store).
extension ConvolutionMatrix {
    /// The grid; `nil` when `W` has more than `maxRows` rows or `maxColumns` columns.
    ///
    /// ```
    ///               x[c=0, 0, 0]  x[c=0, 0, 1]  …
    /// y[c=0, 0, 0]             1             2  …
    /// ```
    ///
    /// - Complexity: O(rows · columns).
    public func denseDescription(maxRows: Int = 64, maxColumns: Int = 64) -> String? {
        guard rowCount <= maxRows, columnCount <= maxColumns else { return nil }
        let csr = csr64
        var cells = [[String]](repeating: [String](repeating: ".", count: columnCount), count: rowCount)
        for r in 0..<rowCount {
            for e in Int(csr.rowPointers[r])..<Int(csr.rowPointers[r + 1]) {
                cells[r][Int(csr.columnIndices[e])] = compactNumber(csr.values[e])
            }
        }
        let rowLabels = (0..<rowCount).map(geometry.rowLabel)
        let columnLabels = (0..<columnCount).map(geometry.columnLabel)
        let labelWidth = rowLabels.map(\.count).max() ?? 0
        let cellWidth = max(columnLabels.map(\.count).max() ?? 0, cells.joined().map(\.count).max() ?? 0)
        var lines = [pad("", labelWidth) + columnLabels.map { "  " + pad($0, cellWidth) }.joined()]
        for r in 0..<rowCount {
            lines.append(pad(rowLabels[r], labelWidth, left: true) + cells[r].map { "  " + pad($0, cellWidth) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    /// `W: 4 × 9, nnz 16, density 44.4%, int32 indices`.
    public var summary: String {
        "W: \(rowCount) × \(columnCount), nnz \(nonzeroCount), density \(percent(density)), \(indexWidth.rawValue) indices"
    }
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

/// `44.4%`.
func percent(_ fraction: Double) -> String { "\((fraction * 1000).rounded() / 10)%" }

private func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, width - s.count))
    return left ? s + fill : fill + s
}
