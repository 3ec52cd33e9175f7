import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// `multiplied(by:)` and `transposed(engine:)` against hand-computed and dense results.
@Suite("SparseEngine: W·B and Wᵀ")
struct SparseEngineProductTests {
    @Test("hand-computed W·B keeps the cancelled entry; hand-computed Wᵀ", arguments: SparseEngine.allCases)
    func handComputed(engine: SparseEngine) throws {
        // W = ⎡1 0 2⎤   B = ⎡ 1   1⎤
        //     ⎣0 3 4⎦       ⎢ 0   2⎥
        //                   ⎣−0.5 0⎦
        // W·B = ⎡1·1 + 2·(−0.5)   1·1 + 0·2 + 2·0⎤ = ⎡ 0  1⎤
        //       ⎣3·0 + 4·(−0.5)   3·2 + 4·0      ⎦   ⎣−2  6⎦
        // (0,0) is structurally present (W[0,0]·B[0,0] and W[0,2]·B[2,0]) and cancels to 0.
        let w = SparseEngineTests.w
        let b = try CSRMatrix<Int32>(rowCount: 3, columnCount: 2, rowPointers: [0, 2, 3, 4],
                                 columnIndices: [0, 1, 1, 0], values: [1, 1, 2, -0.5])
        let expected = try CSRMatrix<Int32>(rowCount: 2, columnCount: 2, rowPointers: [0, 2, 4],
                                        columnIndices: [0, 1, 0, 1], values: [0, 1, -2, 6])
        #expect(try w.multiplied(by: b, engine: engine) == expected)
        #expect(try SparseReference.widened(w).multiplied(by: SparseReference.widened(b), engine: engine)
                == SparseReference.widened(expected))
        // Wᵀ = ⎡1 0⎤
        //      ⎢0 3⎥
        //      ⎣2 4⎦
        let wt = try CSRMatrix<Int32>(rowCount: 3, columnCount: 2, rowPointers: [0, 1, 2, 4],
                                  columnIndices: [0, 1, 0, 1], values: [1, 3, 2, 4])
        #expect(try w.transposed(engine: engine) == wt)
        #expect(try SparseReference.widened(w).transposed(engine: engine) == SparseReference.widened(wt))
        #expect(try wt.transposed(engine: engine) == w)
    }

    /// (left, right) shapes sharing the inner dimension; density 0 and empty rows/columns included.
    static let pairs: [(SparseCase, SparseCase)] = [
        (SparseCase(rows: 1, columns: 1, density: 1, seed: 11), SparseCase(rows: 1, columns: 1, density: 1, seed: 12)),
        (SparseCase(rows: 5, columns: 3, density: 0.6, seed: 13, emptyRows: [2]),
         SparseCase(rows: 3, columns: 7, density: 0.5, seed: 14, emptyColumns: [6])),
        (SparseCase(rows: 4, columns: 9, density: 0.3, seed: 15, emptyColumns: [4]),
         SparseCase(rows: 9, columns: 2, density: 0.5, seed: 16, emptyRows: [0, 1])),
        (SparseCase(rows: 30, columns: 20, density: 0.15, seed: 17, emptyRows: [29]),
         SparseCase(rows: 20, columns: 45, density: 0.2, seed: 18, emptyColumns: [0])),
        (SparseCase(rows: 50, columns: 50, density: 0.08, seed: 19),
         SparseCase(rows: 50, columns: 50, density: 0.3, seed: 20)),
        (SparseCase(rows: 6, columns: 4, density: 0, seed: 21),
         SparseCase(rows: 4, columns: 5, density: 0.5, seed: 22)),
    ]

    @Test("W·B equals the dense triple loop; pattern is the structural product",
          arguments: pairs.indices)
    func againstDense(_ index: Int) throws {
        let (lc, rc) = Self.pairs[index]
        let left = lc.matrix, right = rc.matrix
        let dl = denseRows(left), dr = denseRows(right)
        let expected = SparseReference.product(dl, dr, inner: lc.columns, columns: rc.columns)
        let scale = SparseReference.product(dl.map { $0.map(abs) }, dr.map { $0.map(abs) }, inner: lc.columns, columns: rc.columns)
        // Structural pattern: (i, j) for every stored W[i,t] with B[t, j] stored.
        let pattern = SparseReference.structure(left).map { ts in
            Set(ts.flatMap { SparseReference.structure(right)[$0] }).sorted()
        }
        var results: [SparseEngine: CSRMatrix<Int32>] = [:]
        for engine in SparseEngine.allCases {
            let c = try left.multiplied(by: right, engine: engine)
            results[engine] = c
            #expect(c.rowCount == lc.rows && c.columnCount == rc.columns, "\(engine) \(lc) · \(rc)")
            #expect(throws: Never.self, "\(engine) \(lc) · \(rc)") { try c.checkInvariants() }
            #expect(SparseReference.structure(c) == pattern, "\(engine) \(lc) · \(rc)")
            let got = denseRows(c)
            #expect(SparseReference.relativeError(got.flatMap { $0 }, expected.flatMap { $0 }, scale: scale.flatMap { $0 })
                    <= 4e-16 * Double(lc.columns), "\(engine) \(lc) · \(rc)")
            let c64 = try SparseReference.widened(left).multiplied(by: SparseReference.widened(right), engine: engine)
            #expect(c64 == SparseReference.widened(c), "Int64 vs Int32 \(engine) \(lc) · \(rc)")
        }
        #expect(results[.cholmod].map(SparseReference.structure) == results[.cxsparse].map(SparseReference.structure),
                "engines disagree on the pattern: \(lc) · \(rc)")
    }

    @Test("Wᵀ equals the dense transpose, both engines, both widths", arguments: SparseCase.sweep)
    func transposeAgainstDense(_ c: SparseCase) throws {
        let w = c.matrix
        let expected = SparseReference.transpose(denseRows(w), columns: c.columns)
        for engine in SparseEngine.allCases {
            let t = try w.transposed(engine: engine)
            #expect(t.rowCount == c.columns && t.columnCount == c.rows, "\(engine) \(c)")
            #expect(throws: Never.self, "\(engine) \(c)") { try t.checkInvariants() }
            #expect(denseRows(t) == expected, "\(engine) \(c)")
            #expect(t.nonzeroCount == w.nonzeroCount, "\(engine) \(c)")
            #expect(try SparseReference.widened(w).transposed(engine: engine) == SparseReference.widened(t), "Int64 \(engine) \(c)")
            #expect(try t.transposed(engine: engine) == w, "(Wᵀ)ᵀ \(engine) \(c)")
        }
    }
}
