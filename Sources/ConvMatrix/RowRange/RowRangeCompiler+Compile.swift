extension RowRangeCompiler {
    /// Compiles rows `rows` of `W`: count (closed form) → prefix sum → fill, the block's rows
    /// split over `threads` workers. The result equals rows `rows` of the whole `W` (same
    /// columns, order, values and taps).
    ///
    /// - Parameters:
    ///   - rows: `r0 ..< r1` within `0 ... rowCount`; an empty range gives an empty block.
    ///   - weights: PyTorch layout `(C_out, C_in/groups, k…)`; `nil` compiles the structure only.
    ///   - tapMap: also keep the tap map (which weights feed each entry).
    ///   - indexType: `Int32` or `Int64` for pointers, columns and taps.
    /// - Throws: `.invalidParameter` naming `rows` outside `W`, or `index type` when the columns,
    ///   the block's entries or the tap indices do not fit it; `.shapeMismatch` naming
    ///   `weights.count`; `.overBudget` when the block's arrays exceed `options.memoryBudget`.
    /// - Complexity: O(|rows|·D + nnz(block) + incidences(block)) time, O(|rows| + nnz(block))
    ///   memory (plus incidences with the tap map).
    public func compile<Index: SparseIndex>(rows: Range<Int>, weights: [Double]?, tapMap: Bool = false,
                                            as indexType: Index.Type = Int64.self) throws -> RowBlock<Index> {
        try checkRows(rows)
        if let weights { try ConvolutionMatrix.checkWeights(weights, geometry: geometry) }
        // Concrete index types: generic code reached from another module is not specialised.
        if Index.self == Int32.self {
            return try fill(Int32.self, rows: rows, weights: weights, tapMap: tapMap) as! RowBlock<Index>
        }
        if Index.self == Int64.self {
            return try fill(Int64.self, rows: rows, weights: weights, tapMap: tapMap) as! RowBlock<Index>
        }
        return try fill(Index.self, rows: rows, weights: weights, tapMap: tapMap)
    }

    private func fill<Index: SparseIndex>(_: Index.Type, rows: Range<Int>, weights: [Double]?, tapMap: Bool) throws -> RowBlock<Index> {
        let g = geometry, single = isSingleTap
        // Count: local pointers (slot i + 1 = entries of row r0 + i) and incidence pointers.
        var pointers = [Int](repeating: 0, count: rows.count + 1)
        var incidencePointers = [Int](repeating: 0, count: tapMap && !single ? rows.count + 1 : 0)
        var o = [Int](repeating: 0, count: g.spatialRank)
        for (i, r) in rows.enumerated() {
            _ = decode(row: r, into: &o)
            let (entries, incidences) = counts(at: o)
            pointers[i + 1] = pointers[i] + entries          // ≤ nnz(W), checked in init
            if !incidencePointers.isEmpty { incidencePointers[i + 1] = incidencePointers[i] + incidences }
        }
        let nnz = pointers[rows.count], incidences = incidencePointers.last ?? nnz
        try checkFits(Index.self, entries: max(nnz, tapMap ? incidences : 0), tapMap: tapMap)
        try checkBudget(Index.self, rows: rows, entries: nnz, incidences: tapMap ? incidences : 0,
                        tapPointers: tapMap && !single, values: weights != nil)

        let rowPointers = pointers.map { Index(truncatingIfNeeded: $0) }
        var columns = try uninitializedLargeArray(Index.self, count: nnz)
        var taps: [Index]? = tapMap ? try uninitializedLargeArray(Index.self, count: incidences) : nil
        var tapPointers: [Index]? = tapMap && !single ? try uninitializedLargeArray(Index.self, count: nnz + 1) : nil
        tapPointers?[nnz] = Index(truncatingIfNeeded: incidences)
        var values: [Double]? = weights == nil ? nil : try uninitializedLargeArray(Double.self, count: nnz)
        let weightBuffer = UncheckedSendable(value: weights)
        rowPointers.withUnsafeBufferPointer { rp in
            columns.withUnsafeMutableBufferPointer { cols in
                withOptionalMutableBuffer(&taps) { tps in
                    withOptionalMutableBuffer(&tapPointers) { tptr in
                        withOptionalMutableBuffer(&values) { vals in
                            withOptionalBuffer(weightBuffer.value) { w in
                                fillRows(rows, into: RowWriter(rowPointers: rp, rowIncidences: incidencePointers, columns: cols,
                                                               taps: tps, tapPointers: tptr, values: vals, weights: w))
                            }
                        }
                    }
                }
            }
        }
        return RowBlock(rows: rows, columnCount: columnCount, rowPointers: rowPointers, columnIndices: columns,
                        values: values, taps: taps, tapPointers: tapPointers)
    }

    /// Fills the block's rows, split into contiguous chunks over `options.threads` workers, each
    /// with its own column expansion; consecutive rows at the same position (channels-last)
    /// reuse one expansion.
    private func fillRows<Index: SparseIndex>(_ rows: Range<Int>, into writer: RowWriter<Index>) {
        let chunks = min(rows.count, options.threads == 1 ? 1 : options.threads * 8)
        guard chunks > 0 else { return }
        let out = UncheckedSendable(value: writer)
        let work: @Sendable (Int) -> Void = { chunk in
            let lo = rows.lowerBound + rows.count * chunk / chunks
            let hi = rows.lowerBound + rows.count * (chunk + 1) / chunks
            fillRows(lo..<hi, first: rows.lowerBound, into: out.value)
        }
        parallelForEach(items: chunks, threads: options.threads) { _, chunk in work(chunk) }
    }

    /// Writes rows `part` (local row `r − first`).
    private func fillRows<Index: SparseIndex>(_ part: Range<Int>, first: Int, into out: RowWriter<Index>) {
        let g = geometry
        let expansion = ColumnExpansion(geometry: g, relations: relations)
        let tapsPerOutputChannel = g.inChannelsPerGroup * g.kernelShape.reduce(1, *)
        var o = [Int](repeating: 0, count: g.spatialRank), expanded = [Int]()
        relations.withUnsafeBufferPointer { relations in
            for r in part {
                let co = decode(row: r, into: &o)
                if o != expanded {
                    expansion.expand(relations: relations, position: o)
                    expanded = o
                }
                let group = co / g.outChannelsPerGroup
                out.write(row: r - first, from: expansion.row, columnOffset: expansion.columnOffset(group: group),
                          tapOffset: co * tapsPerOutputChannel)
            }
        }
    }

    /// Pointers, columns and (with the tap map) tap indices must fit `Index`.
    private func checkFits<Index: SparseIndex>(_: Index.Type, entries: Int, tapMap: Bool) throws {
        let largest = max(entries, columnCount, tapMap ? geometry.weightCount : 0)
        guard largest <= Int(Index.max) else {
            throw ConvMatrixError.invalid("index type", "\(Index.self)",
                                          "\(largest) (entries, columns or weights of the block) do not fit; use Int64")
        }
    }

    /// The block's bytes against `options.memoryBudget`, before allocating.
    private func checkBudget<Index: SparseIndex>(_: Index.Type, rows: Range<Int>, entries: Int, incidences: Int,
                                                 tapPointers: Bool, values: Bool) throws {
        let tooLarge = ConvMatrixError.tooLarge("rows", "\(rows.lowerBound):\(rows.upperBound)", "the bytes of the block")
        let words = try checkedSum(try checkedSum(rows.count + 1, entries, tooLarge),
                                   try checkedSum(incidences, tapPointers ? entries + 1 : 0, tooLarge), tooLarge)
        var bytes = try checkedProduct(words, MemoryLayout<Index>.stride, tooLarge)
        if values { bytes = try checkedSum(bytes, try checkedProduct(entries, MemoryLayout<Double>.stride, tooLarge), tooLarge) }
        if bytes > options.memoryBudget {
            throw PatternCompiler.overBudget(bytes, options: options, "rows \(rows.lowerBound):\(rows.upperBound) of W hold \(entries) stored entries")
        }
    }
}

/// Runs `body` with a buffer over the optional array's storage, or `nil`.
func withOptionalBuffer<T, R>(_ array: [T]?, _ body: (UnsafeBufferPointer<T>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0) }
}
