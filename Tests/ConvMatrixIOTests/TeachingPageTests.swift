// The interactive page: self-contained HTML whose embedded data is W, its taps and its coordinates.
import ConvMatrix
import ConvMatrixIO
import ConvMatrixTestSupport
import Foundation
import Testing

@Suite struct TeachingPageTests {
    /// d2l's chapter: K = [[1, 2], [3, 4]] on a 3×3 input, W = `chapterW` (4 × 9).
    static func chapter() throws -> ConvolutionMatrix {
        let layer = try Convolution.conv2d(inputShape: [1, 1, 3, 3], weightShape: [1, 1, 2, 2])
        return try ConvolutionMatrix(layer.geometry, weights: [1, 2, 3, 4])
    }

    /// The JSON inside `<script id="convmat-data" type="application/json">`.
    func data(_ page: String) throws -> [String: Any] {
        let open = "<script id=\"convmat-data\" type=\"application/json\">"
        let start = try #require(page.range(of: open)).upperBound
        let end = try #require(page.range(of: "</script>", range: start..<page.endIndex)).lowerBound
        return try #require(try JSONSerialization.jsonObject(with: Data(page[start..<end].utf8)) as? [String: Any])
    }

    func ints(_ value: Any?) -> [Int] { (value as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? [] }
    func doubles(_ value: Any?) -> [Double] { (value as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? [] }

    @Test func embedsTheChaptersMatrixWithItsTapsAndCoordinates() throws {
        let page = try Self.chapter().teachingPage(title: "d2l", direction: .transposed)
        let d = try data(page)
        #expect(d["mode"] as? String == "full" && d["direction"] as? String == "transposed")
        #expect((d["rows"] as? Int, d["columns"] as? Int, d["nnz"] as? Int) == (4, 9, 16))
        // Dense rows rebuilt from the embedded CSR are the chapter's printed matrix.
        let indptr = ints(d["indptr"]), indices = ints(d["indices"]), values = doubles(d["data"])
        var dense = [[Double]](repeating: [Double](repeating: 0, count: 9), count: 4)
        for r in 0..<4 { for e in indptr[r]..<indptr[r + 1] { dense[r][indices[e]] = values[e] } }
        #expect(dense == chapterW)
        // Weights 1…4: every entry is one tap, the weight whose value it holds (flat index v − 1).
        let tapptr = ints(d["tapptr"]), taps = ints(d["taps"])
        #expect(tapptr == Array(0...16))
        #expect(taps == values.map { Int($0) - 1 })
        // Column 5 is x[c=0, 1, 2] (5 = 3·1 + 2); row 3 is y[c=0, 1, 1].
        let x = try #require(d["x"] as? [[Int]]), y = try #require(d["y"] as? [[Int]])
        #expect(x.count == 9 && x[5] == [0, 1, 2])
        #expect(y.count == 4 && y[3] == [0, 1, 1])
        #expect(ints(d["weightShape"]) == [1, 1, 2, 2] && doubles(d["weights"]) == [1, 2, 3, 4])
    }

    /// Reflect padding folds two taps into one entry: Conv1d, kernel 3, padding 1, input 3,
    /// weights (1, 10, 100). Output 0 reads padded positions −1, 0, 1; reflect maps −1 to 1, so
    /// x₀ gets w₁ = 10 and x₁ gets w₀ + w₂ = 101 (taps 0 and 2).
    @Test func anEntryMadeOfSeveralTapsListsThemAll() throws {
        let layer = try Convolution.conv1d(inputShape: [1, 1, 3], weightShape: [1, 1, 3], padding: 1, paddingMode: .reflect)
        let d = try data(try ConvolutionMatrix(layer.geometry, weights: [1, 10, 100]).teachingPage(title: "reflect"))
        let indptr = ints(d["indptr"]), tapptr = ints(d["tapptr"]), taps = ints(d["taps"])
        let row0 = (indptr[0]..<indptr[1]).map { e in (ints(d["indices"])[e], doubles(d["data"])[e], Array(taps[tapptr[e]..<tapptr[e + 1]]).sorted()) }
        #expect(row0.map(\.0) == [0, 1])
        #expect(row0.map(\.1) == [10, 101])
        #expect(row0.map(\.2) == [[1], [0, 2]])
    }

    @Test func isSelfContained() throws {
        let title = "</script><script>alert(1)</script> & <b>"
        let page = try Self.chapter().teachingPage(title: title)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        // Nothing to fetch: no URL, no external script, style sheet, font or image.
        for forbidden in ["http:", "https:", "//cdn", "<link", " src=", "@import", "url("] {
            #expect(!page.contains(forbidden), "the page contains \(forbidden)")
        }
        #expect(page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\""))
        // The title cannot close a script: two scripts, two closing tags; the heading is escaped.
        #expect(page.components(separatedBy: "</script>").count == 3)
        #expect(page.contains("<h1 id=\"title\">&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;</h1>"))
        #expect(try data(page)["title"] as? String == title)
    }

    @Test func largeLayersBecomeASpyPlotAndHugeOnesAreRefused() throws {
        // 8 channels a side is past the 4 drawn in full: the spy plot, with no coordinates embedded.
        let wide = try Convolution.conv2d(inputShape: [1, 8, 6, 6], weightShape: [8, 8, 3, 3], padding: 1)
        let widePage = try ConvolutionMatrix(wide.geometry, weights: [Double](repeating: 1, count: 576)).teachingPage(title: "wide")
        let d = try data(widePage)
        #expect(d["mode"] as? String == "spy")
        #expect((d["x"] as? [Any])?.isEmpty == true)
        // 64 × 64 channels on 12×12, 3×3 taps: 4096 channel pairs · 1156 in-bounds taps (34² per
        // pair: 12² positions · 9 taps minus the 4·12·3 − 4 that fall on the zero border) ≫ 250000.
        let huge = try Convolution.conv2d(inputShape: [1, 64, 12, 12], weightShape: [64, 64, 3, 3], padding: 1)
        let matrix = try ConvolutionMatrix(huge.geometry, weights: [Double](repeating: 1, count: 64 * 64 * 9))
        #expect(matrix.nonzeroCount > TeachingPage.maximumEntries)
        let error = #expect(throws: ConvMatrixError.self) { try matrix.teachingPage(title: "huge") }
        #expect(error?.kind == .invalidParameter && error?.parameter == "format" && error?.value == "html")
        #expect(error?.rule.contains("export svg, png or pdf") == true)
    }

    @Test func writeGoesThroughTheFileFormat() throws {
        let dir = TemporaryDirectory()
        try Self.chapter().write(to: dir.path("W.html"))
        let page = String(decoding: dir.bytes("W.html"), as: UTF8.self)
        #expect(try data(page)["direction"] as? String == "forward")
        #expect(try MatrixFileFormat(path: "a/B.HTML") == .html)
    }
}
