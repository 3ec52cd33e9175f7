// Matrix Market writer: CSR → `coordinate real general`, 1-based, shortest round-trip values.
import ConvMatrix

extension MatrixMarket {
    /// The banner `%%MatrixMarket matrix coordinate real general`, each element of `comments`
    /// as `% text` lines (an element with newlines becomes several lines, an empty line `%`),
    /// and the size line `rows columns entries`: everything before the entry lines.
    static func coordinateHeader(rows: Int, columns: Int, entries: Int, comments: [String]) -> String {
        var header = "%%MatrixMarket matrix coordinate real general\n"
        for comment in comments {
            for line in comment.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
                header += line.isEmpty ? "%\n" : "% \(line)\n"
            }
        }
        return header + "\(rows) \(columns) \(entries)\n"
    }

    /// Writes `matrix` as `%%MatrixMarket matrix coordinate real general`.
    ///
    /// Each stored entry `(r, c, v)` becomes the line `r+1 c+1 v` in row order, `v` printed as
    /// Swift's `Double.description` — the shortest text that parses back to the identical
    /// `Double` (`0.1`, `1e-300`, `5e-324`, `-0.0`, `inf`, `nan`). Explicitly stored zeros are
    /// kept. Each element of `comments` becomes `% text` lines right after the banner (an
    /// element with newlines becomes several lines), so the file can say which layer, shapes
    /// and layouts `W` describes.
    ///
    /// The file is written atomically (``AtomicFile``): on any failure nothing is left at `path`.
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be written.
    /// - Complexity: O(rows + nnz) time; O(1) memory beyond a 1 MiB buffer.
    public static func write<Index: SparseIndex>(_ matrix: CSRMatrix<Index>, to path: String,
                                                 comments: [String] = []) throws {
        try AtomicFile.write(to: path) { sink in
            try sink.write(MatrixMarket.coordinateHeader(rows: matrix.rowCount, columns: matrix.columnCount,
                                                         entries: matrix.nonzeroCount, comments: comments))
            // Concrete index types: generic code reached from another module is not specialised.
            switch matrix {
            case let m as CSRMatrix<Int32>: try writeEntries(m, to: sink)
            case let m as CSRMatrix<Int64>: try writeEntries(m, to: sink)
            default: try writeEntries(matrix, to: sink)
            }
        }
    }

    /// The entry lines `r+1 c+1 v`, collected in a local 1 MiB chunk between writes.
    private static func writeEntries<Index: SparseIndex>(_ matrix: CSRMatrix<Index>, to sink: FileSink) throws {
        var chunk = [UInt8]()
        chunk.reserveCapacity(1 << 20)
        for row in 0..<matrix.rowCount {
            for entry in Int(matrix.rowPointers[row])..<Int(matrix.rowPointers[row + 1]) {
                chunk.appendDecimal(row + 1)
                chunk.append(0x20)
                chunk.appendDecimal(Int(matrix.columnIndices[entry]) + 1)
                chunk.append(0x20)
                chunk.append(contentsOf: matrix.values[entry].description.utf8)
                chunk.append(0x0A)
                if chunk.count >= 1 << 20 {
                    try sink.write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        }
        try sink.write(chunk)
    }
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of a non-negative `value`.
    mutating func appendDecimal(_ value: Int) {
        precondition(value >= 0)
        var digitCount = 1
        var rest = value
        while rest >= 10 { rest /= 10; digitCount += 1 }
        let start = count
        append(contentsOf: repeatElement(0x30, count: digitCount))
        rest = value
        for i in stride(from: start + digitCount - 1, through: start, by: -1) {
            self[i] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }
}
