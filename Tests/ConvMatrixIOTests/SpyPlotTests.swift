// Spy plots: binning, the SVG as XML, the PNG chunk by chunk with its pixels recovered through zlib.
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
    static let options = SpyPlotOptions(title: "conv <1> & \"x\"", columnBlockSize: 2, cellPixels: 2)

    @Test func binsLargeMatricesIntoAtMostMaxCells() throws {
        // 2000 × 1000 with a diagonal band: ⌈2000/800⌉ = 3 rows and ⌈1000/800⌉ = 2 columns per cell.
        var rows = [[(Int, Double)]]()
        for r in 0..<2000 { rows.append([(r / 2, 1.0)]) }
        let plot = try SpyPlot(csr(1000, rows))
        #expect((plot.rowsPerCell, plot.columnsPerCell) == (3, 2))
        #expect((plot.cellRows, plot.cellColumns) == (667, 500))
        #expect(plot.cellPixels == 1)
        let svg = plot.svg()
        #expect(svg.contains("cell = 3 × 2 entries, not to scale"))
        let png = try plot.png()
        #expect(Array(png[16..<24]) == [0, 0, 0x01, 0xF6, 0, 0, 0x02, 0x9D])  // 502 × 669 with the frame

        let bad = #expect(throws: ConvMatrixError.self) { try SpyPlot(Self.w, options: SpyPlotOptions(rowBlockSize: 0)) }
        #expect(bad == ConvMatrixError(.invalidParameter, parameter: "rowBlockSize", value: "0", rule: "must be at least 1"))
    }

    @Test func svgIsWellFormedXMLWithTheExpectedParts() throws {
        let dir = TemporaryDirectory()
        try SpyPlot(Self.w, options: Self.options).writeSVG(to: dir.path("w.svg"))
        let data = Data(dir.bytes("w.svg"))
        let document = try XMLDocument(data: data, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect(attribute(root, "shape-rendering") == "crispEdges")
        #expect(try root.nodes(forXPath: "*[local-name()='title']").first?.stringValue == "conv <1> & \"x\"")

        // Runs of equally coloured cells: row 0 → x 0 (col 0) and x 6 (col 3); row 2 → x 2 (col 1).
        let rects = try root.nodes(forXPath: "//*[local-name()='g'][@id='entries']/*[local-name()='rect']")
            .compactMap { $0 as? XMLElement }
            .map { e in ["x", "y", "width", "height", "fill"].map { attribute(e, $0) ?? "" } }
        #expect(rects == [["0", "0", "2", "2", "#000000"], ["6", "0", "2", "2", "#000000"], ["2", "4", "2", "2", "#000000"]])
        // Column blocks of 2 → one boundary after column 2, at pixel column 4 (its centre 4.5).
        let grid = try root.nodes(forXPath: "//*[local-name()='g'][@id='grid']/*[local-name()='path']").first as? XMLElement
        #expect(grid.flatMap { attribute($0, "d") } == "M4.5 0V6")
        let texts = try root.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains("columns (input)") && texts.contains("rows (output)"))
        #expect(texts.contains("3 × 4 · 3 stored entries (25.0 %) · cell = 1 × 1 entries"))
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

    /// The RGB pixels of an 8-bit RGB PNG, inflated with zlib's `uncompress`, filter bytes checked to be 0.
    func pixels(_ png: [UInt8]) throws -> (width: Int, height: Int, rgb: [[UInt8]]) {
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
        var rows = [[UInt8]]()
        for y in 0..<height {
            let line = raw[(y * (3 * width + 1))..<((y + 1) * (3 * width + 1))]
            #expect(line.first == 0, "filter type of row \(y)")
            rows.append(Array(line.dropFirst()))
        }
        return (width, height, rows)
    }

    /// Rows of letters → RGB rows: F frame (96,96,96), G grid (176,196,222), W white, and `colors`.
    func expected(_ art: [String], _ colors: [Character: [UInt8]]) -> [[UInt8]] {
        let palette: [Character: [UInt8]] = ["F": [96, 96, 96], "G": [176, 196, 222], "W": [255, 255, 255]]
            .merging(colors) { $1 }
        return art.map { $0.flatMap { palette[$0]! } }
    }

    @Test func pngHoldsTheExactPixels() throws {
        let png = try SpyPlot(Self.w, options: Self.options).png()
        let (width, height, rgb) = try pixels(png)
        #expect((width, height) == (10, 8))
        // 2 × 2 pixels per cell inside a 1-pixel frame; the column-block boundary (pixel column 4
        // of the plot) is grid colour where no entry covers it.
        let art = [
            "FFFFFFFFFF",
            "FBBWWGWBBF",
            "FBBWWGWBBF",
            "FWWWWGWWWF",
            "FWWWWGWWWF",
            "FWWBBGWWWF",
            "FWWBBGWWWF",
            "FFFFFFFFFF",
        ]
        #expect(rgb == expected(art, ["B": [0, 0, 0]]))
        let text = try chunks(png).filter { $0.0 == "tEXt" }.map { String(decoding: $0.1, as: UTF8.self) }
        #expect(text.first == "Title\0conv <1> & \"x\"")
    }

    @Test func colourByValueUsesTheDivergingMap() throws {
        var options = Self.options
        options.colorByValue = true
        options.cellPixels = 1
        options.columnBlockSize = nil
        let (_, _, rgb) = try pixels(try SpyPlot(Self.w, options: options).png())
        // Scale = max |value| = 2: 1 → t = 0.5 → coolwarm anchor 6 (244,154,123); 2 → t = 1 → (180,4,38);
        // −1 → t = −0.5 → anchor 2 (141,176,254).
        let art = ["FFFFFF", "FaWWbF", "FWWWWF", "FWcWWF", "FFFFFF"]
        #expect(rgb == expected(art, ["a": [244, 154, 123], "b": [180, 4, 38], "c": [141, 176, 254]]))
        let svg = try SpyPlot(Self.w, options: options).svg()
        #expect(svg.contains("fill=\"#f49a7b\"") && svg.contains("id=\"colorbar\"") && svg.contains(">+2.0<"))
    }
}
