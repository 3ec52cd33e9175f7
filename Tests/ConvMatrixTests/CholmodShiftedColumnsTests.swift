import Testing
@testable import ConvMatrix

/// CHOLMOD's `Wᵀ·Y` into columns a multiple of 4 KiB long runs on a copy of the output whose
/// columns are shifted by 64 bytes (``Cholmod/needsShiftedColumns(rows:columns:entries:)``). Each
/// column still receives its terms in the order `cholmod_sdmult` adds them one column at a
/// time (unshifted: a single column never is), so the results agree to the bit.
@Suite struct CholmodShiftedColumnsTests {
    /// 70 × 512 at density 0.6: `Wᵀ·Y` has 512 rows (4 KiB per column) and about 42 entries
    /// per output row.
    static let w = SparseReference.matrix(rows: 70, columns: 512, density: 0.6, seed: 81, emptyRows: [3])

    @Test func whenColumnsAreShifted() {
        #expect(Cholmod.needsShiftedColumns(rows: 1024, columns: 5, entries: 32 * 1024))
        #expect(Cholmod.needsShiftedColumns(rows: 512, columns: 2, entries: 100_000))
        #expect(!Cholmod.needsShiftedColumns(rows: 1024, columns: 5, entries: 32 * 1024 - 1))
        #expect(!Cholmod.needsShiftedColumns(rows: 1024, columns: 1, entries: 100_000))
        #expect(!Cholmod.needsShiftedColumns(rows: 1000, columns: 8, entries: 100_000))
        #expect(!Cholmod.needsShiftedColumns(rows: 0, columns: 8, entries: 100_000))
    }

    @Test(arguments: [(1.0, 0.0), (1.0, 0.5), (-2.0, 1.0)])
    func shiftedEqualsColumnByColumnToTheBit(scales: (alpha: Double, beta: Double)) throws {
        let w = Self.w, k = 5, inRows = w.rowCount, outRows = w.columnCount
        #expect(Cholmod.needsShiftedColumns(rows: outRows, columns: k, entries: w.nonzeroCount))
        let x = SparseReference.vector(inRows * k, seed: 82)
        let start = SparseReference.vector(outRows * k, seed: 83)
        let y = try SparseReference.performed(w, transposed: true, x, start: start, columns: k,
                                              alpha: scales.alpha, beta: scales.beta, engine: .cholmod)
        for c in 0..<k {
            let column = Array(x[(c * inRows)..<((c + 1) * inRows)])
            let expected = try SparseReference.performed(w, transposed: true, column, start: Array(start[(c * outRows)..<((c + 1) * outRows)]),
                                                         columns: 1, alpha: scales.alpha, beta: scales.beta, engine: .cholmod)
            #expect(Array(y[(c * outRows)..<((c + 1) * outRows)]) == expected, "column \(c)")
        }
        // And against the plain loop, to rounding.
        var dense = [[Double]](repeating: [Double](repeating: 0, count: outRows), count: inRows)
        for r in 0..<inRows {
            for e in Int(w.rowPointers[r])..<Int(w.rowPointers[r + 1]) { dense[r][Int(w.columnIndices[e])] += w.values[e] }
        }
        let product = SparseReference.multiply(SparseReference.transpose(dense, columns: outRows), columns: inRows, x, k: k)
        var worst = 0.0
        for i in 0..<(outRows * k) {
            let want: Double = scales.alpha * product[i] + scales.beta * start[i]
            worst = max(worst, abs(y[i] - want))
        }
        #expect(worst <= 1e-12)
    }
}
