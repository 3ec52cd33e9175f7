// Independent least-squares references for LeastSquaresTests: the dense Jacobian of the DENSE
// direct convolution (which never reads W), Householder QR and Cholesky written here with plain loops.
import ConvMatrix

enum DenseLeastSquares {
    /// The matrix of the layer's linear part, `m × n` row-major, column `j` = the layer (dense
    /// engine, bias removed) applied to the unit vector `eⱼ` of its input.
    static func jacobian(_ layer: ConvolutionLayer, inputShape: [Int]) throws -> [[Double]] {
        let n = inputShape.dropFirst().reduce(1, *)
        let zero = try layer(Tensor<Double>(repeating: 0, shape: inputShape, layout: layer.inputLayout), engine: .dense).scalars
        var columns = [[Double]]()
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let y = try layer(Tensor(shape: inputShape, layout: layer.inputLayout, scalars: e), engine: .dense).scalars
            columns.append(zip(y, zero).map { $0 - $1 })
        }
        let m = zero.count
        return (0..<m).map { i in (0..<n).map { j in columns[j][i] } }
    }

    /// `x = argmin ‖A·x − b‖² + λ‖x‖²`, of minimum norm when `λ = 0`: columns of `A` that are
    /// exactly zero get `xⱼ = 0` (they add nothing to `A·x`, so the minimum-norm solution leaves
    /// them 0); on the rest, `λ > 0` solves `(AᵀA + λI)·x = Aᵀb` by Cholesky, `λ = 0` uses
    /// Householder QR of `A` (tall: `x = R⁻¹·Qᵀb`) or of `Aᵀ` (wide: `x = Q·R⁻ᵀ·b`).
    static func solve(_ a: [[Double]], _ b: [Double], lambda: Double) -> [Double] {
        let m = a.count, n = a[0].count
        let kept = (0..<n).filter { j in (0..<m).contains { a[$0][j] != 0 } }
        let ak = a.map { row in kept.map { row[$0] } }
        let p = kept.count
        var xk: [Double]
        if lambda > 0 {
            var s = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            var rhs = [Double](repeating: 0, count: p)
            for i in 0..<p {
                for j in 0..<p { s[i][j] = (0..<m).reduce(0) { $0 + ak[$1][i] * ak[$1][j] } }
                s[i][i] += lambda
                rhs[i] = (0..<m).reduce(0) { $0 + ak[$1][i] * b[$1] }
            }
            xk = cholesky(s, rhs)
        } else if m >= p {
            let (q, r) = householder(ak)
            let qtb = (0..<p).map { k in (0..<m).reduce(0) { $0 + q[$1][k] * b[$1] } }
            xk = backSubstitute(r, qtb)
        } else {
            let at = (0..<p).map { j in (0..<m).map { ak[$0][j] } }
            let (q, r) = householder(at)                      // Aᵀ = Q·R, Q p × m
            let z = forwardSubstituteTransposed(r, b)          // Rᵀ·z = b
            xk = (0..<p).map { i in (0..<m).reduce(0) { $0 + q[i][$1] * z[$1] } }
        }
        var x = [Double](repeating: 0, count: n)
        for (i, j) in kept.enumerated() { x[j] = xk[i] }
        return x
    }

    /// Thin QR of a tall `a` (`m × n`, m ≥ n) by Householder reflections: `Q` `m × n` with
    /// orthonormal columns, `R` `n × n` upper triangular.
    static func householder(_ a: [[Double]]) -> (q: [[Double]], r: [[Double]]) {
        let m = a.count, n = a[0].count
        var r = a
        var vs = [[Double]]()
        for k in 0..<n {
            var v = (0..<m).map { $0 < k ? 0 : r[$0][k] }
            let alpha = -(v[k] >= 0 ? 1.0 : -1.0) * v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v[k] -= alpha
            let vv = v.reduce(0) { $0 + $1 * $1 }
            vs.append(v)
            guard vv > 0 else { continue }
            for j in 0..<n {
                let f = 2 * (0..<m).reduce(0) { $0 + v[$1] * r[$1][j] } / vv
                for i in k..<m { r[i][j] -= f * v[i] }
            }
        }
        // Q = H₀·H₁···H_{n−1} applied to the first n unit columns.
        var q = (0..<m).map { i in (0..<n).map { j in i == j ? 1.0 : 0.0 } }
        for k in stride(from: n - 1, through: 0, by: -1) {
            let v = vs[k], vv = v.reduce(0) { $0 + $1 * $1 }
            guard vv > 0 else { continue }
            for j in 0..<n {
                let f = 2 * (0..<m).reduce(0) { $0 + v[$1] * q[$1][j] } / vv
                for i in 0..<m { q[i][j] -= f * v[i] }
            }
        }
        return (q, (0..<n).map { i in (0..<n).map { j in j >= i ? r[i][j] : 0 } })
    }

    /// `x` with `R·x = c`, `R` upper triangular.
    static func backSubstitute(_ r: [[Double]], _ c: [Double]) -> [Double] {
        let n = c.count
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            x[i] = (c[i] - ((i + 1)..<n).reduce(0) { $0 + r[i][$1] * x[$1] }) / r[i][i]
        }
        return x
    }

    /// `z` with `Rᵀ·z = c`, `R` upper triangular.
    static func forwardSubstituteTransposed(_ r: [[Double]], _ c: [Double]) -> [Double] {
        let n = c.count
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n { z[i] = (c[i] - (0..<i).reduce(0) { $0 + r[$1][i] * z[$1] }) / r[i][i] }
        return z
    }

    /// `x` with `S·x = b` for a symmetric positive definite `S`, by `S = L·Lᵀ`.
    static func cholesky(_ s: [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            l[j][j] = (s[j][j] - (0..<j).reduce(0) { $0 + l[j][$1] * l[j][$1] }).squareRoot()
            for i in (j + 1)..<max(j + 1, n) {
                l[i][j] = (s[i][j] - (0..<j).reduce(0) { $0 + l[i][$1] * l[j][$1] }) / l[j][j]
            }
        }
        var z = [Double](repeating: 0, count: n)
        for i in 0..<n { z[i] = (b[i] - (0..<i).reduce(0) { $0 + l[i][$1] * z[$1] }) / l[i][i] }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            x[i] = (z[i] - ((i + 1)..<n).reduce(0) { $0 + l[$1][i] * x[$1] }) / l[i][i]
        }
        return x
    }
}
