import ConvMatrix

/// Every singular value of `W`, by forming it densely and calling LAPACK's `dgesdd`.
enum DenseSpectrum {
    /// All values (descending) and the residuals of the `top` largest and `bottom` smallest.
    ///
    /// - Throws: `.overBudget` before forming the dense `rows × columns` matrix or the SVD's
    ///   workspace; `.engine` when LAPACK fails.
    /// - Complexity: O(m·n·min(m, n)) flops, O(m·n) memory.
    static func compute(_ w: ConvolutionMatrix, top: Int, bottom: Int) throws -> SingularParts {
        let m = w.rowCount, n = w.columnCount
        let elements = try checkedProduct(m, n, .tooLarge("W", "\(m) × \(n)", "its dense element count"))
        try checkMemory(elements: elements, size: 8, what: "W as a dense \(m) × \(n) matrix")
        var dense = [Double](repeating: 0, count: elements)
        let csr = w.csr64
        for i in 0..<m {
            for e in Int(csr.rowPointers[i])..<Int(csr.rowPointers[i + 1]) {
                dense[i + Int(csr.columnIndices[e]) * m] = csr.values[e]
            }
        }
        let svd = try LAPACK.svd(dense, rows: m, columns: n, vectors: true)
        let k = min(m, n), op = NormalOperator(w)
        func vector(_ index: Int) -> [Double] {
            op.wide ? Array(svd.u[index * m..<(index + 1) * m]) : (0..<n).map { svd.vt[index + $0 * k] }
        }
        let topIndices = Array(0..<top), bottomIndices = (0..<bottom).map { k - 1 - $0 }
        return SingularParts(
            top: topIndices.map { svd.values[$0] },
            topResiduals: try topIndices.map { try op.residual(svd.values[$0], vector($0)) },
            bottom: bottomIndices.map { svd.values[$0] },
            bottomResiduals: try bottomIndices.map { try op.residual(svd.values[$0], vector($0)) },
            all: svd.values, shift: 0)
    }
}

/// What a method computed, before the report derives norm, condition and rank from it.
struct SingularParts {
    var top: [Double]
    var topResiduals: [Double]
    var bottom: [Double]
    var bottomResiduals: [Double]
    var all: [Double]?
    var shift: Double
}
