/// How well a candidate `x` explains observations `y` under a linear map `M`: the numbers that
/// tell a least-squares inverse from the transposed map `Mᵀ·y`.
public struct LeastSquaresResidual: Sendable, Equatable {
    /// `‖M·x − y‖₂` over the whole batch (all samples as one vector).
    public let residualNorm: Double
    /// `‖M·x − y‖₂ / ‖y‖₂` (0 when `y = 0` and the residual is 0, ∞ when only `y` is 0).
    public let relativeResidual: Double
    /// `‖x‖₂`.
    public let solutionNorm: Double
    /// `‖x‖₂ / ‖y‖₂`, the gain of the candidate inverse on these observations.
    public let relativeSolutionNorm: Double

    /// Measures `x` (`M.columnCount × batch`) against `y` (`M.rowCount × batch`), column-major.
    ///
    /// - Throws: `.shapeMismatch` naming `x.count` or `y.count` (from the product).
    /// - Complexity: O((nnz + rows + columns)·batch).
    public init(matrix: CSRMatrix<Int64>, x: [Double], y: [Double], batch: Int) throws {
        var r = try matrix.apply(x, columns: batch)
        guard r.count == y.count else {
            throw ConvMatrixError.mismatch("y.count", y.count, "must be \(matrix.rowCount) × \(batch) = \(r.count)")
        }
        for i in r.indices { r[i] -= y[i] }
        let yNorm = euclideanNorm(y)
        residualNorm = euclideanNorm(r)
        solutionNorm = euclideanNorm(x)
        relativeResidual = Self.ratio(residualNorm, yNorm)
        relativeSolutionNorm = Self.ratio(solutionNorm, yNorm)
    }

    private static func ratio(_ a: Double, _ b: Double) -> Double {
        b > 0 ? a / b : (a == 0 ? 0 : .infinity)
    }
}

/// `‖v‖₂`, scaled so that neither large nor tiny entries overflow or underflow (LAPACK's `dnrm2` idea).
///
/// - Complexity: O(v.count).
func euclideanNorm(_ v: [Double]) -> Double {
    let scale = v.reduce(0) { max($0, abs($1)) }
    guard scale > 0, scale.isFinite else { return scale }
    return scale * v.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
}
