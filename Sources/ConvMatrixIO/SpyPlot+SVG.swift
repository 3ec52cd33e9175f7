// The spy plot as SVG: crisp cell rectangles, a channel-block grid, axis labels and a title.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension SpyPlot {
    /// Margins around the plot area, in pixels.
    private var margin: (left: Int, top: Int, right: Int, bottom: Int) {
        (left: 64, top: 84, right: options.colorByValue ? 96 : 24, bottom: 44)
    }

    /// The picture as an SVG 1.1 document.
    ///
    /// Structure: `<title>` and `<desc>` (the subtitle), a white background, the heading, then a
    /// group translated to the plot area holding `g#grid` (one `<path>` of block boundaries),
    /// `g#entries` (one `<rect>` per run of equally coloured cells along a cell row, in integer
    /// pixel coordinates), `rect#frame`, `g#ticks` (0 and the extent of each axis), `g#blocks`
    /// (block indices, when blocks are at least 24 pixels apart), axis labels, and with
    /// ``SpyPlotOptions/colorByValue`` `g#colorbar` from −scale to +scale. The plot area is the
    /// PNG's, pixel for pixel; `shape-rendering="crispEdges"` keeps cell edges sharp.
    ///
    /// - Complexity: O(cells) time; output O(runs) ≤ O(cells).
    public func svg() -> String {
        let (left, top, right, bottom) = margin
        // Wide enough for the heading (≈ 0.6 em per character); a narrow plot is centred.
        let content = left + plotWidth + right
        let textWidth = max(options.title.count * 10, subtitle.count * 7) + 16
        let width = max(content, textWidth)
        let plotLeft = left + (width - content) / 2
        let height = top + plotHeight + bottom
        var svg = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(width)" height="\(height)" \
        viewBox="0 0 \(width) \(height)" shape-rendering="crispEdges" font-family="Helvetica, Arial, sans-serif">
        <title>\(xmlEscaped(options.title))</title>
        <desc>\(xmlEscaped(subtitle))</desc>
        <rect width="\(width)" height="\(height)" fill="#ffffff"/>
        <text x="\(width / 2)" y="24" font-size="16" font-weight="bold" text-anchor="middle">\(xmlEscaped(options.title))</text>
        <text x="\(width / 2)" y="44" font-size="11" fill="#444444" text-anchor="middle">\(xmlEscaped(subtitle))</text>
        <g transform="translate(\(plotLeft) \(top))">

        """
        svg += "<g id=\"grid\" stroke=\"\(RGB.grid.hex)\" stroke-width=\"1\" fill=\"none\">"
        // Pixel row (column) k of the PNG is the band [k, k+1): centre the 1-unit stroke on it.
        let gridPath = rowGrid.map { "M0 \($0).5H\(plotWidth)" } + columnGrid.map { "M\($0).5 0V\(plotHeight)" }
        if !gridPath.isEmpty { svg += "<path d=\"\(gridPath.joined())\"/>" }
        svg += "</g>\n<g id=\"entries\" stroke=\"none\">\n"
        for row in 0..<cellRows {
            var column = 0
            while column < cellColumns {
                guard let color = color(row: row, column: column) else { column += 1; continue }
                var end = column + 1
                while end < cellColumns, self.color(row: row, column: end) == color { end += 1 }
                svg += "<rect x=\"\(column * cellPixels)\" y=\"\(row * cellPixels)\" width=\"\((end - column) * cellPixels)\" "
                    + "height=\"\(cellPixels)\" fill=\"\(color.hex)\"/>\n"
                column = end
            }
        }
        svg += "</g>\n"
        svg += "<rect id=\"frame\" x=\"0\" y=\"0\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"\(RGB.frame.hex)\"/>\n"
        svg += tickLabels()
        svg += "<text x=\"\(plotWidth / 2)\" y=\"\(plotHeight + 28)\" font-size=\"13\" text-anchor=\"middle\">\(xmlEscaped(options.columnLabel))</text>\n"
        svg += "<text transform=\"translate(-40 \(plotHeight / 2)) rotate(-90)\" font-size=\"13\" text-anchor=\"middle\">\(xmlEscaped(options.rowLabel))</text>\n"
        if options.colorByValue { svg += colorBar() }
        svg += "</g>\n</svg>\n"
        return svg
    }

    /// Writes ``svg()`` to `path` atomically (``AtomicFile``).
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be written.
    public func writeSVG(to path: String) throws {
        try AtomicFile.write(to: path) { try $0.write(svg()) }
    }

    /// `0` and the extent at both ends of each axis (grey), block indices at block centres in
    /// the grid's blue when blocks are at least 24 pixels apart.
    private func tickLabels() -> String {
        var text = "<g id=\"ticks\" font-size=\"10\" fill=\"#444444\">\n"
        text += "<text x=\"0\" y=\"-6\" text-anchor=\"start\">0</text>\n"
        text += "<text x=\"\(plotWidth)\" y=\"-6\" text-anchor=\"end\">\(columnCount)</text>\n"
        text += "<text x=\"-4\" y=\"9\" text-anchor=\"end\">0</text>\n"
        text += "<text x=\"-4\" y=\"\(plotHeight)\" text-anchor=\"end\">\(rowCount)</text>\n"
        text += "</g>\n<g id=\"blocks\" font-size=\"10\" fill=\"#4a6fa5\">\n"
        if let size = options.columnBlockSize, size * cellPixels >= 24 * columnsPerCell, size < columnCount {
            for (k, start) in stride(from: 0, to: columnCount, by: size).enumerated() {
                let center = (2 * start + min(size, columnCount - start)) * cellPixels / (2 * columnsPerCell)
                text += "<text x=\"\(center)\" y=\"-18\" text-anchor=\"middle\">\(k)</text>\n"
            }
        }
        if let size = options.rowBlockSize, size * cellPixels >= 24 * rowsPerCell, size < rowCount {
            for (k, start) in stride(from: 0, to: rowCount, by: size).enumerated() {
                let center = (2 * start + min(size, rowCount - start)) * cellPixels / (2 * rowsPerCell)
                text += "<text x=\"-18\" y=\"\(center + 4)\" text-anchor=\"end\">\(k)</text>\n"
            }
        }
        return text + "</g>\n"
    }

    /// A vertical bar of the colormap with its scale, right of the plot.
    private func colorBar() -> String {
        let barHeight = max(plotHeight, 64)
        var text = "<g id=\"colorbar\" transform=\"translate(\(plotWidth + 20) 0)\" font-size=\"10\">\n"
        let steps = 32
        for step in 0..<steps {
            let y0 = step * barHeight / steps, y1 = (step + 1) * barHeight / steps
            let t = 1 - 2 * (Double(step) + 0.5) / Double(steps)
            text += "<rect x=\"0\" y=\"\(y0)\" width=\"14\" height=\"\(y1 - y0)\" fill=\"\(Coolwarm.color(t).hex)\"/>\n"
        }
        text += "<rect x=\"0\" y=\"0\" width=\"14\" height=\"\(barHeight)\" fill=\"none\" stroke=\"\(RGB.frame.hex)\"/>\n"
        text += "<text x=\"18\" y=\"9\">+\(significant(valueScale))</text>\n"
        text += "<text x=\"18\" y=\"\(barHeight / 2 + 4)\">0</text>\n"
        text += "<text x=\"18\" y=\"\(barHeight)\">−\(significant(valueScale))</text>\n"
        return text + "</g>\n"
    }
}

/// `text` with the five XML special characters escaped, and other control characters dropped.
func xmlEscaped(_ text: String) -> String {
    var escaped = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&apos;"
        case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
        default:
            if scalar.value >= 0x20 { escaped.unicodeScalars.append(scalar) }
        }
    }
    return escaped
}

/// `x` rounded to `digits` significant digits, printed shortest: `0.3`, `1.235e-05`.
func significant(_ x: Double, digits: Int = 4) -> String {
    guard x.isFinite, x != 0 else { return "\(x)" }
    let exponent = Int(floor(log10(abs(x))))
    let scale = pow(10, Double(digits - 1 - exponent))
    return "\(scale.isFinite && scale > 0 ? (x * scale).rounded() / scale : x)"
}
