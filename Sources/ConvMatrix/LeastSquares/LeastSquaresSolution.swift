/// One solve of ``LeastSquaresSolver``: the recovered inputs and what it cost.
public struct LeastSquaresSolution: Sendable {
    /// The solution `x`, `columns(M) × batch`, column-major (one sample after another).
    public let x: [Double]
    /// The samples solved for at once.
    public let batch: Int
    /// The Tikhonov weight `λ` of `min ‖M·x − y‖² + λ‖x‖²`.
    public let lambda: Double
    /// The method used.
    public let method: LeastSquaresMethod
    /// Seconds of the numeric factorisation for this `λ` (CHOLMOD: `factorize_p` on the kept
    /// analysis; QR: analysis and factorisation, which QR repeats for every `λ`).
    public let factorizationSeconds: Double
    /// Seconds of the triangular solves (and of `Mᵀ·y` or `Mᵀ·z`).
    public let solveSeconds: Double
    /// Whether this solve reused CHOLMOD's analysis and an earlier factorisation's work: true for
    /// every CHOLMOD solve after the solver's first (a new `λ` refactorises on the kept
    /// analysis, a repeated `λ` reuses the factor itself); false for the first and for QR.
    public let reusedAnalysis: Bool
    /// CHOLMOD's estimate of the reciprocal condition number of the factorised Gram matrix,
    /// `(min Lᵢᵢ / max Lᵢᵢ)²`; `nil` for QR.
    public let reciprocalConditionEstimate: Double?
    /// The numerical rank of the factorised matrix (`M`, `Mᵀ` or `[M; √λI]` restricted to the
    /// visible columns) from `|Rⱼⱼ| > max(rows, columns)·ε·max|Rⱼⱼ|`; `nil` for CHOLMOD.
    public let numericalRank: Int?
}
