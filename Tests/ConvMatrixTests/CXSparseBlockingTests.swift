import Testing
@testable import ConvMatrix

/// CXSparse's products run block of rows by block (every column of the batch per block, so
/// `W` is read from memory about once instead of once per column). Each output entry must
/// still receive its terms in the order one `cs_gaxpy` over the whole matrix adds them, so the
/// blocked result equals a one-pass loop written here to the bit, over many blocks.
@Suite struct CXSparseBlockingTests {
    /// 40 × 2500 at density 0.9 with empty rows: about 87,000 entries, two blocks of
    /// `CXSparse.blockEntries` = 32,768 and a partial third (blocks end at row boundaries).
    static let w = SparseReference.matrix(rows: 40, columns: 2500, density: 0.9, seed: 71, emptyRows: [0, 17, 39])

    @Test(arguments: [false, true], [(1.0, 0.0), (1.0, 0.25), (0.5, 1.0)])
    func blockedEqualsOnePassToTheBit(transposed: Bool, scales: (alpha: Double, beta: Double)) throws {
        let w = Self.w, k = 3
        #expect(w.nonzeroCount > 2 * CXSparse.blockEntries)
        let inRows = transposed ? w.rowCount : w.columnCount, outRows = transposed ? w.columnCount : w.rowCount
        let x = SparseReference.vector(inRows * k, seed: 72)
        let start = SparseReference.vector(outRows * k, seed: 73)
        let y = try SparseReference.performed(w, transposed: transposed, x, start: start, columns: k,
                                              alpha: scales.alpha, beta: scales.beta, engine: .cxsparse)
        let expected = try Self.expected(transposed: transposed, x: x, y: start, k: k, alpha: scales.alpha, beta: scales.beta)
        #expect(y == expected)
    }

    /// With `α = 1` the terms go straight onto `β·y`; otherwise into a zeroed sum that is
    /// scaled by `α` and added to `β·y`.
    static func expected(transposed: Bool, x: [Double], y: [Double], k: Int, alpha: Double, beta: Double) throws -> [Double] {
        let w = Self.w
        let outRows = transposed ? w.columnCount : w.rowCount
        var out = alpha == 1 ? y.map { beta == 0 ? 0 : (beta == 1 ? $0 : $0 * beta) } : [Double](repeating: 0, count: outRows * k)
        SparseReference.accumulate(w, transposed: transposed, x, columns: k, into: &out)
        guard alpha != 1 else { return out }
        return (0..<(outRows * k)).map { i in (beta == 0 ? 0 : (beta == 1 ? y[i] : y[i] * beta)) + alpha * out[i] }
    }
}
