import ConvMatrix

/// The singular values of a layer's `W` for one input shape, and what follows from them.
///
/// Singular values are the `min(rows, columns)` values LAPACK's `gesvd` (and NumPy's `svd`)
/// report, so ``bottom`` starts with the smallest of those even for a wide `W`. Each value `σ`
/// comes with the residual `‖BᵀB·v − σ²·v‖` of its unit singular vector `v`, where `B` is `W`
/// when `W` is tall or square and `Wᵀ` when it is wide (the side with `min(rows, columns)`).
public struct SpectrumReport: Sendable {
    /// Rows and columns of the map the layer applies (`W` for a `Conv`, `Wᵀ` for a `ConvTranspose`).
    public var rows: Int
    public var columns: Int
    /// The method that ran (never `.auto`).
    public var method: SpectrumMethod
    /// The largest singular values, descending.
    public var top: [Double]
    /// The smallest singular values, ascending.
    public var bottom: [Double]
    /// `‖BᵀB·v − σ²·v‖` for each value of ``top``; empty for `.fft`, which forms no vectors.
    public var topResiduals: [Double]
    /// The same for ``bottom``.
    public var bottomResiduals: [Double]
    /// Every singular value, descending, when the method computed them all (`.dense`, `.fft`).
    public var all: [Double]?
    /// `‖W‖₂ = σ_max`, the layer's Lipschitz constant (without bias).
    public var norm: Double
    /// `σ_max / σ_min` (`.infinity` when `σ_min = 0`); `nil` when no smallest value was computed.
    public var conditionNumber: Double?
    /// The number of values above ``rankTolerance``; `nil` when not all values at or below it
    /// are known (Lanczos with too few ``bottom`` values to reach above the tolerance).
    public var rank: Int?
    /// LAPACK's rank tolerance `max(rows, columns) · ε · σ_max`.
    public var rankTolerance: Double
    /// What PyTorch's `spectral_norm` converges to for the same weights: the largest singular
    /// value of the kernel reshaped to `(C_out, C_in/groups · Πk)` (for a `ConvTranspose`,
    /// `dim = 1`: `(C_out/groups, C_in · Πk)`) — not the operator norm of the convolution.
    public var spectralNormEstimate: Double
    /// The shift `β` of the factorisation `WᵀW + β·I` used for the smallest values (Lanczos
    /// only; 0 when `WᵀW` itself was positive definite).
    public var shift: Double
    /// Wall time of the computation.
    public var seconds: Double

    /// `min(rows, columns)`, the number of singular values.
    public var count: Int { min(rows, columns) }
}
