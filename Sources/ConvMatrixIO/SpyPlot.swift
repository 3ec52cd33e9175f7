// The spy plot of W: stored entries binned into a cell grid, the geometry shared by SVG and PNG.
import ConvMatrix

/// A picture of where `W`'s stored entries are — MATLAB's `spy`, matplotlib's `spy` — with the
/// channel-block structure of a convolution matrix drawn as a grid.
///
/// Matrix rows run top to bottom, columns left to right. A matrix of at most
/// ``SpyPlotOptions/maxCells`` rows and columns gets one cell per entry; a larger one bins
/// `rowsPerCell = ⌈rows / maxCells⌉` rows and `columnsPerCell = ⌈columns / maxCells⌉` columns
/// into each cell (the two factors may differ, so a binned picture need not be to scale — the
/// subtitle says so). A cell is drawn when it holds a stored entry, in grey by density
/// `count / (rowsPerCell · columnsPerCell)` (light grey to black) or, with
/// ``SpyPlotOptions/colorByValue``, by the mean value of its entries on the coolwarm map.
///
/// Grid lines sit at block boundaries `k · rowBlockSize` (`k · columnBlockSize`) beneath the
/// entries; where blocks are closer than 8 pixels only every 2nd, 4th, … boundary is drawn (the
/// header says so), so a 64-channel layer shows its bands rather than a solid grid.
///
/// Build once, then render with ``svg()``, ``png()`` or ``pdf()`` (or their `write…(to:)`):
/// one drawing routine through cairo, so all three show the same title, subtitle, axes, tick and
/// block labels and legend.
public struct SpyPlot: Sendable {
    public let options: SpyPlotOptions
    public let rowCount: Int
    public let columnCount: Int
    public let nonzeroCount: Int
    /// Matrix rows (columns) per cell.
    public let rowsPerCell: Int
    public let columnsPerCell: Int
    /// Cells per axis (at least 1).
    public let cellRows: Int
    public let cellColumns: Int
    /// Pixels per cell side.
    public let cellPixels: Int
    /// Stored entries per cell, row-major over the cell grid.
    let counts: [Int]
    /// Sum of the values per cell.
    let sums: [Double]
    /// The largest finite |mean value| of a cell, scaling the coolwarm map.
    public let valueScale: Double

    /// Bins the stored entries of `matrix` into cells.
    ///
    /// - Throws: `.invalidParameter` for options out of their domain.
    /// - Complexity: O(rows + nnz + cells) time, O(cells) memory (at most `maxCells²`).
    public init<Index: SparseIndex>(_ matrix: CSRMatrix<Index>, options: SpyPlotOptions = SpyPlotOptions()) throws {
        try options.validate()
        self.options = options
        rowCount = matrix.rowCount
        columnCount = matrix.columnCount
        nonzeroCount = matrix.nonzeroCount
        rowsPerCell = max(1, (rowCount + options.maxCells - 1) / options.maxCells)
        columnsPerCell = max(1, (columnCount + options.maxCells - 1) / options.maxCells)
        cellRows = max(1, (rowCount + rowsPerCell - 1) / rowsPerCell)
        cellColumns = max(1, (columnCount + columnsPerCell - 1) / columnsPerCell)
        cellPixels = options.cellPixels ?? min(max(720 / max(cellRows, cellColumns), 1), 24)

        let grid = (rowsPerCell, columnsPerCell, cellRows, cellColumns)
        let (counts, sums) = switch matrix {
        case let m as CSRMatrix<Int32>: Self.bin(m, grid)
        case let m as CSRMatrix<Int64>: Self.bin(m, grid)
        default: Self.bin(matrix, grid)
        }
        var scale = 0.0
        for (count, sum) in zip(counts, sums) where count > 0 {
            let mean = abs(sum / Double(count))
            if mean.isFinite { scale = max(scale, mean) }
        }
        self.counts = counts
        self.sums = sums
        valueScale = scale
    }

    /// Entry counts and value sums per cell of a `(rowsPerCell, columnsPerCell, cellRows,
    /// cellColumns)` grid. Called with concrete index types so the loop is specialised.
    private static func bin<Index: SparseIndex>(_ matrix: CSRMatrix<Index>,
                                                _ grid: (Int, Int, Int, Int)) -> ([Int], [Double]) {
        let (rowsPerCell, columnsPerCell, cellRows, cellColumns) = grid
        var counts = [Int](repeating: 0, count: cellRows * cellColumns)
        var sums = [Double](repeating: 0, count: cellRows * cellColumns)
        for r in 0..<matrix.rowCount {
            let base = (r / rowsPerCell) * cellColumns
            for e in Int(matrix.rowPointers[r])..<Int(matrix.rowPointers[r + 1]) {
                let cell = base + Int(matrix.columnIndices[e]) / columnsPerCell
                counts[cell] += 1
                sums[cell] += matrix.values[e]
            }
        }
        return (counts, sums)
    }

    /// The colour of cell `(row, column)`, or `nil` when it holds no stored entry.
    func color(row: Int, column: Int) -> RGB? {
        let cell = row * cellColumns + column
        let count = counts[cell]
        guard count > 0 else { return nil }
        if options.colorByValue {
            let mean = sums[cell] / Double(count)
            return Coolwarm.color(valueScale > 0 ? mean / valueScale : 0)
        }
        return densityGrey(Double(count) / Double(rowsPerCell * columnsPerCell))
    }

    /// Width and height of the plot area in pixels.
    var plotWidth: Int { cellColumns * cellPixels }
    var plotHeight: Int { cellRows * cellPixels }

    /// `64 × 27 · 300 stored entries (17.36 %) · cell = 1 × 1 entries`.
    var subtitle: String {
        let total = Double(rowCount) * Double(columnCount)
        let percent = total > 0 ? Double(nonzeroCount) / total * 100 : 0
        let rounded = (percent * 100).rounded() / 100
        var text = "\(rowCount) × \(columnCount) · \(nonzeroCount) stored entries (\(rounded) %)"
        text += " · cell = \(rowsPerCell) × \(columnsPerCell) entries"
        if rowsPerCell != columnsPerCell { text += ", not to scale" }
        return text
    }
}
