import ConvMatrix

/// A block of `W` laid out to fit a width: full labels when they fit, else compact labels
/// (coordinates stacked above each column), else the compact columns that fit from the left.
struct FittedGrid {
    /// The grid text, every line at most `width` characters unless even one column is wider.
    let text: String
    /// Whether the full labels were too wide (and `--compact` was not asked for).
    let madeCompact: Bool
    /// The cells shown; fewer than asked for when even compact columns did not fit.
    let cells: Range<Int>
    /// The cells asked for.
    let askedCells: Range<Int>
    /// The grid lines shown.
    let shownLines: Range<Int>
    /// The width the grid had to fit.
    let width: Int

    /// - Complexity: O(nnz of the lines + lines · cells) per layout tried (at most three).
    init(_ matrix: ConvolutionMatrix, lines: Range<Int>, cells: Range<Int>, transposed: Bool, compact: Bool, width: Int) {
        shownLines = lines
        self.width = width
        askedCells = cells
        if !compact {
            let full = matrix.grid(lines: lines, cells: cells, transposed: transposed, labels: .full)
            if Self.widest(full) <= width {
                (text, madeCompact, self.cells) = (full, false, cells)
                return
            }
        }
        madeCompact = !compact
        let all = matrix.grid(lines: lines, cells: cells, transposed: transposed, labels: .compact)
        let widest = Self.widest(all)
        guard widest > width, cells.count > 1 else {
            (text, self.cells) = (all, cells)
            return
        }
        // Every compact column has the same width: the label column, then `cells.count` equal cells.
        let labelWidth = lines.map { transposed ? matrix.geometry.columnLabel($0) : matrix.geometry.rowLabel($0) }
            .map(\.count).max() ?? 0
        let step = (widest - labelWidth) / cells.count
        let fitting = max(1, (width - labelWidth) / step)
        self.cells = cells.lowerBound..<(cells.lowerBound + min(fitting, cells.count))
        text = matrix.grid(lines: lines, cells: self.cells, transposed: transposed, labels: .compact)
    }

    /// Lines saying what was selected and what was done to fit, or `nil` when the grid is shown as asked.
    func note(name: String, selected: Bool) -> String? {
        var notes = [String]()
        if selected {
            notes.append("Shown: rows \(shownLines.lowerBound)..<\(shownLines.upperBound), columns \(askedCells.lowerBound)..<\(askedCells.upperBound) of \(name).")
        }
        if madeCompact { notes.append("Shown: compact labels (full ones would pass \(width) columns).") }
        if cells != askedCells {
            notes.append("Shown: the first \(cells.count) of \(askedCells.count) columns (as many as fit); --cols \(cells.upperBound):\(askedCells.upperBound) for more.")
        }
        return notes.isEmpty ? nil : notes.joined(separator: "\n")
    }

    static func widest(_ text: String) -> Int {
        text.split(separator: "\n").map(\.count).max() ?? 0
    }
}
