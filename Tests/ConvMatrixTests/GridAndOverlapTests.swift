import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// `ConvolutionMatrix.grid(lines:cells:transposed:labels:)`, the tap counts behind
/// `show --overlap`, and `tapLandings`: checked against dense rows and plain loops.
@Suite struct GridAndOverlapTests {
    static func matrix(_ text: String, shape: [Int]) throws -> ConvolutionMatrix {
        let expression = try LayerExpression(parsing: text)
        let count = try expression.weightShape().reduce(1, *)
        return try ConvolutionLayer(expression, weights: (1...count).map(Double.init), inputShape: shape).matrix()
    }

    /// Every block of the grid, full or compact, W or Wᵀ, holds exactly W's entries there.
    @Test(arguments: [(0..<4, 0..<9), (1..<3, 2..<7), (3..<4, 8..<9)])
    func blocksHoldWsEntries(lines: Range<Int>, cells: Range<Int>) throws {
        let w = try Self.matrix("nn.Conv2d(1, 1, 2, bias=False)", shape: [1, 1, 3, 3])
        let dense = denseRows(w)
        for labels in [ConvolutionMatrix.GridLabels.full, .compact] {
            let text = w.grid(lines: lines, cells: cells, labels: labels)
            let rows = text.split(separator: "\n").filter { $0.hasPrefix("y[") }
            #expect(rows.count == lines.count)
            for (r, row) in zip(lines, rows) {
                let numbers = row.split(separator: "]", maxSplits: 1)[1].split(separator: " ").map { $0 == "." ? 0 : Double($0)! }
                #expect(numbers == Array(dense[r][cells]), "\(labels) row \(r)")
            }
            let transposed = w.grid(lines: cells, cells: lines, transposed: true, labels: labels)
            #expect(transposed.split(separator: "\n").filter { $0.hasPrefix("x[") }.count == cells.count)
        }
        // Compact headers: one line per coordinate (c, i, j) above the cells.
        let compact = w.grid(lines: lines, cells: cells, labels: .compact).split(separator: "\n")
        #expect(compact[2].split(separator: " ").dropFirst().map { Int($0)! } == cells.map { $0 % 3 })
    }

    /// ConvTranspose1d(1, 1, 3, stride=2) on 4 inputs: output q collects the (i, t) with
    /// 2i + t = q, 0 ≤ t < 3: 1 1 2 1 2 1 2 1 1. Its input i always feeds 3 outputs.
    @Test func transposedOverlapIsTheCheckerboard() throws {
        let w = try Self.matrix("nn.ConvTranspose1d(1, 1, 3, stride=2)", shape: [1, 1, 4])
        let expected = (0..<9).map { q in (0..<4).filter { i in (0..<3).contains(q - 2 * i) }.count }
        #expect(try w.tapsPerColumn == expected)
        #expect(try w.tapsPerRow == [3, 3, 3, 3])
    }

    /// Reflect padding copies inputs into the border, so every output still gets all 3 taps
    /// (two of them may share one entry); zeros padding stores nothing there: 2 3 3 2.
    @Test func paddingModesAndTapCounts() throws {
        let reflect = try Self.matrix("nn.Conv1d(1, 1, 3, padding=1, padding_mode='reflect')", shape: [1, 1, 4])
        #expect(try reflect.tapsPerRow == [3, 3, 3, 3])
        #expect(try reflect.tapsPerRow.reduce(0, +) == reflect.tapsPerColumn.reduce(0, +))
        let zeros = try Self.matrix("nn.Conv1d(1, 1, 3, padding=1)", shape: [1, 1, 4])
        #expect(try zeros.tapsPerRow == [2, 3, 3, 2])
    }

    /// The landings of the hybrid layer's every output agree with a plain loop over the
    /// zero-injected, padded input: padding first, then injected zeros, else a real element.
    @Test func landingsMatchALoop() throws {
        let w = try Self.matrix("nn.Conv2d(1, 1, 3, stride=(0.5, 2), padding=1)", shape: [1, 1, 4, 5])
        for row in 0..<w.rowCount {
            let (i, j) = (row / 3, row % 3)
            let landings = try w.tapLandings(row: row)
            for landing in landings {
                let (a, b) = (landing.offset[0], landing.offset[1])
                let p = i + a - 1, q = 2 * j + b - 1
                let expected: KernelTapLanding.Place
                if p < 0 || p > 6 { expected = .padding(axis: 0, before: p < 0, mode: .zeros) }
                else if q < 0 || q > 4 { expected = .padding(axis: 1, before: q < 0, mode: .zeros) }
                else if p % 2 != 0 { expected = .injectedZero(axis: 0, dilation: 2) }
                else { expected = .element }
                #expect(landing.place == expected, "row \(row) offset \(landing.offset)")
            }
            // The real elements are exactly the row's stored entries.
            #expect(landings.filter { $0.place == .element }.count == (try w.entries(inRow: row)).count)
        }
        #expect(throws: ConvMatrixError.self) { try w.tapLandings(row: w.rowCount) }
        #expect(throws: ConvMatrixError.self) { try w.tapLandings(column: -1) }
    }
}
