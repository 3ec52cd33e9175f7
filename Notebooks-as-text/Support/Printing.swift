// Printing for the notebooks: shapes, blocks of numbers and labelled matrices as Markdown text.
import ConvMatrix

/// `[2, 3, 7, 3]` as `(2, 3, 7, 3)`, the way PyTorch prints a shape.
public func tuple(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }

/// A row-major block of numbers, `columns` per line, right-aligned and indented four spaces (a
/// Markdown code block); numbers as ``compactNumber(_:)`` writes them.
///
/// - Precondition: `values.count` is a multiple of `columns`.
public func table<Values: Collection<Double>>(_ values: Values, columns: Int) -> String {
    let cells = values.map(compactNumber)
    precondition(cells.count % columns == 0, "\(cells.count) values do not fill rows of \(columns)")
    let width = cells.map(\.count).max() ?? 1
    return stride(from: 0, to: cells.count, by: columns).map { start in
        "    " + cells[start..<(start + columns)].map { String(repeating: " ", count: width - $0.count) + $0 }
            .joined(separator: " ")
    }.joined(separator: "\n")
}

/// `m` as a grid of its entries with a label per row and per column, `.` where nothing is stored.
///
/// - Precondition: one label per row and per column.
/// - Complexity: O(rows · columns).
public func grid(_ m: CSRMatrix<Int64>, rows: [String], columns: [String]) -> String {
    precondition(rows.count == m.rowCount && columns.count == m.columnCount, "one label per row and per column")
    var cells = [[String]](repeating: [String](repeating: ".", count: m.columnCount), count: m.rowCount)
    for r in 0..<m.rowCount {
        for e in Int(m.rowPointers[r])..<Int(m.rowPointers[r + 1]) { cells[r][Int(m.columnIndices[e])] = compactNumber(m.values[e]) }
    }
    let width = max(columns.map(\.count).max() ?? 0, cells.joined().map(\.count).max() ?? 0)
    let labelWidth = rows.map(\.count).max() ?? 0
    func right(_ s: String, _ w: Int) -> String { String(repeating: " ", count: w - s.count) + s }
    func left(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: w - s.count) }
    return ([String(repeating: " ", count: labelWidth) + columns.map { " " + right($0, width) }.joined()]
        + zip(rows, cells).map { label, line in left(label, labelWidth) + line.map { " " + right($0, width) }.joined() })
        .joined(separator: "\n")
}
