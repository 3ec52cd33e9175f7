internal import CSuiteSparse

/// A CHOLMOD Cholesky factorisation `L·Lᵀ = A·Aᵀ + β·I`, analysed once and refactorised for
/// each new shift `β` (Tikhonov's `λ`) without analysing again.
///
/// `A` is the zero-copy view of ``operand`` (`A = Fᵀ`, the CSC reading of `F`'s CSR arrays):
/// given an unsymmetric matrix, `cholmod_l_analyze` orders and analyses `A·Aᵀ = Fᵀ·F` and
/// `cholmod_l_factorize_p(A, β)` factorises `Fᵀ·F + β·I`, forming `A·Aᵀ` internally — the
/// normal-equations matrix is never held by the caller. The factor is supernodal `L·Lᵀ`
/// (`Common->supernodal = CHOLMOD_SUPERNODAL`), so a matrix that is not positive definite is
/// reported (`L->minor < n`) instead of being factorised as an indefinite `L·D·Lᵀ`.
/// 64-bit indices (`cholmod_l_*`) throughout.
///
/// The one CHOLMOD factorisation door: least squares (`convmat solve`, Tikhonov shifts) and the
/// shift-invert Lanczos of `convmat spectrum` (smallest singular values) both use it.
///
/// Owns its `cholmod_common` and its `cholmod_factor` (freed in `deinit`); not thread-safe.
package final class CholmodFactor {
    private let common: CholmodCommon
    private var factor: UnsafeMutablePointer<cholmod_factor>?
    /// `F`, whose view `A = Fᵀ` is analysed and factorised.
    package let operand: CSRMatrix<Int64>

    /// Analyses `Fᵀ·F` for `operand = F` (`m × n`, at least one stored entry): a fill-reducing
    /// ordering (AMD, or METIS/NESDIS when CHOLMOD judges them better) and the symbolic factor.
    ///
    /// - Throws: `.engine` naming `cholmod_l_analyze` when CHOLMOD fails (out of memory).
    /// - Complexity: about O(nnz(Fᵀ·F)) time and memory, plus the ordering.
    package init(analysing operand: CSRMatrix<Int64>) throws {
        precondition(operand.nonzeroCount > 0, "CholmodFactor needs at least one stored entry")
        try operand.checkOperand()
        let common = try CholmodCommon(.int64)
        common.pointer.pointee.supernodal = Int32(CHOLMOD_SUPERNODAL)
        self.common = common
        self.operand = operand
        factor = operand.withCholmodTransposeView(common.api) { a in cholmod_l_analyze(a, common.pointer) }
        try common.check("analyze", succeeded: factor != nil)
    }

    deinit {
        if factor != nil { _ = cholmod_l_free_factor(&factor, common.pointer) }
    }

    /// `n`, the order of `Fᵀ·F` (the columns of `F`).
    package var order: Int { operand.columnCount }

    /// Values `L` will store, known from the analysis before the numeric factorisation runs:
    /// the supernodal factor's `L->xsize` (its dense supernodes include explicit zeros), at
    /// least `Common->lnz`, the entries of a "pure" `L`.
    package var predictedFactorEntries: Double { max(common.pointer.pointee.lnz, Double(factor!.pointee.xsize)) }

    /// Floating-point operations of one factorisation as the analysis predicts them (`Common->fl`).
    package var predictedFlops: Double { common.pointer.pointee.fl }

    /// Factorises `Fᵀ·F + shift·I` on the kept analysis (`cholmod_l_factorize_p` with
    /// `beta = [shift, 0]`); a second call replaces the numeric factor, reusing the ordering and
    /// the symbolic structure.
    ///
    /// - Returns: `nil` when the matrix is positive definite; otherwise the first column `k` at
    ///   which the factorisation broke down (`L->minor`): the leading `k × k` block is positive
    ///   definite, column `k` is not.
    /// - Throws: `.engine` naming `cholmod_l_factorize_p` when CHOLMOD fails (out of memory).
    /// - Complexity: ``predictedFlops`` operations, O(``predictedFactorEntries``) memory.
    package func factorize(shift: Double) throws -> Int? {
        var beta = [shift, 0]
        let ok = operand.withCholmodTransposeView(common.api) { a in
            cholmod_l_factorize_p(a, &beta, nil, 0, factor, common.pointer)
        }
        try common.check("factorize_p", succeeded: ok != 0)
        let minor = Int(factor!.pointee.minor)
        return minor < order ? minor : nil
    }

    /// CHOLMOD's cheap estimate of the reciprocal condition number of `Fᵀ·F + shift·I` from the
    /// factor's diagonal, `(min Lᵢᵢ / max Lᵢᵢ)²` (`cholmod_l_rcond`); 0 when singular.
    ///
    /// - Complexity: O(n).
    package func reciprocalConditionEstimate() -> Double { cholmod_l_rcond(factor, common.pointer) }

    /// `X = (Fᵀ·F + shift·I)⁻¹·B` for the last factorisation: `b` is `n × k`, column-major.
    ///
    /// - Throws: `.engine` naming `cholmod_l_solve` when CHOLMOD fails.
    /// - Complexity: O(nnz(L)·k).
    package func solve(_ b: [Double], columns k: Int) throws -> [Double] {
        precondition(b.count == order * k && k > 0, "right-hand side must be n × k")
        var rhs = b
        var x: UnsafeMutablePointer<cholmod_dense>? = rhs.withUnsafeMutableBufferPointer { buffer in
            var dense = cholmodDense(buffer.baseAddress!, rows: order, columns: k)
            return cholmod_l_solve(CHOLMOD_A, factor, &dense, common.pointer)
        }
        defer { if x != nil { _ = cholmod_l_free_dense(&x, common.pointer) } }
        try common.check("solve", succeeded: x != nil)
        return copyArray(from: x!.pointee.x, count: order * k)
    }
}
