/// The least-squares and Tikhonov inverse of a sparse linear map `M` (`m × n`):
///
///     x(λ) = argmin ‖M·x − y‖₂² + λ‖x‖₂²,   λ ≥ 0.
///
/// For `λ > 0` the solution is unique, `x = (MᵀM + λI)⁻¹·Mᵀy`. For `λ = 0` it is the
/// least-squares solution of minimum norm, `x = M⁺·y` — unique when it is computed on the inputs
/// `M` reads and `M` has full rank there. Inputs `M` never reads (columns with no stored entry:
/// a strided convolution whose stride exceeds its kernel) are ``invisibleInputs``; they are 0 in
/// every solution and the rest is solved on the visible columns only (see `VisibleColumns`).
///
/// ``LeastSquaresMethod/cholmod`` factorises the smaller Gram matrix (``system``) with CHOLMOD:
/// the ordering and symbolic analysis happen once, in `init`, and each new `λ` is a numeric
/// refactorisation (`cholmod_l_factorize_p` with `β = λ`) on it. ``LeastSquaresMethod/qr``
/// factorises `M`, `Mᵀ` or `[M; √λ·I]` by sparse Householder QR (CXSparse), for each `λ`.
///
/// ```swift
/// let solver = try LeastSquaresSolver(w, method: .cholmod)   // analyses once
/// let exact = try solver.solve(y, lambda: 0)
/// let smooth = try solver.solve(y, lambda: 1e-2)            // refactorises, no new analysis
/// ```
///
/// A solver keeps a CHOLMOD factor and is not thread-safe; use one per thread.
public final class LeastSquaresSolver {
    /// `M` as given.
    public let matrix: CSRMatrix<Int64>
    public let method: LeastSquaresMethod
    /// The Gram system CHOLMOD factorises (and the form QR uses for `λ = 0`): ``LeastSquaresSystem/dual``
    /// when `M` has fewer rows than visible columns.
    public let system: LeastSquaresSystem
    /// Seconds spent in CHOLMOD's analysis (ordering and symbolic factorisation); 0 for QR.
    public let analysisSeconds: Double
    /// Values the CHOLMOD factor stores, predicted by the analysis before factorising; `nil` for QR.
    public let predictedFactorEntries: Double?
    let columns: VisibleColumns
    let factor: CholmodFactor?
    /// The `λ` of CHOLMOD's current numeric factor, if any.
    var factorisedLambda: Double?
    /// Numeric factorisations attempted on the analysis (successful or not).
    var factorizationCount = 0

    /// The columns of `M` with no stored entry (inputs `M` never reads), ascending.
    public var invisibleInputs: [Int] { columns.invisible }

    /// `n − rank(M)` when `M` has full rank on its visible columns, `rank(M) = min(m, n_visible)`:
    /// the invisible inputs plus, for a wide `M`, the `n_visible − m` further directions it cannot
    /// see. Every `λ = 0` solve verifies the full-rank assumption (it throws otherwise); for
    /// `λ > 0` alone this is a lower bound.
    public let nullspaceDimension: Int

    /// A solver for `W` of a convolution (its 64-bit-index CSR; a narrower `W` is widened once).
    ///
    /// - Throws: as the initialiser from a `CSRMatrix<Int64>`.
    public convenience init(_ w: ConvolutionMatrix, method: LeastSquaresMethod = .cholmod) throws {
        try self.init(w.csr64, method: method)
    }

    /// A solver for `M`; with ``LeastSquaresMethod/cholmod`` this analyses the Gram matrix.
    ///
    /// - Throws: `.overBudget` before CHOLMOD's analysis when the pattern of the Gram matrix
    ///   (at most `Σ nnz(row of F)²` entries, `F` the factorised operand) would not fit, and before
    ///   the first factorisation when the factor the analysis predicts would not; `.engine` when
    ///   CHOLMOD fails.
    /// - Complexity: O(m + n + nnz) to find the visible columns; CHOLMOD: the analysis, about
    ///   O(nnz(MᵀM)) (or O(nnz(MMᵀ)) for ``LeastSquaresSystem/dual``) plus the ordering.
    public init(_ matrix: CSRMatrix<Int64>, method: LeastSquaresMethod = .cholmod) throws {
        try matrix.checkOperand()
        self.matrix = matrix
        self.method = method
        let columns = VisibleColumns(matrix)
        self.columns = columns
        let m = matrix.rowCount, visible = columns.visible.count
        system = m >= visible ? .normal : .dual
        nullspaceDimension = matrix.columnCount - min(m, visible)
        guard method == .cholmod, columns.restricted.nonzeroCount > 0 else {
            factor = nil
            analysisSeconds = 0
            predictedFactorEntries = nil
            return
        }
        // F with FᵀF the Gram matrix: M' (normal, M'ᵀM') or M'ᵀ (dual, M'M'ᵀ).
        let operand = system == .normal ? columns.restricted : try columns.restricted.transposed(engine: .cholmod)
        try Self.checkGramPattern(of: operand)
        let clock = ContinuousClock(), start = clock.now
        let factor = try CholmodFactor(analysing: operand)
        analysisSeconds = seconds(clock.now - start)
        let entries = factor.predictedFactorEntries
        try checkMemory(elements: entries < 0x1p62 ? Int(entries) : Int.max, size: 16, parameter: "W",
                        value: "\(m) × \(matrix.columnCount)",
                        what: "the Cholesky factor of its \(system == .normal ? "WᵀW" : "WWᵀ") (\(Int(min(entries, 0x1p62))) entries as analysed, 16 bytes each)")
        predictedFactorEntries = entries
        self.factor = factor
    }

