// What a spy plot of W shows: title, channel blocks, axis labels, colouring, resolution.
import ConvMatrix

/// Options of a ``SpyPlot``.
public struct SpyPlotOptions: Sendable, Equatable {
    /// The heading, typically the layer: `"conv2 (3×3, stride 2)"`.
    public var title: String
    /// Rows per block — one block per output channel (`H_out · W_out` for NCHW `W`); grid lines
    /// separate blocks. `nil` draws no row grid.
    public var rowBlockSize: Int?
    /// Columns per block — one block per input channel. `nil` draws no column grid.
    public var columnBlockSize: Int?
    /// Text of the row axis.
    public var rowLabel: String
    /// Text of the column axis.
    public var columnLabel: String
    /// Colour each cell by the mean of its values on Moreland's diverging coolwarm map (blue < 0
    /// < red, grey at 0, scaled by the largest |mean|) instead of grey by density.
    public var colorByValue: Bool
    /// The most cells per axis; a matrix with more rows (columns) bins ⌈rows / maxCells⌉ of them
    /// into one cell.
    public var maxCells: Int
    /// Pixels per cell side; `nil` picks `clamp(720 / max(cell rows, cell columns), 1, 24)`.
    public var cellPixels: Int?

    public init(title: String = "", rowBlockSize: Int? = nil, columnBlockSize: Int? = nil,
                rowLabel: String = "rows (output)", columnLabel: String = "columns (input)",
                colorByValue: Bool = false, maxCells: Int = 800, cellPixels: Int? = nil) {
        self.title = title
        self.rowBlockSize = rowBlockSize
        self.columnBlockSize = columnBlockSize
        self.rowLabel = rowLabel
        self.columnLabel = columnLabel
        self.colorByValue = colorByValue
        self.maxCells = maxCells
        self.cellPixels = cellPixels
    }

    /// Throws the first option out of its domain.
    func validate() throws {
        if let size = rowBlockSize, size < 1 {
            throw ConvMatrixError(.invalidParameter, parameter: "rowBlockSize", value: "\(size)", rule: "must be at least 1")
        }
        if let size = columnBlockSize, size < 1 {
            throw ConvMatrixError(.invalidParameter, parameter: "columnBlockSize", value: "\(size)", rule: "must be at least 1")
        }
        guard (1...4096).contains(maxCells) else {
            throw ConvMatrixError(.invalidParameter, parameter: "maxCells", value: "\(maxCells)", rule: "must be in 1...4096")
        }
        if let pixels = cellPixels, !(1...64).contains(pixels) {
            throw ConvMatrixError(.invalidParameter, parameter: "cellPixels", value: "\(pixels)", rule: "must be in 1...64")
        }
    }
}
