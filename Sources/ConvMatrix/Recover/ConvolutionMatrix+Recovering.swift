/// Weights recovered from `W`'s values: the inverse of gathering values through the tap map.
extension ConvolutionMatrix {
    /// `W` of `geometry` from a sparse matrix holding its values — e.g. read from a file another
    /// tool wrote or edited — with the weight tensor recovered through the tap map.
    ///
    /// Every stored entry of `W` is `Σ w[t]` over its taps `t` (one tap with zeros padding), so:
    /// 1. each one-tap entry gives its weight, and all entries of one tap must agree;
    /// 2. a multi-tap entry (reflect / replicate / circular padding) with one unknown tap gives
    ///    it as the value minus the known ones, repeated until nothing changes; a tap still
    ///    free after that is set to 0 (`W` does not determine it);
    /// 3. `W` is rebuilt from the weights and compared with `csr` entry by entry, within
    ///    `tolerance` (default `1e-12 · max|value|`).
    ///
    /// An entry of `csr` outside `W`'s structure must be 0; an entry of the structure missing
    /// from `csr` counts as 0. Weights no entry uses (taps that fall only into zero padding) are
    /// 0 in ``weights``.
    ///
    /// - Throws: `ConvMatrixError(.shapeMismatch)` naming the first disagreeing entry, 1-based
    ///   as in Matrix Market (`source entry (i, j)`), and what `W` holds there.
    /// - Complexity: O(rows + nnz) time and memory, plus compiling the pattern.
    public init<Index: SparseIndex>(recovering csr: CSRMatrix<Index>, geometry: ConvolutionGeometry,
                                    source: String = "matrix", tolerance: Double? = nil,
                                    options: CompileOptions = CompileOptions()) throws {
        guard csr.rowCount == geometry.outputCount, csr.columnCount == geometry.inputCount else {
            throw ConvMatrixError(.shapeMismatch, parameter: source, value: "\(csr.rowCount) × \(csr.columnCount)",
                                  rule: "W of \(geometry) is \(geometry.outputCount) × \(geometry.inputCount)")
        }
        let pattern = try ConvolutionPattern(geometry, options: options)
        let scale = csr.values.reduce(0) { max($0, abs($1)) }
        let bound = tolerance ?? 1e-12 * scale
        let recovered = try pattern.open(Recovery(csr: csr, geometry: geometry, source: source, bound: bound))
        self = try ConvolutionMatrix(pattern: pattern, weights: recovered.weights)
        let rebuilt = values
        for (e, (row, column)) in recovered.places.enumerated() where abs(rebuilt[e] - recovered.fileValues[e]) > bound {
            throw ConvMatrixError(.shapeMismatch, parameter: "\(source) entry (\(row + 1), \(column + 1))",
                                  value: "\(recovered.fileValues[e])",
                                  rule: "W of this layer holds \(rebuilt[e]) there (a sum of weights no other choice satisfies)")
        }
    }
}

/// Opens the pattern at its index width for ``WeightRecovery``.
private struct Recovery<Index: SparseIndex>: PatternArraysVisitor {
    let csr: CSRMatrix<Index>
    let geometry: ConvolutionGeometry
    let source: String
    let bound: Double

    func visit<P: SparseIndex>(_ p: PatternArrays<P>) throws -> WeightRecovery {
        try WeightRecovery(p, csr, geometry: geometry, source: source, bound: bound)
    }
}
