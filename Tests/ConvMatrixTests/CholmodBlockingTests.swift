import Testing
@testable import ConvMatrix

/// CHOLMOD's products with more than 4 columns run block of `W`'s rows by block, so that
/// the second pass of 4 columns finds the block in cache. Each output entry must get the same
/// operations in the same order as one `cholmod_sdmult` over the whole matrix: the blocked
/// result equals the one-call result to the bit, and a plain loop written here to rounding.
@Suite struct CholmodBlockingTests {
    /// 60 × 2000 at density 0.9 with empty rows: about 108,000 entries, 3 blocks of
    /// `Cholmod.blockEntries` = 32,768 and a partial fourth (blocks end at row boundaries);
    /// 2000 columns · 8 bytes is not a multiple of 4 KiB, so `Wᵀ·Y` scatters in place.
    static let w = SparseReference.matrix(rows: 60, columns: 2000, density: 0.9, seed: 81, emptyRows: [0, 31, 59])
    /// 512 columns · 8 bytes = 4 KiB: `Wᵀ·Y` goes through the shifted scatter (about 179,000 entries).
    static let aliased = SparseReference.matrix(rows: 700, columns: 512, density: 0.5, seed: 82, emptyRows: [3])

    static func run(_ w: CSRMatrix<Int32>, transposed: Bool, _ x: [Double], start: [Double], columns k: Int,
                    alpha: Double, beta: Double, blockEntries: Int) throws -> [Double] {
        var y = start
        try x.withUnsafeBufferPointer { x in
            try y.withUnsafeMutableBufferPointer { y in
                try Cholmod.apply(w, transposed: transposed, x, columns: k, into: y, alpha: alpha, beta: beta, blockEntries: blockEntries)
            }
        }
        return y
    }

    @Test(arguments: [false, true], [(1.0, 0.0), (1.0, 0.25), (-2.0, 1.0)])
    func blockedEqualsOneCallToTheBit(transposed: Bool, scales: (alpha: Double, beta: Double)) throws {
        for (w, k) in [(Self.w, 8), (Self.w, 5), (Self.w, 4), (Self.aliased, 8)] {
            #expect(w.nonzeroCount > 3 * Cholmod.blockEntries)
            let inRows = transposed ? w.rowCount : w.columnCount, outRows = transposed ? w.columnCount : w.rowCount
            let x = SparseReference.vector(inRows * k, seed: 83), start = SparseReference.vector(outRows * k, seed: 84)
            let label = "transposed \(transposed), k \(k), \(w.rowCount) × \(w.columnCount), α \(scales.alpha), β \(scales.beta)"
            let whole = try Self.run(w, transposed: transposed, x, start: start, columns: k,
                                     alpha: scales.alpha, beta: scales.beta, blockEntries: .max)
            for blockEntries in [Cholmod.blockEntries, 5_000, 1] {
                let blocked = try Self.run(w, transposed: transposed, x, start: start, columns: k,
                                           alpha: scales.alpha, beta: scales.beta, blockEntries: blockEntries)
                #expect(blocked == whole, "blocks of \(blockEntries): \(label)")
            }
            let plain = Self.plain(w, transposed: transposed, x, start: start, columns: k, alpha: scales.alpha, beta: scales.beta)
            var worst = 0.0
            for i in plain.indices { worst = max(worst, abs(whole[i] - plain[i]) / max(1, abs(plain[i]))) }
            #expect(worst <= 1e-12, "against the plain loop: \(label)")
        }
    }

    /// `W·X` on a range of rows (what each thread of a multi-threaded `W·X` runs), blocked
    /// inside the range: those rows equal one call's to the bit, the others stay untouched.
    @Test func rowRangesBlockInsideTheRange() throws {
        let w = Self.w, k = 8, rows = 7..<53
        let x = SparseReference.vector(w.columnCount * k, seed: 85), start = SparseReference.vector(w.rowCount * k, seed: 86)
        func run(_ blockEntries: Int) throws -> [Double] {
            var y = start
            try x.withUnsafeBufferPointer { x in
                try y.withUnsafeMutableBufferPointer { y in
                    try Cholmod.apply(w, rows: rows, x, columns: k, into: y, alpha: 1.5, beta: 0.5, blockEntries: blockEntries)
                }
            }
            return y
        }
        let whole = try run(.max), blocked = try run(5_000)
        #expect(blocked == whole)
        let plain = Self.plain(w, transposed: false, x, start: start, columns: k, alpha: 1.5, beta: 0.5)
        for c in 0..<k {
            for r in 0..<w.rowCount {
                let i = r + c * w.rowCount
                if rows.contains(r) {
                    #expect(abs(blocked[i] - plain[i]) <= 1e-12 * max(1, abs(plain[i])), "row \(r), column \(c)")
                } else {
                    #expect(blocked[i] == start[i], "row \(r) outside the range, column \(c)")
                }
            }
        }
    }

    /// `β·y + α·op(W)·x` by the plain loop over the stored entries.
    static func plain(_ w: CSRMatrix<Int32>, transposed: Bool, _ x: [Double], start: [Double], columns k: Int,
                      alpha: Double, beta: Double) -> [Double] {
        var sum = [Double](repeating: 0, count: start.count)
        SparseReference.accumulate(w, transposed: transposed, x, columns: k, into: &sum)
        return sum.indices.map { beta * start[$0] + alpha * sum[$0] }
    }
}
