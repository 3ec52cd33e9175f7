import Dispatch

extension PatternCompiler {
    /// Count → prefix sum → parallel fill of rows, columns, taps and (optionally) values.
    ///
    /// - Throws: `.overBudget` when a prefix sum overflows or an array cannot be allocated.
    /// - Complexity: O(rows + nnz) time, the fill split over `options.threads` threads.
    func fill<Index: SparseIndex>(_: Index.Type, weights: UnsafeBufferPointer<Double>?) throws
        -> (PatternArrays<Index>, [Double]?)
    {
        let layout = OutputPositions(geometry: geometry)
        var (rowPointers, rowIncidences) = countRows(Index.self, layout: layout)
        try prefixSum(&rowPointers)
        try prefixSum(&rowIncidences)
        precondition(Int(rowPointers[geometry.outputCount]) == nonzeroCount, "row sizes disagree with the counted nnz")
        let nnz = nonzeroCount, incidences = incidenceCount
        var columns = try uninitializedLargeArray(Index.self, count: nnz)
        var taps = try uninitializedLargeArray(Index.self, count: incidences)
        var tapPointers: [Index]? = isSingleTap ? nil : try uninitializedLargeArray(Index.self, count: nnz + 1)
        tapPointers?[nnz] = Index(truncatingIfNeeded: incidences)
        var values: [Double]? = weights == nil ? nil : try uninitializedLargeArray(Double.self, count: nnz)
        rowPointers.withUnsafeBufferPointer { rp in
            columns.withUnsafeMutableBufferPointer { cols in
                taps.withUnsafeMutableBufferPointer { tps in
                    withOptionalMutableBuffer(&tapPointers) { tptr in
                        withOptionalMutableBuffer(&values) { vals in
                            fillRows(layout: layout, into: RowWriter(
                                rowPointers: rp, rowIncidences: rowIncidences, columns: cols, taps: tps,
                                tapPointers: tptr, values: vals, weights: weights))
                        }
                    }
                }
            }
        }
        let arrays = PatternArrays(rowCount: geometry.outputCount, columnCount: geometry.inputCount,
                                   rowPointers: rowPointers, columnIndices: columns, taps: taps, tapPointers: tapPointers)
        return (arrays, values)
    }

    /// Fills every row in parallel: each worker owns a range of output positions, hence a
    /// disjoint set of rows.
    private func fillRows<Index: SparseIndex>(layout: OutputPositions, into writer: RowWriter<Index>) {
        let chunks = min(layout.positionCount, options.threads == 1 ? 1 : options.threads * 8)
        let out = UncheckedSendable(value: writer)
        let work: @Sendable (Int) -> Void = { chunk in
            let lo = layout.positionCount * chunk / chunks
            let hi = layout.positionCount * (chunk + 1) / chunks
            fillPositions(lo..<hi, layout: layout, into: out.value)
        }
        if chunks <= 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
    }

    /// Fills every row whose output position lies in `positions`.
    private func fillPositions<Index: SparseIndex>(_ positions: Range<Int>, layout: OutputPositions,
                                                   into out: RowWriter<Index>) {
        let g = geometry
        let expansion = ColumnExpansion(geometry: g, relations: relations)
        let tapsPerOutputChannel = g.inChannelsPerGroup * g.kernelShape.reduce(1, *)
        relations.withUnsafeBufferPointer { relations in
            layout.forEachPosition(positions) { o, offset in
                expansion.expand(relations: relations, position: o)
                for group in 0..<g.groups {
                    let columnOffset = expansion.columnOffset(group: group)
                    for local in 0..<g.outChannelsPerGroup {
                        let co = group * g.outChannelsPerGroup + local
                        out.write(row: co * layout.channelStride + offset, from: expansion,
                                  columnOffset: columnOffset, tapOffset: co * tapsPerOutputChannel)
                    }
                }
            }
        }
    }
}

/// Runs `body` with a mutable buffer over the optional array's storage, or `nil`.
func withOptionalMutableBuffer<T, R>(_ array: inout [T]?, _ body: (UnsafeMutableBufferPointer<T>?) -> R) -> R {
    guard array != nil else { return body(nil) }
    return array!.withUnsafeMutableBufferPointer { body($0) }
}
