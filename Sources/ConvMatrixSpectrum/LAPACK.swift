internal import CLAPACK
import ConvMatrix

/// The one door to LAPACK: singular value decompositions of dense column-major matrices.
enum LAPACK {
    /// `A = U·Σ·Vᵀ` of a real `m × n` column-major matrix by `dgesdd` (divide and conquer):
    /// the `min(m, n)` singular values in descending order and, when `vectors`, `U` (`m × min(m, n)`,
    /// column-major; column `k` is the left singular vector of `values[k]`) and `Vᵀ`
    /// (`min(m, n) × n`, column-major; row `k` is the right singular vector of `values[k]`).
    ///
    /// - Throws: `.overBudget` before allocating the copies and workspace; `.engine` naming
    ///   `dgesdd` when LAPACK reports a failure (`info ≠ 0`).
    /// - Complexity: O(m·n·min(m, n)) flops, O(m·n) memory.
    static func svd(_ a: [Double], rows m: Int, columns n: Int, vectors: Bool) throws -> (values: [Double], u: [Double], vt: [Double]) {
        precondition(a.count == m * n && m > 0 && n > 0, "an m × n matrix")
        let k = min(m, n)
        try checkMemory(elements: m * n + (vectors ? k * (m + n) + 4 * k * k + 6 * k : 7 * k) + 8 * k, size: 8,
                                 what: "the dense SVD of a \(m) × \(n) matrix")
        var copy = a
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: vectors ? m * k : 1)
        var vt = [Double](repeating: 0, count: vectors ? k * n : 1)
        var iwork = [Int32](repeating: 0, count: 8 * k)
        var info: Int32 = 0
        var mm = Int32(m), nn = Int32(n), lda = Int32(m)
        var ldu = Int32(vectors ? m : 1), ldvt = Int32(vectors ? k : 1)
        let job = vectors ? "S" : "N"
        var query = [Double](repeating: 0, count: 1)
        var lwork: Int32 = -1
        dgesdd_(job, &mm, &nn, &copy, &lda, &s, &u, &ldu, &vt, &ldvt, &query, &lwork, &iwork, &info, 1)
        try check(info, "dgesdd")
        lwork = Int32(query[0].rounded(.up))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgesdd_(job, &mm, &nn, &copy, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &iwork, &info, 1)
        try check(info, "dgesdd")
        return (s, vectors ? u : [], vectors ? vt : [])
    }

    /// The singular values (descending) of a complex `m × n` column-major matrix, stored as
    /// interleaved `(re, im)` pairs, by `zgesdd` without vectors.
    ///
    /// - Complexity: O(m·n·min(m, n)) flops.
    static func complexSingularValues(_ a: [Double], rows m: Int, columns n: Int) throws -> [Double] {
        precondition(a.count == 2 * m * n && m > 0 && n > 0, "an m × n complex matrix")
        let k = min(m, n)
        var copy = a
        var s = [Double](repeating: 0, count: k)
        var dummyU = [Double](repeating: 0, count: 2), dummyVT = [Double](repeating: 0, count: 2)
        var rwork = [Double](repeating: 0, count: 7 * k + 1)
        var iwork = [Int32](repeating: 0, count: 8 * k)
        var info: Int32 = 0
        var mm = Int32(m), nn = Int32(n), lda = Int32(m), one: Int32 = 1, oneVT: Int32 = 1
        var query = [Double](repeating: 0, count: 2)
        var lwork: Int32 = -1
        zgesdd_("N", &mm, &nn, &copy, &lda, &s, &dummyU, &one, &dummyVT, &oneVT, &query, &lwork, &rwork, &iwork, &info, 1)
        try check(info, "zgesdd")
        lwork = Int32(query[0].rounded(.up))
        var work = [Double](repeating: 0, count: 2 * Int(lwork))
        zgesdd_("N", &mm, &nn, &copy, &lda, &s, &dummyU, &one, &dummyVT, &oneVT, &work, &lwork, &rwork, &iwork, &info, 1)
        try check(info, "zgesdd")
        return s
    }

    /// Throws `.engine` naming `routine` unless `info` is 0.
    private static func check(_ info: Int32, _ routine: String) throws {
        guard info != 0 else { return }
        let rule = info < 0 ? "LAPACK rejected argument \(-info)" : "the singular value iteration did not converge"
        throw ConvMatrixError(.engine, parameter: routine, value: "info \(info)", rule: rule)
    }
}
