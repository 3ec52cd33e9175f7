import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `convmat export`: each format is written, readable, and holds the chapter's W.
@Suite struct ExportTests {
    static let layer = ["nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)", "--input", "1x1x2x2"]

    @Test func matrixMarketExplainsItself() throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(["export"] + Self.layer + ["--output", dir.path("W.mtx")])
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty)  // no progress line: standard error is not a terminal
        #expect(result.stdout == "\(dir.path("W.mtx")): W 4 × 9, nnz 16 (Matrix Market) of nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)\n")
        let text = try String(contentsOfFile: dir.path("W.mtx"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "%%MatrixMarket matrix coordinate real general")
        #expect(lines.contains("% layer: nn.ConvTranspose2d(1, 1, kernel_size=2, bias=False)"))
        #expect(lines.contains("% the layer is the transposed convolution x = W^T*y: W is the matrix of the convolution it transposes"))
        #expect(lines.contains { $0.hasPrefix("% rows: 4 = the elements of y, logical shape [C, spatial...] = [1, 2, 2], channels_first") })
        #expect(lines.contains { $0.hasPrefix("% columns: 9 = the elements of x, logical shape [C, spatial...] = [1, 3, 3], channels_first") })
        #expect(lines.contains("% weights: --fill arange (1, 2, 3, 4)"))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        let body = lines.filter { !$0.hasPrefix("%") }
        #expect(body[0] == "4 9 16")
        // Entries in row order, 1-based: exactly the chapter's non-zeros.
        var expected = [String]()
        for (r, row) in chapterW.enumerated() {
            for (c, v) in row.enumerated() where v != 0 { expected.append("\(r + 1) \(c + 1) \(v)") }
        }
        #expect(Array(body.dropFirst()) == expected)
        #expect(dir.contents == ["W.mtx"])
    }

    @Test func scipyNPZHoldsTheChaptersMatrix() throws {
        let dir = TemporaryDirectory()
        for flags in [[String](), ["--compressed"]] {
            let result = try CLI.run(["export"] + Self.layer + ["--output", dir.path("W.npz")] + flags)
            #expect(result.status == 0, "\(result)")
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path("W.npz"))))
            #expect(bytes.prefix(4) == [0x50, 0x4B, 0x03, 0x04])  // a ZIP local header
            #expect(denseRows(try SciPySparseNPZ.read(dir.path("W.npz"), as: Int64.self)) == chapterW)
            let entries = try NumPyArchive.read(dir.path("W.npz"))
            #expect(Set(entries.keys) == ["data", "indices", "indptr", "format", "shape"])
        }
    }

    @Test func svgIsWellFormedWithTitleAndBlocks() throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(["export", "nn.Conv2d(3, 4, 3, padding=1)", "--input", "1x3x6x6", "--output", dir.path("W.svg")])
        #expect(result.status == 0, "\(result)")
        let data = try Data(contentsOf: URL(fileURLWithPath: dir.path("W.svg")))
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("<title>nn.Conv2d(3, 4, 3, padding=1)</title>"))
        #expect(text.contains("144 × 108"))  // 4·36 output, 3·36 input elements
        #expect(text.contains("rows: output y, 4 channel blocks of 36"))
        #expect(text.contains("columns: input x, 3 channel blocks of 36"))
        #if canImport(FoundationXML) || canImport(Darwin)
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "SVG does not parse: \(String(describing: parser.parserError))")
        #endif
    }

    @Test func pngHasSignatureAndSize() throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(["export", "nn.Conv2d(3, 4, 3, padding=1)", "--input", "1x3x6x6", "--output", dir.path("W.png"),
                                  "--color-by-value"])
        #expect(result.status == 0, "\(result)")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir.path("W.png"))))
        #expect(bytes.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR")
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width > 108 && height > 144, "\(width) × \(height)")  // at least a pixel per entry plus the frame
    }

    /// A ConvTranspose's W has the layer's input as rows: the picture's axes say so (issue 9).
    @Test func transposedLayersLabelRowsAsTheirInput() throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(["export", "nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1)", "--input", "1x2x4x4",
                                  "--output", dir.path("W.svg")])
        #expect(result.status == 0, "\(result)")
        let text = try String(contentsOfFile: dir.path("W.svg"), encoding: .utf8)
        // W is 2·16 × 3·49: rows are the ConvTranspose's input (2 channels of 4×4), columns its
        // output (3 channels of 7×7, (4 − 1)·2 − 2 + 3 = 7).
        #expect(text.contains("32 × 147"))
        #expect(text.contains("rows: input y of the ConvTranspose, 2 channel blocks of 16"))
        #expect(text.contains("columns: output x of the ConvTranspose, 3 channel blocks of 49"))
        #expect(!text.contains("rows: output"))
    }

    @Test func pdfFromTheExtension() throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(["export", "nn.Conv2d(3, 4, 3, padding=1)", "--input", "1x3x6x6", "--output", dir.path("W.pdf")])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("(PDF spy plot)"))
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir.path("W.pdf"))), as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        // The document title, as cairo writes a string with parentheses: UTF-16BE hex with a BOM.
        let title = "FEFF" + "nn.Conv2d(3, 4, 3, padding=1)".utf16.map { String(format: "%04X", $0) }.joined()
        #expect(text.contains("/Title <\(title)>"))
        #expect(text.components(separatedBy: "/Type /Page %").count == 2)  // one page object (the tree is /Pages)
    }

    /// `--format html` and the `.html` suffix write the page; a ConvTranspose's opens in its reading.
    @Test func htmlPageFromTheFormatOrTheSuffix() throws {
        let dir = TemporaryDirectory()
        let byFormat = try CLI.run(["export", "nn.Conv2d(2, 2, 3, stride=2, padding=1)", "--input", "1x2x5x5", "--format", "html",
                                    "--output", dir.path("W.page")])
        #expect(byFormat.status == 0, "\(byFormat)")
        #expect(byFormat.stdout == "\(dir.path("W.page")): W 18 × 50, nnz 196 (interactive page) of nn.Conv2d(2, 2, 3, stride=2, padding=1)\n")
        let page = try String(contentsOfFile: dir.path("W.page"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<h1 id=\"title\">nn.Conv2d(2, 2, 3, stride=2, padding=1)</h1>"))
        #expect(page.contains("\"direction\":\"forward\"") && page.contains("\"mode\":\"full\""))
        let bySuffix = try CLI.run(["export"] + Self.layer + ["--output", dir.path("T.html")])
        #expect(bySuffix.status == 0, "\(bySuffix)")
        let transposed = try String(contentsOfFile: dir.path("T.html"), encoding: .utf8)
        #expect(transposed.contains("\"direction\":\"transposed\""))
        #expect(transposed.contains("\"indptr\":[0,4,8,12,16]"))  // the chapter's 4 × 9 W, 4 entries a row
    }

    @Test func formatOptionAndCaseFiles() throws {
        let dir = TemporaryDirectory()
        let result = try CLI.run(["export", "--case", Fixtures.conformance("seeds/d2l_corr2d_matrix.json"), "--format", "mtx",
                                  "--output", dir.path("W.txt")])
        #expect(result.status == 0, "\(result)")
        let csr: CSRMatrix<Int64> = try CSRMatrix(readingMatrixMarket: dir.path("W.txt"))
        #expect(denseRows(csr) == chapterW)  // d2l's corr2d example: the same K on a 3×3 input
        let unknown = try CLI.run(["export"] + Self.layer + ["--output", dir.path("W.txt2")])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("the extension must name the format"))
        #expect(dir.contents == ["W.txt"])
    }
}
