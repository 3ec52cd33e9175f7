import ConvMatrixTestSupport
import Testing
@testable import ConvMatrix

/// The SuiteSparse bridge against hand-computed products and dense triple loops.
@Suite("SparseEngine: W·X and Wᵀ·Y")
struct SparseEngineTests {
    /// W = ⎡1 0 2⎤   (2 × 3)
    ///     ⎣0 3 4⎦
    static let w = try! CSRMatrix<Int32>(rowCount: 2, columnCount: 3, rowPointers: [0, 2, 4],
                                    columnIndices: [0, 2, 1, 2], values: [1, 2, 3, 4])
    /// X = columns (1, 2, 3) and (−1, 0, 2).
    static let x: [Double] = [1, 2, 3, -1, 0, 2]
    /// W·X: column 0 = (1·1 + 2·3, 3·2 + 4·3) = (7, 18);
    ///      column 1 = (1·(−1) + 2·2, 3·0 + 4·2) = (3, 8).
    static let wx: [Double] = [7, 18, 3, 8]
    /// Y = columns (1, −1) and (2, 0.5).
    static let y: [Double] = [1, -1, 2, 0.5]
    /// Wᵀ·Y: column 0 = (1·1, 3·(−1), 2·1 + 4·(−1)) = (1, −3, −2);
    ///       column 1 = (1·2, 3·0.5, 2·2 + 4·0.5) = (2, 1.5, 6).
    static let wty: [Double] = [1, -3, -2, 2, 1.5, 6]

    static let configurations: [(SparseEngine, IndexWidth)] =
        SparseEngine.allCases.flatMap { e in IndexWidth.allCases.map { (e, $0) } }

    @Test("hand-computed W·X and Wᵀ·Y", arguments: configurations)
    func handComputed(engine: SparseEngine, width: IndexWidth) throws {
        let (wx, wty) = try width == .int32
            ? (Self.w.apply(Self.x, columns: 2, engine: engine), Self.w.applyTransposed(Self.y, columns: 2, engine: engine))
            : (SparseReference.widened(Self.w).apply(Self.x, columns: 2, engine: engine),
               SparseReference.widened(Self.w).applyTransposed(Self.y, columns: 2, engine: engine))
        #expect(wx == Self.wx, "\(engine) \(width)")
        #expect(wty == Self.wty, "\(engine) \(width)")
        // Batch 1 is the first column.
        #expect(try Self.w.apply([1, 2, 3], columns: 1, engine: engine) == [7, 18], "\(engine)")
        #expect(try Self.w.applyTransposed([1, -1], columns: 1, engine: engine) == [1, -3, -2], "\(engine)")
    }