    /// `x(λ)` for each of the `batch` right-hand sides in `y` (`m × batch`, column-major).
    ///
    /// - Throws: `.invalidParameter` naming `lambda` when it is negative or not finite, or when
    ///   `λ = 0` and `M` is rank-deficient on its visible columns (CHOLMOD: the Gram matrix is not
    ///   positive definite or CHOLMOD's reciprocal condition estimate is below `n·ε`; QR: `|Rⱼⱼ|` below tolerance) —
    ///   the solution is then not unique: give `λ > 0`; `.shapeMismatch` naming `y.count`;
    ///   `.engine` when SuiteSparse fails.
    /// - Complexity: CHOLMOD: one numeric factorisation when `λ` differs from the last one, then
    ///   O((nnz(L) + nnz(M))·batch). QR: one sparse QR, then O((nnz(V) + nnz(R))·batch).
    public func solve(_ y: [Double], batch: Int = 1, lambda: Double = 0) throws -> LeastSquaresSolution {
        guard lambda.isFinite, lambda >= 0 else {
            throw ConvMatrixError.invalid("lambda", lambda, "must be finite and ≥ 0 (the Tikhonov weight of ‖x‖²)")
        }
        guard batch >= 1 else { throw ConvMatrixError.invalid("batch", batch, "must be ≥ 1") }
        let m = matrix.rowCount
        let expected = try checkedProduct(m, batch, .tooLarge("batch", batch, "\(m) × batch"))
        guard y.count == expected else {
            throw ConvMatrixError.mismatch("y.count", y.count, "must be \(m) rows × \(batch) samples = \(expected) (M is \(m) × \(matrix.columnCount))")
        }
        try checkMemory(elements: try checkedProduct(matrix.columnCount, batch, .tooLarge("batch", batch, "columns × batch")),
                        size: 8 * 3, parameter: "batch", value: "\(batch)", what: "the solutions and their work vectors")
        let restricted = columns.restricted
        guard restricted.nonzeroCount > 0 else {
            return LeastSquaresSolution(x: [Double](repeating: 0, count: matrix.columnCount * batch), batch: batch, lambda: lambda,
                                        method: method, factorizationSeconds: 0, solveSeconds: 0, reusedAnalysis: false,
                                        reciprocalConditionEstimate: nil, numericalRank: 0)
        }
        switch method {
        case .cholmod: return try solveCholmod(y, batch: batch, lambda: lambda)
        case .qr: return try solveQR(y, batch: batch, lambda: lambda)
        }
    }

    /// The error of a rank-deficient `M` at `λ = 0`.
    func rankDeficient(_ detail: String) -> ConvMatrixError {
        let m = matrix.rowCount, n = matrix.columnCount, visible = columns.visible.count
        return ConvMatrixError.invalid("lambda", 0.0, "W (\(m) × \(n), \(visible) visible inputs) is rank-deficient on its visible inputs (\(detail)): the least-squares solution is not unique; give lambda > 0")
    }

    /// Throws `.overBudget` when the pattern of `FᵀF`, at most `Σ_rows nnz(row)²` entries of
    /// 8 bytes, would not fit before CHOLMOD's analysis forms it.
    private static func checkGramPattern(of f: CSRMatrix<Int64>) throws {
        var bound = 0
        for r in 0..<f.rowCount {
            let k = Int(f.rowPointers[r + 1] - f.rowPointers[r])
            bound = try checkedSum(bound, try checkedProduct(k, k, .tooLarge("W", "\(f.rowCount) × \(f.columnCount)", "its Gram pattern")),
                                   .tooLarge("W", "\(f.rowCount) × \(f.columnCount)", "its Gram pattern"))
        }
        try checkMemory(elements: bound, size: 8, parameter: "W", value: "\(f.columnCount) columns",
                        what: "the pattern of its Gram matrix for CHOLMOD's analysis (at most \(bound) entries)")
    }
}

/// A duration in seconds.
func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
