internal import CSuiteSparse

/// Sparse Householder QR by CXSparse (`cs_dl_sqr`, `cs_dl_qr`), the two solves of `cs_qrsol`
/// taken apart so the diagonal of `R` can be checked before dividing by it. 64-bit indices.
enum CXSparseQR {
    /// What one factorisation found, besides the solutions.
    struct Outcome {
        /// The solutions, `n × k` column-major (`n` the unknowns of the solved system).
        var solutions: [Double]
        /// `|Rⱼⱼ|` for each column of the factorised matrix, in its column order after CXSparse's
        /// fill-reducing permutation (a fictitious row CXSparse adds for a structurally
        /// rank-deficient matrix gives an exact 0).
        var diagonal: [Double]
        /// Entries of `V` (Householder vectors) and `R`, from the symbolic analysis.
        var predictedEntries: Double
        /// Seconds of the analysis and factorisation (`cs_dl_sqr` and `cs_dl_qr`).
        var factorSeconds: Double
    }

    /// `x = argmin ‖A·x − b‖₂` for a tall `A` (`m × n`, `m ≥ n`, full column rank) given as
    /// `cscOf = Aᵀ` in CSR (its arrays are the CSC of `A`): `A = Q·R`, `x = R⁻¹·(Qᵀ·b)[0..<n]`.
    ///
    /// `isRankSufficient` sees `|diag R|` before `R` is divided by, and may refuse (return
    /// false): the outcome then has no solutions, only the diagonal.
    ///
    /// - Throws: `.engine` naming the CXSparse function that failed; `.overBudget` before
    ///   `cs_dl_qr` when `V` and `R` would not fit.
    /// - Complexity: one sparse QR (O(flops of the Householder updates)) plus O((nnz(V) + nnz(R))·k).
    static func leastSquares(cscOf transpose: CSRMatrix<Int64>, rhs: [Double], columns k: Int,
                             isRankSufficient: ([Double]) -> Bool) throws -> Outcome {
        try transpose.checkOperand()
        let m = transpose.columnCount, n = transpose.rowCount
        precondition(m >= n && transpose.nonzeroCount > 0 && rhs.count == m * k)
        return try transpose.withCXSparseTransposeView(CXSparseInt64.self) { a in
            try factorised(a, rows: m) { s, numeric, diagonal in
                guard isRankSufficient(diagonal) else { return [] }
                var out = [Double](repeating: 0, count: n * k)
                var work = [Double](repeating: 0, count: Int(s.pointee.m2))
                for j in 0..<k {
                    work.withUnsafeMutableBufferPointer { x in
                        x.update(repeating: 0)
                        rhs.withUnsafeBufferPointer { b in _ = cs_dl_ipvec(s.pointee.pinv, b.baseAddress! + j * m, x.baseAddress!, m) }
                        for c in 0..<n { _ = cs_dl_happly(numeric.pointee.L, c, numeric.pointee.B[c], x.baseAddress!) }
                        _ = cs_dl_usolve(numeric.pointee.U, x.baseAddress!)
                        out.withUnsafeMutableBufferPointer { o in _ = cs_dl_ipvec(s.pointee.q, x.baseAddress!, o.baseAddress! + j * n, n) }
                    }
                }
                return out
            }
        }
    }

    /// `x = argmin ‖x‖₂ subject to M·x = b` for a wide `M` (`m × n`, `m < n`, full row rank),
    /// given as `cscOf = M` in CSR (its arrays are the CSC of `A = Mᵀ`, `n × m`): `Mᵀ = Q·R`,
    /// `x = Q·[R⁻ᵀ·b; 0]`.
    ///
    /// - Throws and complexity: as ``leastSquares(cscOf:rhs:columns:isRankSufficient:)``.
    static func minimumNorm(cscOf matrix: CSRMatrix<Int64>, rhs: [Double], columns k: Int,
                            isRankSufficient: ([Double]) -> Bool) throws -> Outcome {
        try matrix.checkOperand()
        let m = matrix.rowCount, n = matrix.columnCount
        precondition(n > m && matrix.nonzeroCount > 0 && rhs.count == m * k)
        return try matrix.withCXSparseTransposeView(CXSparseInt64.self) { a in
            try factorised(a, rows: n) { s, numeric, diagonal in
                guard isRankSufficient(diagonal) else { return [] }
                var out = [Double](repeating: 0, count: n * k)
                var work = [Double](repeating: 0, count: Int(s.pointee.m2))
                for j in 0..<k {
                    work.withUnsafeMutableBufferPointer { x in
                        x.update(repeating: 0)
                        rhs.withUnsafeBufferPointer { b in _ = cs_dl_pvec(s.pointee.q, b.baseAddress! + j * m, x.baseAddress!, m) }
                        _ = cs_dl_utsolve(numeric.pointee.U, x.baseAddress!)
                        for c in stride(from: m - 1, through: 0, by: -1) {
                            _ = cs_dl_happly(numeric.pointee.L, c, numeric.pointee.B[c], x.baseAddress!)
                        }
                        out.withUnsafeMutableBufferPointer { o in _ = cs_dl_pvec(s.pointee.pinv, x.baseAddress!, o.baseAddress! + j * n, n) }
                    }
                }
                return out
            }
        }
    }

    /// Analyses and factorises the tall `a` (`rows × columns`, rows ≥ columns), then runs `body`
    /// with the analysis, the factors and `|diag R|`; frees both afterwards.
    private static func factorised(
        _ a: UnsafePointer<cs_dl>, rows: Int,
        _ body: (UnsafeMutablePointer<cs_dls>, UnsafeMutablePointer<cs_dln>, [Double]) throws -> [Double]
    ) throws -> Outcome {
        let clock = ContinuousClock(), start = clock.now
        // order 3: AMD on AᵀA, CXSparse's choice for QR (cs_qrsol).
        guard let s = cs_dl_sqr(3, a, 1) else { throw ConvMatrixError.cxsparse("cs_dl_sqr", returned: "NULL") }
        defer { _ = cs_dl_sfree(s) }
        let predicted = s.pointee.lnz + s.pointee.unz
        try checkMemory(elements: Int(min(predicted, Double(Int.max / 16))), size: 16, parameter: "W",
                        value: "\(rows) × \(a.pointee.n)", what: "the sparse QR factors V and R (\(Int(predicted)) entries)")
        guard let numeric = cs_dl_qr(a, s) else { throw ConvMatrixError.cxsparse("cs_dl_qr", returned: "NULL") }
        defer { _ = cs_dl_nfree(numeric) }
        let factorSeconds = seconds(clock.now - start)
        let r = numeric.pointee.U!.pointee
        // cs_qr appends each column's diagonal entry last: R(j, j) = Rx[Rp[j+1] − 1].
        let diagonal = (0..<r.n).map { j in abs(r.x[r.p[j + 1] - 1]) }
        let solutions = try body(s, numeric, diagonal)
        return Outcome(solutions: solutions, diagonal: diagonal, predictedEntries: predicted, factorSeconds: factorSeconds)
    }
}
