import ConvMatrix

/// The largest and smallest singular values of `W` by ARPACK's Lanczos on `BᵀB` (see
/// ``NormalOperator``): the largest directly, the smallest by shift-invert with CHOLMOD's
/// factorisation of `BᵀB + β·I`. The values are then refined by Rayleigh–Ritz on `B` over the
/// Ritz vectors, which is accurate to rounding even where `σ²` is small next to `σ_max²`.
enum LanczosSpectrum {
    /// Restarts ARPACK may take per run.
    static let maxIterations = 5000
    /// ARPACK's relative residual tolerance `‖BᵀB·v − θ·v‖ ≤ tol·|θ|`. After Rayleigh–Ritz the
    /// eigenvalue errors are of the order of the residual squared over the gap to the values
    /// outside a cluster, far below the `10⁻¹⁰` the singular values are checked to, and each
    /// digit not asked for saves Lanczos steps.
    static let tolerance = 1e-10

    /// - Precondition: `1 ≤ top < min(rows, columns)`, `0 ≤ bottom < min(rows, columns)`.
    /// - Throws: `.engine` when ARPACK does not converge or CHOLMOD fails; `.overBudget` before a
    ///   factor or the Lanczos basis that would not fit.
    /// - Complexity: per Lanczos product O(nnz); the factorisation's flops for `bottom > 0`.
    static func compute(_ w: ConvolutionMatrix, top: Int, bottom: Int) throws -> SingularParts {
        let op = NormalOperator(w)
        // One run: for the largest values ARPACK's restarts bring in every copy of a multiple value
        // (the circular and equal-groups tests check doubles); deflated reruns would double the cost.
        let largest = try ARPACK.eigenpairs(order: op.order, count: top, mode: .largest, tolerance: tolerance,
                                            maxIterations: maxIterations, start: startVector(op.order, seed: 0)) { x, y in
            _ = y.update(fromContentsOf: try op.normal(Array(x)))
        }
        let topPairs = try refined(largest.vectors, op).sorted { $0.sigma > $1.sigma }
        var parts = SingularParts(top: topPairs.map(\.sigma), topResiduals: topPairs.map(\.residual),
                                  bottom: [], bottomResiduals: [], all: nil, shift: 0)
        guard bottom > 0 else { return parts }
        let factor = try CholmodFactor(analysing: try op.normalFactorOperand())
        let entries = factor.predictedFactorEntries
        try checkMemory(elements: entries < 0x1p62 ? Int(entries) : Int.max, size: 16, parameter: "factor of WᵀW",
                        value: "\(Int(min(entries, 0x1p62))) entries", what: "the Cholesky factor of the normal matrix")
        let sigmaMax = parts.top[0], epsilon = Double.ulpOfOne
        // WᵀW itself when it is positive definite; else the smallest shift β = (max(m, n)·ε·σ_max²)·100ʲ that is.
        var shift = 0.0, beta = Double(max(w.rowCount, w.columnCount)) * epsilon * sigmaMax * sigmaMax
        while try factor.factorize(shift: shift) != nil {
            guard beta <= sigmaMax * sigmaMax else {
                throw ConvMatrixError(.engine, parameter: "cholmod_l_factorize_p", value: "shift \(beta)",
                                      rule: "WᵀW + βI stayed indefinite for every shift up to σ_max²")
            }
            shift = beta
            beta *= 100
        }
        // Shift-invert maps a null space to one huge eigenvalue 1/β of OP, next to which the copies
        // of a small multiple value converge poorly in one run: deflated reruns collect them.
        let smallest = try DeflatedLanczos.basis(order: op.order, count: bottom, mode: .nearest(sigma: -shift),
                                                 scale: sigmaMax * sigmaMax) { try factor.solve($0, columns: 1) }
        let bottomPairs = Array(try refined(smallest, op).sorted { $0.sigma < $1.sigma }.prefix(bottom))
        parts.bottom = bottomPairs.map(\.sigma)
        parts.bottomResiduals = bottomPairs.map(\.residual)
        parts.shift = shift
        return parts
    }

    /// Rayleigh–Ritz on `B` itself over the span of the Ritz vectors `V`: the SVD of the small
    /// matrix `B·V = U·S·Zᵀ` gives the values `S` and the vectors `V·Z`, with their residuals
    /// `‖BᵀB·v − σ²·v‖`. Working with `B` rather than `BᵀB` keeps small values accurate to rounding,
    /// and separates them from numerically null directions the shift-invert basis also holds.
    ///
    /// - Complexity: `nev` products with `B` and `BᵀB`, plus O(m·nev²) for the small SVD.
    private static func refined(_ vectors: [[Double]], _ op: NormalOperator) throws -> [(sigma: Double, residual: Double)] {
        let images = try vectors.map { try op.b($0) }
        let nev = vectors.count, m = images[0].count, n = vectors[0].count
        let svd = try LAPACK.svd(Array(images.joined()), rows: m, columns: nev, vectors: true)
        let k = svd.values.count
        return try (0..<k).map { i in
            var v = [Double](repeating: 0, count: n)
            for j in 0..<nev {
                let z = svd.vt[i + j * k]
                for t in 0..<n { v[t] += z * vectors[j][t] }
            }
            return (svd.values[i], try op.residual(svd.values[i], v))
        }
    }

    /// A fixed pseudo-random start (SplitMix64 mapped to [−1, 1)), so that runs repeat exactly.
    static func startVector(_ n: Int, seed: UInt64) -> [Double] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* (seed &+ 1)
        return (0..<n).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 52) - 1
        }
    }
}
