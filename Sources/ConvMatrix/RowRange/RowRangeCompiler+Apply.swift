/// Products with `W` in bounded memory: `W` is compiled one row block at a time, each block
/// multiplied through SuiteSparse and dropped before the next, so `W` is never held whole.
///
/// With row blocks `W_b` (rows `R_b`): `(W·X)[R_b, :] = W_b·X`, and `Wᵀ·Y = Σ_b W_bᵀ·Y[R_b, :]`
/// (accumulated into `X`). Each block's product is the engine's `apply`/`applyTransposed` on the
/// block as a ``CSRMatrix``, so the result equals the whole-`W` product up to the order of the
/// floating-point sums (`W·X` is exactly equal: each row is summed in the same order).
extension RowRangeCompiler {
    /// `Y = W[rows]·X (+ b)`: the convolution of `batch` samples, or only the output elements
    /// `rows` (then `Y` holds `batch × rows.count` values, sample-major).
    ///
    /// - Parameters:
    ///   - x: `batch × columnCount` values, sample-major, each sample in the input layout.
    ///   - weights: PyTorch layout `(C_out, C_in/groups, k…)`.
    ///   - bias: one value per output channel, added at every output position.
    ///   - rows: the rows of `W` to apply (all by default).
    ///   - maximumBlockEntries: the largest block compiled at once.
    ///   - progress: called after each block with the fraction of rows done.
    /// - Throws: `.shapeMismatch` naming `x.count`, `weights.count` or `bias.count`;
    ///   `.invalidParameter` naming `rows`; `.overBudget` from a block; `.engine` from SuiteSparse.
    /// - Complexity: O(rows·D + nnz(rows)·(1 + batch)) time; memory one block plus its
    ///   `|block rows| × batch` slice of `Y`, besides `X` and `Y`.
    public func apply(_ x: [Double], batch: Int, weights: [Double], bias: [Double]? = nil, rows: Range<Int>? = nil,
                      maximumBlockEntries: Int, engine: SparseEngine = .cholmod,
                      progress: (Double) -> Void = { _ in }) throws -> [Double] {
        let rows = rows ?? 0..<rowCount
        try checkRows(rows)
        try checkBatch(batch)
        try checkLength("x.count", x.count, "batch·columnCount", batch, columnCount)
        if let bias, bias.count != geometry.outChannels {
            throw ConvMatrixError.mismatch("bias.count", bias.count, "must equal the output channels \(geometry.outChannels)")
        }
        let m = rows.count
        var y = try uninitializedLargeArray(Double.self, count: try checkedProduct(m, batch, .tooLarge("batch", batch, "the output elements")))
        var o = [Int](repeating: 0, count: geometry.spatialRank)
        try forEachBlock(rows, batch: batch, weights: weights, maximumBlockEntries: maximumBlockEntries, progress: progress) { block, w in
            let part = try w.apply(x, columns: batch, engine: engine)   // |block| × batch, column-major
            let k = block.rows.count
            for (i, r) in block.rows.enumerated() {
                let b = bias.map { $0[decode(row: r, into: &o)] } ?? 0
                let local = r - rows.lowerBound
                for n in 0..<batch { y[n * m + local] = part[n * k + i] + b }
            }
        }
        return y
    }

    /// `X = W[rows]ᵀ·Y (+ b)`: the transposed convolution of `batch` samples, accumulated block
    /// by block; with `rows`, the partial sum over those rows only (`Y` then holds
    /// `batch × rows.count` values), so partial sums over a partition of the rows add up to
    /// `Wᵀ·Y`.
    ///
    /// - Parameters:
    ///   - y: `batch × rows.count` values, sample-major, each sample in the output layout.
    ///   - bias: one value per input channel of the convolution, added at every input position.
    /// - Throws: as ``apply(_:batch:weights:bias:rows:maximumBlockEntries:engine:progress:)``,
    ///   naming `y.count`.
    /// - Complexity: O(rows·D + nnz(rows)·(1 + batch) + columns·batch) time; memory one block
    ///   plus its `|block rows| × batch` slice of `Y`, besides `X` and `Y`.
    public func applyTransposed(_ y: [Double], batch: Int, weights: [Double], bias: [Double]? = nil,
                                rows: Range<Int>? = nil, maximumBlockEntries: Int, engine: SparseEngine = .cholmod,
                                progress: (Double) -> Void = { _ in }) throws -> [Double] {
        let rows = rows ?? 0..<rowCount
        try checkRows(rows)
        try checkBatch(batch)
        try checkLength("y.count", y.count, "batch·rows", batch, rows.count)
        var x = try biasTensor(bias, batch: batch, channels: geometry.inChannels, shape: geometry.inputShape,
                               layout: geometry.inputLayout)
        let m = rows.count
        try forEachBlock(rows, batch: batch, weights: weights, maximumBlockEntries: maximumBlockEntries, progress: progress) { block, w in
            let k = block.rows.count, first = block.rows.lowerBound - rows.lowerBound
            var slice = [Double](repeating: 0, count: k * batch)
            for n in 0..<batch {
                for i in 0..<k { slice[n * k + i] = y[n * m + first + i] }
            }
            try slice.withUnsafeBufferPointer { s in
                try x.withUnsafeMutableBufferPointer { out in
                    try w.applyTransposed(s, columns: batch, into: out, alpha: 1, beta: 1, engine: engine)
                }
            }
        }
        return x
    }

    /// Compiles `rows` block by block (at most `maximumBlockEntries` entries, and few enough rows
    /// that a block's slice of the batch stays as small) and hands each block to `body`.
    private func forEachBlock(_ rows: Range<Int>, batch: Int, weights: [Double], maximumBlockEntries: Int,
                              progress: (Double) -> Void,
                              _ body: (RowBlock<Int32>, CSRMatrix<Int32>) throws -> Void) throws {
        try ConvolutionMatrix.checkWeights(weights, geometry: geometry)
        guard columnCount <= Int(Int32.max) else {
            throw ConvMatrixError.unsupported("columns", columnCount, "blocked products use 32-bit column indices")
        }
        let entries = min(max(1, maximumBlockEntries), Int(Int32.max))
        let rowLimit = max(1, entries * 12 / (8 * batch + 4))
        var r0 = rows.lowerBound
        while r0 < rows.upperBound {
            let r1 = min(blockEnd(from: r0, maximumEntries: entries), rows.upperBound, r0 + rowLimit)
            let block: RowBlock<Int32> = try compile(rows: r0..<r1, weights: weights, as: Int32.self)
            try body(block, try block.matrix())
            progress(Double(r1 - rows.lowerBound) / Double(rows.count))
            r0 = r1
        }
    }
}

extension ConvolutionGeometry {
    /// Whether the compiled `W` of this geometry (structure and values; the tap map is built
    /// later, on first use) fits `options.memoryBudget`, by the checks the compiler makes before
    /// allocating: its lower bound (row pointers, a vector on each side, the per-axis relation
    /// pointers and, with zeros padding, the entries' columns and values), then the exact bytes.
    ///
    /// - Throws: errors other than the budget's (a forced index width that cannot hold `W`).
    /// - Complexity: O(Σ_a O_a·k_a) (the per-axis relations).
    public func matrixFits(_ options: CompileOptions = CompileOptions()) throws -> Bool {
        do {
            _ = try PatternCompiler(self, options: options)
            return true
        } catch let error as ConvMatrixError where error.kind == .overBudget {
            return false
        }
    }
}
