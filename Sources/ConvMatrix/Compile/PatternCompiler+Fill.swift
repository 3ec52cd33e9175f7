import Dispatch

extension PatternCompiler {
    /// Count → prefix sum → parallel fill of rows, columns, taps and (optionally) values.
    ///
    /// - Complexity: O(rows + nnz) time, split over `options.threads` threads.
    func fill<Index: SparseIndex>(_: Index.Type, weights: UnsafeBufferPointer<Double>?)
        -> (PatternArrays<Index>, [Double]?)
    {
        let g = geometry
        let m = g.outputCount, nnz = nonzeroCount, incidences = incidenceCount
        let single = isSingleTap
        let layout = OutputPositions(geometry: g)

        // Count: entries (and tap incidences) per row, in closed form; then prefix-sum in row order.
        var rowPointers = [Index](repeating: 0, count: m + 1)
        var rowIncidences = single ? [Int]() : [Int](repeating: 0, count: m + 1)
        layout.forEachPosition(0..<layout.positionCount) { o, offset in
            var entries = g.inChannelsPerGroup, taps = g.inChannelsPerGroup
            for a in 0..<relations.count {
                entries *= relations[a].entryCount(o[a])
                taps *= relations[a].incidenceCount(o[a])
            }
            for co in 0..<g.outChannels {
                let r = co * layout.channelStride + offset
                rowPointers[r + 1] = Index(truncatingIfNeeded: entries)
                if !single { rowIncidences[r + 1] = taps }
            }
        }
        for r in 0..<m {
            rowPointers[r + 1] &+= rowPointers[r]
            if !single { rowIncidences[r + 1] += rowIncidences[r] }
        }

        // Fill: every worker owns a range of output positions, hence a disjoint set of rows.
        var columns = uninitializedLargeArray(Index.self, count: nnz)
        var taps = uninitializedLargeArray(Index.self, count: incidences)
        var tapPointers: [Index]? = single ? nil : [Index](unsafeUninitializedCapacity: nnz + 1) { p, n in
            p[nnz] = Index(truncatingIfNeeded: incidences); n = nnz + 1
        }
        var values: [Double]? = weights == nil ? nil : uninitializedLargeArray(Double.self, count: nnz)

        let chunks = min(layout.positionCount, options.threads == 1 ? 1 : options.threads * 8)
        rowPointers.withUnsafeBufferPointer { rp in
            columns.withUnsafeMutableBufferPointer { cols in
                taps.withUnsafeMutableBufferPointer { tps in
                    withOptionalMutableBuffer(&tapPointers) { tptr in
                        withOptionalMutableBuffer(&values) { vals in
                            let out = UncheckedSendable(value: RowWriter(
                                rowPointers: rp, rowIncidences: rowIncidences, columns: cols, taps: tps,
                                tapPointers: tptr, values: vals, weights: weights))
                            let work: @Sendable (Int) -> Void = { chunk in
                                let lo = layout.positionCount * chunk / chunks
                                let hi = layout.positionCount * (chunk + 1) / chunks
                                fillPositions(lo..<hi, layout: layout, into: out.value)
                            }
                            if chunks <= 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: work) }
                        }
                    }
                }
            }
        }
        let arrays = PatternArrays(rowCount: m, columnCount: g.inputCount, rowPointers: rowPointers,
                                   columnIndices: columns, taps: taps, tapPointers: tapPointers)
        return (arrays, values)
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
