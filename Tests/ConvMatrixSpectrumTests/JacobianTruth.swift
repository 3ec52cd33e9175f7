// The independent truth of the spectrum tests: the layer's Jacobian built by pushing unit vectors
// through the dense direct convolution (which never reads W), and its singular values from
// LAPACK's dgesdd called here, not through the library's wrapper.
import CLAPACK
import ConvMatrix

/// The map the layer applies, as a dense column-major `rows × columns` matrix: column `j` is
/// `layer(e_j)` by the direct convolution (all unit vectors as one batch), without bias.
func denseJacobian(_ layer: ConvolutionLayer, inputShape: [Int]) throws -> (matrix: [Double], rows: Int, columns: Int) {
    let sample = Array(inputShape.dropFirst())
    let n = sample.reduce(1, *)
    var identity = [Double](repeating: 0, count: n * n)
    for j in 0..<n { identity[j * n + j] = 1 }
    let x = try Tensor(shape: [n] + sample, layout: layer.inputLayout, scalars: identity)
    let y = try layer(x, engine: .dense)
    return (y.scalars, y.scalars.count / n, n)
}

/// Every singular value, descending, of a column-major `m × n` matrix (dgesdd, no vectors).
func truthSingularValues(_ a: [Double], rows m: Int, columns n: Int) -> [Double] {
    var copy = a, s = [Double](repeating: 0, count: min(m, n))
    var u = [Double](repeating: 0, count: 1), vt = [Double](repeating: 0, count: 1)
    var iwork = [Int32](repeating: 0, count: 8 * min(m, n))
    var mm = Int32(m), nn = Int32(n), lda = Int32(m), ldu: Int32 = 1, ldvt: Int32 = 1, info: Int32 = 0
    var lwork: Int32 = -1, query = [0.0]
    dgesdd_("N", &mm, &nn, &copy, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &iwork, &info, 1)
    lwork = Int32(query[0])
    var work = [Double](repeating: 0, count: Int(lwork))
    dgesdd_("N", &mm, &nn, &copy, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &iwork, &info, 1)
    precondition(info == 0, "dgesdd failed with info \(info)")
    return s
}

/// The layer's singular values from its dense Jacobian.
func truthSpectrum(_ layer: ConvolutionLayer, inputShape: [Int]) throws -> [Double] {
    let j = try denseJacobian(layer, inputShape: inputShape)
    return truthSingularValues(j.matrix, rows: j.rows, columns: j.columns)
}

/// `|a − b| ≤ tolerance · b`, except that values both at or below `floor` (the rank tolerance:
/// numerically zero, where only absolute agreement means anything) agree.
func agree(_ a: Double, _ b: Double, tolerance: Double, floor: Double) -> Bool {
    if a <= floor && b <= floor { return true }
    return abs(a - b) <= tolerance * b
}
