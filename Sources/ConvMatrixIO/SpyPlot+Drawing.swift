// The one drawing routine of a spy plot: header, grid, entries, frame, ticks, axis labels, legend.

extension SpyPlot {
    /// Draws the whole picture on `canvas` (sized by `layout`).
    ///
    /// Order, back to front: white page; title (bold), subtitle and grid note centred at the top;
    /// grid lines beneath the entries; one crisp rectangle per run of equally coloured cells
    /// along a cell row (integer pixels, so a raster holds each cell's colour exactly); the
    /// frame just outside the plot area; `0` and the extent of each axis; block indices when
    /// blocks are at least 24 pixels apart; the axis labels; the legend.
    ///
    /// - Complexity: O(cells + grid lines).
    func draw(on canvas: CairoCanvas, layout: SpyPlotLayout) {
        typealias L = SpyPlotLayout
        canvas.fill(x: 0, y: 0, width: Double(layout.width), height: Double(layout.height), color: .white)
        let middle = Double(layout.width) / 2
        canvas.text(options.title, x: middle, y: layout.titleBaseline, size: L.titleSize, bold: true, anchor: .middle)
        canvas.text(subtitle, x: middle, y: layout.subtitleBaseline, size: L.subtitleSize, color: .secondaryText, anchor: .middle)
        if !layout.gridNote.isEmpty {
            canvas.text(layout.gridNote, x: middle, y: layout.noteBaseline, size: L.tickSize, color: .blockText, anchor: .middle)
        }

        let (x0, y0) = (Double(layout.plotLeft), Double(layout.plotTop))
        let (pw, ph) = (Double(plotWidth), Double(plotHeight))
        // Pixel row (column) k is the band [k, k+1): a 1-unit line through its centre fills it.
        let segments = rowGrid.map { (x0, y0 + Double($0) + 0.5, x0 + pw, y0 + Double($0) + 0.5) }
            + columnGrid.map { (x0 + Double($0) + 0.5, y0, x0 + Double($0) + 0.5, y0 + ph) }
        canvas.lines(segments, color: .grid)

        let side = Double(cellPixels)
        for row in 0..<cellRows {
            var column = 0
            while column < cellColumns {
                guard let color = color(row: row, column: column) else { column += 1; continue }
                var end = column + 1
                while end < cellColumns, self.color(row: row, column: end) == color { end += 1 }
                canvas.fill(x: x0 + Double(column) * side, y: y0 + Double(row) * side,
                            width: Double(end - column) * side, height: side, color: color)
                column = end
            }
        }
        canvas.stroke(x: x0 - 0.5, y: y0 - 0.5, width: pw + 1, height: ph + 1, color: .frame)

        canvas.text("0", x: x0, y: y0 - 6, size: L.tickSize, color: .secondaryText)
        canvas.text("\(columnCount)", x: x0 + pw, y: y0 - 6, size: L.tickSize, color: .secondaryText, anchor: .end)
        // A plot shorter than two tick lines gets `0` level with its middle and no end tick.
        if ph >= 24 {
            canvas.text("0", x: x0 - 4, y: y0 + 9, size: L.tickSize, color: .secondaryText, anchor: .end)
            canvas.text("\(rowCount)", x: x0 - 4, y: y0 + ph, size: L.tickSize, color: .secondaryText, anchor: .end)
        } else {
            canvas.text("0", x: x0 - 4, y: y0 + ph / 2 + 4, size: L.tickSize, color: .secondaryText, anchor: .end)
        }
        for (k, centre) in columnBlockCentres.enumerated() {
            canvas.text("\(k)", x: x0 + centre, y: y0 - 18, size: L.tickSize, color: .blockText, anchor: .middle)
        }
        for (k, centre) in rowBlockCentres.enumerated() {
            canvas.text("\(k)", x: x0 - 18, y: y0 + centre + 4, size: L.tickSize, color: .blockText, anchor: .end)
        }

        canvas.text(options.columnLabel, x: layout.columnLabelCentre, y: layout.columnLabelBaseline,
                    size: L.labelSize, anchor: .middle)
        if layout.rowLabelRotated {
            canvas.text(options.rowLabel, x: layout.rowLabelBaseline, y: y0 + ph / 2, size: L.labelSize,
                        anchor: .middle, rotated: true)
        } else {
            canvas.text(options.rowLabel, x: layout.columnLabelCentre, y: layout.rowLabelBaseline, size: L.labelSize, anchor: .middle)
        }
        drawLegend(on: canvas, layout: layout)
    }

    /// The legend right of the plot: a swatch, the density greys, or the coolwarm bar.
    private func drawLegend(on canvas: CairoCanvas, layout: SpyPlotLayout) {
        let size = SpyPlotLayout.tickSize
        let (x, y, h) = (Double(layout.legendLeft), Double(layout.plotTop), Double(layout.legendHeight))
        func bar(steps: Int, _ color: (Double) -> RGB) {
            // Step s covers [s·h/steps, (s+1)·h/steps); t runs from 1 at the top to 0 at the bottom.
            for s in 0..<steps {
                let top = (Double(s) * h / Double(steps)).rounded(), bottom = (Double(s + 1) * h / Double(steps)).rounded()
                canvas.fill(x: x, y: y + top, width: 14, height: bottom - top, color: color(1 - (Double(s) + 0.5) / Double(steps)))
            }
            canvas.stroke(x: x - 0.5, y: y - 0.5, width: 15, height: h + 1, color: .frame)
        }
        switch layout.legend {
        case .swatch:
            canvas.fill(x: x, y: y, width: 10, height: 10, color: .black)
            canvas.text("stored entry", x: x + 14, y: y + 9, size: size, color: .secondaryText)
        case .density(let capacity):
            canvas.text("entries per cell", x: x, y: y - 6, size: size, color: .secondaryText)
            // Grey of k stored entries out of `capacity`, from k = capacity (top) to 1 (bottom).
            let steps = min(capacity, 32)
            bar(steps: steps) { t in densityGrey((1 + t * Double(capacity - 1)) / Double(capacity)) }
            canvas.text("\(capacity) of \(capacity)", x: x + 18, y: y + 9, size: size, color: .secondaryText)
            canvas.text("1 of \(capacity)", x: x + 18, y: y + h, size: size, color: .secondaryText)
        case .colorBar(let scale):
            canvas.text(binned ? "mean value" : "value", x: x, y: y - 6, size: size, color: .secondaryText)
            bar(steps: 64) { t in Coolwarm.color(2 * t - 1) }
            canvas.text("+" + significant(scale), x: x + 18, y: y + 9, size: size, color: .secondaryText)
            canvas.text("0", x: x + 18, y: y + h / 2 + 4, size: size, color: .secondaryText)
            canvas.text("−" + significant(scale), x: x + 18, y: y + h, size: size, color: .secondaryText)
        }
    }
}
