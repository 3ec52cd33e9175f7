// Where each part of a spy plot goes: margins sized from the measured text, the legend, the thinned grid.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The page of a ``SpyPlot``: canvas size, the plot area's origin, how the row label is set and
/// which legend is drawn. Computed once from text widths measured with cairo, so every output
/// format lays out identically.
struct SpyPlotLayout {
    /// The legend right of the plot.
    enum Legend {
        /// One black square: every drawn cell is one stored entry (cells of 1 × 1 entries).
        case swatch
        /// Grey by stored entries per cell, from 1 to `capacity` (binned cells).
        case density(capacity: Int)
        /// The coolwarm bar from −scale to +scale (``SpyPlotOptions/colorByValue``).
        case colorBar(scale: Double)
    }

    static let titleSize = 16.0, subtitleSize = 11.0, labelSize = 13.0, tickSize = 10.0
    /// Block boundaries closer than this many pixels are thinned to every 2nd, 4th, … block.
    static let minimumGridSpacing = 16.0

    let width: Int
    let height: Int
    let plotLeft: Int
    let plotTop: Int
    /// Baselines of title, subtitle and the grid note.
    let titleBaseline: Double, subtitleBaseline: Double, noteBaseline: Double
    /// Turned a quarter left of the plot when it fits beside it; otherwise set horizontally below
    /// the column label, so that a short plot never clips it.
    let rowLabelRotated: Bool
    let rowLabelBaseline: Double
    let columnLabelBaseline: Double
    /// Where the column label (and a horizontal row label) is centred: the plot's centre, moved
    /// inwards when a label is wider.
    let columnLabelCentre: Double
    let legend: Legend
    let legendLeft: Int
    let legendHeight: Int
    /// The note under the subtitle when the grid is thinned, or "".
    let gridNote: String

    init(_ plot: SpyPlot, measure: (String, Double, Bool) -> Double) {
        let options = plot.options
        let (pw, ph) = (Double(plot.plotWidth), Double(plot.plotHeight))
        if options.colorByValue {
            legend = .colorBar(scale: plot.valueScale)
        } else if plot.rowsPerCell * plot.columnsPerCell == 1 {
            legend = .swatch
        } else {
            legend = .density(capacity: plot.rowsPerCell * plot.columnsPerCell)
        }
        gridNote = plot.gridNote

        titleBaseline = 22
        subtitleBaseline = 40
        noteBaseline = 54
        let headerBottom = gridNote.isEmpty ? 46.0 : 60.0
        let top = headerBottom + 32

        var tickWidth = max(measure("0", Self.tickSize, false), measure("\(plot.rowCount)", Self.tickSize, false)) + 4
        if !plot.rowBlockCentres.isEmpty {
            tickWidth = max(tickWidth, measure("\(plot.rowBlockCentres.count - 1)", Self.tickSize, false) + 18)
        }
        let rowLabelWidth = measure(options.rowLabel, Self.labelSize, false)
        rowLabelRotated = rowLabelWidth <= ph + 48
        let left = rowLabelRotated ? tickWidth + 30 : tickWidth + 8

        let legendWidth: Double
        switch legend {
        case .swatch:
            legendWidth = 14 + measure("stored entry", Self.tickSize, false)
            legendHeight = 14
        case .density(let capacity):
            legendWidth = 18 + max(measure("\(capacity) of \(capacity)", Self.tickSize, false),
                                   measure("entries per cell", Self.tickSize, false) - 18)
            legendHeight = Int(max(ph, 64).rounded())
        case .colorBar(let scale):
            legendWidth = 18 + max(measure("−" + significant(scale), Self.tickSize, false),
                                   measure(plot.binned ? "mean value" : "value", Self.tickSize, false) - 18)
            legendHeight = Int(max(ph, 64).rounded())
        }
        let right = 16 + legendWidth + 12

        let columnLabelWidth = measure(options.columnLabel, Self.labelSize, false)
        var textWidth = max(measure(options.title, Self.titleSize, true), measure(plot.subtitle, Self.subtitleSize, false),
                            measure(gridNote, Self.tickSize, false), columnLabelWidth)
        if !rowLabelRotated { textWidth = max(textWidth, rowLabelWidth) }
        let content = left + pw + right
        let pageWidth = max(content, textWidth + 24)
        let plotX = ((pageWidth - content) / 2 + left).rounded()
        plotLeft = Int(plotX)
        plotTop = Int(top)
        legendLeft = Int(plotX + pw + 16)
        width = Int(pageWidth.rounded(.up))

        columnLabelBaseline = top + ph + 28
        rowLabelBaseline = rowLabelRotated ? plotX - tickWidth - 10 : columnLabelBaseline + 20
        let centre = plotX + pw / 2, half = max(columnLabelWidth, rowLabelRotated ? 0 : rowLabelWidth) / 2
        columnLabelCentre = min(max(centre, half + 8), Double(width) - half - 8)
        let textBottom = (rowLabelRotated ? columnLabelBaseline : rowLabelBaseline) + 10
        let rotatedOverhang = rowLabelRotated ? top + ph / 2 + rowLabelWidth / 2 + 6 : 0
        height = Int(max(textBottom, top + Double(legendHeight) + 8, rotatedOverhang).rounded(.up))
    }
}

