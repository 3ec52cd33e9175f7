/// How ``LeastSquaresSolver`` solves `min ‖M·x − y‖² + λ‖x‖²`.
public enum LeastSquaresMethod: String, CaseIterable, Sendable {
    /// Sparse Cholesky (CHOLMOD) of the smaller Gram matrix, `MᵀM + λI` or `MMᵀ + λI`: analysed
    /// once, refactorised for each `λ`. Squares the condition number of `M`; needs `λ > 0` when
    /// the visible columns (tall `M`) or the rows (wide `M`) are linearly dependent.
    case cholmod
    /// Sparse Householder QR (CXSparse `cs_qr`) of `M`, `Mᵀ` (wide, minimum norm) or
    /// `[M; √λ·I]` (Tikhonov): works on `M` itself, so the condition number is not squared, and
    /// reports the numerical rank from `diag R`. Factorises again for each `λ`; for small layers.
    case qr
}

/// Which system ``LeastSquaresMethod/cholmod`` factorises: the smaller of the two Gram matrices.
public enum LeastSquaresSystem: String, Sendable {
    /// `M` has at least as many rows as visible columns: `x = (MᵀM + λI)⁻¹·Mᵀy`.
    case normal
    /// `M` has fewer rows than visible columns: `x = Mᵀ·(MMᵀ + λI)⁻¹·y`, the same `x` for
    /// `λ > 0` (push-through identity `(MᵀM + λI)⁻¹Mᵀ = Mᵀ(MMᵀ + λI)⁻¹`) and, for `λ = 0`, the
    /// minimum-norm solution of `M·x = y`.
    case dual
}