    @Test("α and β: Y ← α·W·X + β·Y", arguments: configurations)
    func alphaBeta(engine: SparseEngine, width: IndexWidth) throws {
        func run(alpha: Double, beta: Double, start: [Double], transposed: Bool = false) throws -> [Double] {
            var out = start
            try Self.x.withUnsafeBufferPointer { xp in
                try Self.y.withUnsafeBufferPointer { yp in
                    try out.withUnsafeMutableBufferPointer { op in
                        switch (width, transposed) {
                        case (.int32, false): try Self.w.apply(xp, columns: 2, into: op, alpha: alpha, beta: beta, engine: engine)
                        case (.int32, true): try Self.w.applyTransposed(yp, columns: 2, into: op, alpha: alpha, beta: beta, engine: engine)
                        case (.int64, false):
                            try SparseReference.widened(Self.w).apply(xp, columns: 2, into: op, alpha: alpha, beta: beta, engine: engine)
                        case (.int64, true):
                            try SparseReference.widened(Self.w).applyTransposed(yp, columns: 2, into: op, alpha: alpha, beta: beta, engine: engine)
                        }
                    }
                }
            }
            return out
        }
        let y0: [Double] = [10, 20, 30, 40]
        // 2·(7, 18, 3, 8) − (10, 20, 30, 40) = (4, 16, −24, −24)
        #expect(try run(alpha: 2, beta: -1, start: y0) == [4, 16, -24, -24], "\(engine) \(width)")
        // β = 1 accumulates: (7, 18, 3, 8) + (10, 20, 30, 40)
        #expect(try run(alpha: 1, beta: 1, start: y0) == [17, 38, 33, 48], "\(engine) \(width)")
        // β = 0 never reads Y: NaN and ∞ are overwritten.
        #expect(try run(alpha: 1, beta: 0, start: [.nan, .infinity, -.nan, 1]) == Self.wx, "\(engine) \(width)")
        // α = 0 only scales: 3·Y
        #expect(try run(alpha: 0, beta: 3, start: y0) == [30, 60, 90, 120], "\(engine) \(width)")
        // Wᵀ: 0.5·(1, −3, −2, 2, 1.5, 6) + 2·(1, 1, 1, 1, 1, 1) = (2.5, 0.5, 1, 3, 2.75, 5)
        #expect(try run(alpha: 0.5, beta: 2, start: [1, 1, 1, 1, 1, 1], transposed: true) == [2.5, 0.5, 1, 3, 2.75, 5],
                "\(engine) \(width)")
    }

    @Test("W·X and Wᵀ·Y equal dense triple loops", arguments: SparseCase.sweep, [1, 7])
    func againstDense(_ c: SparseCase, batch k: Int) throws {
        let w = c.matrix
        let d = denseRows(w), dt = SparseReference.transpose(d, columns: c.columns)
        let x = SparseReference.vector(c.columns * k, seed: c.seed &+ 100)
        let y = SparseReference.vector(c.rows * k, seed: c.seed &+ 200)
        let wx = SparseReference.multiply(d, columns: c.columns, x, k: k)
        let wty = SparseReference.multiply(dt, columns: c.rows, y, k: k)
        let wxScale = SparseReference.magnitude(d, columns: c.columns, x, k: k)
        let wtyScale = SparseReference.magnitude(dt, columns: c.rows, y, k: k)
        for engine in SparseEngine.allCases {
            let got32 = try w.apply(x, columns: k, engine: engine)
            let got64 = try SparseReference.widened(w).apply(x, columns: k, engine: engine)
            let gotT32 = try w.applyTransposed(y, columns: k, engine: engine)
            let gotT64 = try SparseReference.widened(w).applyTransposed(y, columns: k, engine: engine)
            #expect(SparseReference.relativeError(got32, wx, scale: wxScale) <= 4e-16 * Double(c.columns), "W·X \(engine) \(c) k \(k)")
            #expect(SparseReference.relativeError(gotT32, wty, scale: wtyScale) <= 4e-16 * Double(c.rows), "Wᵀ·Y \(engine) \(c) k \(k)")
            // Same engine, other index width: the same arithmetic, bit for bit.
            #expect(got64 == got32, "Int64 vs Int32 W·X \(engine) \(c) k \(k)")
            #expect(gotT64 == gotT32, "Int64 vs Int32 Wᵀ·Y \(engine) \(c) k \(k)")
        }
    }

    @Test("α, β against the dense reference", arguments: SparseCase.sweep)
    func alphaBetaAgainstDense(_ c: SparseCase) throws {
        let w = c.matrix, k = 3, alpha = -0.75, beta = 1.5
        let d = denseRows(w)
        let x = SparseReference.vector(c.columns * k, seed: c.seed &+ 300)
        let y0 = SparseReference.vector(c.rows * k, seed: c.seed &+ 400)
        let wx = SparseReference.multiply(d, columns: c.columns, x, k: k)
        let expected = zip(wx, y0).map { alpha * $0 + beta * $1 }
        let scale = zip(SparseReference.magnitude(d, columns: c.columns, x, k: k), y0).map { abs(alpha) * $0 + abs(beta * $1) }
        for engine in SparseEngine.allCases {
            var y = y0
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { try w.apply(xp, columns: k, into: $0, alpha: alpha, beta: beta, engine: engine) }
            }
            #expect(SparseReference.relativeError(y, expected, scale: scale) <= 4e-16 * Double(c.columns + 2), "\(engine) \(c)")
        }
    }

    @Test("adjoint identity ⟨W·x, y⟩ = ⟨x, Wᵀ·y⟩", arguments: SparseCase.sweep)
    func adjoint(_ c: SparseCase) throws {
        let w = c.matrix, k = 7
        let x = SparseReference.vector(c.columns * k, seed: c.seed &+ 500)
        let y = SparseReference.vector(c.rows * k, seed: c.seed &+ 600)
        // Scale: ⟨|W|·|x|, |y|⟩ bounds every term of either inner product.
        let d = denseRows(w)
        let scale = zip(SparseReference.magnitude(d, columns: c.columns, x, k: k), y).reduce(0) { $0 + $1.0 * abs($1.1) }
        for engine in SparseEngine.allCases {
            let wx = try w.apply(x, columns: k, engine: engine)
            let wty = try w.applyTransposed(y, columns: k, engine: engine)
            let lhs = zip(wx, y).reduce(0) { $0 + $1.0 * $1.1 }
            let rhs = zip(x, wty).reduce(0) { $0 + $1.0 * $1.1 }
            let relative = scale == 0 ? abs(lhs - rhs) : abs(lhs - rhs) / scale
            #expect(relative <= 1e-13, "\(engine) \(c): ⟨Wx,y⟩ = \(lhs), ⟨x,Wᵀy⟩ = \(rhs)")
        }
    }

    @Test("CHOLMOD and CXSparse agree; threads split the batch without changing a bit",
          arguments: SparseCase.sweep)
    func enginesAndThreadsAgree(_ c: SparseCase) throws {
        let w = c.matrix, k = 7
        let x = SparseReference.vector(c.columns * k, seed: c.seed &+ 700)
        let y = SparseReference.vector(c.rows * k, seed: c.seed &+ 800)
        let scale = SparseReference.magnitude(denseRows(w), columns: c.columns, x, k: k)
        let cholmod = try w.apply(x, columns: k, engine: .cholmod)
        let cxsparse = try w.apply(x, columns: k, engine: .cxsparse)
        #expect(SparseReference.relativeError(cholmod, cxsparse, scale: scale) <= 4e-16 * Double(c.columns), "\(c)")
        #expect(try w.applyTransposed(y, columns: k, engine: .cholmod) == w.applyTransposed(y, columns: k, engine: .cxsparse),
                "Wᵀ·Y: both engines accumulate each column in CSR order \(c)")
        for engine in SparseEngine.allCases {
            for threads in [2, 3, 16] {
                #expect(try w.apply(x, columns: k, engine: engine, threads: threads) == w.apply(x, columns: k, engine: engine),
                        "W·X \(engine) threads \(threads) \(c)")
                #expect(try w.applyTransposed(y, columns: k, engine: engine, threads: threads)
                        == w.applyTransposed(y, columns: k, engine: engine), "Wᵀ·Y \(engine) threads \(threads) \(c)")
            }
        }
    }

    @Test("transposed() then apply equals applyTransposed", arguments: SparseCase.sweep)
    func transposedThenMultiply(_ c: SparseCase) throws {
        let w = c.matrix, k = 7
        let y = SparseReference.vector(c.rows * k, seed: c.seed &+ 900)
        let scale = SparseReference.magnitude(SparseReference.transpose(denseRows(w), columns: c.columns),
                                              columns: c.rows, y, k: k)
        for engine in SparseEngine.allCases {
            let direct = try w.applyTransposed(y, columns: k, engine: engine)
            for transposeEngine in SparseEngine.allCases {
                let wt = try w.transposed(engine: transposeEngine)
                #expect(throws: Never.self, "\(transposeEngine) \(c)") { try wt.checkInvariants() }
                let viaTranspose = try wt.apply(y, columns: k, engine: engine)
                #expect(SparseReference.relativeError(viaTranspose, direct, scale: scale) <= 4e-16 * Double(c.rows),
                        "\(engine) after \(transposeEngine) transpose \(c)")
            }
        }
    }

    @Test("empty batch, empty matrix, zero rows")
    func degenerate() throws {
        for engine in SparseEngine.allCases {
            #expect(try Self.w.apply([], columns: 0, engine: engine) == [])
            let zero = SparseReference.matrix(rows: 3, columns: 2, density: 0, seed: 1)
            #expect(try zero.apply([1, 2], columns: 1, engine: engine) == [0, 0, 0])
            #expect(try zero.applyTransposed([1, 2, 3], columns: 1, engine: engine) == [0, 0])
            let noRows = try CSRMatrix<Int64>(rowCount: 0, columnCount: 2, rowPointers: [0], columnIndices: [], values: [])
            #expect(try noRows.apply([1, 2, 3, 4], columns: 2, engine: engine) == [])
            #expect(try noRows.applyTransposed([], columns: 2, engine: engine) == [0, 0, 0, 0])
        }
    }

    @Test("replaceValues keeps the structure; W·X follows the new values on both engines; copies keep theirs")
    func replacedValuesAreUsed() throws {
        var w = try CSRMatrix<Int32>(rowCount: 2, columnCount: 3, rowPointers: [0, 2, 4],
                                     columnIndices: [0, 2, 1, 2], values: [1, 2, 3, 4])
        #expect(try w.apply(Self.x, columns: 2, engine: .cxsparse) == Self.wx)
        try w.replaceValues([1, 2, 3, 5])
        // W = [1 0 2; 0 3 5]: column 0 = (7, 3·2 + 5·3) = (7, 21); column 1 = (3, 0 + 5·2) = (3, 10)
        for engine in SparseEngine.allCases {
            #expect(try w.apply(Self.x, columns: 2, engine: engine) == [7, 21, 3, 10], "\(engine)")
        }
        let copy = w
        try w.replaceValues([-1, 2, 3, 5])
        // W = [−1 0 2; 0 3 5]: column 0 = (−1 + 6, 21) = (5, 21); column 1 = (1 + 4, 10) = (5, 10)
        #expect(try w.apply(Self.x, columns: 2, engine: .cxsparse) == [5, 21, 5, 10])
        #expect(try copy.apply(Self.x, columns: 2, engine: .cxsparse) == [7, 21, 3, 10])
        #expect(w.rowPointers == copy.rowPointers && w.columnIndices == copy.columnIndices)
        #expect(throws: ConvMatrixError.mismatch("values.count", 3, "must equal the stored entries nnz = 4")) {
            try w.replaceValues([1, 2, 3])
        }
    }
}