extension SpyPlot {
    /// Whether cells bin more than one matrix entry.
    var binned: Bool { rowsPerCell * columnsPerCell > 1 }

    /// Every how many blocks a grid line is drawn along an axis: 1, or the least power of two
    /// that puts lines at least ``SpyPlotLayout/minimumGridSpacing`` pixels apart; `nil` when the
    /// axis has no block boundary to draw.
    static func gridStep(extent: Int, blockSize: Int?, perCell: Int, cellPixels: Int) -> Int? {
        guard let blockSize, blockSize < extent else { return nil }
        let spacing = Double(blockSize * cellPixels) / Double(perCell)
        var step = 1
        while Double(step) * spacing < SpyPlotLayout.minimumGridSpacing { step *= 2 }
        return step * blockSize < extent ? step : nil
    }

    /// Pixel offsets (from the plot's top or left edge) of the drawn block boundaries along one
    /// axis: `⌊k · step · blockSize · cellPixels / perCell⌋` for `0 < k · step · blockSize < extent`.
    static func gridOffsets(extent: Int, blockSize: Int?, perCell: Int, cellPixels: Int) -> [Int] {
        guard let blockSize,
              let step = gridStep(extent: extent, blockSize: blockSize, perCell: perCell, cellPixels: cellPixels) else { return [] }
        return stride(from: step * blockSize, to: extent, by: step * blockSize).map { $0 * cellPixels / perCell }
    }

    var rowGridStep: Int? {
        Self.gridStep(extent: rowCount, blockSize: options.rowBlockSize, perCell: rowsPerCell, cellPixels: cellPixels)
    }

    var columnGridStep: Int? {
        Self.gridStep(extent: columnCount, blockSize: options.columnBlockSize, perCell: columnsPerCell, cellPixels: cellPixels)
    }

    var rowGrid: [Int] {
        Self.gridOffsets(extent: rowCount, blockSize: options.rowBlockSize, perCell: rowsPerCell, cellPixels: cellPixels)
    }

    var columnGrid: [Int] {
        Self.gridOffsets(extent: columnCount, blockSize: options.columnBlockSize, perCell: columnsPerCell, cellPixels: cellPixels)
    }

    /// `grid: a line every 4 row blocks, every 2 column blocks`, or "" when no axis is thinned.
    var gridNote: String {
        var parts = [String]()
        if let step = rowGridStep, step > 1 { parts.append("every \(step) row blocks") }
        if let step = columnGridStep, step > 1 { parts.append("every \(step) column blocks") }
        return parts.isEmpty ? "" : "grid: a line " + parts.joined(separator: ", ")
    }

    /// Centres (pixel offsets) of the blocks along one axis when blocks are at least 24 pixels
    /// apart, for their indices; otherwise none.
    static func blockCentres(extent: Int, blockSize: Int?, perCell: Int, cellPixels: Int) -> [Double] {
        guard let size = blockSize, size * cellPixels >= 24 * perCell, size < extent else { return [] }
        return stride(from: 0, to: extent, by: size).map {
            Double(2 * $0 + min(size, extent - $0)) * Double(cellPixels) / Double(2 * perCell)
        }
    }

    var rowBlockCentres: [Double] {
        Self.blockCentres(extent: rowCount, blockSize: options.rowBlockSize, perCell: rowsPerCell, cellPixels: cellPixels)
    }

    var columnBlockCentres: [Double] {
        Self.blockCentres(extent: columnCount, blockSize: options.columnBlockSize, perCell: columnsPerCell, cellPixels: cellPixels)
    }
}

/// `x` rounded to `digits` significant digits, printed shortest: `0.3`, `1.235e-05`.
func significant(_ x: Double, digits: Int = 4) -> String {
    guard x.isFinite, x != 0 else { return "\(x)" }
    let exponent = Int(floor(log10(abs(x))))
    let scale = pow(10, Double(digits - 1 - exponent))
    return "\(scale.isFinite && scale > 0 ? (x * scale).rounded() / scale : x)"
}
