import ConvMatrix

/// `B` and `BᵀB` of a compiled `W`, through CHOLMOD: `B = W` when `W` is tall or square,
/// `B = Wᵀ` when it is wide, so `BᵀB` has the order `min(rows, columns)` — the number of
/// singular values — and is positive definite exactly when `W` has full rank.
struct NormalOperator {
    let w: ConvolutionMatrix
    /// `W` has fewer rows than columns: `B = Wᵀ`.
    let wide: Bool

    init(_ w: ConvolutionMatrix) {
        self.w = w
        wide = w.rowCount < w.columnCount
    }

    /// `min(rows, columns)`.
    var order: Int { min(w.rowCount, w.columnCount) }

    /// `B·x`. - Complexity: O(nnz).
    func b(_ x: [Double]) throws -> [Double] {
        wide ? try w.applyTransposed(x, batch: 1) : try w.apply(x, batch: 1)
    }

    /// `BᵀB·x`. - Complexity: O(nnz).
    func normal(_ x: [Double]) throws -> [Double] {
        wide ? try w.apply(w.applyTransposed(x, batch: 1), batch: 1) : try w.applyTransposed(w.apply(x, batch: 1), batch: 1)
    }

    /// `‖BᵀB·v − σ²·v‖`, the residual of `(σ, v)` as an eigenpair of the normal matrix.
    /// - Complexity: O(nnz).
    func residual(_ sigma: Double, _ v: [Double]) throws -> Double {
        let product = try normal(v)
        var sum = 0.0
        for i in v.indices {
            let r = product[i] - sigma * sigma * v[i]
            sum += r * r
        }
        return sum.squareRoot()
    }

    /// `M` with `MᵀM = BᵀB` as a CSR matrix for CHOLMOD: `W` itself when tall, `Wᵀ` when wide.
    /// - Complexity: O(1) (or O(rows + nnz) to widen the indices), plus a transpose when wide.
    func normalFactorOperand() throws -> CSRMatrix<Int64> {
        wide ? try w.csr64.transposed() : w.csr64
    }
}

/// `‖x‖₂`.
func euclideanNorm(_ x: [Double]) -> Double {
    var scale = 0.0, sum = 1.0
    for value in x where value != 0 {
        let a = abs(value)
        if scale < a {
            sum = 1 + sum * (scale / a) * (scale / a)
            scale = a
        } else {
            sum += (a / scale) * (a / scale)
        }
    }
    return scale * sum.squareRoot()
}
