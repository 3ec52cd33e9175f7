/// The CXSparse QR path of ``LeastSquaresSolver``.
extension LeastSquaresSolver {
    /// ``LeastSquaresMethod/qr``: a sparse QR of `M'ᵀ`-as-CSC (tall), `M'` (wide, minimum norm) or
    /// `[M'; √λ·I]` (Tikhonov), `M'` the visible columns; the rank is checked on `|diag R|` first.
    func solveQR(_ y: [Double], batch: Int, lambda: Double) throws -> LeastSquaresSolution {
        let restricted = columns.restricted
        let m = restricted.rowCount, visible = restricted.columnCount
        var rank = 0
        func sufficient(rows: Int, columns: Int) -> ([Double]) -> Bool {
            { diagonal in
                let largest = diagonal.max() ?? 0
                let tolerance = Double(max(rows, columns)) * Double.ulpOfOne * largest
                rank = diagonal.filter { $0 > tolerance }.count
                return rank == columns
            }
        }
        let clock = ContinuousClock(), start = clock.now
        let outcome: CXSparseQR.Outcome
        if lambda > 0 {
            // min ‖[M'; √λ·I]·x − [y; 0]‖², always of full column rank.
            let stacked = try Self.stackedTranspose(restricted, sqrtLambda: lambda.squareRoot())
            var rhs = [Double](repeating: 0, count: (m + visible) * batch)
            for s in 0..<batch {
                for r in 0..<m { rhs[s * (m + visible) + r] = y[s * m + r] }
            }
            outcome = try CXSparseQR.leastSquares(cscOf: stacked, rhs: rhs, columns: batch,
                                                  isRankSufficient: sufficient(rows: m + visible, columns: visible))
        } else if system == .normal {
            outcome = try CXSparseQR.leastSquares(cscOf: try restricted.transposed(), rhs: y, columns: batch,
                                                  isRankSufficient: sufficient(rows: m, columns: visible))
        } else {
            outcome = try CXSparseQR.minimumNorm(cscOf: restricted, rhs: y, columns: batch,
                                                 isRankSufficient: sufficient(rows: visible, columns: m))
        }
        let total = seconds(clock.now - start)
        if outcome.solutions.isEmpty {
            let full = system == .normal || lambda > 0 ? visible : m
            throw rankDeficient("numerical rank \(rank) < \(full) from |diag R| of the sparse QR")
        }
        return LeastSquaresSolution(x: columns.expand(outcome.solutions, columns: batch), batch: batch, lambda: lambda,
                                    method: .qr, factorizationSeconds: outcome.factorSeconds,
                                    solveSeconds: max(0, total - outcome.factorSeconds), reusedAnalysis: false,
                                    reciprocalConditionEstimate: nil, numericalRank: rank)
    }

    /// CSR of `[M; s·I]ᵀ = [Mᵀ | s·I]` (`n × (m + n)`): row `i` of `Mᵀ` followed by `s` in column `m + i`.
    ///
    /// - Complexity: O(m + n + nnz).
    static func stackedTranspose(_ m: CSRMatrix<Int64>, sqrtLambda s: Double) throws -> CSRMatrix<Int64> {
        let t = try m.transposed()
        let rows = t.rowCount, width = Int64(m.rowCount)
        var pointers = [Int64](repeating: 0, count: rows + 1)
        var indices = [Int64](), values = [Double]()
        indices.reserveCapacity(t.nonzeroCount + rows)
        values.reserveCapacity(t.nonzeroCount + rows)
        for i in 0..<rows {
            let range = Int(t.rowPointers[i])..<Int(t.rowPointers[i + 1])
            indices += t.columnIndices[range]
            values += t.values[range]
            indices.append(width + Int64(i))
            values.append(s)
            pointers[i + 1] = Int64(indices.count)
        }
        return CSRMatrix(unchecked: rows, columnCount: m.rowCount + rows, rowPointers: pointers,
                         columnIndices: indices, values: values)
    }
}
