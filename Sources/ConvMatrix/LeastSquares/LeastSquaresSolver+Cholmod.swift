/// The CHOLMOD path of ``LeastSquaresSolver``.
extension LeastSquaresSolver {
    /// ``LeastSquaresMethod/cholmod``: refactorise when `λ` changed, then two triangular solves
    /// and one product with `M'ᵀ` (before for ``LeastSquaresSystem/normal``, after for ``LeastSquaresSystem/dual``).
    func solveCholmod(_ y: [Double], batch: Int, lambda: Double) throws -> LeastSquaresSolution {
        let factor = factor!, restricted = columns.restricted
        let clock = ContinuousClock()
        var factorSeconds = 0.0
        let reused = factorizationCount > 0
        if factorisedLambda != lambda {
            factorisedLambda = nil
            factorizationCount += 1
            let start = clock.now
            let minor = try factor.factorize(shift: lambda)
            factorSeconds = seconds(clock.now - start)
            if let minor {
                throw lambda == 0
                    ? rankDeficient("\(system == .normal ? "WᵀW" : "WWᵀ") is not positive definite: Cholesky broke down at column \(minor)")
                    : ConvMatrixError.invalid("lambda", lambda, "WᵀW + λI is not numerically positive definite at this λ (Cholesky broke down at column \(minor)); give a larger lambda")
            }
            factorisedLambda = lambda
        }
        let rcond = factor.reciprocalConditionEstimate()
        // A singular Gram matrix factorised in floating point leaves pivots at rounding level:
        // rcond ≈ ε·(a modest factor). Refuse below n·ε, where the solution has no correct digits.
        if lambda == 0, !(rcond > Double(factor.order) * Double.ulpOfOne) {
            factorisedLambda = nil
            throw rankDeficient("CHOLMOD's reciprocal condition estimate of \(system == .normal ? "WᵀW" : "WWᵀ") is \(rcond), below n·ε = \(Double(factor.order) * Double.ulpOfOne)")
        }
        let start = clock.now
        let solved: [Double]
        switch system {
        case .normal:
            let b = try restricted.applyTransposed(y, columns: batch)
            solved = try factor.solve(b, columns: batch)
        case .dual:
            let z = try factor.solve(y, columns: batch)
            solved = try restricted.applyTransposed(z, columns: batch)
        }
        let x = columns.expand(solved, columns: batch)
        return LeastSquaresSolution(x: x, batch: batch, lambda: lambda, method: .cholmod, factorizationSeconds: factorSeconds,
                                    solveSeconds: seconds(clock.now - start), reusedAnalysis: reused,
                                    reciprocalConditionEstimate: rcond, numericalRank: nil)
    }
}
