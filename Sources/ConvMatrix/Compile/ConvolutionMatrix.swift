/// The matrix `W` of a convolution: `y = W·x` for one sample, with rows in the output
/// layout's memory order and columns in the input layout's memory order.
///
/// Values are `Double`; indices are `Int32` when nnz and both dimensions fit, `Int64`
/// otherwise (or as forced by ``CompileOptions/indexWidth``). Within a row the columns are
/// strictly increasing, and taps that fall into zero padding are not stored.
///
/// The same `W` serves every job: `W·X` is the convolution, `Wᵀ·Y` the transposed
/// convolution and the input gradient (see `ConvolutionMatrix+Apply.swift`).
/// `W` is the pattern's structure with ``values``; ``withCSR(_:)`` opens it as a ``CSRMatrix``
/// at its index width.
public struct ConvolutionMatrix: Sendable {
    public let pattern: ConvolutionPattern
    /// The stored values in CSR order, `values[e] = Σ weights[t]` over the taps of entry `e`.
    public private(set) var values: [Double]
    /// The weights the values were gathered from (PyTorch layout).
    public private(set) var weights: [Double]

    /// Compiles `W` for `geometry` and fills it from `weights` in one pass.
    ///
    /// `weights` is in PyTorch's layout `(C_out, C_in/groups, k₁, …, k_D)`.
    ///
    /// - Complexity: O(rows + nnz), parallel over output positions.
    public init(_ geometry: ConvolutionGeometry, weights: [Double], options: CompileOptions = CompileOptions()) throws {
        try Self.checkWeights(weights, geometry: geometry)
        let compiler = try PatternCompiler(geometry, options: options)
        let (pattern, values) = try weights.withUnsafeBufferPointer { try compiler.compile(weights: $0) }
        self.init(pattern: pattern, weights: weights, values: values!)
    }

    /// `W` from an already compiled pattern: only the values are computed — gathered through
    /// the tap map when the pattern has built it, otherwise by the compiler's fill writing only
    /// values (no tap map is built for a refill).
    ///
    /// - Throws: `.shapeMismatch` naming `weights.count`; `.overBudget` when the values cannot be
    ///   allocated.
    /// - Complexity: O(nnz) (O(incidences) with multi-tap entries).
    public init(pattern: ConvolutionPattern, weights: [Double]) throws {
        try Self.checkWeights(weights, geometry: pattern.geometry)
        let values = try weights.withUnsafeBufferPointer { try pattern.open(Gather(weights: $0)) }
        self.init(pattern: pattern, weights: weights, values: values)
    }

    private init(pattern: ConvolutionPattern, weights: [Double], values: [Double]) {
        self.pattern = pattern
        self.weights = weights
        self.values = values
        assert(values.count == pattern.nonzeroCount)
        withCSR(AssertInvariants())
    }

    /// Replaces the values by those of new weights, reusing the structure, in place: no memory
    /// is allocated when this matrix holds the only reference to its values (a copy sharing them
    /// gets its own first, copy-on-write). Through the tap map when it is built, else by the
    /// compiler's fill writing only values.
    ///
    /// - Throws: `.shapeMismatch` naming `weights.count`, with the matrix unchanged.
    /// - Complexity: O(nnz) (O(incidences) with multi-tap entries).
    public mutating func refill(weights: [Double]) throws {
        try Self.checkWeights(weights, geometry: pattern.geometry)
        let pattern = self.pattern
        values.withUnsafeMutableBufferPointer { out in
            weights.withUnsafeBufferPointer { w in pattern.open(Refill(weights: w, values: out)) }
        }
        self.weights = weights
    }

    public var geometry: ConvolutionGeometry { pattern.geometry }
    public var rowCount: Int { pattern.rowCount }
    public var columnCount: Int { pattern.columnCount }
    public var nonzeroCount: Int { pattern.nonzeroCount }
    public var indexWidth: IndexWidth { pattern.indexWidth }
    /// `nnz / (rows · columns)`.
    public var density: Double { Double(nonzeroCount) / (Double(rowCount) * Double(columnCount)) }

    /// `W` with 64-bit indices (converted if stored narrower), for generic consumers.
    ///
    /// - Complexity: O(1) when stored as `Int64`, else O(rows + nnz).
    public var csr64: CSRMatrix<Int64> { withCSR(Widen()) }

    static func checkWeights(_ weights: [Double], geometry: ConvolutionGeometry) throws {
        guard weights.count == geometry.weightCount else {
            throw ConvMatrixError.mismatch("weights.count", weights.count,
                                           "must be \(geometry.weightCount), the element count of weight shape \(listDescription(geometry.weightShape))")
        }
    }
}

private struct Gather: PatternArraysVisitor {
    let weights: UnsafeBufferPointer<Double>
    func visit<Index: SparseIndex>(_ arrays: PatternArrays<Index>) throws -> [Double] { try arrays.values(weights) }
}

private struct Refill: PatternArraysVisitor {
    let weights: UnsafeBufferPointer<Double>
    let values: UnsafeMutableBufferPointer<Double>
    func visit<Index: SparseIndex>(_ arrays: PatternArrays<Index>) { arrays.fillValues(weights, into: values) }
}

private struct AssertInvariants: CSRVisitor {
    func visit<Index: SparseIndex>(_ matrix: CSRMatrix<Index>) { matrix.assertInvariants("compiled W") }
}

private struct Widen: CSRVisitor {
    func visit<Index: SparseIndex>(_ a: CSRMatrix<Index>) -> CSRMatrix<Int64> {
        if let wide = a as? CSRMatrix<Int64> { return wide }
        return CSRMatrix(unchecked: a.rowCount, columnCount: a.columnCount, rowPointers: a.rowPointers.map(Int64.init),
                         columnIndices: a.columnIndices.map(Int64.init), values: a.values, verified: true)
    }
}
