// Spy plots: binning; the SVG as XML with its title and labels; the PNG decoded pixel by pixel through
// zlib (cells, grid, frame, legend colours, nothing clipped); the PDF's structure.
import CZlib
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct SpyPlotTests {
    /// 3 × 4: row 0 stores columns 0 (1.0) and 3 (2.0), row 1 nothing, row 2 column 1 (−1.0).
    static let w = csr(4, [[(0, 1), (3, 2)], [], [(1, -1)]])
    static let options = SpyPlotOptions(title: "conv <1> & \"x\"", columnBlockSize: 2, cellPixels: 10)

    @Test func binsLargeMatricesIntoAtMostMaxCells() throws {
        // 2000 × 1000 with a diagonal band: ⌈2000/800⌉ = 3 rows and ⌈1000/800⌉ = 2 columns per cell.
        var rows = [[(Int, Double)]]()
        for r in 0..<2000 { rows.append([(r / 2, 1.0)]) }
        let plot = try SpyPlot(csr(1000, rows))
        #expect((plot.rowsPerCell, plot.columnsPerCell) == (3, 2))
        #expect((plot.cellRows, plot.cellColumns) == (667, 500))
        #expect(plot.cellPixels == 1)
        #expect(try plot.svg().contains("cell = 3 × 2 entries, not to scale"))
        let (width, height, _) = try pixels(try plot.png())
        #expect(try width == (try plot.pictureSize).width && height == (try plot.pictureSize).height)
        #expect(try (try plot.plotArea).width == 500 && (try plot.plotArea).height == 667)

        // 1000 cells of 64 pixels: 64000 pixels wide, beyond cairo's 32767 — refused before drawing.
        let huge = try SpyPlot(csr(1000, [[(0, 1)]]), options: SpyPlotOptions(maxCells: 1000, cellPixels: 64))
        let tooBig = #expect(throws: ConvMatrixError.self) { try huge.png() }
        #expect(tooBig?.parameter == "cellPixels" && tooBig?.value == "64")
        #expect(tooBig?.rule.contains("32767") == true)

        let bad = #expect(throws: ConvMatrixError.self) { try SpyPlot(Self.w, options: SpyPlotOptions(rowBlockSize: 0)) }
        #expect(bad == ConvMatrixError(.invalidParameter, parameter: "rowBlockSize", value: "0", rule: "must be at least 1"))
    }

    @Test func svgIsWellFormedXMLWithTitleLabelsAndGlyphs() throws {
        let dir = TemporaryDirectory()
        let plot = try SpyPlot(Self.w, options: Self.options)
        try plot.writeSVG(to: dir.path("w.svg"))
        let data = Data(dir.bytes("w.svg"))
        let document = try XMLDocument(data: data, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(try attribute(root, "width") == "\((try plot.pictureSize).width)" && attribute(root, "height") == "\((try plot.pictureSize).height)")
        #expect(try root.nodes(forXPath: "*[local-name()='title']").first?.stringValue == "conv <1> & \"x\"")
        let desc = try root.nodes(forXPath: "*[local-name()='desc']").first?.stringValue ?? ""
        #expect(desc.split(separator: "\n") == ["3 × 4 · 3 stored entries (25.0 %) · cell = 1 × 1 entries",
                                                "rows (output)", "columns (input)"])
        // Text is drawn as glyph outlines: one <symbol> per distinct glyph, placed with <use>.
        #expect(try root.nodes(forXPath: "//*[local-name()='symbol']").count > 10)
        #expect(try root.nodes(forXPath: "//*[local-name()='use']").count > 20)
    }

    /// An attribute's value. (swift-corelibs-foundation's `attribute(forName:)` finds nothing on
    /// elements in the SVG namespace, so this searches `attributes`.)
    func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    /// The chunks of a PNG: (type, data), checking each CRC-32 with zlib.
    func chunks(_ png: [UInt8]) throws -> [(String, [UInt8])] {
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var result = [(String, [UInt8])]()
        var at = 8
        while at < png.count {
            let length = png[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            let typeAndData = Array(png[(at + 4)..<(at + 8 + length)])
            let stored = png[(at + 8 + length)..<(at + 12 + length)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let crc = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            #expect(crc == stored, "CRC of chunk at byte \(at)")
            result.append((String(decoding: typeAndData.prefix(4), as: UTF8.self), Array(typeAndData.dropFirst(4))))
            at += 12 + length
        }
        return result
    }

    /// The RGB pixels of an 8-bit RGB PNG, inflated with zlib's `uncompress`, filter bytes checked
    /// to be 0; `rgb[y][x]` is `[R, G, B]`.
    func pixels(_ png: [UInt8]) throws -> (width: Int, height: Int, rgb: [[[UInt8]]]) {
        let parts = try chunks(png)
        #expect(parts.map(\.0) == ["IHDR", "tEXt", "tEXt", "tEXt", "IDAT", "IEND"])
        let header = parts[0].1
        let width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }, height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        #expect(Array(header[8...]) == [8, 2, 0, 0, 0])
        let idat = parts.filter { $0.0 == "IDAT" }.flatMap(\.1)
        var size = uLong(height * (3 * width + 1))
        var raw = [UInt8](repeating: 0, count: Int(size))
        let code = uncompress(&raw, &size, idat, uLong(idat.count))
        #expect(code == Z_OK)
        #expect(Int(size) == raw.count)
        var rows = [[[UInt8]]]()
        for y in 0..<height {
            let line = Array(raw[(y * (3 * width + 1))..<((y + 1) * (3 * width + 1))])
            #expect(line.first == 0, "filter type of row \(y)")
            rows.append((0..<width).map { Array(line[(1 + 3 * $0)..<(4 + 3 * $0)]) })
        }
        return (width, height, rows)
    }

    static let white: [UInt8] = [255, 255, 255], black: [UInt8] = [0, 0, 0]
    static let frame: [UInt8] = [96, 96, 96], grid: [UInt8] = [176, 196, 222]

    /// The colour of every pixel of cell `(row, column)`, or nil when they differ.
    func cellColor(_ rgb: [[[UInt8]]], _ plot: SpyPlot, row: Int, column: Int) throws -> [UInt8]? {
        let (x0, y0) = ((try plot.plotArea).x + column * plot.cellPixels, (try plot.plotArea).y + row * plot.cellPixels)
        let colors = Set((0..<plot.cellPixels).flatMap { dy in (0..<plot.cellPixels).map { dx in rgb[y0 + dy][x0 + dx] } })
        return colors.count == 1 ? colors.first : nil
    }

    @Test func pngCellsGridAndFrameHoldTheExactColours() throws {
        let plot = try SpyPlot(Self.w, options: Self.options)
        let png = try plot.png()
        let (width, height, rgb) = try pixels(png)
        let size = try plot.pictureSize
        #expect((width, height) == size)
        #expect(try (try plot.plotArea).width == 40 && (try plot.plotArea).height == 30)  // 4 × 3 cells of 10 pixels
        // Stored entries (0, 0), (0, 3), (2, 1) are black; the others white, except that the
        // column-block boundary after column 2 (pixel column 20 of the plot) is grid-coloured.
        let stored: Set<[Int]> = [[0, 0], [0, 3], [2, 1]]
        for row in 0..<3 {
            for column in 0..<4 {
                let (x, y) = ((try plot.plotArea).x + column * 10, (try plot.plotArea).y + row * 10)
                let sample = rgb[y + 5][x + 5]
                #expect(sample == (stored.contains([row, column]) ? Self.black : Self.white), "cell (\(row), \(column))")
                if stored.contains([row, column]) { #expect(try cellColor(rgb, plot, row: row, column: column) == Self.black) }
            }
        }
        let (x0, y0) = ((try plot.plotArea).x, (try plot.plotArea).y)
        #expect(rgb[y0 + 15][x0 + 20] == Self.grid && rgb[y0 + 15][x0 + 19] == Self.white && rgb[y0 + 15][x0 + 21] == Self.white)
        // The frame is the ring of pixels just outside the plot area.
        #expect(rgb[y0 - 1][x0 + 7] == Self.frame && rgb[y0 + 30][x0 + 7] == Self.frame)
        #expect(rgb[y0 + 12][x0 - 1] == Self.frame && rgb[y0 + 12][x0 + 40] == Self.frame)
        let text = try chunks(png).filter { $0.0 == "tEXt" }.map { String(decoding: $0.1, as: UTF8.self) }
        #expect(text.first == "Title\0conv <1> & \"x\"")
        // Title, labels and legend are drawn: dark pixels above the plot and left of it.
        #expect((0..<y0).contains { y in rgb[y].contains { $0[0] < 128 } })
    }

    @Test func colourByValueUsesTheDivergingMapAtEachEntry() throws {
        var options = Self.options
        options.colorByValue = true
        options.columnBlockSize = nil
        let plot = try SpyPlot(Self.w, options: options)
        let (_, _, rgb) = try pixels(try plot.png())
        // Scale = max |value| = 2: 1 → t = 0.5 → coolwarm anchor 6 (244,154,123); 2 → t = 1 → anchor 8
        // (180,4,38); −1 → t = −0.5 → anchor 2 (141,176,254). Moreland 2009, Table 7 sampled at 9 points.
        #expect(try cellColor(rgb, plot, row: 0, column: 0) == [244, 154, 123])
        #expect(try cellColor(rgb, plot, row: 0, column: 3) == [180, 4, 38])
        #expect(try cellColor(rgb, plot, row: 2, column: 1) == [141, 176, 254])
        #expect(try cellColor(rgb, plot, row: 1, column: 2) == Self.white)
        // The colour bar right of the plot: its top step is the deep red end, its bottom the blue end.
        let (x0, y0) = ((try plot.plotArea).x, (try plot.plotArea).y)
        let bar = (x0 + 40..<rgb[0].count).first { x in rgb[y0 + 1][x] != Self.white && rgb[y0 + 1][x] != Self.frame }
        let barX = try #require(bar)
        #expect(rgb[y0][barX][0] > 170 && rgb[y0][barX][2] < 60)
    }

    /// Nothing touches the border: title, labels and legend fit on the page for a square, a
    /// 1 × N (short) and an N × 1 (tall) matrix, with long axis labels.
    @Test(arguments: [(3, 4), (1, 120), (90, 1), (1, 1)])
    func nothingIsClipped(rows: Int, columns: Int) throws {
        let matrix = csr(columns, (0..<rows).map { r in [(r % columns, 1.0)] })
        let options = SpyPlotOptions(title: "a title", rowBlockSize: 1, columnBlockSize: 40,
                                     rowLabel: "rows: input y of the ConvTranspose, 3 channel blocks of 1",
                                     columnLabel: "columns: output x of the ConvTranspose, 3 channel blocks of 40")
        let plot = try SpyPlot(matrix, options: options)
        let (width, height, rgb) = try pixels(try plot.png())
        let border = rgb[0] + rgb[height - 1] + rgb.map { $0[0] } + rgb.map { $0[width - 1] }
        #expect(border.allSatisfy { $0 == Self.white }, "\(rows) × \(columns): something touches the edge")
        // Every text row: some dark pixel below the plot (the column label, and the row label
        // set horizontally when the plot is too short to hold it turned).
        let below = ((try plot.plotArea).y + (try plot.plotArea).height + 2..<height).filter { y in rgb[y].contains { $0[0] < 100 } }
        #expect(!below.isEmpty)
    }

    @Test func gridThinsToEveryOtherBlockWhenBlocksAreClose() throws {
        // 128 × 128 diagonal, blocks of 8 rows and columns, 1 pixel per cell: boundaries 8 pixels
        // apart are closer than 16, so every 2nd one is drawn (offsets 16, 32, …) and 8, 24 are not.
        let matrix = csr(128, (0..<128).map { [($0, 1.0)] })
        let plot = try SpyPlot(matrix, options: SpyPlotOptions(rowBlockSize: 8, columnBlockSize: 8, cellPixels: 1))
        let (_, _, rgb) = try pixels(try plot.png())
        let (x0, y0) = ((try plot.plotArea).x, (try plot.plotArea).y)
        for offset in [16, 32, 112] { #expect(rgb[y0 + offset][x0 + 3] == Self.grid, "row boundary \(offset)") }
        for offset in [8, 24, 40] { #expect(rgb[y0 + offset][x0 + 3] == Self.white, "row boundary \(offset) drawn") }
        for offset in [16, 48] { #expect(rgb[y0 + 100][x0 + offset] == Self.grid, "column boundary \(offset)") }
        #expect(try plot.svg().contains("grid: a line every 2 row blocks, every 2 column blocks"))
        // Blocks 16 pixels apart keep every boundary.
        let wide = try SpyPlot(matrix, options: SpyPlotOptions(rowBlockSize: 8, columnBlockSize: 8, cellPixels: 2))
        let (_, _, wideRGB) = try pixels(try wide.png())
        let wideArea = try wide.plotArea
        #expect(wideRGB[wideArea.y + 16][wideArea.x + 3] == Self.grid)
        #expect(try !wide.svg().contains("grid: a line"))
    }

    @Test func pdfIsOnePageWithTheTitle() throws {
        let plot = try SpyPlot(Self.w, options: SpyPlotOptions(title: "conv2 layer", columnBlockSize: 2))
        let pdf = try plot.pdf()
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1."))
        #expect(text.hasSuffix("%%EOF\n"))
        // Page objects: "/Type /Page" not followed by "s" (that is the page tree).
        let pages = text.components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }
        #expect(pages.count == 1)
        #expect(text.contains("/Title (conv2 layer)"))
        let size = try plot.pictureSize
        #expect(text.contains("/MediaBox [ 0 0 \(size.width) \(size.height) ]"))
    }
}
