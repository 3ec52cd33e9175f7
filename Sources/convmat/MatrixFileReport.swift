import ArgumentParser
import ConvMatrix
import ConvMatrixIO

/// `convmat show --matrix FILE`: what a `.mtx` or `.npz` matrix file holds — its shape, stored
/// entries, their spread over rows and columns, the range of the values, and the grid when it is
/// small — and, given a layer, whether the file is that layer's `W`.
enum MatrixFileReport {
    /// The matrix in `path` (Matrix Market or `scipy.sparse` `.npz`, by extension), errors naming
    /// `--matrix`.
    static func read(_ path: String) throws -> CSRMatrix<Int64> {
        try Diagnostics.reading("--matrix") {
            if path.hasSuffix(".mtx") { return try MatrixMarket.read(path, as: Int64.self) }
            if path.hasSuffix(".npz") { return try SciPySparseNPZ.read(path, as: Int64.self) }
            throw ConvMatrixError(.invalidParameter, parameter: "--matrix", value: path,
                                  rule: "must be a Matrix Market (.mtx) or scipy.sparse (.npz) file")
        }
    }

    /// Prints the report. With `layer`, the file must be that layer's `W` (same shape and
    /// structure, one value per weight); the weights are recovered from the file and, when
    /// `compareWeights`, compared with the layer's. Returns whether the file is the layer's `W`
    /// (`true` without a layer).
    ///
    /// - Complexity: O(file size + rows + columns + nnz), plus compiling the layer's pattern.
    static func run(path: String, layer: ResolvedLayer?, compareWeights: Bool, maxRows: Int, maxColumns: Int) throws -> Bool {
        let csr = try read(path)
        print(describe(csr, path: path))
        guard let layer else {
            if let grid = grid(csr, maxRows: maxRows, maxColumns: maxColumns) { print(); print(grid) }
            return true
        }
        print()
        let geometry = layer.geometry
        let shapeText = "\(layer.arguments)"
        let recovered: ConvolutionMatrix
        do {
            recovered = try ConvolutionMatrix(recovering: csr, geometry: geometry, source: path)
        } catch let error as ConvMatrixError where error.kind == .shapeMismatch {
            print("\(path) is not the W of \(shapeText): \(error.parameter) = \(error.value): \(error.rule)")
            return false
        }
        print("\(path) is the W of \(shapeText): every stored value is a sum of the layer's weights.")
        print("weights recovered from the file: \(listText(recovered.weights))")
        if compareWeights {
            let difference = zip(recovered.weights, layer.weights).map { abs($0 - $1) }.max() ?? 0
            let scale = max(layer.weights.map(abs).max() ?? 0, 1)
            let agrees = difference <= 1e-12 * scale
            print("the layer's weights (\(layer.weightNote)): max |difference| = \(compactNumber(difference))"
                  + (agrees ? ", the same" : ", they differ"))
            if !agrees { return false }
        }
        if let grid = recovered.denseDescription(maxRows: maxRows, maxColumns: maxColumns) { print(); print(grid) }
        return true
    }

    /// `W.mtx: 4 × 9, nnz 16, density 44.4%` and the spread of entries and values.
    static func describe(_ csr: CSRMatrix<Int64>, path: String) -> String {
        let (rows, columns, nnz) = (csr.rowCount, csr.columnCount, csr.nonzeroCount)
        let cells = Double(rows) * Double(columns)
        let density = cells > 0 ? Double(nnz) / cells * 100 : 0
        var perColumn = [Int](repeating: 0, count: columns)
        for c in csr.columnIndices { perColumn[Int(c)] += 1 }
        let perRow = (0..<rows).map { Int(csr.rowPointers[$0 + 1] - csr.rowPointers[$0]) }
        func spread(_ counts: [Int]) -> String {
            guard let low = counts.min(), let high = counts.max() else { return "none" }
            let empty = counts.filter { $0 == 0 }.count
            return "min \(low), max \(high)" + (empty > 0 ? ", \(empty) empty" : "")
        }
        var lines = ["\(path): \(rows) × \(columns), nnz \(nnz), density \(compactNumber(density))%"]
        lines.append("entries per row: \(spread(perRow)); per column: \(spread(perColumn))")
        if let low = csr.values.min(), let high = csr.values.max() {
            lines.append("values: min \(compactNumber(low)), max \(compactNumber(high))")
        }
        return lines.joined(separator: "\n")
    }

    /// The matrix as a grid with 0-based row and column numbers, `.` for entries not stored, or
    /// `nil` when it has more than `maxRows` rows or `maxColumns` columns.
    static func grid(_ csr: CSRMatrix<Int64>, maxRows: Int, maxColumns: Int) -> String? {
        guard csr.rowCount <= maxRows, csr.columnCount <= maxColumns else { return nil }
        var cells = [[String]](repeating: [String](repeating: ".", count: csr.columnCount), count: csr.rowCount)
        for r in 0..<csr.rowCount {
            for e in Int(csr.rowPointers[r])..<Int(csr.rowPointers[r + 1]) {
                cells[r][Int(csr.columnIndices[e])] = compactNumber(csr.values[e])
            }
        }
        let width = max(String(max(csr.columnCount - 1, 0)).count, cells.joined().map(\.count).max() ?? 1)
        let labelWidth = String(max(csr.rowCount - 1, 0)).count
        func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var lines = [pad("", labelWidth) + (0..<csr.columnCount).map { "  " + pad(String($0), width) }.joined()]
        for (r, row) in cells.enumerated() {
            lines.append(pad(String(r), labelWidth) + row.map { "  " + pad($0, width) }.joined())
        }
        return lines.joined(separator: "\n")
    }

    private static func listText(_ values: [Double]) -> String {
        let shown = values.prefix(16).map(compactNumber).joined(separator: ", ")
        return "[" + shown + (values.count > 16 ? ", … (\(values.count) in all)" : "") + "]"
    }
}
