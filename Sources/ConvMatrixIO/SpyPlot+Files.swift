// The spy plot as SVG, PNG and PDF: one layout and one drawing routine, three cairo surfaces.
import ConvMatrix

extension SpyPlot {
    /// Where the plot area sits in the picture, in pixels (PNG) or user units (SVG, PDF): cell
    /// `(row, column)` covers `[x + column · cellPixels, … + cellPixels) × [y + row · cellPixels, …)`.
    ///
    /// - Throws: `ConvMatrixError(.io)` when cairo cannot measure the text (out of memory).
    public var plotArea: (x: Int, y: Int, width: Int, height: Int) {
        get throws {
            let layout = try layout()
            return (layout.plotLeft, layout.plotTop, plotWidth, plotHeight)
        }
    }

    /// The size of the picture, in pixels (PNG) or user units (SVG, PDF).
    ///
    /// - Throws: `ConvMatrixError(.io)` when cairo cannot measure the text (out of memory).
    public var pictureSize: (width: Int, height: Int) {
        get throws {
            let layout = try layout()
            return (layout.width, layout.height)
        }
    }

    /// The page layout, with text measured by cairo.
    func layout() throws -> SpyPlotLayout {
        let ruler = try CairoCanvas(.raster, width: 1, height: 1)
        return SpyPlotLayout(self) { ruler.textWidth($0, size: $1, bold: $2) }
    }

    /// cairo's largest surface side, in pixels.
    static let maximumSide = 32767

    /// Draws the picture on a new canvas of `kind` and returns what cairo produced.
    ///
    /// - Throws: `.invalidParameter` naming `cellPixels` when the page would exceed
    ///   ``maximumSide`` on a side (checked before any pixel is allocated).
    private func render(_ kind: CairoCanvas.Kind) throws -> (SpyPlotLayout, [UInt8]) {
        let layout = try layout()
        guard layout.width <= Self.maximumSide, layout.height <= Self.maximumSide else {
            throw ConvMatrixError(.invalidParameter, parameter: "cellPixels", value: "\(cellPixels)",
                                  rule: "the picture would be \(layout.width) × \(layout.height) pixels; cairo draws at most "
                                      + "\(Self.maximumSide) per side, so lower cellPixels or maxCells")
        }
        let canvas = try CairoCanvas(kind, width: layout.width, height: layout.height)
        canvas.setMetadata(title: options.title, subject: subtitle)
        draw(on: canvas, layout: layout)
        return (layout, try canvas.finish())
    }

    /// The lines of the SVG `<desc>`: the subtitle, the grid note and both axis labels.
    private var description: String {
        [subtitle, gridNote, options.rowLabel, options.columnLabel].filter { !$0.isEmpty }.joined(separator: "\n")
    }

    /// The picture as an SVG 1.1 document drawn by cairo: text as embedded glyph outlines (it
    /// looks the same without the fonts), cells as crisp paths. The root element is sized in
    /// user units (1 unit = 1 PNG pixel) and starts with `<title>` (the title) and `<desc>`
    /// (subtitle, grid note, row and column labels, one per line), so the words are searchable
    /// and read by screen readers.
    ///
    /// - Throws: `ConvMatrixError(.io)` naming cairo's status when drawing fails.
    /// - Complexity: O(cells + text); output O(runs of equally coloured cells).
    public func svg() throws -> String {
        let (layout, bytes) = try render(.svg)
        var document = String(decoding: bytes, as: UTF8.self)
        guard let open = document.firstRange(of: "<svg"),
              let close = document[open.upperBound...].firstIndex(of: ">") else { return document }
        let root = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
            + "width=\"\(layout.width)\" height=\"\(layout.height)\" viewBox=\"0 0 \(layout.width) \(layout.height)\" version=\"1.1\">"
        document.replaceSubrange(open.lowerBound...close,
                                 with: root + "\n<title>\(xmlEscaped(options.title))</title>\n<desc>\(xmlEscaped(description))</desc>")
        return document
    }

    /// The picture as a PNG: the same drawing rasterised by cairo at 1 pixel per unit (text
    /// antialiased, cells and grid crisp), encoded by ``PNGImage`` as 8-bit RGB with the title
    /// and subtitle as `Title` and `Description` text chunks (cairo's own PNG writer writes no
    /// text chunks).
    ///
    /// - Complexity: O(pixels).
    public func png() throws -> [UInt8] {
        let (layout, rgb) = try render(.raster)
        var image = PNGImage(width: layout.width, height: layout.height, pixels: rgb)
        image.text = [("Title", options.title), ("Description", subtitle), ("Software", "ConvMatrix")]
        do {
            return try image.encoded()
        } catch {
            throw ConvMatrixError(.io, parameter: "png", value: "zlib code \(error.code)", rule: error.message)
        }
    }

    /// The picture as a one-page PDF (cairo): vector cells, embedded font subsets, the title and
    /// subtitle as the document's Title and Subject.
    ///
    /// - Complexity: O(cells + text).
    public func pdf() throws -> [UInt8] {
        try render(.pdf).1
    }

    /// Writes ``svg()`` to `path` atomically (``AtomicFile``).
    ///
    /// - Throws: `ConvMatrixError(.io)` naming `path` when it cannot be written.
    public func writeSVG(to path: String) throws {
        let text = try svg()
        try AtomicFile.write(to: path) { try $0.write(text) }
    }

    /// Writes ``png()`` to `path` atomically (``AtomicFile``).
    public func writePNG(to path: String) throws {
        let bytes = try png()
        try AtomicFile.write(bytes, to: path)
    }

    /// Writes ``pdf()`` to `path` atomically (``AtomicFile``).
    public func writePDF(to path: String) throws {
        let bytes = try pdf()
        try AtomicFile.write(bytes, to: path)
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
